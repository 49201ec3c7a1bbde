"""The demo's Danish words: reasons for refusals and cancellations, titles of meetings.

Data, like the rest of the demo municipality, in the language the demo's users read. Fictional.
"""

REFUSAL_REASONS: tuple[str, ...] = (
    "Lokalet er allerede lovet til skolens eget arrangement den dag.",
    "Der er planlagt vedligeholdelse af gulvet i den uge.",
    "Lokalet er forbeholdt foreninger for børn og unge på det tidspunkt (folkeoplysningsloven).",
    "Vi kan ikke stille med en vicevært så sent; vælg venligst et tidspunkt i åbningstiden.",
    "Arrangementet er for stort til lokalet; se forslagene til andre lokaler.",
    "Der mangler oplysninger om den ansvarlige voksne; send gerne en ny anmodning.",
)

MANAGER_CANCEL_REASONS: tuple[str, ...] = (
    "Vandskade: lokalet er lukket, til håndværkerne er færdige.",
    "Lokalet skal bruges som valgsted.",
    "Varmeanlægget er i stykker; bygningen holder lukket.",
    "Kommunen holder borgermøde i salen den aften.",
)

BOOKER_CANCEL_REASONS: tuple[str, ...] = (
    "Træneren er syg.",
    "For få tilmeldte.",
    "Mødet er flyttet.",
    "Vi har fundet et andet lokale.",
    "Aflyst på grund af vejret.",
)

AUTUMN_HOLIDAY = "Efterårsferie: ingen aktivitet i denne uge."
WINTER_HOLIDAY = "Vinterferie: ingen aktivitet i denne uge."

# Titles of a unit's meetings, for any unit; UNIT_TITLES adds the unit's own.
MEETING_TITLES: tuple[str, ...] = (
    "Teammøde",
    "Ledermøde",
    "Projektmøde",
    "MED-udvalgsmøde",
    "Budgetopfølgning",
    "Tværfagligt møde",
    "Introduktion af nye medarbejdere",
    "Netværksmøde",
    "Møde med samarbejdspartner",
)
UNIT_TITLES: dict[str, tuple[str, ...]] = {
    "Borgerservice": ("Vagtplanlægning", "Borgersamtale"),
    "Teknik og Miljø": ("Byggesagsmøde", "Møde om lokalplan", "Vejmøde"),
    "Børn og Unge": ("Skoleledermøde", "Møde om dagtilbud", "Netværksmøde PPR"),
    "Social og Sundhed": ("Visitationsmøde", "Tværfagligt møde om borger"),
    "Jobcenter Egeskov": ("Jobsamtale", "Virksomhedsmøde", "Rehabiliteringsteam"),
    "Kultur og Fritid": ("Møde med foreningsrådet", "Planlægning af kulturnat"),
    "Egeskov Bibliotekerne": ("Personalemøde", "Planlægning af arrangementer"),
}
# Big rooms: (title, share of the unit meetings held there)
BIG_ROOM_TITLES: tuple[str, ...] = (
    "Personalemøde",
    "Temadag",
    "Kursus",
    "Fyraftensmøde",
    "Informationsmøde",
)

LIBRARY_TITLES: tuple[str, ...] = (
    "Studiegruppe",
    "Eksamenslæsning",
    "Lektiehjælp",
    "Online jobsamtale",
    "Læsekreds",
    "Projektarbejde",
    "Skrivegruppe",
    "Slægtsforskning",
    "Brætspil",
)
CHILDREN_ROOM_TITLES: tuple[str, ...] = ("Børnefødselsdag", "Legegruppe", "Strikkeklub")
PARTY_TITLES: tuple[str, ...] = ("Fødselsdag", "Barnedåb", "Familiefest", "Sølvbryllup")
