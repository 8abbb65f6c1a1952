"""The facts of the demo data, and where each comes from.

Everything a user can see in the demo either comes from a seed document (named in
the comment beside it, with its section or line) or is invented for the
demonstration and marked "(voorbeeld)" where a user sees it: people, most
organisation names, dates, targets and every measured value. The README's section
"Demo data" has the same table, with the rules that fix particular answers.

| what | source |
|---|---|
| Baas, Gedrag, Leerlingbemiddeling: owners, descriptions | seed 003 §1.1-1.3 |
| Gedrag's aim (maximale kwaliteit), its DEI trajectory | seed 003 §4.1 |
| Leerlingbemiddeling: vrije markt, no owner, 17 providers | seed 003 §1.3, §2.1, §4.1, Bijl. 4 |
| aansturing and aim of spread of the others | not in a seed: left empty |
| JOIN us: lessons, training, costs (excl. btw), criteria | seed 000 §1.1, Kosten, §3 |
| JOIN us pilots Montessori College 2013, Over Y 2014 | seed 000; ended after their year |
| Stichting Join us: groups, LEKA/UCLA, evaluations | seed 002 (l.1137-1141) |
| Melanchthon: nine locations (only Mathenesse named), | seed 001 |
| programmes, obligations, Vensters, SOM, IRIS | |
| obligations every location met in 2016-2017: 'ja' | seed 001 l.60-75, l.100-101 |
| KiVa, PRIMA, Sta Sterk, Kanjertraining, Leefstijl, ... | seed 001 §3.2 |
| the other eight location names, which location runs what | invented (voorbeeld) |
| Melanchthon's place; the board's targets and figures | none / invented (voorbeeld) |
| schools A-F, the Veghel groups' name, people, dates | invented (voorbeeld) |
| answers not fixed by a rule, notes, actions | invented (voorbeeld) |
| indicator targets and measured values | invented: target "(voorbeeld)" |
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

DEMO_TODAY = date(2026, 10, 1)
SEED = 20231101
SCHOOL_YEARS = (2023, 2024, 2025)          # 2023-2024 up to 2025-2026
EXAMPLE = "(voorbeeld)"
NJI = "implementatieadviseur NJi (voorbeeld)"  # NJi supported the owners (seed 003 §2.1)


@dataclass(frozen=True)
class InterventionFact:
    key: str
    name: str
    profile: dict
    respondent: str | None            # who scores it as a whole (None: nobody does)
    # step -> (readiness level in autumn 2023, level three years later)
    levels: dict[int, tuple[float, float]] = field(default_factory=dict)
    shift: dict[str, float] = field(default_factory=dict)   # per perspective
    draft_latest: bool = False
    day: int = 10


INTERVENTIONS = [
    # seed 003 §1.1: integral social-skills approach, first two years of secondary school,
    # by Sardes and APS, Dutch version of RiPP; §2.1: activities from disseminatie to
    # implementatie, subsidised pilots, cost system to be adjusted; §4.1: an implementation
    # guide for schools is being written. The seed names no DEI listing and no licence.
    InterventionFact(
        "baas", "Baas in eigen soap",
        # §4.1 names a way of steering only for Leerlingbemiddeling, and no aim of spread for
        # Baas: both left empty rather than invented.
        dict(owner="Sardes & APS",
             description="Integrale aanpak voor sociale vaardigheden in de eerste twee "
                         "leerjaren van het voortgezet onderwijs, met teambijeenkomsten en "
                         "leerlinglessen die in alle vakken terugkomen. Nederlandse bewerking "
                         "van het Amerikaanse programma RiPP."),
        "Sardes & APS (voorbeeld)",
        {1: (0.70, 0.95), 2: (0.50, 0.85), 3: (0.30, 0.72), 4: (0.20, 0.60),
         5: (0.20, 0.50), 6: (0.03, 0.22)}, {"macro": -0.05, "content": 0.05},
        draft_latest=True, day=14),
    # seed 003 §1.2: digital lessons, a serious game, four modules in the mentor hours, by
    # Codename Future; §2.1: mailing, fora, cost system adjusted, introduction trainings,
    # coaching on the job; the challenge is borging; §4.1: a quality trajectory towards
    # "theoretisch onderbouwd"; §4.3: a method manual with target group and SMART goals.
    InterventionFact(
        "gedrag", "Gedrag: ik doe ertoe!",
        # §4.1: "doelbewust ingestoken op een kwaliteitstraject": maximale kwaliteit. No way of
        # steering is named: left empty.
        dict(owner="Codename Future",
             doel_verspreiding="maximale kwaliteit",
             dei_status="kwaliteitstraject naar 'theoretisch onderbouwd'",
             description="Compleet pakket voor de eerste twee leerjaren van het voortgezet "
                         "onderwijs om antisociaal gedrag te voorkomen: digitaal lesmateriaal, "
                         "een serious game, herhalingslessen en werkbladen in vier modules, "
                         "ingebouwd in de mentoruren."),
        "Codename Future (voorbeeld)",
        {1: (0.80, 0.97), 2: (0.60, 0.90), 3: (0.45, 0.80), 4: (0.35, 0.70),
         5: (0.20, 0.50), 6: (0.05, 0.28)}, {"content": 0.10, "meso": -0.05}, day=21),
    # seed 003 §1.3: pupils mediate; handbook of the Centrum voor Criminaliteitspreventie
    # en Veiligheid; many providers and variants, no single owner; §4.1: vrije
    # marktprincipe; §2.1: the providers chose not to work as one unit, and NJi helped
    # them "in het analyseren van de stand van zaken": so NJi scores its state.
    InterventionFact(
        "lb", "Leerlingbemiddeling",
        dict(owner=None, aansturing="vrije markt",   # §4.1; no aim of spread is named
             licence="Geen eigenaar en geen licentie: het handboek is vrij te gebruiken",
             description="Aanpak waarin leerlingen als onpartijdige bemiddelaars conflicten "
                         "tussen medeleerlingen helpen oplossen, in het basis- en voortgezet "
                         "onderwijs. Handboek van het Centrum voor Criminaliteitspreventie en "
                         "Veiligheid; uitgevoerd door diverse aanbieders zonder één eigenaar."),
        NJI,
        {1: (0.60, 0.80), 2: (0.40, 0.60), 3: (0.20, 0.38), 4: (0.20, 0.35),
         5: (0.05, 0.18), 6: (0.00, 0.10)}, {"macro": -0.30, "content": 0.05}, day=5),
    # seed 000: ten lessons for first-year pupils, mentor training 2 x 4 hours, costs per
    # school, a feedback form after every lesson, questionnaires at lessons 5 and 10,
    # effect study 2014 (N = 106).
    InterventionFact(
        "joinus", "JOIN us",
        # Seed 000 names no way of steering, no aim of spread and no licence; its costs
        # ("Kosten") go in the description with "exclusief btw" as the seed says.
        dict(owner="Ontwikkelaars JOIN us",
             description="Positieve aanpak ter preventie van pesten: tien lessen met "
                         "saamhorigheidsspellen voor eerstejaars in het regulier voortgezet "
                         "onderwijs, gegeven door mentoren die daarvoor getraind zijn. Kosten: "
                         "een tweedaagse training (twee keer vier uur) voor maximaal tien "
                         "personen € 3350 per training (exclusief btw); jaarlijks gebruik van "
                         "de lessen, de tussenevaluatie en de eindevaluatie € 850."),
        "Ontwikkelaars JOIN us (voorbeeld)",
        {1: (0.85, 1.00), 2: (0.70, 0.90), 3: (0.60, 0.85), 4: (0.55, 0.85),
         5: (0.60, 0.80), 6: (0.12, 0.35)}, {"content": 0.05}, day=17),
    # seed 002: the Join us foundation in Veghel brings lonely youth aged 12-25 together in
    # fortnightly group evenings; financed by municipalities; referrals by schools; a group
    # needs at least five youths; LEKA and UCLA scales in interim and final evaluations.
    InterventionFact(
        "stichting", "Stichting Join us",
        dict(owner="Stichting Join us",   # seed 002 names no way of steering
             licence="Geen licentie; de activiteiten worden door gemeenten gefinancierd "
                     "(Jeugdwet of Wmo)",
             description="Tweewekelijkse groepsavonden voor eenzame jongeren van 12 tot 25 jaar "
                         "die sociaal redzamer willen worden; scholen, huisartsen en "
                         "gemeenten verwijzen door. Een groep heeft minimaal vijf deelnemers "
                         "nodig."),
        "Stichting Join us (voorbeeld)",
        {1: (0.70, 0.90), 2: (0.50, 0.75), 3: (0.30, 0.55), 4: (0.40, 0.60),
         5: (0.35, 0.60), 6: (0.08, 0.30)}, {"macro": -0.10}, draft_latest=True, day=24),
]
# seed 001 §3.2: programmes recognised by the Commissie Anti-pestprogramma's that the
# locations choose from. The seed says nothing else about them: profiles stay empty.
PROGRAMMES = ["KiVa", "PRIMA", "Sta Sterk", "Kanjertraining", "Leefstijl", "Rots en Water"]
PROGRAMME_PROFILE = dict(dei_status="erkend (Commissie Anti-pestprogramma's)")

BOARD = "Melanchthon"       # seed 001: a secondary-school group of nine locations
LOCATIONS = ["Melanchthon Mathenesse"] + [f"Melanchthon locatie {n} (voorbeeld)"
                                          for n in range(2, 10)]
# seed 003 Bijlage 4: the Platform Leerlingbemiddeling (Transfysiko is listed twice).
PROVIDERS = ["Bureau In Gesprek", "ClickMediation", "Stichting Peacemaker", "Temme Consult",
             "Transfysiko", "Bureau WellesNietes", "Mediation door Leerlingen (MdL)", "APS",
             "Stichting Veilig Onderwijs", "Generation Why", "BuroMediation",
             "Edumonde Mediation", "Onderwijsmediation", "Halt Noord-Nederland",
             "Stichting De Meeuw", "Bureau ZON", "Eduniek (Vreedzame School)"]
OTHER_ORGANISATIONS = [
    ("Sardes", "eigenaar", None),                           # seed 003 §1.1
    ("Codename Future", "eigenaar", None),                  # seed 003 §1.2
    ("Centrum voor Criminaliteitspreventie en Veiligheid", "kenniscentrum", None),  # §1.3
    ("Stichting Join us", "eigenaar", "Veghel"),            # seed 002
    ("Montessori College", "school", "Bloemendaal"),        # seed 000: pilot 2013
    ("Over Y College", "school", "Amsterdam"),              # seed 000: 2014
    # seed 002: the foundation runs groups in Veghel; this name for them is invented
    (f"Join us-groepen Veghel {EXAMPLE}", "aanbieder", "Veghel"),
    ("Pilotschool A (voorbeeld)", "school", None),
    ("Pilotschool B (voorbeeld)", "school", None),
    ("School C (voorbeeld)", "school", None),
    ("School D (voorbeeld)", "school", None),
    ("School E (voorbeeld)", "school", None),
    ("School F (voorbeeld)", "school", None),
]


@dataclass(frozen=True)
class ImplementationFact:
    intervention: str           # key of an InterventionFact, or a programme name
    organisation: str
    started_on: date
    quality: float = 1.0
    editor: str | None = None   # a second person who corrects some answers
    ended_on: date | None = None


# Which location runs what is invented: seed 001 names the recognised programmes (§3.2)
# and says that every location chooses its own, but names none for any location, and
# seed 000 names no Melanchthon school for JOIN us. So the programmes run only at the
# invented locations, whose names say "(voorbeeld)"; Melanchthon Mathenesse, the one
# location the seed names, runs none in the demo (it still has its obligations and its
# survey and incident figures).
_MELANCHTHON = {
    "Melanchthon Mathenesse": [],
    "Melanchthon locatie 2 (voorbeeld)": ["joinus", "KiVa"],
    "Melanchthon locatie 3 (voorbeeld)": ["PRIMA"],
    "Melanchthon locatie 4 (voorbeeld)": ["Kanjertraining", "Leefstijl"],
    "Melanchthon locatie 5 (voorbeeld)": ["Sta Sterk"],
    "Melanchthon locatie 6 (voorbeeld)": ["Leefstijl", "Rots en Water"],
    "Melanchthon locatie 7 (voorbeeld)": ["Rots en Water", "PRIMA"],
    "Melanchthon locatie 8 (voorbeeld)": ["Kanjertraining"],
    "Melanchthon locatie 9 (voorbeeld)": ["KiVa", "Leefstijl"],
}
# The location of the demo school account: it runs JOIN us (and KiVa) and plans actions.
SCHOOL_LOCATION = "Melanchthon locatie 2 (voorbeeld)"
IMPLEMENTATIONS = [
    ImplementationFact(programme, location, date(2023, 8, 1),
                       quality=0.8 + 0.05 * ((index * 7 + len(location)) % 8),
                       editor="algemeen anti-pestcoördinator (voorbeeld)" if index % 3 == 0
                       else None)
    for index, (location, programmes) in enumerate(_MELANCHTHON.items())
    for programme in programmes
] + [
    # seed 000: the pilot at the Montessori College (2013) and the run at the Over Y College
    # (2014) ended with their school year; the seed says nothing after. So they are ended,
    # with no assessments; two invented schools run JOIN us now.
    ImplementationFact("joinus", "Montessori College", date(2013, 9, 2),
                       ended_on=date(2014, 7, 1)),
    ImplementationFact("joinus", "Over Y College", date(2014, 9, 1), ended_on=date(2015, 7, 1)),
    ImplementationFact("joinus", "School E (voorbeeld)", date(2023, 9, 1), 1.1,
                       "JOIN us-trainer (voorbeeld)"),
    ImplementationFact("joinus", "School F (voorbeeld)", date(2024, 9, 2), 0.95),
    ImplementationFact("baas", "Pilotschool A (voorbeeld)", date(2023, 9, 1), 1.1),
    ImplementationFact("baas", "Pilotschool B (voorbeeld)", date(2024, 9, 2), 0.85),
    ImplementationFact("gedrag", "School C (voorbeeld)", date(2023, 9, 1), 1.05),
    ImplementationFact("gedrag", "School D (voorbeeld)", date(2024, 9, 2), 0.9),
    ImplementationFact("lb", "Bureau In Gesprek", date(2023, 9, 1), 1.1),
    ImplementationFact("lb", "Stichting Peacemaker", date(2023, 9, 1), 1.0),
    ImplementationFact("stichting", f"Join us-groepen Veghel {EXAMPLE}", date(2016, 9, 1), 1.0),
]
# seed 003 §4.3: the method manual of "Gedrag: ik doe ertoe!" describes target group and
# goals; it is scored on Bijlage 3. Baas in eigen soap writes an implementation guide,
# not a method manual (§4.1), so it is not.
MANUAL_ASSESSMENTS = {"gedrag": [date(2024, 3, 12), date(2026, 3, 10)]}


@dataclass(frozen=True)
class Rule:
    """Answer, note and evidence for the items whose *own* text matches ``pattern`` (and
    ``perspective``; ``within``: a pattern the text of one of its parents must match). A
    rule never reaches the elements of the item it matches: an item with elements is
    scored by its elements, so a rule that should count names them. ``answer`` is fixed
    (a scale value, or a choice or text answer), or a date after which it is 'ja' (before:
    the drawn answer), or None to leave the drawn answer and only add the note."""

    pattern: str
    answer: str | date | None = None
    note: str | None = None
    evidence: str | None = None
    perspective: str | None = None
    within: str | None = None


NO_BUDGET = "Nog geen budget voor doorontwikkeling (voorbeeld)"
# Whether an intervention is in the Databank Effectieve Interventies: one fact, answered the
# same at 2.content.databank (step 2) and 6.content.dei (step 6). The seeds name no listing
# for any of the five.
DEI = {
    "baas": "De bron noemt geen opname in de Databank Effectieve Interventies (seed 003)",
    "gedrag": "Nog niet: kwaliteitstraject om 'theoretisch onderbouwd' te worden (seed 003 "
              "§4.1)",
    "lb": "De bron noemt geen opname in de Databank Effectieve Interventies (seed 003)",
    "joinus": "De bron noemt geen opname in de Databank Effectieve Interventies (seed 000)",
    "stichting": "De bron noemt geen opname in de Databank Effectieve Interventies (seed 002)",
}
_DEI_PATTERN = r"^De interventie is opgenomen in de (Databank Effectieve Interventies|DEI)$"
# What no seed says about a national-level item of JOIN us: answered 'nee', so that it is
# never 'ja' by chance.
NOT_IN_SEED_000 = "De bron (seed 000) noemt dit niet op landelijk niveau"
RULES: dict[str, list[Rule]] = {
    "baas": [
        Rule(r"financieringsstructuur", "nee", "De financiering loopt via gesubsidieerde "
             "pilots (seed 003 §2.1)"),
        Rule(r"kosten van de interventie zijn helder", date(2024, 9, 1),
             "Kostensystematiek wordt aangepast (seed 003 §2.1)"),
        Rule(r"^Er is een implementatieplan voor de landelijke", "nee",
             "Implementatiehandreiking voor scholen wordt geschreven (seed 003 §4.1)"),
        # ... so its elements are not yet arranged either (they decide the item's score)
        Rule(r"", "nee", within=r"^Er is een implementatieplan voor de landelijke"),
        Rule(r"landelijke evaluatiemomenten", "nee",
             "Nog geen landelijke uitrol (seed 003 §2.1)"),
    ],
    "gedrag": [
        # §4.3: "De methodiekhandleiding ... bevat een concrete beschrijving van doelgroep en
        # doelen. De doelen zijn smart geformuleerd": the elements Doel and Doelgroep; the
        # others are not mentioned and are drawn.
        Rule(r"^competenties die bij de doelgroep vergroot worden$", "ja",
             evidence="Methodiekhandleiding: smart geformuleerde doelen op school-, leraar- "
                      "en leerlingniveau (seed 003 §4.3)", within=r"methodiekhandleiding"),
        Rule(r"^indicaties en contra-indicaties", "ja",
             evidence="Methodiekhandleiding: concrete beschrijving van de doelgroep (seed 003 "
                      "§4.3)", within=r"methodiekhandleiding"),
        Rule(r"Naast training krijgt de professional ook coaching", "ja",
             "Coaching on the job in de startfase (seed 003 §2.3)"),
        # §2.3: they want to extend the coaching "met een intervisiestructuur"
        Rule(r"^Er is methodiek gebonden methodische werkbegeleiding voor trainers",
             date(2025, 9, 1), "Intervisiestructuur wordt ingericht (seed 003 §2.3)",
             perspective="macro"),
    ],
    "lb": [
        Rule(r"manier van verspreiding is vastgesteld", "ja",
             "Vrije marktprincipe: aanbieders gebruiken het materiaal op hun eigen manier "
             "(seed 003 §4.1)"),
        Rule(r"rechthebbend licentiehouder", "nee",
             "Geen eigenaar: elke aanbieder vaart een eigen koers (seed 003 §2.1)"),
        Rule(r"strategische partners zijn bekend", "ja",
             evidence="Platform Leerlingbemiddeling: 17 aanbieders (seed 003, bijlage 4)"),
        Rule(r"monitoringsgegevens op landelijk niveau", "nee",
             "Geen landelijke gegevens; elke aanbieder evalueert op eigen wijze"),
        Rule(r"programma intergriteitsmetingen", "nee",
             "Geen eenduidige werkwijze: varianten per aanbieder (seed 003 §1.3)"),
    ],
    "joinus": [
        Rule(r"welke vraag cliënten", "ja",
             "Behoefteanalyse op vier scholen (seed 000)"),
        # seed 000 §1.1 "Selectie van doelgroepen"
        Rule(r"^Inclusiecriteria$", "ja", "Toelatingscriteria: de leerling is tussen 11 en 13 "
             "jaar, volgt het regulier voortgezet onderwijs en spreekt Nederlands (seed 000 "
             "§1.1)"),
        Rule(r"^Exclusiecriteria$", "ja", "Contra-indicatie: niet geschikt voor leerlingen "
             "van het speciaal onderwijs (seed 000 §1.1)"),
        Rule(r"^indicaties en contra-indicaties", "ja",
             evidence="Toelatingscriteria en contra-indicaties (seed 000 §1.1)"),
        # seed 000 §3 "Onderbouwing": Probleem, Oorzaken
        Rule(r"^Probleem en risico", "ja", evidence="Onderbouwing: probleem en oorzaken "
             "(seed 000 §3)"),
        # seed 000 "Kosten": hours and euros
        Rule(r"^Investering in middelen en tijd", "ja", evidence="Kosten: training 2 × 4 uur "
             "(€ 3350, exclusief btw), jaarlijks € 850 (seed 000)",
             within=r"methodiekhandleiding"),
        Rule(r"^De kosten (van de interventie zijn helder|voor de uitvoering)", "ja",
             evidence="Kosten: € 3350 per training (exclusief btw), € 850 per jaar voor de "
                      "lessen en evaluaties (seed 000)"),
        Rule(r"^De professionals krijgen een training", "ja",
             "Training aan mentoren, 2 × 4 uur (seed 000)"),
        Rule(r"^Er worden programma effectitiviteitmetingen", None,
             evidence="Vragenlijsten leerlingen en mentor bij les 5 en les 10 (seed 000)"),
        Rule(r"^Er zijn instrumenten beschikbaar", "ja",
             evidence="Vragenlijsten leerlingen en mentor bij les 5 en les 10 (seed 000)"),
        # the effect study is past: "In 2014 is onderzoek verricht" (seed 000)
        Rule(r"^Er wordt kwalitatief/kwantitatief onderzoek", "nee", perspective="macro",
             note="Effectonderzoek in 2014: 106 leerlingen, 51 interventie en 55 controle; "
                  "geen lopend onderzoek genoemd (seed 000)"),
        Rule(r"structureel effectonderzoek", "nee",
             "Na het onderzoek van 2014 geen vervolgonderzoek genoemd (seed 000)"),
        # national-level items seed 000 does not support: never 'ja' by chance
        Rule(r"^Er wordt interventie specifiek gewerkt aan het onderhouden van "
             r"programma-integriteit op landelijk niveau", "nee", NOT_IN_SEED_000),
        Rule(r"landelijke evaluatiemomenten", "nee", NOT_IN_SEED_000),
        Rule(r"monitoringsgegevens op landelijk niveau", "nee", NOT_IN_SEED_000),
        Rule(r"^Uitslagen van voor- en/of nameting worden besproken met cliënten", "nee",
             "De bron (seed 000) noemt geen bespreking van uitslagen met leerlingen"),
    ],
    "stichting": [
        Rule(r"welke vraag cliënten", "ja", "Eenzaamheid onder jongeren van 12 tot 25 jaar "
             "(seed 002)"),
        Rule(r"financieringsstructuur", "nee",
             "Activiteiten worden door gemeenten gefinancierd (seed 002)"),
        Rule(r"^Er zijn instrumenten beschikbaar", "ja",
             evidence="LEKA (Goossens, 2016), Leuvense eenzaamheidsschaal voor kinderen en "
                      "adolescenten, en bij volwassenen de UCLA Loneliness Scale (Russell, "
                      "1996), in tussentijdse en eindevaluaties (seed 002)"),
        # seed 002: the problem is too few referrals, not too little capacity
        Rule(r"capaciteit om de landelijke vraag", "ja",
             "Er is ruimte genoeg: er zijn de laatste tijd juist minder jongeren doorverwezen "
             "(seed 002)"),
        # its profile: no licence
        Rule(r"rechthebbend licentiehouder", "nee",
             "Geen licentie; gemeenten financieren de activiteiten (seed 002)"),
    ],
}
for _key, _note in DEI.items():    # one fact per intervention (see DEI above)
    RULES[_key].append(Rule(_DEI_PATTERN, "nee", _note))
# The obligations that seed 001 states as the situation of every location in 2016-2017
# (l.60-75, "Alle vestigingen hebben een anti-pestcoördinator aangesteld; Alle
# vestigingen hanteren een anti-pestprotocol ...; Op iedere vestiging is een
# vertrouwenspersoon aangesteld; ... Iedere vestiging heeft de klachtenregeling op haar
# website gepubliceerd; Incidenten en interventies worden geregistreerd ... in SOM"), the
# yearly Vensters survey (l.100-101), and the policy itself, "ingebed in de dagelijkse
# praktijk op de vestigingen" (foreword): 'ja' at every location in every year. The other
# obligations are drawn, and invented.
SEED_STATED = "Zo beschreven in het anti-pestbeleid van Melanchthon (seed 001)"
OBLIGATION_RULES = [
    Rule(r"^Iedere vestiging heeft een functionaris met de taken van anti-pestco", "ja",
         SEED_STATED),
    Rule(r"^Alle vestigingen hanteren een anti-pestprotocol", "ja", SEED_STATED),
    Rule(r"^Op iedere vestiging is een vertrouwenspersoon aangesteld", "ja", SEED_STATED),
    Rule(r"^Iedere vestiging heeft de klachtenregeling op haar website", "ja", SEED_STATED),
    Rule(r"^De vestigingen monitoren het welzijn", "ja", SEED_STATED),
    Rule(r"^De sociale veiligheidsbeleving van leerlingen wordt verplicht jaarlijks", "ja",
         SEED_STATED, evidence="Tevredenheidsonderzoek in Vensters"),
    Rule(r"^Incidenten en interventies worden geregistreerd in het leerlingvolgsysteem", "ja",
         SEED_STATED),
    Rule(r"^Bij incidenten worden gepaste interventies gepleegd", "ja", SEED_STATED),
    Rule(r"^Er wordt op diverse manieren preventief aandacht besteed", "ja", SEED_STATED),
    Rule(r"^Beleid — Het hebben en uitvoeren van anti-pestbeleid", "ja", SEED_STATED),
]
IMPLEMENTATION_RULES: dict[str, list[Rule]] = {
    "joinus": [
        Rule(r"programma-integriteit$", "ja",
             evidence="Feedbackformulier na elke les (seed 000)", perspective="meso"),
        Rule(r"De professionals krijgen een training", "ja",
             "Mentoren getraind, 2 × 4 uur (seed 000)"),
    ],
}
# Bijlage 3 for "Gedrag: ik doe ertoe!" (seed 003 §1.2: digital lessons in four modules in
# the mentor hours; "werken leerlingen zowel individueel als klassikaal").
MANUAL_RULES: dict[str, list[Rule]] = {
    "gedrag": [
        Rule(r"^Betreft het een interventie voor$",
             "Individu (kind, ouder, leraar); Groep",
             "Leerlingen werken zowel individueel als klassikaal (seed 003 §1.2)"),
        Rule(r"^Wat voor een type bijeenkomsten",
             "Digitale lessen en een serious game in de mentoruren, in vier modules (seed "
             "003 §1.2)"),
        Rule(r"^Vaste/roulerende", "vaste professionals",
             "De mentor geeft de lessen in de mentoruren (seed 003 §1.2)"),
    ],
}
MANUAL_NO_NOTES = ["Staat nog niet in de handleiding (voorbeeld)",
                   "Komt in de volgende versie van de handleiding (voorbeeld)"]
NO_NOTES = ["Nog niet geregeld (voorbeeld)", "In concept, nog niet vastgesteld (voorbeeld)",
            "Actiepunt voor volgend schooljaar (voorbeeld)",
            "Hangt op één collega; kwetsbaar bij vertrek (voorbeeld)",
            "Tijd hiervoor nog niet gefaciliteerd (voorbeeld)"]
NVT_NOTES = ["Niet van toepassing: wordt landelijk geregeld (voorbeeld)",
             "Niet van toepassing bij deze vorm van uitvoering (voorbeeld)"]
EVIDENCE = ["https://www.nji.nl/implementatie", "Jaarplan (voorbeeld)",
            "Verslag stuurgroep (voorbeeld)"]

# Demo accounts, one per role, all with the password 'demo' (part of the interface).
ACCOUNTS = [
    ("beheer", "Beheerder (voorbeeld)", "beheerder", None, None),
    ("eigenaar", "Eigenaar JOIN us (voorbeeld)", "eigenaar", "JOIN us", None),
    ("school", "Anti-pestcoördinator locatie 2 (voorbeeld)", "organisatie", None,
     SCHOOL_LOCATION),
    ("bestuur", "Bestuur Melanchthon (voorbeeld)", "bestuur", None, "Melanchthon"),
    ("adviseur", "Implementatieadviseur NJi (voorbeeld)", "adviseur", None, None),
]
DEMO_PASSWORD = "demo"
