"""The demo municipality's bookable spaces, per building.

`amenities` lists Amenity codes (places.AMENITIES); a space with "hearing-loop" also gets the
hearing_loop flag, so the flag and the amenity never disagree. `access` holds "step-free" and/or
"toilet" (an accessible toilet nearby). `host` names the unit that lends the room out; it must
occupy the building (Space.clean() checks it).
"""

from dataclasses import dataclass, field
from typing import Any

from facilities.models import Space, SpacePolicy

K = Space.Kind
ALWAYS = SpacePolicy.Approval.ALWAYS
FULL_ACCESS = "step-free toilet"
AV = "projector screen sound-system"


@dataclass(frozen=True)
class SpaceSpec:
    name: str
    kind: str
    capacity: int
    area_m2: int
    floor: int = 0
    amenities: str = ""
    access: str = ""
    host: str | None = None
    policy: dict[str, Any] = field(default_factory=dict)

    @property
    def amenity_codes(self) -> list[str]:
        return self.amenities.split()

    @property
    def step_free_access(self) -> bool:
        return "step-free" in self.access.split()

    @property
    def accessible_toilet(self) -> bool:
        return "toilet" in self.access.split()

    @property
    def hearing_loop(self) -> bool:
        return "hearing-loop" in self.amenity_codes


S = SpaceSpec

# building key -> (policy profile, spaces). A table reads better unformatted.
# fmt: off
SPACES: dict[str, tuple[str, tuple[SpaceSpec, ...]]] = {
    "town_hall": (
        "units_only",
        (
            # Associations may borrow the council chamber for public meetings, with approval.
            S("Byrådssalen", K.ASSEMBLY_HALL, 120, 165, 1,
              f"{AV} hearing-loop video-conference wifi", FULL_ACCESS,
              policy={"bookable_by_associations": True, "approval": ALWAYS}),
            S("Udvalgsværelset", K.MEETING_ROOM, 16, 42, 1,
              "screen video-conference whiteboard wifi", FULL_ACCESS),
            S("Mødelokale 1.12", K.MEETING_ROOM, 8, 20, 1, "screen whiteboard wifi", "step-free",
              host="Teknik og Miljø"),
            S("Mødelokale 2.04", K.MEETING_ROOM, 10, 24, 2, "projector whiteboard wifi",
              "step-free", host="Børn og Unge"),
            S("Samtalerummet", K.MEETING_ROOM, 4, 11, 0, "hearing-loop wifi", FULL_ACCESS,
              host="Borgerservice"),
            S("Kantinen", K.MULTIPURPOSE, 80, 140, 0, "kitchen sound-system wifi", FULL_ACCESS,
              policy={"bookable_by_associations": True, "approval": ALWAYS,
                      "outside_hours_allowed": True}),
        ),
    ),
    "administration": (
        "units_only",
        (
            S("Mødelokale Stuen", K.MEETING_ROOM, 12, 28, 0,
              "screen video-conference whiteboard wifi", FULL_ACCESS, host="Social og Sundhed"),
            S("Mødelokale 1. sal", K.MEETING_ROOM, 8, 19, 1, "whiteboard wifi",
              host="Jobcenter Egeskov"),
            S("Kursuslokalet", K.CLASSROOM, 24, 60, 1,
              "projector screen whiteboard hearing-loop wifi", "step-free",
              host="Jobcenter Egeskov"),
            S("Frokoststuen", K.MULTIPURPOSE, 40, 70, 0, "kitchen wifi", FULL_ACCESS),
        ),
    ),
    "library": (
        "library",
        (
            S("Foredragssalen", K.AUDITORIUM, 90, 120, 0, f"{AV} hearing-loop stage wifi",
              FULL_ACCESS, host="Egeskov Bibliotekerne",
              policy={"bookable_by_citizens": False, "approval": ALWAYS}),
            S("Mødelokale Ahorn", K.MEETING_ROOM, 10, 22, 1, "screen whiteboard wifi",
              FULL_ACCESS, host="Egeskov Bibliotekerne"),
            S("Mødelokale Birk", K.MEETING_ROOM, 6, 15, 1, "whiteboard wifi", FULL_ACCESS),
            S("Studierum 1", K.MEETING_ROOM, 4, 10, 1, "whiteboard wifi", "step-free",
              policy={"max_duration_minutes": 3 * 60}),
            S("Studierum 2", K.MEETING_ROOM, 4, 10, 1, "whiteboard wifi", "step-free",
              policy={"max_duration_minutes": 3 * 60}),
            S("Makerspace", K.WORKSHOP, 14, 55, 0, "projector whiteboard wifi", FULL_ACCESS,
              host="Egeskov Bibliotekerne", policy={"bookable_by_citizens": False}),
            S("Børnebibliotekets aktivitetsrum", K.MULTIPURPOSE, 30, 48, 0, "sound-system wifi",
              FULL_ACCESS, host="Egeskov Bibliotekerne"),
        ),
    ),
    "school_egeskov": (
        "school",
        (
            S("Aulaen", K.ASSEMBLY_HALL, 250, 320, 0, f"{AV} piano stage hearing-loop",
              FULL_ACCESS, host="Egeskov Skole", policy={"approval": ALWAYS}),
            S("Gymnastiksalen", K.GYM, 60, 280, 0, "sports-floor sound-system changing-rooms",
              FULL_ACCESS, host="Egeskov Skole"),
            S("Skolekøkkenet", K.KITCHEN, 24, 90, 0, "kitchen whiteboard", "step-free",
              host="Egeskov Skole"),
            S("Musiklokalet", K.MUSIC_ROOM, 28, 75, 1, "piano sound-system whiteboard",
              host="Egeskov Skole"),
            S("Sløjdlokalet", K.WORKSHOP, 20, 110, 0, "whiteboard", "step-free",
              host="Egeskov Skole", policy={"approval": ALWAYS}),
            S("Klasselokale 7.A", K.CLASSROOM, 28, 56, 1, "projector screen whiteboard wifi"),
            S("Klasselokale 8.B", K.CLASSROOM, 28, 56, 1, "projector screen whiteboard wifi"),
        ),
    ),
    "school_boegelund": (
        "school",
        (
            S("Aulaen", K.ASSEMBLY_HALL, 150, 210, 0, f"{AV} piano", FULL_ACCESS,
              host="Bøgelund Skole"),
            S("Gymnastiksalen", K.GYM, 40, 220, 0, "sports-floor changing-rooms", "step-free",
              host="Bøgelund Skole"),
            S("Skolekøkkenet", K.KITCHEN, 20, 75, 0, "kitchen", "step-free",
              host="Bøgelund Skole"),
            S("Musiklokalet", K.MUSIC_ROOM, 24, 60, 0, "piano sound-system", "step-free",
              host="Bøgelund Skole"),
            S("Klasselokale 5.A", K.CLASSROOM, 26, 52, 1, "projector whiteboard wifi"),
        ),
    ),
    "school_lindved": (
        "school",
        (
            S("Gymnastiksalen", K.GYM, 30, 160, 0, "sports-floor changing-rooms", "step-free",
              host="Lindved Skole"),
            S("Fællesrummet", K.MULTIPURPOSE, 80, 120, 0, "projector screen sound-system wifi",
              FULL_ACCESS, host="Lindved Skole"),
            S("Skolekøkkenet", K.KITCHEN, 16, 60, 0, "kitchen", "step-free",
              host="Lindved Skole"),
            S("Klasselokale 3.A", K.CLASSROOM, 24, 50, 0, "whiteboard wifi", "step-free"),
            S("Klasselokale 4.A", K.CLASSROOM, 24, 50, 0, "whiteboard wifi", "step-free"),
        ),
    ),
    "sports_hall": (
        "sports",
        (
            S("Hal 1", K.SPORTS_HALL, 120, 1150, 0, "sports-floor sound-system changing-rooms",
              FULL_ACCESS, host="Kultur og Fritid"),
            S("Hal 2", K.SPORTS_HALL, 80, 800, 0, "sports-floor changing-rooms", FULL_ACCESS,
              host="Kultur og Fritid"),
            S("Multisalen", K.MULTIPURPOSE, 40, 200, 0, "sports-floor sound-system changing-rooms",
              FULL_ACCESS),
            S("Motionslokalet", K.GYM, 20, 120, 0, "sound-system changing-rooms", "step-free"),
            # Meeting rooms are not checked in: nobody scans a sign for a committee meeting.
            S("Klublokalet", K.MEETING_ROOM, 20, 45, 1, "screen whiteboard kitchen wifi",
              policy={"check_in_required": False}),
            S("Cafeteriaet", K.MULTIPURPOSE, 60, 110, 0, "kitchen wifi", FULL_ACCESS,
              policy={"check_in_required": False}),
        ),
    ),
    "culture_house": (
        "culture",
        (
            S("Koncertsalen", K.ASSEMBLY_HALL, 300, 380, 0, f"{AV} stage piano hearing-loop",
              FULL_ACCESS, host="Kultur og Fritid",
              policy={"bookable_by_citizens": False, "approval": ALWAYS, "buffer_minutes": 60}),
            S("Øvelokale 1", K.MUSIC_ROOM, 8, 30, -1, "sound-system piano",
              policy={"bookable_by_citizens": False}),
            S("Øvelokale 2", K.MUSIC_ROOM, 6, 24, -1, "sound-system",
              policy={"bookable_by_citizens": False}),
            S("Dansesalen", K.MULTIPURPOSE, 40, 150, 1, "sound-system wifi", "step-free"),
            S("Værkstedet", K.WORKSHOP, 16, 70, 0, "whiteboard wifi", FULL_ACCESS),
            S("Mødelokale Remisen", K.MEETING_ROOM, 14, 32, 1,
              "screen whiteboard video-conference wifi", "step-free"),
            S("Cafékøkkenet", K.KITCHEN, 20, 45, 0, "kitchen", FULL_ACCESS),
        ),
    ),
}
# fmt: on
