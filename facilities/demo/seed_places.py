"""Seed steps for places: municipality, amenities, units, buildings, hours, closures, spaces."""

import datetime as dt
from collections import defaultdict

from facilities.demo import places
from facilities.demo.context import SeedContext
from facilities.demo.spaces import SPACES
from facilities.demo.upsert import save_validated, upsert
from facilities.holidays import danish_public_holidays
from facilities.models import (
    Amenity,
    Building,
    Municipality,
    Occupancy,
    OpeningException,
    OpeningHours,
    Space,
    SpacePolicy,
    Unit,
)


def seed_municipality(ctx: SeedContext) -> None:
    ctx.municipality = upsert(
        Municipality,
        lookup={"name": places.MUNICIPALITY_NAME},
        values={"code": places.MUNICIPALITY_CODE},
    )


def seed_amenities(ctx: SeedContext) -> None:
    for code, name in places.AMENITIES:
        ctx.amenities[code] = upsert(Amenity, lookup={"code": code}, values={"name": name})


def seed_buildings(ctx: SeedContext) -> None:
    """Units, buildings and the occupancies that say which unit sits where."""
    municipality = ctx.demo_municipality
    for name, kind in places.UNITS:
        ctx.units[name] = upsert(
            Unit, lookup={"municipality": municipality, "name": name}, values={"kind": kind}
        )
    for spec in places.BUILDINGS:
        building = upsert(
            Building,
            lookup={"municipality": municipality, "name": spec.name},
            values={
                "kind": spec.kind,
                "street_address": spec.street_address,
                "postal_code": spec.postal_code,
                "city": spec.city,
                "area_m2": spec.area_m2,
                "description": spec.description,
            },
        )
        ctx.buildings[spec.key] = building
        for unit_name, area_m2 in spec.occupancies.items():
            upsert(
                Occupancy,
                lookup={"unit": ctx.units[unit_name], "building": building},
                values={"area_m2": area_m2},
            )


def seed_opening_hours(ctx: SeedContext) -> None:
    """The seed owns the demo buildings' weekly pattern: it removes intervals it did not define."""
    for spec in places.BUILDINGS:
        building = ctx.buildings[spec.key]
        wanted = {
            (weekday, opens): closes
            for weekdays, opens, closes in places.HOURS_BY_KIND[spec.kind]
            for weekday in weekdays
        }
        existing = {(h.weekday, h.opens): h for h in building.opening_hours.all()}
        # Delete before adding, so a changed interval never overlaps its old self in clean().
        stale = [h.pk for key, h in existing.items() if wanted.get(key) != h.closes]
        OpeningHours.objects.filter(pk__in=stale).delete()
        for (weekday, opens), closes in wanted.items():
            current = existing.get((weekday, opens))
            if current is None or current.pk in stale:
                save_validated(
                    OpeningHours(building=building, weekday=weekday, opens=opens, closes=closes)
                )


def holiday_closures(years: list[int]) -> dict[dt.date, str]:
    """One closure per date; names that share a date are joined ("Pinsedag / Grundlovsdag")."""
    names: defaultdict[dt.date, list[str]] = defaultdict(list)
    for year in years:
        for day, name in danish_public_holidays(year):
            names[day].append(name)
    return {day: " / ".join(day_names) for day, day_names in sorted(names.items())}


def seed_holiday_closures(ctx: SeedContext) -> None:
    """Closed on every public holiday of this year and next, in every demo building.

    The natural key is (building, day). Exceptions may not overlap, so a day some other
    exception already covers (a manager's own Christmas closure, special hours) is left alone;
    a one-day closure on the day only gets its reason brought up to date.
    """
    closures = holiday_closures([ctx.today.year, ctx.today.year + 1])
    for building in ctx.buildings.values():
        exceptions = list(building.opening_exceptions.all())
        for day, reason in closures.items():
            covering = [e for e in exceptions if e.start_date <= day <= e.end_date]
            if not covering:
                save_validated(
                    OpeningException(
                        building=building,
                        start_date=day,
                        end_date=day,
                        kind=OpeningException.Kind.CLOSED,
                        reason=reason,
                    ),
                    # clean() checks dates and kind in Python; the database still enforces
                    # the check constraints. Querying each of them for 200+ rows is slow.
                    validate_constraints=False,
                )
                continue
            own = covering[0]
            is_holiday_closure = (
                own.start_date == own.end_date == day and own.kind == OpeningException.Kind.CLOSED
            )
            if is_holiday_closure and own.reason != reason:
                own.reason = reason
                save_validated(own)


def seed_spaces(ctx: SeedContext) -> None:
    """Spaces with their amenities, and the policy the post_save signal gave each one."""
    for building_key, (profile, specs) in SPACES.items():
        building = ctx.buildings[building_key]
        for spec in specs:
            space = upsert(
                Space,
                lookup={"building": building, "name": spec.name},
                values={
                    "kind": spec.kind,
                    "capacity": spec.capacity,
                    "area_m2": spec.area_m2,
                    "floor": spec.floor,
                    "step_free_access": spec.step_free_access,
                    "hearing_loop": spec.hearing_loop,
                    "accessible_toilet": spec.accessible_toilet,
                    "host_unit": ctx.units[spec.host] if spec.host else None,
                    "bookable": True,
                },
            )
            space.amenities.set([ctx.amenities[code] for code in spec.amenity_codes])
            policy = dict(places.POLICY_PROFILES[profile])
            policy["buffer_minutes"] = (
                places.KITCHEN_BUFFER_MINUTES if "kitchen" in spec.amenity_codes else 0
            )
            policy.update(spec.policy)
            upsert(SpacePolicy, lookup={"space": space}, values=policy)
