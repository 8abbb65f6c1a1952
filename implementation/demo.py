"""Demo data: ``python -m implementation demo`` fills an empty database.

Five interventions from the seed documents, the organisations that run them, and
about three school years (2023-2024 up to ``today``) of checklist assessments, so
that every page of the dashboard has something to show: readiness growing over
time, improvement points with notes, an answer history with edits by a second
person, two drafts to continue, and one intervention writing its method manual.

Nothing here names a checklist item: which items exist, their steps,
perspectives, elements and ``*`` marks are read from the loaded checklists at run
time, and the few seed facts that concern particular items (the DEI listing, the
licence, JOIN us' feedback form per lesson...) are matched on the item *text*.
The answers are drawn from a :class:`random.Random` with a fixed seed, so every
load gives the same database.

The story the answers tell (seed 003, §2.1): the owners arranged steps 1-3
(vraag bepalen, analyseren, inrichten) early, steps 4-5 (uitvoeren, monitoren)
later, and step 6 (borgen) stays low -- none of the three school interventions
of seed 003 reached borging nationally. Leerlingbemiddeling has no owner and
works on the vrije marktprincipe, so it is weak on the national (macro) items.
JOIN us monitors well (a feedback form after every lesson, questionnaires at
lessons 5 and 10, seed 000).
"""
from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from . import checklists
from .checklists import Checklist, Item
from .indicators import DEFAULT_DIRECTORY as INDICATOR_DIRECTORY
from .indicators import Direction, Frequency, load_indicator_file, period_of, range_problem
from .monitoring import MeasurementInput
from .store import AnswerInput, Store, StoreError

DEMO_TODAY = date(2026, 10, 1)

VB = "verspreiding-borging"
MH = "methodiekhandleiding"
SEED = 20231101
TIMELINE_START = date(2023, 9, 1)     # the first demo school year, 2023-2024
SCHOOL_YEARS = (2023, 2024, 2025, 2026)
NJI = "implementatieadviseur NJi"     # NJi supported the owners (seed 003, §2.1)
IMPLEMENTATION_SCOPE = list(checklists.IMPLEMENTATION_SCOPE)


# -- the interventions -----------------------------------------------------------------

@dataclass(frozen=True)
class _Intervention:
    key: str
    name: str
    profile: dict
    respondent: str
    # step -> (readiness level at the start of 2023-2024, level three years later)
    levels: dict[int, tuple[float, float]]
    shift: dict[str, float] = field(default_factory=dict)   # per perspective
    draft_latest: bool = False          # newest intervention assessment stays a draft
    extra_autumn_2026: bool = False     # one more assessment in September 2026
    day: int = 10                       # day of the month of its assessments


INTERVENTIONS = [
    # Seed 003 §1.1: integral social-skills approach for the first two years of secondary
    # school, developed by Sardes and APS, Dutch version of RiPP. §2.1: activities from
    # disseminatie to implementatie, subsidised pilots, cost system still to be adjusted,
    # no national roll-out yet. §4.1: much attention for broad implementation; an
    # implementation guide for schools is being written. The seed names no DEI listing.
    _Intervention(
        "baas", "Baas in eigen soap",
        dict(owner="Sardes & APS", aansturing="centraal",
             doel_verspreiding="maximale beschikbaarheid", dei_status="niet opgenomen",
             licence="Lesmateriaal met teambijeenkomsten; introductietraining en "
                     "trajectbegeleiding via Sardes en APS",
             description="Integrale aanpak voor sociale vaardigheden in de eerste twee "
                         "leerjaren van het voortgezet onderwijs, met teambijeenkomsten en "
                         "leerlinglessen die in alle vakken terugkomen. Nederlandse bewerking "
                         "van het Amerikaanse programma RiPP."),
        respondent="Sardes & APS",
        levels={1: (0.70, 0.95), 2: (0.50, 0.85), 3: (0.30, 0.72), 4: (0.20, 0.60),
                5: (0.20, 0.50), 6: (0.03, 0.22)},
        shift={"macro": -0.05, "content": 0.05},
        draft_latest=True, extra_autumn_2026=True, day=14),
    # Seed 003 §1.2: complete package for the first two years of secondary school --
    # digital lessons, a serious game, repetition lessons and worksheets in four modules,
    # built into the mentor hours -- by Codename Future. §2.1: mailing, fora, adjusted
    # cost system, introduction trainings, coaching on the job; the challenge is borging
    # in the schools. §4.1/4.3: a quality trajectory towards "theoretisch onderbouwd";
    # the method manual describes target group and SMART goals.
    _Intervention(
        "gedrag", "Gedrag: ik doe ertoe!",
        dict(owner="Codename Future", aansturing="centraal",
             doel_verspreiding="maximale kwaliteit", dei_status="in beoordeling",
             licence="Schoollicentie op het digitale lesmateriaal en de serious game, "
                     "inclusief introductietraining voor mentoren",
             description="Compleet pakket voor de eerste twee leerjaren van het voortgezet "
                         "onderwijs om antisociaal gedrag te voorkomen: digitaal lesmateriaal, "
                         "een serious game, herhalingslessen en werkbladen in vier modules, "
                         "ingebouwd in de mentoruren."),
        respondent="Codename Future",
        levels={1: (0.80, 0.97), 2: (0.60, 0.90), 3: (0.45, 0.80), 4: (0.35, 0.70),
                5: (0.20, 0.50), 6: (0.05, 0.28)},
        shift={"content": 0.10, "meso": -0.05},
        day=21),
    # Seed 003 §1.3: pupils mediate conflicts as impartial mediators; handbook by the
    # Centrum voor Criminaliteitspreventie en Veiligheid; many providers, many variants,
    # no single owner. §2.1: investment mainly in the first two stages; implementation is
    # maatwerk. §4.1: vrije marktprincipe. Bijlage 4: the Platform Leerlingbemiddeling.
    _Intervention(
        "lb", "Leerlingbemiddeling",
        dict(owner=None, aansturing="vrije markt",
             doel_verspreiding="maximale beschikbaarheid", dei_status="niet opgenomen",
             licence="Geen licentie: het handboek is vrij te gebruiken; aanbieders werken "
                     "met eigen varianten",
             description="Aanpak waarin leerlingen als onpartijdige bemiddelaars conflicten "
                         "tussen medeleerlingen helpen oplossen, in het basis- en voortgezet "
                         "onderwijs. Handboek van het Centrum voor Criminaliteitspreventie en "
                         "Veiligheid; uitgevoerd door diverse aanbieders zonder één eigenaar."),
        respondent="Platform Leerlingbemiddeling",
        levels={1: (0.60, 0.80), 2: (0.40, 0.60), 3: (0.20, 0.38), 4: (0.20, 0.35),
                5: (0.05, 0.18), 6: (0.00, 0.10)},
        shift={"macro": -0.30, "content": 0.05},
        day=5),
    # Seed 000: positive anti-bullying approach, ten lessons for first-year pupils (11-13)
    # in regular secondary school, mentor training 2 x 4 hours, a policy plan per school,
    # a feedback form after every lesson, pupil/mentor questionnaires at lessons 5 and 10,
    # costs per school; effect study 2014 (N = 106); described for the DEI erkenningstraject.
    _Intervention(
        "joinus", "JOIN us",
        dict(owner="Ontwikkelaars JOIN us", aansturing="centraal",
             doel_verspreiding="maximale kwaliteit", dei_status="in beoordeling",
             licence="Gebruik na de training aan mentoren (2 × 4 uur, € 3350 per training); "
                     "jaarlijkse vergoeding van € 850 per school voor lessen en evaluaties",
             description="Positieve aanpak ter preventie van pesten: tien lessen met "
                         "saamhorigheidsspellen voor eerstejaars in het regulier voortgezet "
                         "onderwijs, gegeven door mentoren die daarvoor getraind zijn."),
        respondent="Ontwikkelaars JOIN us",
        levels={1: (0.85, 1.00), 2: (0.70, 0.90), 3: (0.60, 0.85), 4: (0.55, 0.85),
                5: (0.60, 0.80), 6: (0.12, 0.35)},
        shift={"content": 0.05},
        day=17),
    # Seed 002: the Join us foundation (Veghel, since 2016) brings lonely youth aged 12-25
    # together in fortnightly group evenings; financed by municipalities (Asten); referrals
    # by schools (teamleider, zorgcoördinator, mentor); a group needs at least five youths;
    # LEKA and UCLA loneliness scales, effect study with Radboud Universiteit; schools ask
    # for feedback. Named "Stichting Join us": names are unique regardless of case.
    _Intervention(
        "stichting", "Stichting Join us",
        dict(owner="Stichting Join us", aansturing="centraal",
             doel_verspreiding="minimale kosten", dei_status="niet opgenomen",
             licence="Geen licentie; de activiteiten worden per gemeente gefinancierd "
                     "(Jeugdwet/Wmo)",
             description="Tweewekelijkse groepsavonden voor eenzame jongeren van 12 tot 25 jaar "
                         "die sociaal redzamer willen worden; scholen, gemeenten en "
                         "hulpverleners verwijzen door. Een groep heeft minimaal vijf "
                         "deelnemers nodig."),
        respondent="Stichting Join us",
        levels={1: (0.70, 0.90), 2: (0.50, 0.75), 3: (0.30, 0.55), 4: (0.40, 0.60),
                5: (0.35, 0.60), 6: (0.08, 0.30)},
        shift={"macro": -0.10},
        draft_latest=True, extra_autumn_2026=True, day=24),
]


# -- organisations -----------------------------------------------------------------------

# Seed 001: Melanchthon, a secondary-school group of nine locations, each with its own
# anti-pestcoördinator (apc), choosing its own programmes. The seed names one location
# (Melanchthon Mathenesse, the algemeen apc's phone number). Schiebroek, Kralingen,
# Bergschenhoek, De Blesewic, Business School and Berkroden are named on the school
# group's public website, not in the seed; Wilgenplas is from memory and unchecked; the
# ninth location is left unnamed rather than guessed.
BOARD = ("Melanchthon", "Rotterdam")
LOCATIONS = [
    ("Melanchthon Mathenesse", "Rotterdam"),
    ("Melanchthon Schiebroek", "Rotterdam"),
    ("Melanchthon Kralingen", "Rotterdam"),
    ("Melanchthon Bergschenhoek", "Bergschenhoek"),
    ("Melanchthon De Blesewic", "Bleiswijk"),
    ("Melanchthon Business School", "Bleiswijk"),
    ("Melanchthon Berkroden", "Berkel en Rodenrijs"),
    ("Melanchthon Wilgenplas", "Bergschenhoek"),
    ("Melanchthon vestiging 9", None),
]
OTHER_ORGANISATIONS = [
    # owners and developers (seed 003 §1.1-1.3; seed 002)
    ("Sardes", "eigenaar", "Utrecht"),
    ("APS", "eigenaar", "Utrecht"),          # also a provider of Leerlingbemiddeling (Bijlage 4)
    ("Codename Future", "eigenaar", None),
    ("Centrum voor Criminaliteitspreventie en Veiligheid", "kenniscentrum", "Utrecht"),
    ("Stichting Join us", "eigenaar", "Veghel"),
    # providers of Leerlingbemiddeling (seed 003, Bijlage 4 Platform leerlingbemiddeling)
    ("Bureau In Gesprek", "aanbieder", None),
    ("Stichting Peacemaker", "aanbieder", None),
    ("Mediation door Leerlingen (MdL)", "aanbieder", None),
    ("Bureau WellesNietes", "aanbieder", None),
    ("Stichting Veilig Onderwijs", "aanbieder", None),
    ("Halt Noord-Nederland", "aanbieder", None),
    ("Eduniek (Vreedzame School)", "aanbieder", None),
    ("Edumonde Mediation", "aanbieder", None),
    # schools of the JOIN us pilots (seed 000: Montessori College, Aerdenhout/Bloemendaal,
    # 2013; Over Y College, Amsterdam, 2014) and a referring school of Join us (seed 002)
    ("Montessori College Aerdenhout", "school", "Bloemendaal"),
    ("Over Y College", "school", "Amsterdam"),
    ("Commanderij College", "school", "Gemert"),
    # municipalities that finance the Join us groups (seed 002: Veghel, Asten)
    ("Gemeente Meierijstad", "gemeente", "Veghel"),
    ("Gemeente Asten", "gemeente", "Asten"),
]


@dataclass(frozen=True)
class _Implementation:
    intervention: str           # key of an _Intervention
    organisation: str
    started_on: date
    respondent: str
    twice_a_year: bool = True
    quality: float = 1.0        # how well this organisation arranges things
    editor: str | None = None   # a second person who corrects some answers


IMPLEMENTATIONS = [
    # Melanchthon: every location chooses its own programmes (seed 001), so each runs one
    # or two of the catalogue's interventions and the ninth none of them. The respondent is
    # the location's anti-pestcoördinator; the algemeen apc reviews.
    _Implementation("gedrag", "Melanchthon Mathenesse", date(2023, 9, 1),
                    "apc Melanchthon Mathenesse", quality=1.05,
                    editor="algemeen apc Melanchthon"),
    _Implementation("joinus", "Melanchthon Mathenesse", date(2025, 9, 1),
                    "apc Melanchthon Mathenesse", twice_a_year=False),
    _Implementation("gedrag", "Melanchthon Schiebroek", date(2023, 9, 1),
                    "apc Melanchthon Schiebroek", quality=0.95),
    _Implementation("lb", "Melanchthon Schiebroek", date(2024, 2, 1),
                    "apc Melanchthon Schiebroek", twice_a_year=False, quality=0.9),
    _Implementation("baas", "Melanchthon Kralingen", date(2023, 9, 1),
                    "apc Melanchthon Kralingen", quality=1.1,
                    editor="algemeen apc Melanchthon"),
    _Implementation("lb", "Melanchthon Bergschenhoek", date(2023, 10, 2),
                    "apc Melanchthon Bergschenhoek", quality=1.15),
    _Implementation("gedrag", "Melanchthon De Blesewic", date(2024, 9, 2),
                    "apc Melanchthon De Blesewic", quality=0.9),
    _Implementation("baas", "Melanchthon Business School", date(2024, 9, 2),
                    "apc Melanchthon Business School", twice_a_year=False, quality=0.85),
    _Implementation("baas", "Melanchthon Berkroden", date(2024, 1, 15),
                    "apc Melanchthon Berkroden", quality=1.0,
                    editor="algemeen apc Melanchthon"),
    _Implementation("lb", "Melanchthon Wilgenplas", date(2025, 1, 6),
                    "apc Melanchthon Wilgenplas", twice_a_year=False, quality=0.8),
    # Leerlingbemiddeling providers deliver the intervention themselves (Bijlage 4).
    _Implementation("lb", "Bureau In Gesprek", date(2023, 9, 1),
                    "trainer Bureau In Gesprek", twice_a_year=False, quality=1.1),
    _Implementation("lb", "Stichting Peacemaker", date(2023, 9, 1),
                    "trainer Stichting Peacemaker", twice_a_year=False, quality=1.0),
    # JOIN us pilot schools (seed 000), running the lessons ever since.
    _Implementation("joinus", "Montessori College Aerdenhout", date(2013, 9, 2),
                    "teamleider onderbouw", quality=1.1, editor="JOIN us-trainer"),
    _Implementation("joinus", "Over Y College", date(2014, 9, 1),
                    "zorgcoördinator", twice_a_year=False, quality=0.95),
    # Join us groups, financed per municipality; the Commanderij College refers pupils
    # (seed 002: foundation in Veghel since 2016, samenwerkingsvoorstel Asten 2017).
    _Implementation("stichting", "Gemeente Meierijstad", date(2016, 9, 1),
                    "groepsbegeleider Join us Veghel", quality=1.0),
    _Implementation("stichting", "Gemeente Asten", date(2017, 9, 1),
                    "groepsbegeleider Join us Asten", twice_a_year=False, quality=0.95),
    _Implementation("stichting", "Commanderij College", date(2018, 1, 8),
                    "zorgcoördinator Commanderij College", twice_a_year=False, quality=0.85),
]

# Baas in eigen soap is writing a manual for schools (seed 003 §4.1, §4.3); the method
# manual of "Gedrag: ik doe ertoe!" already describes target group and goals (§4.3).
MANUAL_ASSESSMENTS = {
    "baas": [date(2024, 10, 15), date(2025, 10, 20), date(2026, 6, 9)],
    "gedrag": [date(2024, 3, 12)],
}
MANUAL_LEVELS = {"baas": (0.25, 0.85), "gedrag": (0.85, 0.95)}


# -- seed facts about particular items, matched on the item text -----------------------

Answer = str | None
When = Callable[[date], Answer]


@dataclass(frozen=True)
class _Rule:
    """Answer, note and evidence for the items whose text matches ``pattern``.

    ``answer`` is fixed, or a function of the assessment date, or None to leave the
    drawn answer. For an item with elements the answer goes to all its elements (the
    item's own answer follows from them). ``note`` is shown while the answer is 'nee'
    (``note_on_yes`` while it is 'ja'); ``evidence`` while it is 'ja'.
    """

    pattern: str
    answer: Answer | When = None
    note: str | None = None
    note_on_yes: str | None = None
    evidence: str | None = None
    perspective: str | None = None


def _until(day: date, before: str, after: str) -> When:
    return lambda on: before if on < day else after


def _dei_rule(status: str) -> _Rule:
    if status == "opgenomen":
        return _Rule(r"Databank Effectieve Interventies|opgenomen in de DEI", "ja")
    note = ("Erkenningstraject bij de Databank Effectieve Interventies loopt"
            if status == "in beoordeling" else "Niet ingediend bij de Databank Effectieve "
            "Interventies")
    return _Rule(r"Databank Effectieve Interventies|opgenomen in de DEI", "nee", note)


NO_BUDGET = "Nog geen budget voor doorontwikkeling"

RULES: dict[str, list[_Rule]] = {
    "baas": [
        _Rule(r"manier van verspreiding is vastgesteld", "ja",
              note_on_yes="Centrale aansturing door Sardes en APS"),
        _Rule(r"financieringsstructuur", "nee",
              NO_BUDGET + "; de financiering loopt via gesubsidieerde pilots"),
        _Rule(r"kosten van de interventie zijn helder", _until(date(2024, 9, 1), "nee", "ja"),
              "Kostensystematiek wordt aangepast (brainstorm over de 'trigger' en de prijs)"),
        _Rule(r"communicatieplan", _until(date(2024, 3, 1), None, "ja"),
              evidence="https://www.nji.nl/implementatie"),
        _Rule(r"implementatieplan voor de landelijke", None,
              "Implementatiehandreiking voor scholen wordt geschreven; NJi geeft feedback"),
        _Rule(r"kwalitatief/kwantitatief onderzoek", "ja", perspective="macro",
              note_on_yes="Evaluaties tijdens en na de uitvoering bij de pilotscholen"),
        _Rule(r"landelijke evaluatiemomenten", "nee",
              "Nog geen landelijke uitrol; evaluaties alleen per pilotschool"),
    ],
    "gedrag": [
        _Rule(r"manier van verspreiding is vastgesteld", "ja",
              note_on_yes="Centrale aansturing door Codename Future"),
        _Rule(r"methodiekhandleiding waarin", "ja",
              evidence="Methodiekhandleiding 'Gedrag: ik doe ertoe!' (doelen SMART op school-, "
                       "leraar- en leerlingniveau)"),
        _Rule(r"Doelen van de interventie zijn helder", "ja",
              evidence="https://www.codenamefuture.nl"),
        _Rule(r"kosten van de interventie zijn helder", "ja",
              note_on_yes="Kostensystematiek aangepast na advies NJi"),
        _Rule(r"Naast training krijgt de professional ook coaching", "ja",
              note_on_yes="Coaching on the job tijdens de eerste projectdag en de startfase"),
        _Rule(r"leren is georganiseerd middels een reflectiemethode",
              _until(date(2025, 9, 1), "nee", "ja"),
              "Intervisiestructuur wordt ingericht (advies NJi)", perspective="macro"),
        _Rule(r"financieringsstructuur", "nee", NO_BUDGET),
    ],
    "lb": [
        _Rule(r"welke vraag cliënten", "ja",
              note_on_yes="Vraag van scholen om ondersteuning bij conflicthantering"),
        _Rule(r"manier van verspreiding is vastgesteld", "ja",
              note_on_yes="Vrije marktprincipe: aanbieders gebruiken het materiaal op hun "
                          "eigen manier"),
        _Rule(r"rechthebbend licentiehouder", "nee",
              "Geen eigenaar: handboek van het CCV, elke aanbieder vaart een eigen koers"),
        _Rule(r"strategische partners zijn bekend", "ja",
              evidence="Platform Leerlingbemiddeling (18 aanbieders)"),
        _Rule(r"waar de interventie tot nu toe verspreid", "nee",
              "Niemand houdt bij op welke scholen leerlingbemiddeling loopt"),
        _Rule(r"monitoringsgegevens op landelijk niveau", "nee",
              "Geen landelijke gegevens; elke aanbieder evalueert op eigen wijze"),
        _Rule(r"programma intergriteitsmetingen", "nee",
              "Geen eenduidige werkwijze: varianten per aanbieder"),
        _Rule(r"aan te passen op de lokale context", "ja",
              note_on_yes="Maatwerktrajecten per school"),
        _Rule(r"financieringsstructuur", "nee", NO_BUDGET + "; geen partij die dit oppakt"),
    ],
    "joinus": [
        _Rule(r"welke vraag cliënten", "ja",
              note_on_yes="Behoefteanalyse op vier scholen (interviews met zorgcoördinatoren)"),
        _Rule(r"manier van verspreiding is vastgesteld", "ja",
              note_on_yes="Centraal: JOIN us-trainers komen naar de school"),
        _Rule(r"intergriteitsmetingen|programma-integriteit", "ja",
              evidence="Handboek JOIN us, bijlage 1: feedbackformulier na elke les"),
        _Rule(r"effectitiviteitmetingen|instrumenten beschikbaar", "ja",
              evidence="Vragenlijsten leerlingen en mentor bij les 5 en les 10 "
                       "(handboek, bijlage 5)"),
        _Rule(r"evaluatiemomenten afgesproken", "ja",
              note_on_yes="Jaarlijkse tussenevaluatie op school en eindevaluatie per mail"),
        _Rule(r"kwalitatief/kwantitatief onderzoek", "ja", perspective="macro",
              note_on_yes="Effectonderzoek 2014: 106 leerlingen (51 interventie, 55 controle)"),
        _Rule(r"kosten van de interventie zijn helder|kosten voor de uitvoering", "ja",
              evidence="Training 2 × 4 uur € 3350; jaarlijks gebruik € 850 per school"),
        _Rule(r"De professionals krijgen een training", "ja",
              note_on_yes="Training aan mentoren, 2 × 4 uur"),
        _Rule(r"structureel effectonderzoek", "nee",
              "Na het onderzoek van 2014 geen vervolgonderzoek gepland"),
        _Rule(r"financieringsstructuur", "nee", NO_BUDGET),
    ],
    "stichting": [
        _Rule(r"welke vraag cliënten", "ja",
              note_on_yes="Eenzaamheid onder jongeren van 12 tot 25 jaar"),
        _Rule(r"financieringsstructuur", "nee",
              "Activiteiten worden per jaar door gemeenten gefinancierd (Jeugdwet/Wmo)"),
        _Rule(r"instrumenten beschikbaar", "ja",
              evidence="LEKA (Goossens, 2016) en UCLA Loneliness Scale (Russell, 1996)"),
        _Rule(r"kwalitatief/kwantitatief onderzoek", "ja", perspective="macro",
              note_on_yes="Effectonderzoek met de Radboud Universiteit loopt"),
        _Rule(r"Terugkoppeling vindt plaats", _until(date(2025, 9, 1), "nee", "ja"),
              "Scholen vragen om meer terugkoppeling over deelname en voortgang"),
        _Rule(r"capaciteit om de landelijke vraag", "nee",
              "Een groep heeft minimaal vijf jongeren nodig; er worden minder jongeren "
              "doorverwezen"),
    ],
}
for _spec in INTERVENTIONS:
    RULES[_spec.key].append(_dei_rule(_spec.profile["dei_status"]))

# At the Melanchthon locations social safety is monitored yearly with the Vensters
# satisfaction survey and incidents are registered in the pupil-tracking system (seed 001).
MELANCHTHON_RULES = [
    _Rule(r"evaluatiemomenten afgesproken \(bijvoorbeeld", "ja", perspective="meso",
          note_on_yes="Sociale veiligheid jaarlijks gemonitord met het tevredenheidsonderzoek "
                      "in Vensters"),
    _Rule(r"database beschikbaar", "ja", perspective="meso",
          note_on_yes="Pestincidenten worden geregistreerd in het leerlingvolgsysteem"),
]
IMPLEMENTATION_RULES: dict[str, list[_Rule]] = {
    "joinus": [
        _Rule(r"programma-integriteit", "ja",
              evidence="Feedbackformulieren per les (handboek, bijlage 1)"),
        _Rule(r"De professionals krijgen een training", "ja",
              note_on_yes="Alle mentoren van de brugklassen getraind (2 × 4 uur)"),
    ],
    "gedrag": [
        _Rule(r"De professionals krijgen een training", "ja",
              note_on_yes="Introductietraining mentoren door Codename Future"),
    ],
    "stichting": [
        _Rule(r"Monitoringsgegevens worden verzameld", "ja",
              note_on_yes="LEKA-vragenlijst bij tussen- en eindevaluatie"),
    ],
}

NO_NOTES = {
    1: ["Vraag nog niet systematisch opgehaald bij ouders en jongeren"],
    2: ["Nog niet in kaart gebracht; actiepunt voor volgend schooljaar",
        "Wordt meegenomen in de marktverkenning"],
    3: ["In concept, nog niet vastgesteld", NO_BUDGET, "Wordt nog uitgewerkt"],
    4: ["Intervisie nog niet structureel ingepland",
        "Wacht op uitbreiding van de trainerspool"],
    5: ["Gegevens worden verzameld maar nog niet vergeleken",
        "Geen overzicht van het gebruik op scholen"],
    6: [NO_BUDGET, "Nog geen plan voor de borging na de startfase"],
}
IMPLEMENTATION_NO_NOTES = [
    "Hangt op één collega; kwetsbaar bij vertrek",
    "Tijd voor intervisie nog niet gefaciliteerd",
    "Wordt besproken in het zorgteam",
    "Nieuwe mentoren nog niet getraind",
    "Actiepunt in het jaarplan van volgend schooljaar",
]
REGRESSION_NOTE = "Tijdelijk niet geregeld: de betrokken collega is vertrokken"
EVIDENCE = {
    "baas": ["https://www.sardes.nl", "https://www.aps.nl",
             "Implementatiehandreiking Baas in eigen soap (concept)"],
    "gedrag": ["https://www.codenamefuture.nl", "Draaiboek per school (Codename Future)"],
    "lb": ["Handboek leerlingbemiddeling (CCV)", "Platform Leerlingbemiddeling"],
    "joinus": ["Beleidsplan JOIN us (2017)", "Handboek JOIN us"],
    "stichting": ["Handboek Join us (2017)", "Samenwerkingsvoorstel gemeente Asten (2017)"],
}
IMPLEMENTATION_EVIDENCE = {
    "Melanchthon": ["Anti-pestbeleidsplan Melanchthon", "Jaarverslag sociale veiligheid (Vensters)",
                    "Schoolplan vestiging"],
    None: ["Verslag tussenevaluatie", "Jaarplan", "Notulen zorgteamoverleg"],
}
MANUAL_NO_NOTES = ["Nog uitwerken in de volgende versie van de handleiding",
                   "Staat in de implementatiehandreiking, nog niet in de handleiding"]


# -- answer generation -------------------------------------------------------------------

def _smooth(x: float) -> float:
    x = min(1.0, max(0.0, x))
    return 0.5 * x + 0.5 * x * x * (3 - 2 * x)


def _level(levels: dict[int, tuple[float, float]], step: int, years: float,
           span: float = 3.0) -> float:
    start, end = levels.get(step, (0.5, 0.7))
    return start + (end - start) * _smooth(years / span)


@dataclass
class _Draw:
    """Per subject (an intervention or one implementation) and item: fixed random traits,
    so that later assessments change only where the level has moved on."""

    threshold: float
    nvt: bool
    late: bool          # left unanswered in the subject's first assessment
    regress_at: int     # assessment index at which a 'ja' dips back to 'nee' (-1: never)
    note: str | None
    evidence: str | None


class _Subject:
    def __init__(self, key: str, checklist: Checklist, perspectives: list[str] | None,
                 rules: list[_Rule], level: Callable[[Item, date], float], n_assessments: int,
                 notes: Callable[[Item], list[str]], evidence: list[str]):
        self.checklist = checklist
        self.rng = random.Random(f"{SEED}:{key}")
        self.items = [i for i in checklist.items if perspectives is None
                      or (i.perspective is not None and i.perspective.value in perspectives)]
        self.children: dict[str, list[Item]] = {}
        for item in self.items:
            if item.parent is not None:
                self.children.setdefault(item.parent, []).append(item)
        self.level = level
        self.rules = self._match(rules)
        rng = self.rng
        self.draws: dict[str, _Draw] = {}
        for item in self.items:
            pool = notes(item)
            self.draws[item.id] = _Draw(
                threshold=rng.random(),
                nvt=rng.random() < (0.04 if item.depth else 0.02 if _local(item) else 0.0),
                late=rng.random() < 0.07,
                # people leave: an arranged item of steps 3-5 can lapse for one assessment
                regress_at=(rng.randrange(1, n_assessments) if n_assessments > 2
                            and 3 <= item.step <= 5 and rng.random() < 0.04 else -1),
                note=rng.choice(pool) if pool and rng.random() < 0.18 else None,
                evidence=rng.choice(evidence) if evidence and rng.random() < 0.10 else None)

    def _match(self, rules: list[_Rule]) -> dict[str, tuple[_Rule, bool]]:
        """item id -> (rule, whether the item itself matched, not an ancestor)."""
        matched: dict[str, tuple[_Rule, bool]] = {}
        for rule in rules:
            pattern = re.compile(rule.pattern, re.IGNORECASE)
            for item in self.items:
                if item.id in matched or not pattern.search(item.text):
                    continue
                if rule.perspective and (item.perspective is None
                                         or item.perspective.value != rule.perspective):
                    continue
                matched[item.id] = (rule, True)
                for below in self._descendants(item.id):
                    matched.setdefault(below.id, (rule, False))
        return matched

    def _descendants(self, item_id: str) -> list[Item]:
        found = []
        for child in self.children.get(item_id, []):
            found.append(child)
            found.extend(self._descendants(child.id))
        return found

    def answers(self, on: date, index: int) -> dict[str, AnswerInput]:
        """The answers of the subject's assessment number ``index`` (0-based) on ``on``."""
        result: dict[str, AnswerInput] = {}
        for item in reversed(self.items):          # elements before the items they belong to
            draw = self.draws[item.id]
            kids = [result[c.id] for c in self.children.get(item.id, [])]
            if kids:
                answer = _combine([k.answer for k in kids])
            elif draw.nvt:
                answer = "nvt"
            elif draw.late and index == 0:
                answer = None
            else:
                answer = "ja" if draw.threshold < self.level(item, on) else "nee"
                if answer == "ja" and index == draw.regress_at:
                    answer = "nee"
            note, evidence = None, None
            rule, own = self.rules.get(item.id, (None, False))
            if rule is not None and not kids:
                forced = rule.answer(on) if callable(rule.answer) else rule.answer
                if forced is not None and answer != "nvt":
                    answer = forced
            if rule is not None and own:
                note = rule.note if answer == "nee" else rule.note_on_yes if answer == "ja" \
                    else None
                evidence = rule.evidence if answer == "ja" else None
            elif item.depth == 0 or not kids:
                if answer == "nee":
                    note = (REGRESSION_NOTE if index == draw.regress_at
                            and draw.threshold < self.level(item, on) else draw.note)
                elif answer == "ja" and item.depth == 0:
                    evidence = draw.evidence
            result[item.id] = AnswerInput(item.id, answer, note, evidence)
        return {item.id: result[item.id] for item in self.items}


def _local(item: Item) -> bool:
    """An item about the implementing organisation or its professionals."""
    return item.perspective is not None and item.perspective.value in IMPLEMENTATION_SCOPE


def _combine(answers: list[Answer]) -> Answer:
    """An item's own answer from its elements' answers, as a respondent would give it."""
    applicable = [a for a in answers if a != "nvt"]
    if not applicable:
        return "nvt" if answers else None
    if "nee" in applicable:
        return "nee"
    if None in applicable:
        return None
    return "ja"


# -- schedules ---------------------------------------------------------------------------

def _intervention_dates(spec: _Intervention, today: date) -> list[date]:
    """About twice a school year: November and May, from 2023-2024 on."""
    dates = []
    for year in SCHOOL_YEARS:
        dates += [date(year, 11, spec.day), date(year + 1, 5, spec.day)]
    if spec.extra_autumn_2026:
        dates.append(date(2026, 9, spec.day))
    return sorted(d for d in dates if d <= today)


def _implementation_dates(spec: _Implementation, today: date) -> list[date]:
    """Once (June) or twice (February and June) a school year, from three months after the
    start and from 2023-2024 on."""
    first = max(TIMELINE_START, _add_months(spec.started_on, 3))
    dates = []
    for year in SCHOOL_YEARS:
        if spec.twice_a_year:
            dates.append(date(year + 1, 2, 6 + len(spec.organisation) % 20))
        dates.append(date(year + 1, 6, 3 + len(spec.respondent) % 20))
    return [d for d in dates if first <= d <= today]


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


def _years(since: date, on: date) -> float:
    return max(0.0, (on - since).days / 365.25)


# -- loading -----------------------------------------------------------------------------

def is_empty(store: Store) -> bool:
    """True when the store holds no interventions (the demo may then be loaded)."""
    return store.count("interventions") == 0


def load_demo(store: Store, today: date = DEMO_TODAY) -> None:
    """Fill an empty store with the demo data, in one transaction.

    Raises :class:`StoreError` when the store already holds interventions, or when the
    checklist 'verspreiding-borging' is not loaded. Assessments dated after ``today``
    are left out; the newest assessment of two interventions stays a draft.
    """
    if not is_empty(store):
        raise StoreError("de demodata kan alleen in een lege database worden geladen")
    if VB not in store.checklists:
        raise StoreError(f"de checklist '{VB}' is niet geladen; de demodata heeft hem nodig")
    with store.transaction():
        _Loader(store, today).run()


class _Loader:
    def __init__(self, store: Store, today: date):
        self.store = store
        self.today = today
        self.vb = store.checklists[VB]
        self.specs = {spec.key: spec for spec in INTERVENTIONS}
        self.intervention_ids: dict[str, int] = {}
        self.organisation_ids: dict[str, int] = {}

    def run(self) -> None:
        for spec in INTERVENTIONS:
            self.intervention_ids[spec.key] = self.store.add_intervention(spec.name, **spec.profile)
        self._organisations()
        for spec in INTERVENTIONS:
            self._intervention_history(spec)
        for spec in IMPLEMENTATIONS:
            if spec.started_on <= self.today:
                self._implementation_history(spec)
        if MH in self.store.checklists:
            for key, dates in MANUAL_ASSESSMENTS.items():
                self._manual_history(self.specs[key], dates)
        for spec in INTERVENTIONS:
            self._actions(spec)
        self._monitoring()

    def _monitoring(self) -> None:
        """Indicators from indicators/demo.yaml and measurements since the 2023-2024
        school year. Values drift towards the target over time, each organisation at
        its own level, so some stay below target; the latest period is left out for a
        few organisations, so that the attention list shows missing measurements."""
        path = INDICATOR_DIRECTORY / "demo.yaml"
        if not path.exists():
            return
        first = date(2023, 8, 1)
        for name, specs in load_indicator_file(path).items():
            intervention = self.store.intervention(name)["id"]
            running = self.store.implementations(intervention)
            for spec in specs:
                indicator = self.store.add_indicator(intervention, spec)
                rng = random.Random(f"{SEED}:{name}:{spec.code}")
                subjects = ([(None, first, 1.0)] if spec.level.value == "macro" else
                            [(int(r.id), max(first, r.started_on.date()), rng.uniform(0.8, 1.2))
                             for r in running.itertuples()])
                rows = []
                for implementation, since, quality in subjects:
                    periods = _periods(since, self.today, spec.frequency)
                    if implementation is not None and rng.random() < 0.25:
                        periods = periods[:-1]  # this school has not reported yet
                    for index, day in enumerate(periods):
                        progress = (index + 1) / max(len(periods), 1)
                        rows.append(MeasurementInput(
                            indicator, day, _plausible(spec, progress, quality, rng),
                            implementation))
                self.store.record_measurements(rows, "demo")

    def _actions(self, spec) -> None:
        """Turn the first 'nee' answers of each intervention into actions: one overdue,
        one in progress (changed once, so it has history), one done."""
        intervention = self.intervention_ids[spec.key]
        owner = spec.profile.get("owner") or "Platform Leerlingbemiddeling"
        points = self.store.improvement_points(intervention)
        plans = [("open", -30, "Plan opstellen en voorleggen aan de stuurgroep"),
                 ("in_progress", 60, "Werkgroep uitwerken; eerste versie in de volgende "
                                     "beoordeling"),
                 ("done", -90, "Afgerond en vastgelegd in het implementatieplan")]
        for (status, days, description), point in zip(plans, points.itertuples(), strict=False):
            due = self.today + timedelta(days=days)
            action = self.store.add_action(intervention, point.item_id, description,
                                           "projectleider", due, owner)
            if status != "open":
                self.store.update_action(action, description, "projectleider", due, status,
                                         owner)

    def _organisations(self) -> None:
        add = self.store.add_organisation
        board = add(BOARD[0], "schoolbestuur", place=BOARD[1])
        self.organisation_ids[BOARD[0]] = board
        for name, place in LOCATIONS:
            self.organisation_ids[name] = add(name, "vestiging", parent_id=board, place=place)
        for name, kind, place in OTHER_ORGANISATIONS:
            self.organisation_ids[name] = add(name, kind, place=place)

    # the intervention as a whole, scored by its owner on all perspectives
    def _intervention_history(self, spec: _Intervention) -> None:
        dates = _intervention_dates(spec, self.today)
        shift = spec.shift

        def level(item: Item, on: date) -> float:
            value = _level(spec.levels, item.step, _years(TIMELINE_START, on))
            value += shift.get(item.perspective.value if item.perspective else "", 0.0)
            return value + (0.05 if item.motivating else 0.0)

        subject = _Subject(f"intervention:{spec.key}", self.vb, None, RULES[spec.key], level,
                           len(dates), lambda item: NO_NOTES.get(item.step, []),
                           EVIDENCE[spec.key])
        self._history(subject, VB, spec.key, None, None, dates, spec.respondent, NJI,
                      draft_latest=spec.draft_latest, edit_every=1)

    # one implementation, scored by the organisation on meso and micro
    def _implementation_history(self, spec: _Implementation) -> None:
        dates = _implementation_dates(spec, self.today)
        intervention = self.specs[spec.intervention]
        organisation = self.organisation_ids[spec.organisation]
        implementation = self.store.add_implementation(
            self.intervention_ids[spec.intervention], organisation, spec.started_on)
        melanchthon = spec.organisation.startswith("Melanchthon")
        shift = intervention.shift

        def level(item: Item, on: date) -> float:
            value = _level(intervention.levels, item.step, _years(spec.started_on, on), 2.5)
            value = value * spec.quality + shift.get(item.perspective.value, 0.0) * 0.5
            if melanchthon and item.step == 5 and item.perspective.value == "meso":
                value += 0.10    # yearly safety monitoring is required by law (seed 001)
            return value + (0.05 if item.motivating else 0.0)

        rules = (MELANCHTHON_RULES if melanchthon else []) \
            + IMPLEMENTATION_RULES.get(spec.intervention, [])
        evidence = IMPLEMENTATION_EVIDENCE["Melanchthon" if melanchthon else None]
        subject = _Subject(f"implementation:{spec.intervention}:{spec.organisation}", self.vb,
                           IMPLEMENTATION_SCOPE, rules, level, len(dates),
                           lambda item: IMPLEMENTATION_NO_NOTES, evidence)
        self._history(subject, VB, spec.intervention, implementation, IMPLEMENTATION_SCOPE,
                      dates, spec.respondent, spec.editor, draft_latest=False, edit_every=2)

    # the method manual (Bijlage 3), for an intervention that is writing one
    def _manual_history(self, spec: _Intervention, dates: list[date]) -> None:
        dates = [d for d in dates if d <= self.today]
        if not dates:
            return
        start, end = MANUAL_LEVELS[spec.key]
        first = dates[0]

        def level(item: Item, on: date) -> float:
            # earlier sections of the manual are written first
            return start + (end - start) * _smooth(_years(first, on) / 2.0) - 0.03 * item.step

        subject = _Subject(f"manual:{spec.key}", self.store.checklists[MH], None, [], level,
                           len(dates), lambda item: MANUAL_NO_NOTES, EVIDENCE[spec.key])
        self._history(subject, MH, spec.key, None, None, dates, spec.respondent, NJI,
                      draft_latest=False, edit_every=1)

    def _history(self, subject: _Subject, checklist_id: str, key: str,
                 implementation: int | None, perspectives: list[str] | None,
                 dates: list[date], respondent: str, editor: str | None,
                 draft_latest: bool, edit_every: int) -> None:
        """Assessments on ``dates``, each carried over from the one before; the respondent
        records the changes, and now and then a second person (``editor``) completes them."""
        store = self.store
        intervention = self.intervention_ids[key]
        previous: int | None = None
        before: dict[str, AnswerInput] = {}
        for index, on in enumerate(dates):
            assessment = store.start_assessment(
                checklist_id, intervention, on, respondent, implementation_id=implementation,
                perspectives=perspectives, carry_over_from=previous)
            wanted = subject.answers(on, index)
            draft = draft_latest and index == len(dates) - 1
            if draft:
                wanted.update(_in_progress(subject, wanted))
            changed = {i: a for i, a in wanted.items() if before.get(i) != a}
            corrections: list[AnswerInput] = []
            if editor and index > 0 and index % edit_every == 0:
                # The respondent gets one to three answers wrong; a second person corrects them.
                leaves = [a for i, a in wanted.items()
                          if i not in subject.children and a.answer in ("ja", "nee")]
                pool = [a for a in leaves if a.item_id in changed] or leaves
                corrections = subject.rng.sample(pool, k=min(len(pool),
                                                             subject.rng.randint(1, 3)))
                for answer in corrections:
                    wrong = "nee" if answer.answer == "ja" else "ja"
                    changed[answer.item_id] = AnswerInput(answer.item_id, wrong)
            if changed:
                store.record_answers(assessment, list(changed.values()), respondent)
            if corrections:
                store.record_answers(assessment, corrections, editor)
            if not draft:
                store.finalise(assessment)
            before = wanted
            previous = assessment


def _in_progress(subject: _Subject, wanted: dict[str, AnswerInput]) -> dict[str, AnswerInput]:
    """In the draft the respondent is busy: a few open points of steps 3-5 now arranged."""
    open_points = [a for i, a in wanted.items()
                   if a.answer == "nee" and i not in subject.children and i not in subject.rules
                   and subject.checklist.item(i).depth == 0
                   and 3 <= subject.checklist.item(i).step <= 5]
    picks = subject.rng.sample(open_points, k=min(4, len(open_points)))
    return {a.item_id: AnswerInput(a.item_id, "ja", "Nieuw sinds de vorige beoordeling; "
                                   "nog te bespreken") for a in picks}


def _periods(since: date, today: date, frequency: Frequency) -> list[date]:
    """The first day of every whole period between ``since`` and ``today``."""
    days, day = [], period_of(since, frequency)[0]
    while True:
        start, end = period_of(day, frequency)
        if end >= today:
            return days
        days.append(start)
        day = end + timedelta(days=1)


def _plausible(spec, progress: float, quality: float, rng: random.Random) -> float:
    """A value that starts short of the target and moves towards (or past) it."""
    low, high = spec.bounds
    target = low if spec.direction is Direction.HIGHER else high
    if low is not None and high is not None:
        target = (low + high) / 2
    sign = 1 if spec.direction is Direction.HIGHER else -1
    start = target * (1 - sign * 0.25)
    value = start + (target - start) * progress * quality + rng.gauss(0, abs(target) * 0.06)
    if spec.unit.value in ("count", "days"):
        value = round(value)
    value = round(value, 1)
    for _ in range(2):
        if range_problem(spec.unit.value, value, spec.scale_min, spec.scale_max):
            lo = spec.scale_min if spec.unit.value == "scale" else 0
            hi = spec.scale_max if spec.unit.value == "scale" else (
                100 if spec.unit.value == "percent" else value)
            value = min(max(value, lo), hi)
    return value
