"""The demo municipality's people: associations and one login per role.

Every name, number and address is fictional. E-mail and web addresses use example.org, which is
reserved for examples, so nothing sent from a demo ever reaches a real inbox.
"""

from dataclasses import dataclass

from facilities.models import Association

TG = Association.TargetGroup

# The one password of every demo user, printed by seed_demo and documented here on purpose:
# demo data is for development and review, and seed_demo refuses to run in production.
DEMO_PASSWORD = "demo-1234"  # noqa: S105  (a published development password, see above)

# (name, target group, approved under the popular education act)
ASSOCIATIONS: tuple[tuple[str, str, bool], ...] = (
    ("Egeskov Boldklub", TG.CHILDREN_YOUTH, True),
    ("Egeskov Gymnastikforening", TG.CHILDREN_YOUTH, True),
    ("KFUM-Spejderne Egeskov", TG.CHILDREN_YOUTH, True),
    ("Bøgelund Spejdergruppe", TG.CHILDREN_YOUTH, True),
    ("Lindved Håndboldklub", TG.CHILDREN_YOUTH, True),
    ("Egeskov Badmintonklub", TG.CHILDREN_YOUTH, True),
    ("Egeskov Skoleskak", TG.CHILDREN_YOUTH, True),
    ("Ungdommens Musikforening Egeskov", TG.CHILDREN_YOUTH, True),
    ("FDF Egeskov", TG.CHILDREN_YOUTH, True),
    ("Børnedans Egeskov", TG.CHILDREN_YOUTH, True),
    ("FOF Egeskov", TG.ADULT_EDUCATION, True),
    ("AOF Egeskov", TG.ADULT_EDUCATION, True),
    ("LOF Egeskov", TG.ADULT_EDUCATION, True),
    ("Folkeuniversitetet i Egeskov", TG.ADULT_EDUCATION, True),
    ("Egeskov Aftenskole", TG.ADULT_EDUCATION, True),
    ("Daghøjskolen Lindved", TG.ADULT_EDUCATION, True),
    ("Sprogcaféen Egeskov", TG.ADULT_EDUCATION, False),
    ("Egeskov Motionsklub", TG.ADULTS, True),
    ("Bøgelund Borgerforening", TG.ADULTS, True),
    ("Lindved Beboerforening", TG.ADULTS, False),
    ("Egeskov Kammerkor", TG.ADULTS, True),
    ("Egeskov Lokalhistoriske Forening", TG.ADULTS, True),
    ("Egeskov Bridgeklub", TG.ADULTS, True),
    ("Ældre Sagen Egeskov", TG.ADULTS, True),
    ("Egeskov Amatørteater", TG.ADULTS, True),
    ("Egeskov Petanqueklub", TG.ADULTS, False),
    ("Egeskov Erhvervsforening", TG.OTHER, False),
    ("Grundejerforeningen Egeskov Nord", TG.OTHER, False),
    ("Egeskov Frivilligcenter", TG.OTHER, True),
    ("Egeskov Vinlaug", TG.OTHER, False),
)

# Contact persons are these first and last names, paired by the association's position.
FIRST_NAMES = ("Anne", "Bo", "Camilla", "Dennis", "Eva", "Frederik", "Gitte", "Henrik", "Ida")
LAST_NAMES = ("Andersen", "Bach", "Christensen", "Dam", "Eriksen", "Frost", "Holm")

_TRANSLITERATION = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", " ": "-"})
# A CVR number's digits, weighted by these, sum to a multiple of 11 (modulus-11 check).
_CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def domain_slug(name: str) -> str:
    """'Ældre Sagen Egeskov' -> 'aeldre-sagen-egeskov', for example addresses."""
    return "".join(c for c in name.lower().translate(_TRANSLITERATION) if c.isalnum() or c == "-")


def cvr_is_well_formed(number: str) -> bool:
    if len(number) != 8 or not (number.isascii() and number.isdigit()):
        return False
    return sum(int(d) * w for d, w in zip(number, _CVR_WEIGHTS, strict=True)) % 11 == 0


def demo_org_numbers(count: int) -> list[str]:
    """`count` distinct 8-digit numbers that pass the CVR modulus-11 check, always the same ones.

    They start with 99, a range the CVR register has not issued, so a demo association never
    shares its number with a real company.
    """
    numbers: list[str] = []
    base = 9_900_100
    while len(numbers) < count:
        first_seven = [int(c) for c in str(base)]
        remainder = sum(d * w for d, w in zip(first_seven, _CVR_WEIGHTS, strict=False)) % 11
        check = (11 - remainder) % 11
        if check < 10:  # A remainder needing 10 has no check digit: skip that base.
            numbers.append(f"{base}{check}")
        base += 37
    return numbers


@dataclass(frozen=True, kw_only=True)
class DemoUserSpec:
    username: str
    first_name: str
    last_name: str
    role: str
    can: str
    is_staff: bool = False
    is_superuser: bool = False
    is_municipal_administrator: bool = False
    # (association name, Membership.Role)
    membership: tuple[str, str] | None = None
    manages: tuple[str, ...] = ()  # building keys (places.BUILDINGS)
    groups: tuple[str, ...] = ()

    @property
    def email(self) -> str:
        return f"{self.username}@example.org"


FACILITY_MANAGERS_GROUP = "Facility managers"
DEMO_ASSOCIATION = "Egeskov Boldklub"

# Everything a facility manager edits in the buildings they manage; the rest they only see.
# Creating or removing a building is the administration's decision, and a policy lives and dies
# with its space.
FACILITY_MANAGER_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "building": ("change", "view"),
    "openinghours": ("add", "change", "delete", "view"),
    "openingexception": ("add", "change", "delete", "view"),
    "space": ("add", "change", "delete", "view"),
    "spacepolicy": ("change", "view"),
    "amenity": ("view",),
    "unit": ("view",),
    "occupancy": ("view",),
    "association": ("view",),
    "membership": ("view",),
}

USERS: tuple[DemoUserSpec, ...] = (
    DemoUserSpec(
        username="demo-borger",
        first_name="Karen",
        last_name="Mortensen",
        role="Citizen",
        can="Book spaces open to citizens (library rooms); see and cancel own bookings.",
    ),
    DemoUserSpec(
        username="demo-medlem",
        first_name="Mads",
        last_name="Lund",
        role=f"Association member ({DEMO_ASSOCIATION})",
        can="Book on behalf of the association.",
        membership=(DEMO_ASSOCIATION, "member"),
    ),
    DemoUserSpec(
        username="demo-foreningsadmin",
        first_name="Lene",
        last_name="Vestergaard",
        role=f"Association admin ({DEMO_ASSOCIATION})",
        can="Book for the association, manage its members, see all its bookings, "
        "apply for weekly times in the demo's seasonal round (/applications/).",
        membership=(DEMO_ASSOCIATION, "admin"),
    ),
    DemoUserSpec(
        username="demo-driftsleder",
        first_name="Peter",
        last_name="Skov",
        role="Facility manager (Egeskov Skole, Egeskov Idrætscenter)",
        can="Admin for those two buildings: spaces, hours, closures, approvals, "
        "utilisation reports (/reports/), the seasonal round (/rounds/).",
        is_staff=True,
        manages=("school_egeskov", "sports_hall"),
        groups=(FACILITY_MANAGERS_GROUP,),
    ),
    DemoUserSpec(
        username="demo-admin",
        first_name="Susanne",
        last_name="Brandt",
        role="Municipal administrator",
        can="Everything: all buildings, all reports, co-location analysis.",
        is_staff=True,
        is_superuser=True,
        is_municipal_administrator=True,
    ),
)
