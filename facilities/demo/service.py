"""demo_seed: build or refresh the fictional demo municipality, idempotently."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from facilities.demo import people
from facilities.demo.context import SeedContext, SeedStep
from facilities.demo.seed_people import (
    seed_associations,
    seed_facility_managers_group,
    seed_users,
)
from facilities.demo.seed_places import (
    seed_amenities,
    seed_buildings,
    seed_holiday_closures,
    seed_municipality,
    seed_opening_hours,
    seed_spaces,
)
from facilities.models import (
    Amenity,
    Association,
    Membership,
    Occupancy,
    OpeningException,
    OpeningHours,
    Space,
    SpacePolicy,
    Unit,
)

SEED_REFUSED_IN_PRODUCTION = (
    "Refusing to seed demo data in production (settings.PRODUCTION): the demo users share a "
    "published password. Pass --allow-production only if you really mean it."
)

# The steps run in this order, each building on what the earlier ones put in the context.
# Demo bookings are one more step, bookings.demo.seed_bookings, run after these (it needs the
# spaces, associations and users): `seed_demo --bookings` finds it by the dotted path in
# settings.DEMO_BOOKINGS_SEED_STEP, since facilities may not import bookings, and passes
# SEED_STEPS plus that step as `steps`.
SEED_STEPS: tuple[SeedStep, ...] = (
    seed_municipality,
    seed_amenities,
    seed_buildings,
    seed_opening_hours,
    seed_holiday_closures,
    seed_spaces,
    seed_associations,
    seed_facility_managers_group,
    seed_users,
)


class DemoSeedError(Exception):
    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    can: str


@dataclass(frozen=True)
class DemoSummary:
    municipality: str
    counts: dict[str, int]  # label -> rows of the demo municipality
    logins: list[DemoLogin]


def demo_seed(
    *,
    today: dt.date,
    allow_production: bool = False,
    steps: Sequence[SeedStep] = SEED_STEPS,
) -> DemoSummary:
    """Create or update the demo municipality; a second run changes nothing.

    `today` decides which years get holiday closures (this year and next), so callers and
    tests choose it. All steps run in one transaction: a failing step leaves no half demo.
    """
    if settings.PRODUCTION and not allow_production:
        raise DemoSeedError(SEED_REFUSED_IN_PRODUCTION, code="production")
    ctx = SeedContext(today=today)
    with transaction.atomic():
        for step in steps:
            step(ctx)
    return _summary(ctx)


def _summary(ctx: SeedContext) -> DemoSummary:
    municipality = ctx.demo_municipality
    in_municipality = {"building__municipality": municipality}
    in_demo_spaces = {"space__building__municipality": municipality}
    usernames = [spec.username for spec in people.USERS]
    counts = {
        "buildings": municipality.buildings.count(),
        "units": Unit.objects.filter(municipality=municipality).count(),
        "occupancies": Occupancy.objects.filter(**in_municipality).count(),
        "spaces": Space.objects.filter(**in_municipality).count(),
        "space policies": SpacePolicy.objects.filter(**in_demo_spaces).count(),
        "amenities": Amenity.objects.count(),
        "opening hours": OpeningHours.objects.filter(**in_municipality).count(),
        "opening exceptions": OpeningException.objects.filter(**in_municipality).count(),
        "associations": Association.objects.filter(municipality=municipality).count(),
        "memberships": Membership.objects.filter(association__municipality=municipality).count(),
        "demo users": get_user_model().objects.filter(username__in=usernames).count(),
    }
    logins = [
        DemoLogin(spec.username, people.DEMO_PASSWORD, spec.role, spec.can) for spec in people.USERS
    ]
    return DemoSummary(municipality=municipality.name, counts=counts, logins=logins)
