"""The demo's weekly slots: associations' evenings (the seasonal allocation) and units' days.

Associations get their regular weekly slots for a season, mid-August to late June, in school
gyms and classrooms, the sports centre and the culture house; schools and units have their
daytime slots too. Building keys and space names are those of facilities/demo.
"""

import datetime as dt
from dataclasses import dataclass

from bookings.models import Series

WEEKLY = Series.Frequency.WEEKLY
BIWEEKLY = Series.Frequency.BIWEEKLY
MONTHLY = Series.Frequency.MONTHLY
WEEKDAYS = {"Mon": 0, "Tue": 1, "Wed": 2, "Thu": 3, "Fri": 4, "Sat": 5, "Sun": 6}


@dataclass(frozen=True)
class SeriesSpec:
    building: str
    space: str
    weekday: int
    start: dt.time
    minutes: int
    title: str
    association: str | None = None
    unit: str | None = None  # booked for the unit by municipal staff
    frequency: str = WEEKLY


def _when(text: str) -> tuple[int, dt.time]:
    day, clock = text.split()
    return WEEKDAYS[day], dt.time.fromisoformat(clock)


def A(
    association: str,
    building: str,
    space: str,
    when: str,
    minutes: int,
    title: str,
    frequency: str = WEEKLY,
) -> SeriesSpec:
    weekday, start = _when(when)
    return SeriesSpec(
        building,
        space,
        weekday,
        start,
        minutes,
        title,
        association=association,
        frequency=frequency,
    )


def U(unit: str, building: str, space: str, when: str, minutes: int, title: str) -> SeriesSpec:
    weekday, start = _when(when)
    return SeriesSpec(building, space, weekday, start, minutes, title, unit=unit)


SPORTS, CULTURE, LIBRARY = "sports_hall", "culture_house", "library"
EGESKOV, BOEGELUND, LINDVED = "school_egeskov", "school_boegelund", "school_lindved"
TOWN_HALL, ADMIN = "town_hall", "administration"
BOLDKLUB = "Egeskov Boldklub"
GYMNASTIK = "Egeskov Gymnastikforening"
HAANDBOLD = "Lindved Håndboldklub"
BADMINTON = "Egeskov Badmintonklub"
MOTION = "Egeskov Motionsklub"
MUSIK = "Ungdommens Musikforening Egeskov"
DANS = "Børnedans Egeskov"

# fmt: off
SERIES: tuple[SeriesSpec, ...] = (
    # The sports centre: inside its hours (to 22), checked in at the door.
    A(HAANDBOLD, SPORTS, "Hal 1", "Mon 17:00", 120, "Håndbold U12"),
    A(BOLDKLUB, SPORTS, "Hal 1", "Mon 19:00", 120, "Indendørs fodbold, senior"),
    A(GYMNASTIK, SPORTS, "Hal 1", "Tue 17:00", 120, "Springgymnastik"),
    A(HAANDBOLD, SPORTS, "Hal 1", "Tue 19:00", 150, "Håndbold, damer"),
    A(BOLDKLUB, SPORTS, "Hal 1", "Wed 17:00", 120, "Futsal U14"),
    A(HAANDBOLD, SPORTS, "Hal 1", "Wed 19:30", 150, "Håndbold, herrer"),
    A(GYMNASTIK, SPORTS, "Hal 1", "Thu 17:00", 180, "Rytmegymnastik"),
    A(BOLDKLUB, SPORTS, "Hal 1", "Sat 09:00", 180, "Fodboldskole", BIWEEKLY),
    A(BADMINTON, SPORTS, "Hal 2", "Mon 17:00", 120, "Badminton, ungdom"),
    A(BADMINTON, SPORTS, "Hal 2", "Mon 19:00", 120, "Badminton, senior"),
    A(MOTION, SPORTS, "Hal 2", "Wed 18:00", 120, "Motionsvolley"),
    A(BADMINTON, SPORTS, "Hal 2", "Thu 19:00", 120, "Badminton, motion"),
    A(DANS, SPORTS, "Multisalen", "Tue 17:00", 90, "Børnedans 6–9 år"),
    A(MOTION, SPORTS, "Multisalen", "Wed 19:00", 90, "Yoga"),
    A("Ældre Sagen Egeskov", SPORTS, "Multisalen", "Thu 10:00", 90, "Seniorgymnastik"),
    A(MOTION, SPORTS, "Motionslokalet", "Mon 18:00", 60, "Spinning"),
    A(BOLDKLUB, SPORTS, "Klublokalet", "Tue 19:00", 120, "Bestyrelsesmøde", MONTHLY),
    A("Egeskov Erhvervsforening", SPORTS, "Cafeteriaet", "Fri 08:00", 90, "Erhvervsmorgenmad", MONTHLY),  # noqa: E501
    U("Egeskov Skole", SPORTS, "Hal 2", "Tue 08:00", 120, "Idræt, 8. årgang"),
    U("Egeskov Skole", SPORTS, "Hal 2", "Thu 10:00", 120, "Idræt, 6. årgang"),
    U("Egeskov Skole", SPORTS, "Hal 1", "Fri 09:00", 90, "Idræt, 9. årgang"),
    # Schools after school hours (16:00): requests, approved for the season at once.
    A(GYMNASTIK, EGESKOV, "Gymnastiksalen", "Mon 17:00", 120, "Puslingehold"),
    A(MOTION, EGESKOV, "Gymnastiksalen", "Wed 19:00", 120, "Motionsgymnastik for mænd"),
    A(DANS, EGESKOV, "Gymnastiksalen", "Thu 17:00", 90, "Street dance"),
    A("Egeskov Kammerkor", EGESKOV, "Musiklokalet", "Tue 19:00", 150, "Korprøve"),
    A(MUSIK, EGESKOV, "Musiklokalet", "Thu 17:00", 120, "Sammenspil"),
    A("FOF Egeskov", EGESKOV, "Klasselokale 7.A", "Mon 19:00", 120, "Spansk for begyndere"),
    A("AOF Egeskov", EGESKOV, "Klasselokale 7.A", "Wed 19:00", 120, "Engelsk konversation"),
    A("Egeskov Aftenskole", EGESKOV, "Klasselokale 8.B", "Tue 19:00", 120, "Tysk, let øvede"),
    A("Egeskov Skoleskak", EGESKOV, "Klasselokale 8.B", "Thu 15:30", 120, "Skoleskak"),
    A("LOF Egeskov", EGESKOV, "Skolekøkkenet", "Wed 17:30", 180, "Madlavning fra hele verden"),
    A("Bøgelund Borgerforening", BOEGELUND, "Gymnastiksalen", "Tue 19:00", 120, "Badminton for alle"),  # noqa: E501
    A(GYMNASTIK, BOEGELUND, "Gymnastiksalen", "Thu 17:00", 90, "Forældre-barn-gymnastik"),
    A("Bøgelund Spejdergruppe", BOEGELUND, "Klasselokale 5.A", "Wed 18:30", 120, "Spejdermøde"),
    A(MUSIK, BOEGELUND, "Musiklokalet", "Mon 19:00", 120, "Blæserorkester"),
    A(HAANDBOLD, LINDVED, "Gymnastiksalen", "Mon 17:00", 90, "Boldleg for de mindste"),
    A("Lindved Beboerforening", LINDVED, "Gymnastiksalen", "Thu 19:00", 90, "Motion for voksne"),
    A("FDF Egeskov", LINDVED, "Fællesrummet", "Wed 18:00", 120, "FDF-møde"),
    A("Folkeuniversitetet i Egeskov", LINDVED, "Klasselokale 3.A", "Tue 19:00", 120, "Forelæsningsrække: Danmarkshistorie", BIWEEKLY),  # noqa: E501
    # The culture house: evenings inside its hours, Saturdays too.
    A(MUSIK, CULTURE, "Øvelokale 1", "Mon 19:00", 180, "Bandøvning"),
    A(MUSIK, CULTURE, "Øvelokale 2", "Wed 18:00", 180, "Bandøvning"),
    A(DANS, CULTURE, "Dansesalen", "Mon 16:00", 90, "Børnedans 3–5 år"),
    A("Egeskov Amatørteater", CULTURE, "Dansesalen", "Tue 19:00", 150, "Teaterprøve"),
    A("Daghøjskolen Lindved", CULTURE, "Dansesalen", "Thu 10:00", 120, "Seniordans"),
    A("Egeskov Bridgeklub", CULTURE, "Mødelokale Remisen", "Mon 19:00", 180, "Bridgeaften"),
    A("Egeskov Lokalhistoriske Forening", CULTURE, "Mødelokale Remisen", "Wed 19:00", 120, "Arkivaften", BIWEEKLY),  # noqa: E501
    A("Egeskov Frivilligcenter", CULTURE, "Værkstedet", "Sat 13:00", 180, "Reparationscafé", BIWEEKLY),  # noqa: E501
    A("KFUM-Spejderne Egeskov", CULTURE, "Værkstedet", "Thu 18:30", 120, "Spejdermøde, trop"),
    # The library books at most 90 days ahead: these are renewed each quarter.
    A("Sprogcaféen Egeskov", LIBRARY, "Mødelokale Ahorn", "Wed 16:00", 120, "Sprogcafé"),
    A("FOF Egeskov", LIBRARY, "Makerspace", "Tue 16:00", 120, "Kodeklub for børn"),
    U("Egeskov Bibliotekerne", LIBRARY, "Makerspace", "Fri 10:00", 120, "Skoletjeneste: robotværksted"),  # noqa: E501
    # The town hall and the administration: a weekly meeting, a weekly course, a wine club.
    A("Egeskov Vinlaug", TOWN_HALL, "Kantinen", "Thu 19:00", 150, "Vinsmagning", MONTHLY),
    U("Børn og Unge", TOWN_HALL, "Udvalgsværelset", "Mon 09:00", 90, "Ledermøde, Børn og Unge"),
    U("Jobcenter Egeskov", ADMIN, "Kursuslokalet", "Wed 09:00", 180, "Jobsøgningskursus"),
)
# fmt: on
