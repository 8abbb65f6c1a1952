"""The vocabulary of the domain: every enumeration, with its order and its Dutch label.

Each term is a ``str`` enum, so it compares equal to the text stored in the
database. The order of the members *is* the order of the domain (stages in the
order they are reached, perspectives as the seed prints them); pages, charts,
validation rules and SQL ``ORDER BY`` clauses take their order and their labels
from here (see :meth:`Term.keys` for a bound SQL list), never from a list of
their own.
"""
from __future__ import annotations

from enum import Enum


class Term(str, Enum):
    """A domain term: its stored value and the label a user reads."""

    def __new__(cls, value: str, label: str, short: str | None = None):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.short = short or label
        return member

    def __str__(self) -> str:
        return self.value

    @classmethod
    def keys(cls) -> list[str]:
        """The stored values in domain order (also for ``list_position`` in SQL)."""
        return [member.value for member in cls]

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {member.value: member.label for member in cls}

    @classmethod
    def headings(cls) -> dict[str, str]:
        """Short labels for a column or axis heading ("Landelijk", "Inhoud", ...)."""
        return {member.value: member.short[:1].upper() + member.short[1:] for member in cls}

    @classmethod
    def label_of(cls, value: str | None, missing: str = "–") -> str:
        """The label of a stored value; unknown or empty values are shown as they are."""
        if value is None or value != value:  # None or NaN
            return missing
        try:
            return cls(value).label
        except ValueError:
            return str(value)

    @property
    def position(self) -> int:
        return type(self).keys().index(self.value)


class Perspective(Term):
    """The four blocks of every step (seed 003, Bijlage 2). The paper prints macro and
    content in blue, meso and micro in green."""

    MACRO = "macro", "Landelijk niveau van verspreiden", "landelijk"
    CONTENT = "content", "Inhoud interventie", "inhoud"
    MESO = "meso", "Organisatieniveau", "organisatie"
    MICRO = "micro", "Niveau van de professional(s)", "professional"


# An implementing organisation scores what it arranges itself (seed 003 §4.3).
IMPLEMENTATION_SCOPE = (Perspective.MESO.value, Perspective.MICRO.value)
BLUE_PERSPECTIVES = (Perspective.MACRO, Perspective.CONTENT)


class Stage(Term):
    """Stages of innovation (seed 003, §2.1 and Figuur 1), in the order the seed names
    them. The seed calls them a "meta-niveau" lens and the process "niet lineair en
    voorspelbaar": an intervention works on several at once, so no stage needs an
    earlier one to count."""

    DISSEMINATIE = "disseminatie", "Disseminatie"
    ADOPTIE = "adoptie", "Adoptie"
    IMPLEMENTATIE = "implementatie", "Implementatie"
    BORGING = "borging", "Borging"


class AssessmentStatus(Term):
    DRAFT = "draft", "concept"
    FINAL = "final", "definitief"


class ActionStatus(Term):
    OPEN = "open", "open"
    IN_PROGRESS = "in_progress", "in uitvoering"
    DONE = "done", "gereed"
    WITHDRAWN = "withdrawn", "vervallen"


CLOSED_ACTION_STATUSES = (ActionStatus.DONE.value, ActionStatus.WITHDRAWN.value)


class Aansturing(Term):
    """Seed 003 §4.1: how the spread of an intervention is steered."""

    CENTRAAL = "centraal", "centraal"
    DECENTRAAL = "decentraal", "decentraal"
    VRIJE_MARKT = "vrije markt", "vrije marktprincipe"


class DoelVerspreiding(Term):
    """Seed 003 §4.1: the aim of spreading (the checklist is written for maximale kwaliteit)."""

    BESCHIKBAARHEID = "maximale beschikbaarheid", "maximale beschikbaarheid"
    KWALITEIT = "maximale kwaliteit", "maximale kwaliteit"
    KOSTEN = "minimale kosten", "minimale kosten"


class OrganisationKind(Term):
    SCHOOLBESTUUR = "schoolbestuur", "schoolbestuur"
    SCHOOL = "school", "school"
    VESTIGING = "vestiging", "vestiging"
    AANBIEDER = "aanbieder", "aanbieder"
    EIGENAAR = "eigenaar", "eigenaar van een interventie"
    GEMEENTE = "gemeente", "gemeente"
    FINANCIER = "financier", "financier"
    KENNISCENTRUM = "kenniscentrum", "kenniscentrum"
    OVERIG = "overig", "overig"


class Level(Term):
    MACRO = "macro", "landelijk (de interventie als geheel)"
    MESO = "meso", "per organisatie"
    MICRO = "micro", "per professional"


class IndicatorKind(Term):
    INTEGRITY = "integrity", "programma-integriteit"
    EFFECT = "effect", "effect"
    REACH = "reach", "bereik"
    SATISFACTION = "satisfaction", "tevredenheid"
    SAFETY = "safety", "veiligheid"
    CONTEXT = "context", "context"


class Unit(Term):
    COUNT = "count", "aantal"
    PERCENT = "percent", "percentage"
    SCALE = "scale", "score op schaal"
    DAYS = "days", "dagen"


class Direction(Term):
    HIGHER = "higher", "hoger is beter"
    LOWER = "lower", "lager is beter"


class Frequency(Term):
    LESSON = "lesson", "per les"
    MONTH = "month", "per maand"
    QUARTER = "quarter", "per kwartaal"
    SCHOOL_YEAR = "school_year", "per schooljaar"
    YEAR = "year", "per jaar"


class Role(Term):
    """What a grant lets a user do; the table is in the README and in
    :mod:`implementation.permissions`."""

    BEHEERDER = "beheerder", "beheerder"
    EIGENAAR = "eigenaar", "eigenaar van een interventie"
    ORGANISATIE = "organisatie", "uitvoerende organisatie"
    BESTUUR = "bestuur", "bestuur"
    ADVISEUR = "adviseur", "adviseur"


class ItemKind(Term):
    """Seed 003 Bijlage 3 has classifications and open questions beside yes/no items."""

    QUESTION = "question", "vraag (gescoord)"
    CHOICE = "choice", "keuze (niet gescoord)"
    TEXT = "text", "open antwoord (niet gescoord)"


class AuditAction(Term):
    """The kinds of entry in the audit trail (``audit_log.action``), as a user reads them.
    An action is ``<kind>.<what>``; the kind is the part before the dot."""

    ACTION = "action", "verbeteractie"
    ACTION_ADD = "action.add", "verbeteractie vastgelegd"
    ACTION_UPDATE = "action.update", "verbeteractie bijgewerkt"
    ANSWERS = "answers", "antwoorden"
    ANSWERS_RECORD = "answers.record", "antwoorden opgeslagen"
    ANSWERS_SAVE = "answers.save", "antwoorden opgeslagen"
    ASSESSMENT = "assessment", "beoordeling"
    ASSESSMENT_START = "assessment.start", "beoordeling gestart"
    ASSESSMENT_FINALISE = "assessment.finalise", "beoordeling definitief gemaakt"
    DEMO = "demo", "demogegevens"
    DEMO_LOAD = "demo.load", "demogegevens geladen"
    EXPORT = "export", "export"
    EXPORT_ANSWERS = "export.answers", "antwoorden geëxporteerd"
    EXPORT_AUDIT = "export.audit", "logboek geëxporteerd"
    IMPLEMENTATION = "implementation", "implementatie"
    IMPLEMENTATION_ADD = "implementation.add", "implementatie toegevoegd"
    IMPLEMENTATION_UPDATE = "implementation.update", "implementatie gewijzigd"
    IMPORT = "import", "inlezen"
    IMPORT_ANSWERS = "import.answers", "antwoorden ingelezen"
    IMPORT_INDICATORS = "import.indicators", "indicatoren ingelezen"
    IMPORT_MEASUREMENTS = "import.measurements", "metingen ingelezen"
    IMPORT_TEAM = "import.team", "antwoorden van een teamlid ingelezen"
    INDICATOR = "indicator", "indicator"
    INDICATOR_ADD = "indicator.add", "indicator toegevoegd"
    INTERVENTION = "intervention", "interventie"
    INTERVENTION_ADD = "intervention.add", "interventie toegevoegd"
    INTERVENTION_UPDATE = "intervention.update", "interventie gewijzigd"
    LOGIN = "login", "inloggen"
    LOGIN_FAILED = "login.failed", "inloggen mislukt"
    LOGIN_LOCKED = "login.locked", "account tijdelijk op slot"
    LOGIN_SSO = "login.sso", "ingelogd via de organisatie"
    LOGOUT = "logout", "uitgelogd"
    MEASUREMENTS = "measurements", "metingen"
    MEASUREMENTS_RECORD = "measurements.record", "metingen vastgelegd"
    ORGANISATION = "organisation", "organisatie"
    ORGANISATION_ADD = "organisation.add", "organisatie toegevoegd"
    ORGANISATION_UPDATE = "organisation.update", "organisatie gewijzigd"
    REPORT = "report", "rapport"
    REPORT_MAKE = "report.make", "rapport gemaakt"
    SCORES = "scores", "scores"
    TEAM = "team", "team"
    TEAM_ADD = "team.add", "teamlid toegevoegd"
    TEAM_ANSWERS = "team.answers", "antwoorden van een teamlid"
    TEAM_CONSENSUS = "team.consensus", "antwoord van het team gezet"
    USER = "user", "gebruiker"
    USER_ACTIVATE = "user.activate", "gebruiker weer geactiveerd"
    USER_DEACTIVATE = "user.deactivate", "gebruiker gedeactiveerd"
    USER_ADD = "user.add", "gebruiker toegevoegd"
    USER_GRANT = "user.grant", "recht gegeven"
    USER_PASSWORD = "user.password", "wachtwoord gewijzigd"
    USER_REVOKE = "user.revoke", "recht ingetrokken"
