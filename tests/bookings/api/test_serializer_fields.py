"""The booking serializers work their fields out once per class (FieldsOnce), yet every
serializer still gets fields of its own, bound to it."""

from bookings.api.serializers import BookingSerializer, FieldsOnce, TimelineEntrySerializer


def test_every_serializer_gets_its_own_fields():
    first, second = BookingSerializer(), BookingSerializer()

    assert list(first.fields) == list(second.fields)
    for name in ("space", "status", "timeline", "alternatives"):
        assert first.fields[name] is not second.fields[name]
        assert first.fields[name].parent is first
        assert second.fields[name].parent is second


def test_the_fields_are_those_drf_would_make():
    made_once = TimelineEntrySerializer().fields
    made_by_drf = super(FieldsOnce, TimelineEntrySerializer()).get_fields()  # ModelSerializer's

    assert list(made_once) == list(made_by_drf)
    assert [type(field) for field in made_once.values()] == [
        type(field) for field in made_by_drf.values()
    ]
