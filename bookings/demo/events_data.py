"""One-off events: associations' general meetings, concerts, tournaments, lectures, dinners;
citizens' family parties in the culture house. Many need approval, so refusals come from here.
"""

import datetime as dt
from dataclasses import dataclass

from bookings.demo import texts
from bookings.demo.series_data import (
    BADMINTON,
    BOEGELUND,
    BOLDKLUB,
    CULTURE,
    DANS,
    EGESKOV,
    GYMNASTIK,
    HAANDBOLD,
    LIBRARY,
    LINDVED,
    MUSIK,
    SPORTS,
    TOWN_HALL,
)
from facilities.demo import people

ALL_ASSOCIATIONS = tuple(name for name, _group, _approved in people.ASSOCIATIONS)
SEASON_MONTHS = (1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12)
MON_THU, WEEKEND = (0, 1, 2, 3), (5, 6)
EDUCATION = ("FOF Egeskov", "AOF Egeskov", "LOF Egeskov", "Egeskov Aftenskole")


@dataclass(frozen=True)
class EventSpec:
    titles: tuple[str, ...]
    hosts: tuple[str, ...]  # association names; empty: a citizen books
    places: tuple[tuple[str, str], ...]  # (building key, space name)
    weekdays: tuple[int, ...]
    starts: tuple[str, ...]
    minutes: tuple[int, ...]
    per_month: float = 1.0
    months: tuple[int, ...] = SEASON_MONTHS
    lead_days: tuple[int, int] = (14, 60)
    once_each: bool = False  # each host once in the months (a general meeting)
    refuse: float = 0.15  # share of requests refused

    def start_times(self) -> tuple[dt.time, ...]:
        return tuple(dt.time.fromisoformat(text) for text in self.starts)


MEETING_ROOMS = (
    (CULTURE, "Mødelokale Remisen"),
    (LIBRARY, "Mødelokale Ahorn"),
    (EGESKOV, "Klasselokale 7.A"),
    (BOEGELUND, "Klasselokale 5.A"),
    (LINDVED, "Fællesrummet"),
    (SPORTS, "Klublokalet"),
    (SPORTS, "Cafeteriaet"),
    (TOWN_HALL, "Kantinen"),
)

# A table reads better unformatted.
# fmt: off
EVENTS: tuple[EventSpec, ...] = (
    EventSpec(("Generalforsamling",), ALL_ASSOCIATIONS, MEETING_ROOMS, MON_THU,
              ("17:00", "19:00"), (120,), months=(2, 3), once_each=True),
    EventSpec(("Bestyrelsesmøde", "Udvalgsmøde", "Planlægningsmøde"), ALL_ASSOCIATIONS,
              (*MEETING_ROOMS[:4], (CULTURE, "Værkstedet"), (LIBRARY, "Mødelokale Birk")),
              MON_THU, ("17:00", "19:00", "19:30"), (90, 120), per_month=8, lead_days=(5, 40)),
    EventSpec(("Koncert", "Julekoncert", "Forårskoncert", "Forestilling"),
              ("Egeskov Kammerkor", MUSIK, "Egeskov Amatørteater"), ((CULTURE, "Koncertsalen"),),
              (4, 5, 6), ("15:00", "19:00"), (180, 240), per_month=1.2, lead_days=(21, 90)),
    EventSpec(("Opvisning", "Juleafslutning"), (GYMNASTIK, DANS), ((EGESKOV, "Aulaen"),),
              (5,), ("10:00", "13:00"), (180,), per_month=0.4, months=(3, 4, 5, 6, 11, 12),
              lead_days=(21, 90)),
    EventSpec(("Stævne", "Turnering", "Kampdag"), (BOLDKLUB, HAANDBOLD, BADMINTON),
              ((SPORTS, "Hal 1"), (SPORTS, "Hal 2")), WEEKEND, ("09:00", "10:00", "13:00"),
              (180, 240), per_month=3, months=(1, 2, 3, 4, 5, 9, 10, 11, 12)),
    EventSpec(("Foredrag", "Forfatteraften", "Debatmøde"),
              ("Folkeuniversitetet i Egeskov", "FOF Egeskov", "Egeskov Lokalhistoriske Forening",
               "Ældre Sagen Egeskov"),
              ((LIBRARY, "Foredragssalen"),), MON_THU, ("17:00",), (120,), per_month=2.5,
              months=(1, 2, 3, 4, 9, 10, 11), lead_days=(14, 60)),
    EventSpec(("Fællesspisning",), ("Bøgelund Borgerforening", "Lindved Beboerforening"),
              ((BOEGELUND, "Skolekøkkenet"), (LINDVED, "Skolekøkkenet"), (LINDVED, "Fællesrummet")),
              (4,), ("17:30",), (180, 240), per_month=1, lead_days=(14, 45)),
    EventSpec(("Weekendkursus", "Temadag"), EDUCATION,
              ((EGESKOV, "Klasselokale 8.B"), (EGESKOV, "Skolekøkkenet"), (CULTURE, "Værkstedet")),
              (5,), ("10:00",), (300,), per_month=1.2, months=(1, 2, 3, 4, 5, 9, 10, 11)),
    EventSpec(("Loppemarked", "Byttemarked"),
              ("Egeskov Frivilligcenter", "Grundejerforeningen Egeskov Nord"),
              ((SPORTS, "Cafeteriaet"),), WEEKEND, ("10:00",), (240,), per_month=0.4),
    EventSpec(("Erhvervsforum",), ("Egeskov Erhvervsforening",), ((TOWN_HALL, "Byrådssalen"),),
              (3,), ("13:00",), (180,), per_month=0.4),
    # Citizens' parties: Saturdays inside the culture house's hours, Sundays (closed) by request.
    EventSpec(texts.PARTY_TITLES, (),
              ((CULTURE, "Dansesalen"), (CULTURE, "Værkstedet"), (CULTURE, "Cafékøkkenet"),
               (CULTURE, "Mødelokale Remisen")),
              WEEKEND, ("12:00", "13:00", "18:00"), (240, 300, 360), per_month=4,
              months=tuple(range(1, 13)), lead_days=(14, 80), refuse=0.25),
)

# Requests the managers have not answered, made in the week before `now`: the approval
# queue always has some, and some are past their reply deadline (deadline alarms).
WAITING = EventSpec(
    ("Koncert", "Generalforsamling", "Foredrag"),
    ("Egeskov Kammerkor", "Egeskov Amatørteater", "FOF Egeskov", "Ældre Sagen Egeskov"),
    ((CULTURE, "Koncertsalen"), (EGESKOV, "Aulaen"), (EGESKOV, "Klasselokale 7.A"),
     (LIBRARY, "Foredragssalen")),
    (0, 1, 2, 3, 4, 5), ("17:00", "19:00"), (120,),
)
# fmt: on
WAITING_COUNT = 10
