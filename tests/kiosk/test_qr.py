"""QR codes decode (with an independent reader, zxing-cpp) to the absolute kiosk URL."""

import io

import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image

from kiosk.qr import kiosk_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://booking.testrup.dk"


def test_the_png_decodes_to_the_absolute_kiosk_url(client, room):
    code = room.door_sign.code

    response = client.get(reverse("kiosk:qr_png", args=[code]))
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.content)))

    assert response["Content-Type"] == "image/png"
    assert [result.text for result in results] == [f"https://booking.testrup.dk/k/{code}/"]
    assert results[0].format == zxingcpp.BarcodeFormat.QRCode


def test_the_svg_is_an_svg_of_the_same_code(client, room):
    response = client.get(reverse("kiosk:qr_svg", args=[room.door_sign.code]))

    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")
    assert b"<path" in response.content


def test_the_url_follows_the_site_url_setting_and_ignores_a_trailing_slash(settings, room):
    settings.SITE_URL = "http://127.0.0.1:8000/"

    assert kiosk_url(room.door_sign.code) == f"http://127.0.0.1:8000/k/{room.door_sign.code}/"
