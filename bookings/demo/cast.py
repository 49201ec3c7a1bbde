"""Who books in the demo: one contact per association, a few citizens, and the staff logins.

The role logins (demo-borger, demo-medlem, demo-driftsleder, demo-admin, ...) come from the
facilities seed. This step adds the people a year of bookings needs besides them, idempotently:
a contact user per association (`demo-<slug>`, an admin of it) and a handful of citizens. They
all share the demo password, so anyone can log in as them and see their bookings.
"""

from collections import defaultdict
from dataclasses import dataclass

from accounts.models import User
from facilities.demo import people
from facilities.demo.context import SeedContext
from facilities.demo.upsert import assign_changes, save_validated, upsert
from facilities.models import Association, Building, Membership

# (username, first name, last name). Karen (demo-borger) is the citizen login of the demo.
CITIZENS: tuple[tuple[str, str, str], ...] = (
    ("demo-borger-ahmad", "Ahmad", "Hassan"),
    ("demo-borger-birgit", "Birgit", "Nielsen"),
    ("demo-borger-christian", "Christian", "Larsen"),
    ("demo-borger-dorthe", "Dorthe", "Pedersen"),
    ("demo-borger-emil", "Emil", "Jensen"),
    ("demo-borger-freja", "Freja", "Sørensen"),
)
CITIZEN_LOGIN = "demo-borger"
ADMIN_LOGIN = "demo-admin"
FACILITY_MANAGER_LOGIN = "demo-driftsleder"


def contact_username(association_name: str) -> str:
    return f"demo-{people.domain_slug(association_name)}"


def demo_usernames() -> list[str]:
    """Every user the demo makes; their bookings in demo spaces are the demo's to replace."""
    return [
        *(spec.username for spec in people.USERS),
        *(contact_username(name) for name, _group, _approved in people.ASSOCIATIONS),
        *(username for username, _first, _last in CITIZENS),
    ]


@dataclass
class Cast:
    admin: User
    facility_manager: User
    citizens: list[User]  # demo-borger first
    # association name -> the users who book for it, its contact first
    bookers: dict[str, list[User]]
    associations: dict[str, Association]
    _managers: dict[int, User]

    def manager_of(self, building: Building) -> User:
        """Who answers requests in the building: its first manager, else the administrator."""
        return self._managers.get(building.pk, self.admin)

    def responsible(self, user: User) -> tuple[str, str]:
        """Name and phone of the adult responsible outside opening hours, for a citizen."""
        return user.get_full_name() or user.username, user.phone or _phone(0)


def seed_cast(ctx: SeedContext) -> Cast:
    # The demo password's hash, as the facilities seed stored it for the role logins: hashing
    # it again per user would take a second each (PBKDF2), and the password is published anyway.
    citizen_login = User.objects.get(username=CITIZEN_LOGIN)
    password = citizen_login.password

    citizens = [citizen_login]
    for index, (username, first, last) in enumerate(CITIZENS, start=1):
        citizens.append(
            _demo_user(username, password, first_name=first, last_name=last, phone=_phone(index))
        )
    for association in ctx.associations.values():
        first, _, last = association.contact_name.partition(" ")
        user = _demo_user(
            contact_username(association.name),
            password,
            first_name=first,
            last_name=last,
            phone=association.contact_phone,
        )
        upsert(
            Membership,
            lookup={"association": association, "user": user},
            values={"role": Membership.Role.ADMIN},
        )

    bookers: defaultdict[str, list[User]] = defaultdict(list)
    memberships = (
        Membership.objects.filter(
            association__in=ctx.associations.values(), user__username__in=demo_usernames()
        )
        .select_related("association", "user")
        .order_by("association__name", "user__username")
    )
    for membership in memberships:
        users = bookers[membership.association.name]
        if membership.user.username == contact_username(membership.association.name):
            users.insert(0, membership.user)
        else:
            users.append(membership.user)

    managers: dict[int, User] = {}
    for building in ctx.buildings.values():
        first_manager = building.managers.order_by("pk").first()
        if first_manager is not None:
            managers[building.pk] = first_manager
    return Cast(
        admin=User.objects.get(username=ADMIN_LOGIN),
        facility_manager=User.objects.get(username=FACILITY_MANAGER_LOGIN),
        citizens=citizens,
        bookers=dict(bookers),
        associations=dict(ctx.associations),
        _managers=managers,
    )


def _phone(index: int) -> str:
    return f"+45 20 31 50 {index:02d}"


def _demo_user(username: str, password: str, **values: str) -> User:
    values = {**values, "email": f"{username}@example.org"}
    user = User.objects.filter(username=username).first()
    if user is None:
        return save_validated(User(username=username, password=password, **values))
    changed = assign_changes(user, {**values, "is_active": True})
    if user.password != password:
        user.password = password
        changed = True
    if changed:
        save_validated(user)
    return user
