"""The CSV and PDF downloads: the pages' access rules and options, their files' names and types."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from facilities.models import OpeningHours, Space
from reports.forms import LAST_BEFORE_FIRST, SAME_BUILDING
from tests.reports.pages.conftest import WEEK

pytestmark = pytest.mark.django_db

DATES = "2026-03-23-2026-03-29"


def downloads(world) -> dict[str, str]:
    town_hall = world.town_hall.pk
    return {
        "comparison_csv": reverse("reports:comparison_csv"),
        "building_csv": reverse("reports:building_csv", args=[town_hall]),
        "comparison_pdf": reverse("reports:comparison_pdf"),
        "building_pdf": reverse("reports:building_pdf", args=[town_hall]),
        "colocation_pdf": reverse("reports:colocation_pdf"),
        "colocation_csv": reverse("reports:colocation_csv"),
    }


def csv_rows(response) -> list[dict[str, str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def filename(response) -> str:
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="')
    return disposition.removeprefix('attachment; filename="').removesuffix('"')


def test_the_urls_are_where_the_pages_link_them():
    assert reverse("reports:comparison_csv") == "/reports/buildings.csv"
    assert reverse("reports:building_csv", args=[7]) == "/reports/buildings/7/spaces.csv"
    assert reverse("reports:comparison_pdf") == "/reports/buildings.pdf"
    assert reverse("reports:building_pdf", args=[7]) == "/reports/buildings/7/report.pdf"
    assert reverse("reports:colocation_pdf") == "/reports/colocation.pdf"
    assert reverse("reports:colocation_csv") == "/reports/colocation.csv"


def test_an_anonymous_visitor_is_sent_to_log_in(client, report_world):
    for url in downloads(report_world).values():
        response = client.get(url, WEEK)
        assert response.status_code == 302
        assert response["Location"].startswith(f"{reverse('login')}?next={url}")


@pytest.mark.parametrize("who", ["citizen", "association_admin"])
def test_people_who_manage_no_building_get_403(client, report_world, association_admin, who):
    client.force_login(report_world.citizen if who == "citizen" else association_admin)
    for url in downloads(report_world).values():
        assert client.get(url, WEEK).status_code == 403


def test_a_manager_downloads_only_their_own_buildings(english, report_world, library_manager):
    client = english
    client.force_login(library_manager)
    library, town_hall = report_world.library.pk, report_world.town_hall.pk

    comparison = client.get(reverse("reports:comparison_csv"), WEEK)
    assert [row["building"] for row in csv_rows(comparison)] == ["Biblioteket"]
    spaces = client.get(reverse("reports:comparison_csv"), {**WEEK, "rows": "spaces"})
    assert [row["space"] for row in csv_rows(spaces)] == ["Læsesal"]
    own = client.get(reverse("reports:building_csv", args=[library]), WEEK)
    assert [row["space"] for row in csv_rows(own)] == ["Læsesal"]
    for name in ("reports:building_csv", "reports:building_pdf"):
        assert client.get(reverse(name, args=[town_hall]), WEEK).status_code == 404
        assert client.get(reverse(name, args=[999_999]), WEEK).status_code == 404
    # The what-if only between buildings one may read: the town hall is not a choice.
    what_if = client.get(reverse("reports:colocation_pdf"), {**WEEK, "a": library, "b": town_hall})
    assert what_if.status_code == 400
    assert what_if.content.decode().endswith(
        "- Building to move into (B) (b): Select a valid choice. "
        "That choice is not one of the available choices.\n"
    )


def test_an_administrator_downloads_every_buildings_figures(admin_client, report_world):
    response = admin_client.get(reverse("reports:comparison_csv"), WEEK)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert filename(response) == f"utilisation-buildings-{DATES}.csv"
    assert response.content.startswith(b"\xef\xbb\xbfbuilding_id,building,spaces,")
    assert [(row["building"], row["used_hours"]) for row in csv_rows(response)] == [
        ("Biblioteket", "8.00"),
        ("Rådhuset", "40.00"),
    ]


def test_the_building_csv_is_one_row_per_space_named_after_the_building(
    client, report_world, town_manager
):
    client.force_login(town_manager)

    response = client.get(
        reverse("reports:building_csv", args=[report_world.town_hall.pk]),
        {**WEEK, "window": "fixed", "opens": "07:00", "closes": "22:00", "threshold": "10"},
    )

    assert response.status_code == 200
    assert filename(response) == f"utilisation-raadhuset-{DATES}.csv"  # ASCII, Danish spelling
    rows = {row["space"]: row for row in csv_rows(response)}
    assert sorted(rows) == ["Mødelokale", "Sal"]
    assert (rows["Sal"]["available_hours"], rows["Sal"]["used_hours"]) == ("105.00", "8.00")
    assert (rows["Sal"]["window"], rows["Sal"]["threshold"]) == ("07:00-22:00", "0.1000")


def test_the_comparison_csv_costs_the_same_queries_for_3_and_9_spaces(
    admin_client, report_world, make_building, django_assert_max_num_queries
):
    url, query = reverse("reports:comparison_csv"), {**WEEK, "rows": "spaces"}
    # Session, user, the readable buildings, then the figures (spaces, opening hours and
    # exceptions, the pieces' table, the sums; PostgreSQL COPYs the pieces where SQLite inserts).
    with django_assert_max_num_queries(14) as few:
        assert len(csv_rows(admin_client.get(url, query))) == 3
    for number in range(3):
        house = make_building(f"Skole {number}")
        OpeningHours.objects.create(building=house, weekday=0, opens=dt.time(8), closes=dt.time(16))
        for name in ("Klasse A", "Klasse B"):
            Space.objects.create(
                building=house, name=name, kind=Space.Kind.CLASSROOM, capacity=28, area_m2=56
            )

    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(csv_rows(admin_client.get(url, query))) == 9


@pytest.mark.parametrize("name", ["comparison_csv", "building_csv", "comparison_pdf"])
def test_bad_options_are_a_400_that_says_what_is_wrong(english, administrator, report_world, name):
    english.force_login(administrator)
    url = downloads(report_world)[name]

    response = english.get(url, {"first": "2026-03-29", "last": "2026-03-23", "threshold": "x"})

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "The report options are not valid:\n"
        f"- Last day (last): {LAST_BEFORE_FIRST}\n"
        "- Flag under (%) (threshold): Enter a whole number.\n"
    )


def test_the_what_if_needs_two_different_buildings(english, administrator, report_world):
    english.force_login(administrator)
    url = reverse("reports:colocation_pdf")
    town_hall = report_world.town_hall.pk

    missing = english.get(url, WEEK)
    same = english.get(url, {**WEEK, "a": town_hall, "b": town_hall})

    assert missing.status_code == same.status_code == 400
    assert missing.content.decode() == (
        "The report options are not valid:\n"
        "- Building to leave (A) (a): This field is required.\n"
        "- Building to move into (B) (b): This field is required.\n"
    )
    assert f"- Building to move into (B) (b): {SAME_BUILDING}\n" in same.content.decode()


def test_the_comparison_pdf_is_in_the_readers_language(english, administrator, report_world):
    english.force_login(administrator)

    response = english.get(reverse("reports:comparison_pdf"), WEEK)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert filename(response) == f"utilisation-buildings-{DATES}.pdf"
    text = pdf_text(response)
    assert text.startswith("UtilisationreportTestrupKommunePeriod:March23,2026–March29,2026")
    assert "▼Biblioteket" in text and "▼Rådhuset" in text


def test_a_managers_building_pdf_in_danish(client, report_world, town_manager):
    client.force_login(town_manager)

    response = client.get(reverse("reports:building_pdf", args=[report_world.town_hall.pk]), WEEK)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert filename(response) == f"utilisation-raadhuset-{DATES}.pdf"
    text = pdf_text(response)
    assert "Rådhuset" in text and "23.marts2026–29.marts2026" in text
    assert "Mødelokale102055,034,061,8%" in text  # Danish decimal commas


def test_the_what_if_pdf(english, administrator, report_world):
    english.force_login(administrator)
    a, b = report_world.town_hall, report_world.library

    response = english.get(reverse("reports:colocation_pdf"), {**WEEK, "a": a.pk, "b": b.pk})

    assert response.status_code == 200
    assert filename(response) == f"colocation-raadhuset-to-biblioteket-{DATES}.pdf"
    text = pdf_text(response)
    assert text.startswith("Co-locationwhat-ifRådhuset→Biblioteket")
    assert "m²freedbyleavingRådhuset4,200" in text


def test_the_what_if_csv_one_row_per_booking_of_a(client, administrator, report_world):
    client.force_login(administrator)
    a, b = report_world.town_hall, report_world.library

    response = client.get(reverse("reports:colocation_csv"), {**WEEK, "a": a.pk, "b": b.pk})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert filename(response) == f"colocation-raadhuset-to-biblioteket-{DATES}.csv"
    rows = [
        (row["from_space"], row["attendees"], row["to_space"], row["reason"])
        for row in csv_rows(response)
    ]
    # By start. The hall's groups of 50, 80 and 100 are too many for the 30-seat reading room.
    # The meeting room's Tuesday meets the reading room's own booking; its Thursday meets the
    # hall's Thursday group, placed first (larger). The no-show and the cancellation stay.
    assert rows == [
        ("Mødelokale", "10", "Læsesal", ""),
        ("Sal", "50", "", "no_capacity"),
        ("Mødelokale", "5", "", "all_taken"),
        ("Sal", "80", "", "no_capacity"),
        ("Sal", "100", "", "no_capacity"),
        ("Mødelokale", "10", "", "all_taken"),
        ("Sal", "20", "Læsesal", ""),
        ("Mødelokale", "10", "Læsesal", ""),
        ("Mødelokale", "10", "Læsesal", ""),
    ]
