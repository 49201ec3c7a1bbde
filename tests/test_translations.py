from pathlib import Path

import pytest
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parent.parent / "locale"


@pytest.mark.parametrize("po_path", sorted(LOCALE.glob("*/LC_MESSAGES/django.po")), ids=str)
def test_every_message_is_translated_and_none_is_fuzzy(po_path):
    with po_path.open("rb") as handle:
        catalog = read_po(handle)

    untranslated = [
        message.id
        for message in catalog
        if message.id
        and (
            message.fuzzy
            or not (all(message.string) if isinstance(message.string, tuple) else message.string)
        )
    ]

    assert untranslated == []


def test_danish_catalogue_exists():
    assert (LOCALE / "da" / "LC_MESSAGES" / "django.po").is_file()
