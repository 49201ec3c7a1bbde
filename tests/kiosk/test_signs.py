"""The building's door signs: one PDF page per bookable room, for its managers only."""

import io
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import User
from facilities.models import Amenity, Space
from kiosk.signs import building_signs_pdf

pytestmark = pytest.mark.django_db

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
MM = 72 / 25.4  # PDF points per millimetre


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://booking.testrup.dk"


@pytest.fixture
def rooms(room, town_hall) -> list[Space]:
    room.step_free_access = room.hearing_loop = room.accessible_toilet = True
    room.save()
    room.amenities.add(
        Amenity.objects.create(name="Projektor", code="projector"),
        Amenity.objects.create(name="Whiteboard", code="whiteboard"),
    )
    more = [
        Space.objects.create(
            building=town_hall,
            name=name,
            kind=Space.Kind.ASSEMBLY_HALL,
            capacity=capacity,
            area_m2=area,
            floor=floor,
        )
        for name, capacity, area, floor in [
            ("Byrådssalen", 120, 210.5, 1),
            ("Lille mødelokale med et meget langt navn til døren", 6, 12, 2),
        ]
    ]
    Space.objects.create(
        building=town_hall,
        name="Depot",
        kind=Space.Kind.OTHER,
        capacity=1,
        area_m2=5,
        bookable=False,
    )
    return [room, *more]


def pdf_text(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    # Text extraction may break a long line; compare without whitespace.
    return reader, "".join("".join(page.extract_text().split()) for page in reader.pages)


def test_one_page_per_bookable_room_with_its_short_url(town_hall, rooms):
    reader, text = pdf_text(building_signs_pdf(town_hall))

    assert len(reader.pages) == len(rooms) == 3
    for space in rooms:
        assert f"https://booking.testrup.dk/k/{space.door_sign.code}/" in text
        assert "".join(space.name.split()) in text
    assert "Depot" not in text
    assert "Scanforatse,omlokaleterledigt,ogforatbookedet" in text
    assert "Scantoseeiftheroomisfreeandtobookit" in text
    assert "Niveaufriadgang·Step-freeaccess" in text


def page_size_mm(pdf: bytes) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    return round(float(box.width) / MM), round(float(box.height) / MM)


def test_a5_by_default_a4_when_chosen(admin_client, town_hall, rooms):
    url = reverse("kiosk:building_signs", args=[town_hall.pk])

    a5 = admin_client.get(url)
    a4 = admin_client.get(url, {"size": "a4"})

    assert a5["Content-Type"] == "application/pdf"
    assert a5["Content-Disposition"] == 'attachment; filename="doerskilte-testrup-radhus-a5.pdf"'
    assert page_size_mm(a5.content) == (148, 210)
    assert page_size_mm(a4.content) == (210, 297)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 403),
        ("citizen", 403),
        ("other_manager", 403),
        ("manager", 200),
        ("admin", 200),
    ],
)
def test_only_the_buildings_managers_and_administrators_download_it(
    client, town_hall, room, who, status, request
):
    if who == "admin":
        client.force_login(User.objects.create_user("kommune", is_municipal_administrator=True))
    elif who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("kiosk:building_signs", args=[town_hall.pk]))

    assert response.status_code == status


def test_the_first_sign_renders_to_a_png(town_hall, rooms, tmp_path):
    pdf = tmp_path / "signs.pdf"
    pdf.write_bytes(building_signs_pdf(town_hall))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / "sign.png"
    target.unlink(missing_ok=True)

    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "110",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            pdf,
            target.with_suffix(""),
        ],
        check=True,
        timeout=60,
    )

    assert target.read_bytes().startswith(b"\x89PNG")
    assert target.stat().st_size > 20_000
