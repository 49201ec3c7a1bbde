"""Door signs as one PDF per building (WeasyPrint): one A5 or A4 page per bookable space."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify

from facilities.models import Building, Space
from kiosk.codes import door_signs_ensure
from kiosk.qr import kiosk_url, qr_svg_data_uri

SIZES = {"a5": "A5", "a4": "A4"}
DEFAULT_SIZE = "a5"
AMENITIES_SHOWN = 8


@dataclass(frozen=True, slots=True)
class SignPage:
    space: Space
    url: str
    qr: str  # a data URI, so rendering the PDF needs no request back to the site
    kind_da: str
    kind_en: str
    amenities: list[str]


def page_size(size: str | None) -> str:
    """ "a5" (the default) or "a4", whatever the case; anything else is the default."""
    size = (size or "").lower()
    return size if size in SIZES else DEFAULT_SIZE


def sign_spaces(building: Building) -> list[Space]:
    """The spaces that get a sign: the bookable ones (a sign says "scan to book")."""
    return list(
        Space.objects.filter(building=building, bookable=True)
        .select_related("door_sign")
        .prefetch_related("amenities")
        .order_by("floor", "name")
    )


def _kind(space: Space, language: str) -> str:
    with translation.override(language):
        return str(space.get_kind_display())


def sign_pages(building: Building) -> list[SignPage]:
    spaces = sign_spaces(building)
    signs = door_signs_ensure(spaces)
    return [
        SignPage(
            space=space,
            url=kiosk_url(signs[space.pk].code),
            qr=qr_svg_data_uri(signs[space.pk]),
            kind_da=_kind(space, "da"),
            kind_en=_kind(space, "en"),
            amenities=[amenity.name for amenity in space.amenities.all()][:AMENITIES_SHOWN],
        )
        for space in spaces
    ]


def building_signs_pdf(building: Building, size: str | None = DEFAULT_SIZE) -> bytes:
    """The building's signs, one page per bookable space."""
    size = page_size(size)
    # Every sign is in Danish and English, whatever the manager's language: the template holds
    # both wordings side by side (they are not catalogue strings).
    from weasyprint import HTML  # heavy, and only managers printing signs need it

    with translation.override("da"):  # numbers as a Dane reads them: 40,5 m²
        html = render_to_string(
            "kiosk/signs.html",
            {"building": building, "pages": sign_pages(building), "size": SIZES[size]},
        )
    return HTML(string=html).write_pdf()


def signs_filename(building: Building, size: str | None = DEFAULT_SIZE) -> str:
    return f"doerskilte-{slugify(building.name) or building.pk}-{page_size(size)}.pdf"
