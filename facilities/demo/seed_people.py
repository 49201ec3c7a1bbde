"""Seed steps for people: associations, the facility managers' group, one login per role."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Group, Permission

from facilities.demo import people
from facilities.demo.context import SeedContext
from facilities.demo.upsert import assign_changes, save_validated, upsert
from facilities.models import Association, Membership

MISSING_PERMISSIONS = "Permissions for the facilities models are missing; run `migrate` first."


def seed_associations(ctx: SeedContext) -> None:
    municipality = ctx.demo_municipality
    org_numbers = people.demo_org_numbers(len(people.ASSOCIATIONS))
    for index, (name, target_group, approved) in enumerate(people.ASSOCIATIONS):
        slug = people.domain_slug(name)
        first = people.FIRST_NAMES[index % len(people.FIRST_NAMES)]
        last = people.LAST_NAMES[index % len(people.LAST_NAMES)]
        ctx.associations[name] = upsert(
            Association,
            lookup={"org_number": org_numbers[index]},
            values={
                "municipality": municipality,
                "name": name,
                "target_group": target_group,
                "approved_popular_education": approved,
                "contact_name": f"{first} {last}",
                "contact_email": f"kontakt@{slug}.example.org",
                "contact_phone": f"+45 20 30 {40 + index:02d} {index * 7 % 100:02d}",
                "website": f"https://{slug}.example.org",
            },
        )


def seed_facility_managers_group(ctx: SeedContext) -> None:
    codenames = [
        f"{action}_{model}"
        for model, actions in people.FACILITY_MANAGER_PERMISSIONS.items()
        for action in actions
    ]
    permissions = list(
        Permission.objects.filter(content_type__app_label="facilities", codename__in=codenames)
    )
    if len(permissions) != len(codenames):
        raise RuntimeError(MISSING_PERMISSIONS)
    group, _ = Group.objects.get_or_create(name=people.FACILITY_MANAGERS_GROUP)
    group.permissions.set(permissions)


class _DemoPassword:
    """Hashes the demo password once per run and checks each distinct stored hash once.

    PBKDF2 takes over a second per hash on purpose; five users would make the seed slow. All
    demo users share one hash (their password is published anyway), and a user whose stored
    hash already matches keeps it, so re-seeding does not log the demo users out.
    """

    def __init__(self) -> None:
        self._hash: str | None = None
        self._checked: dict[str, bool] = {}

    def encoded(self) -> str:
        if self._hash is None:
            self._hash = make_password(people.DEMO_PASSWORD)
            self._checked[self._hash] = True
        return self._hash

    def matches(self, encoded: str) -> bool:
        if encoded not in self._checked:
            self._checked[encoded] = check_password(people.DEMO_PASSWORD, encoded)
        return self._checked[encoded]


def seed_users(ctx: SeedContext) -> None:
    """One user per role, with memberships, managed buildings and groups as the role needs."""
    user_model = get_user_model()
    password = _DemoPassword()
    for spec in people.USERS:
        values = {
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "email": spec.email,
            "is_active": True,
            "is_staff": spec.is_staff,
            "is_superuser": spec.is_superuser,
            "is_municipal_administrator": spec.is_municipal_administrator,
        }
        user = user_model.objects.filter(username=spec.username).first()
        if user is None:
            user = user_model(username=spec.username, password=password.encoded(), **values)
            save_validated(user)
        else:
            changed = assign_changes(user, values)
            if not password.matches(user.password):
                user.password = password.encoded()
                changed = True
            if changed:
                save_validated(user)

        if spec.membership:
            association_name, role = spec.membership
            upsert(
                Membership,
                lookup={"association": ctx.associations[association_name], "user": user},
                values={"role": role},
            )
        user.managed_buildings.set([ctx.buildings[key] for key in spec.manages])
        user.groups.set(Group.objects.filter(name__in=spec.groups))
