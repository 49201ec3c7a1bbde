"""QR codes for door signs: the absolute kiosk URL, as SVG (print, vector) or PNG (screens)."""

import base64
import io

import qrcode
import qrcode.constants
from django.conf import settings
from django.urls import reverse
from qrcode.image.pil import PilImage
from qrcode.image.svg import SvgPathFillImage

from kiosk.models import DoorSign

DEFAULT_SITE_URL = "http://127.0.0.1:8000"


def site_url() -> str:
    return getattr(settings, "SITE_URL", DEFAULT_SITE_URL).rstrip("/")


def kiosk_url(code: str) -> str:
    """The absolute kiosk URL a sign's QR code and printed short URL give."""
    return site_url() + reverse("kiosk:space", args=[code])


def _qr(data: str) -> qrcode.QRCode:
    # Medium error correction survives a scratch or a bit of tape; border 4 is the standard quiet
    # zone that scanners need around the code.
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(data)
    code.make(fit=True)
    return code


def qr_svg(sign: DoorSign) -> bytes:
    image = _qr(kiosk_url(sign.code)).make_image(image_factory=SvgPathFillImage)
    return image.to_string(encoding="utf-8")


def qr_png(sign: DoorSign, box_size: int = 10) -> bytes:
    code = _qr(kiosk_url(sign.code))
    code.box_size = box_size
    buffer = io.BytesIO()
    code.make_image(image_factory=PilImage).save(buffer, format="PNG")
    return buffer.getvalue()


def qr_svg_data_uri(sign: DoorSign) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(sign)).decode("ascii")
