"""Series through the API: the per-occurrence report, and booking only the free ones."""

from bookings.models import Booking, Series
from tests.api_world import World, local
from tests.bookings.api.conftest import iso

URL = "/api/v1/series/"


def wednesdays(world: World, **fields) -> dict:
    """Wednesdays 10–12 from 25 November, 3 times: the first meets world.booking."""
    return {
        "space": world.room.pk,
        "start": iso(local(2026, 11, 25, 10)),
        "end": iso(local(2026, 11, 25, 12)),
        "title": "Kor",
        "frequency": "weekly",
        "count": 3,
        **fields,
    }


def test_the_preview_reports_a_clash_without_the_other_bookings_details(world):
    response = world.client("citizen").post(f"{URL}preview/", wednesdays(world))

    assert response.status_code == 200, response.content
    first, *rest = response.data["occurrences"]
    assert first["verdict"] == "clash"
    assert first["clashes"] == [
        {"start": "2026-11-25T10:00:00+01:00", "end": "2026-11-25T12:00:00+01:00"}
    ]
    assert [o["verdict"] for o in rest] == ["free", "free"]
    assert rest[0]["start"] == "2026-12-02T10:00:00+01:00"
    assert rest[0]["needs_approval"] is True
    assert "Klubaften" not in response.content.decode()
    assert not Series.objects.exists()


def test_the_preview_reports_the_policy(world):
    response = world.client("citizen").post(f"{URL}preview/", wednesdays(world, attendees=99))

    violations = response.data["occurrences"][1]["violations"]
    assert [v["code"] for v in violations] == ["over_capacity"]


def test_take_free_books_only_the_free_occurrences(world):
    response = world.client("citizen").post(URL, wednesdays(world, take="free"))

    assert response.status_code == 201, response.content
    report = response.data["occurrences"]
    assert [o["booking"] is None for o in report] == [True, False, False]
    series = Series.objects.get(pk=response.data["series"]["id"])
    assert sorted(b.pk for b in series.occurrences.all()) == sorted(
        o["booking"] for o in report[1:]
    )
    assert [o["id"] for o in response.data["series"]["occurrences"]] == [
        o["booking"] for o in report[1:]
    ]


def test_take_all_books_nothing_when_one_is_taken(world):
    response = world.client("citizen").post(URL, wednesdays(world, take="all"))

    assert response.status_code == 409
    assert response.data["code"] == "series_not_free"
    assert Booking.objects.count() == 1


def test_a_series_is_read_by_its_booker_not_by_others(world):
    made = world.client("citizen").post(URL, wednesdays(world)).data["series"]["id"]

    assert world.client("citizen").get(f"{URL}{made}/").status_code == 200
    assert world.client("member").get(f"{URL}{made}/").status_code == 404
    assert world.client("citizen").get(URL).data["count"] == 1
    assert world.client("member").get(URL).data["count"] == 0


def test_rules_the_recurrence_does_not_allow_are_bad_input(world):
    client = world.client("citizen")
    both = wednesdays(world, until="2027-01-01")
    neither = wednesdays(world, count=None)
    too_many = wednesdays(world, count=10_000)
    too_far = wednesdays(world, count=None, until="2099-01-01")
    odd_length = wednesdays(world, end="2026-11-25T12:00:30+01:00")

    for body in (both, neither, too_many, too_far, odd_length, {}):
        response = client.post(f"{URL}preview/", body, format="json")
        assert response.status_code == 400, (body, response.content)
