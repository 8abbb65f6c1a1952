"""Demo data: ``python -m implementation demo`` fills an empty database (so does the
dashboard on first start).

The facts and where they come from are in :mod:`implementation.demo_facts`; what the
seeds do not say is invented and marked "(voorbeeld)". This module turns them into
about three school years of history, so that every page has something to show:
readiness growing over time, improvement points with notes, an answer history with
corrections by a second person, drafts to continue, actions in every status, the
board's obligations checklist, and indicators with measurements.

Nothing here names a checklist item: items, steps, perspectives, elements and ``*``
marks are read from the loaded checklists, and the few seed facts about particular
items are matched on the item *text* (:class:`demo_facts.Rule`). Answers are drawn
from a :class:`random.Random` with a fixed seed, so every load gives the same data.

Speed: the whole demo is built in Python and written in one transaction with a
handful of set-wise inserts (scores are computed once at the end), so that the
first start of the dashboard stays quick.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd

from . import demo_facts as facts
from .checklists import MAIN_CHECKLIST, Checklist, Item
from .errors import StoreError
from .indicators import DEFAULT_DIRECTORY as INDICATOR_DIRECTORY
from .indicators import load_indicator_file, period_of
from .passwords import demo_hash
from .permissions import SYSTEM
from .vocabulary import IMPLEMENTATION_SCOPE, Direction, ItemKind

OBLIGATIONS = "anti-pestbeleid-melanchthon"
MANUAL = "methodiekhandleiding"


def is_empty(db) -> bool:
    """True when the store holds no interventions and no accounts: only then may the demo
    be loaded (its accounts, with the password 'demo', never stand beside real ones)."""
    return db.count("interventions") == 0 and db.count("users") == 0


def has_demo(db) -> bool:
    return db.setting("demo_data") == "1"


def load_demo(db, today: date = facts.DEMO_TODAY) -> None:
    """Fill an empty store with the demo data and demo accounts, in one transaction."""
    if not is_empty(db):
        raise StoreError("de demodata kan alleen in een lege database worden geladen (zonder "
                         "interventies en zonder gebruikers)")
    if MAIN_CHECKLIST not in db.checklists:
        raise StoreError(f"de checklist '{MAIN_CHECKLIST}' is niet geladen; de demodata heeft "
                         "hem nodig")
    system = db.acting_as(SYSTEM)
    with system.transaction():
        _Loader(system, today).run()
        system.touch("registry")
        system.set_setting("demo_data", "1")
        system.audit.record("demo.load", detail="demodata en demo-accounts geladen")


class _Ids:
    """Ids drawn from the store's own sequences, many at once."""

    def __init__(self, db):
        self.db = db

    def take(self, sequence: str, count: int) -> list[int]:
        if count == 0:
            return []
        return sorted(r[0] for r in self.db.rows(
            f"SELECT nextval('{sequence}') FROM range(?)", [count]))


@dataclass
class _Subject:
    key: str
    checklist: Checklist
    intervention: int | None
    implementation: int | None
    organisation: int | None
    perspectives: list[str] | None
    rules: list
    levels: dict
    shift: dict
    quality: float
    since: date
    respondent: str
    editor: str | None
    dates: list[date]
    draft_latest: bool = False


class _Loader:
    def __init__(self, db, today: date):
        self.db, self.today, self.ids = db, today, _Ids(db)
        self.vb = db.checklists[MAIN_CHECKLIST]
        self.interventions: dict[str, int] = {}
        self.organisations: dict[str, int] = {}
        self.implementations: dict[tuple[str, str], int] = {}
        self.assessments: list[dict] = []
        self.answers: list[tuple] = []
        self.latest: dict[tuple, tuple[int, dict]] = {}   # subject -> (assessment, answers)
        self.ended: set[tuple[str, str]] = set()          # implementations ended long ago

    def run(self) -> None:
        self._registry()
        for subject in self._subjects():
            self._history(subject)
        self._write_assessments()
        self._actions()
        self._monitoring()
        self._accounts()

    # -- the registry ------------------------------------------------------------

    def _registry(self) -> None:
        specs = [(f.name, f.profile) for f in facts.INTERVENTIONS] + \
                [(p, facts.PROGRAMME_PROFILE) for p in facts.PROGRAMMES]
        ids = self.ids.take("intervention_ids", len(specs))
        columns = ["owner", "aansturing", "doel_verspreiding", "dei_status", "licence",
                   "description"]
        self.db.insert_frame("interventions", pd.DataFrame(
            [{"id": i, "name": name, **{c: profile.get(c) for c in columns}}
             for i, (name, profile) in zip(ids, specs, strict=True)]))
        keys = [f.key for f in facts.INTERVENTIONS] + facts.PROGRAMMES
        self.interventions = dict(zip(keys, ids, strict=True))
        organisations = ([(facts.BOARD, "schoolbestuur", None, None)]   # no seed names a place
                         + [(name, "vestiging", facts.BOARD, None) for name in facts.LOCATIONS]
                         + [(name, "aanbieder", None, None) for name in facts.PROVIDERS]
                         + [(n, k, None, p) for n, k, p in facts.OTHER_ORGANISATIONS])
        ids = self.ids.take("organisation_ids", len(organisations))
        self.organisations = {o[0]: i for o, i in zip(organisations, ids, strict=True)}
        self.db.insert_frame("organisations", pd.DataFrame(
            [{"id": self.organisations[n], "name": n, "kind": k,
              "parent_id": self.organisations.get(parent), "place": place}
             for n, k, parent, place in organisations]).astype({"parent_id": "Int64"}))
        running = [f for f in facts.IMPLEMENTATIONS if f.started_on <= self.today]
        self.ended = {(f.intervention, f.organisation) for f in running
                      if f.ended_on is not None and f.ended_on <= self.today}
        ids = self.ids.take("implementation_ids", len(running))
        for fact, new_id in zip(running, ids, strict=True):
            self.implementations[(fact.intervention, fact.organisation)] = new_id
        self.db.insert_frame("implementations", pd.DataFrame(
            [{"id": i, "intervention_id": self.interventions[f.intervention],
              "organisation_id": self.organisations[f.organisation], "started_on": f.started_on,
              "ended_on": f.ended_on}
             for f, i in zip(running, ids, strict=True)]))

    # -- who is assessed when --------------------------------------------------------

    def _subjects(self) -> list[_Subject]:
        subjects = []
        by_key = {f.key: f for f in facts.INTERVENTIONS}
        for fact in facts.INTERVENTIONS:
            dates = [d for year in facts.SCHOOL_YEARS + (2026,)
                     for d in (date(year, 11, fact.day), date(year + 1, 5, fact.day))]
            dates = sorted(d for d in dates if date(2023, 9, 1) <= d <= self.today)
            if fact.draft_latest:
                dates.append(date(2026, 9, fact.day))
            subjects.append(_Subject(
                f"intervention:{fact.key}", self.vb, self.interventions[fact.key], None, None,
                None, facts.RULES.get(fact.key, []), fact.levels, fact.shift, 1.0,
                date(2023, 9, 1), fact.respondent, facts.NJI if fact.key != "lb" else None,
                dates, fact.draft_latest))
        for fact in facts.IMPLEMENTATIONS:
            if fact.started_on > self.today or (fact.intervention, fact.organisation) \
                    in self.ended:
                continue   # ended before the demo's years: nothing to assess
            owner = by_key.get(fact.intervention)
            first = max(date(2023, 9, 1), fact.started_on + timedelta(days=90))
            dates = [d for year in facts.SCHOOL_YEARS
                     for d in (date(year + 1, 2, 6 + len(fact.organisation) % 20),
                               date(year + 1, 6, 3 + len(fact.organisation) % 20))
                     if first <= d <= self.today]
            if fact.organisation.startswith("Melanchthon"):
                dates = dates[1::2]   # the locations score once a school year, in June
            subjects.append(_Subject(
                f"implementation:{fact.intervention}:{fact.organisation}", self.vb,
                self.interventions[fact.intervention],
                self.implementations[(fact.intervention, fact.organisation)],
                self.organisations[fact.organisation], list(IMPLEMENTATION_SCOPE),
                facts.IMPLEMENTATION_RULES.get(fact.intervention, []),
                owner.levels if owner else {s: (0.35, 0.75) for s in range(1, 7)},
                owner.shift if owner else {}, fact.quality, first,
                f"anti-pestcoördinator {_short(fact.organisation)} (voorbeeld)"
                if fact.organisation.startswith("Melanchthon")
                else f"coördinator {_short(fact.organisation)} (voorbeeld)",
                fact.editor, dates))
        if OBLIGATIONS in self.db.checklists:
            for index, location in enumerate(facts.LOCATIONS):
                subjects.append(_Subject(
                    f"obligations:{location}", self.db.checklists[OBLIGATIONS], None, None,
                    self.organisations[location], None, facts.OBLIGATION_RULES,
                    {s: (0.55, 0.9) for s in range(1, 6)},
                    {}, 0.85 + 0.04 * (index % 5), date(2023, 9, 1),
                    f"anti-pestcoördinator {_short(location)} (voorbeeld)", None,
                    [date(year + 1, 6, 20) for year in facts.SCHOOL_YEARS]))
        if MANUAL in self.db.checklists:
            for key, dates in facts.MANUAL_ASSESSMENTS.items():
                subjects.append(_Subject(
                    f"manual:{key}", self.db.checklists[MANUAL], self.interventions[key], None,
                    None, None, facts.MANUAL_RULES.get(key, []),
                    {s: (0.8, 0.95) for s in range(1, 8)}, {}, 1.0, dates[0],
                    by_key[key].respondent, None, [d for d in dates if d <= self.today]))
        return subjects

    # -- answers -----------------------------------------------------------------------

    def _history(self, subject: _Subject) -> None:
        rng = random.Random(f"{facts.SEED}:{subject.key}")
        items = subject.checklist.in_scope(subject.perspectives)
        no_notes = facts.MANUAL_NO_NOTES if subject.checklist.id == MANUAL else facts.NO_NOTES
        traits = {i.id: (rng.random(), rng.random() < 0.03, rng.random() < 0.12,
                         rng.choice(no_notes), rng.random()) for i in items}
        previous: dict[str, tuple] = {}
        for index, on in enumerate(subject.dates):
            draft = subject.draft_latest and index == len(subject.dates) - 1
            assessment = {"checklist": subject.checklist, "on": on, "subject": subject,
                          "draft": draft}
            self.assessments.append(assessment)
            wanted = self._answers(subject, items, traits, on, index, rng)
            assessment["rows"] = rows = []
            at = datetime.combine(on, datetime.min.time()) + timedelta(hours=10)
            for item_id, value in wanted.items():
                if previous.get(item_id) is not None or value[0] is not None or value[1]:
                    rows.append((item_id, *value, at, subject.respondent))
            if subject.editor and index > 0 and index % 2 == 1:
                # the respondent got a few answers wrong; a second person corrects them
                leaves = [i for i, v in wanted.items() if v[0] in ("ja", "nee")]
                for item_id in rng.sample(leaves, k=min(len(leaves), rng.randint(1, 3))):
                    right = wanted[item_id]
                    wrong = ("nee" if right[0] == "ja" else "ja", None, None)
                    rows.insert(0, (item_id, *wrong, at - timedelta(hours=1),
                                    subject.respondent))
                    rows.append((item_id, *right, at + timedelta(days=2), subject.editor))
            previous = wanted
            if not draft:
                key = (subject.intervention, subject.implementation, subject.organisation,
                       subject.checklist.id)
                self.latest[key] = (len(self.assessments) - 1, wanted)

    def _answers(self, subject: _Subject, items: list[Item], traits: dict, on: date,
                 index: int, rng: random.Random) -> dict[str, tuple]:
        checklist = subject.checklist
        years = max(0.0, (on - subject.since).days / 365.25)
        answers: dict[str, tuple] = {}
        for item in items:
            threshold, nvt, late, no_note, coin = traits[item.id]
            rule = _rule(subject.rules, item, checklist)
            if item.kind is not ItemKind.QUESTION and rule is not None:
                answers[item.id] = (rule.answer, rule.note, None)   # the seed's own answer
                continue
            if item.kind is ItemKind.CHOICE:
                chosen = [o for n, o in enumerate(item.options) if (coin * 7 + n) % 3 < 1]
                answers[item.id] = ("; ".join(chosen or item.options[:1]), None, None)
                continue
            if item.kind is ItemKind.TEXT or checklist.has_elements(item.id):
                answers[item.id] = (None, None, None)   # the elements decide
                continue
            start, end = subject.levels.get(item.step, (0.5, 0.8))
            level = start + (end - start) * min(1.0, years / 3.0)
            level = level * subject.quality + subject.shift.get(
                item.perspective.value if item.perspective else "", 0.0)
            level += 0.05 if item.motivating else 0.0
            value = "ja" if threshold < level else "nee"
            note = evidence = None
            if nvt and any(o.value == "nvt" for o in checklist.scale):
                value, note = "nvt", facts.NVT_NOTES[int(coin * 2)]
            elif late and index == 0:
                value = None
            if rule is not None:
                if isinstance(rule.answer, date):
                    value = "ja" if on >= rule.answer else "nee"
                elif rule.answer is not None:
                    value = rule.answer
                note = rule.note or note
                evidence = rule.evidence if value == "ja" else None
            if value == "nee" and note is None and coin < 0.5:
                note = no_note
            if value == "ja" and evidence is None and coin > 0.8:
                evidence = facts.EVIDENCE[int(coin * 10) % len(facts.EVIDENCE)]
            if value == "nvt" and note is None:
                note = facts.NVT_NOTES[0]
            answers[item.id] = (value, note, evidence)
        return answers

    def _write_assessments(self) -> None:
        ids = self.ids.take("assessment_ids", len(self.assessments))
        frame, answers = [], []
        for new_id, a in zip(ids, self.assessments, strict=True):
            s, checklist = a["subject"], a["checklist"]
            a["id"] = new_id
            frame.append({"id": new_id, "checklist_id": checklist.id,
                          "checklist_version": checklist.version,
                          "intervention_id": s.intervention, "implementation_id": s.implementation,
                          "organisation_id": s.organisation, "assessed_on": a["on"],
                          "respondent": s.respondent, "perspectives": s.perspectives,
                          "status": "draft" if a["draft"] else "final",
                          "created_by": SYSTEM.login,
                          "finalised_at": None if a["draft"] else
                          datetime.combine(a["on"], datetime.min.time()) + timedelta(days=3)})
            answers += [(new_id, *row) for row in a["rows"]]
        self.db.insert_frame("assessments", pd.DataFrame(frame).astype({
            "intervention_id": "Int64", "implementation_id": "Int64", "organisation_id": "Int64"}))
        answer_ids = self.ids.take("answer_ids", len(answers))
        self.db.insert_frame("answers", pd.DataFrame(
            [(i, *row) for i, row in zip(answer_ids, answers, strict=True)],
            columns=["id", "assessment_id", "item_id", "answer", "note", "evidence",
                     "recorded_at", "recorded_by"]))
        self.db.assessments.refresh_all_scores()

    # -- actions -----------------------------------------------------------------------

    def _actions(self) -> None:
        """From the 'nee' answers of the latest final assessments: per subject with an
        owner one overdue, one in progress (changed once), one done; one withdrawn."""
        plans = [("open", -30, "Plan opstellen en voorleggen aan de stuurgroep (voorbeeld)"),
                 ("in_progress", 60, "Werkgroep werkt dit uit (voorbeeld)"),
                 ("done", -90, "Afgerond en vastgelegd in het jaarplan (voorbeeld)")]
        actions, versions = [], []
        chosen = [(k, v) for k, v in self.latest.items()
                  if k[3] == MAIN_CHECKLIST and (k[1] is not None or k[0] != self.interventions["lb"])]
        chosen += [(k, v) for k, v in self.latest.items() if k[3] == OBLIGATIONS][:3]
        for (intervention, implementation, organisation, checklist), (_, answers) in chosen:
            if implementation is not None and organisation != self.organisations[
                    facts.SCHOOL_LOCATION] and len(actions) % 3:
                continue  # a few schools plan actions, not all
            gaps = [i for i, v in answers.items() if v[0] == "nee"][:4]
            for n, item_id in enumerate(gaps[:3] + (gaps[3:4] if intervention ==
                                                    self.interventions["joinus"] else [])):
                status, days, text = plans[n] if n < 3 else (
                    "withdrawn", 10, "Externe evaluatie laten uitvoeren (voorbeeld)")
                actions.append((intervention, implementation, organisation, checklist, item_id,
                                status, days, text))
        ids = self.ids.take("action_ids", len(actions))
        responsible = "projectleider (voorbeeld)"
        # due dates count from the day the demo is loaded, so that "overdue" means the same
        # on the first day of every demo
        for new_id, (_, _, _, _, _, status, days, text) in zip(ids, actions, strict=True):
            due = date.today() + timedelta(days=days)
            at = datetime.combine(self.today - timedelta(days=120), datetime.min.time())
            versions.append((new_id, text, responsible, due, "open", None, at))
            if status != "open":
                reason = ("Vervalt: wordt meegenomen in het landelijke onderzoek (voorbeeld)"
                          if status == "withdrawn" else None)
                versions.append((new_id, text, responsible, due, status, reason,
                                 at + timedelta(days=30)))
        self.db.insert_frame("improvement_actions", pd.DataFrame(
            [{"id": i, "intervention_id": a[0], "implementation_id": a[1],
              "organisation_id": a[2], "checklist_id": a[3], "item_id": a[4],
              "created_by": SYSTEM.login} for i, a in zip(ids, actions, strict=True)]).astype(
            {"intervention_id": "Int64", "implementation_id": "Int64", "organisation_id": "Int64"}))
        version_ids = self.ids.take("action_version_ids", len(versions))
        self.db.insert_frame("action_versions", pd.DataFrame(
            [(i, *v, SYSTEM.login) for i, v in zip(version_ids, versions, strict=True)],
            columns=["id", "action_id", "description", "responsible", "due_on", "status",
                     "reason", "recorded_at", "recorded_by"]))

    # -- monitoring ------------------------------------------------------------------------

    def _monitoring(self) -> None:
        """The indicators of indicators/demo.yaml with example values since 2023-2024."""
        path = INDICATOR_DIRECTORY / "demo.yaml"
        loaded = load_indicator_file(path)
        owners = ([("intervention", self.interventions[_key(n)], s)
                   for n, specs in loaded["interventions"].items() for s in specs]
                  + [("organisation", self.organisations[n], s)
                     for n, specs in loaded["organisations"].items() for s in specs])
        ids = self.ids.take("indicator_ids", len(owners))
        indicators, measurements = [], []
        for new_id, (kind, owner, spec) in zip(ids, owners, strict=True):
            low, high = spec.bounds
            indicators.append({
                "id": new_id, "intervention_id": owner if kind == "intervention" else None,
                "organisation_id": owner if kind == "organisation" else None,
                "code": spec.code, "name": spec.name, "level": spec.level.value,
                "kind": spec.kind.value, "unit": spec.unit.value, "scale_min": spec.scale_min,
                "scale_max": spec.scale_max, "direction": spec.direction.value,
                "target_low": low, "target_high": high, "frequency": spec.frequency.value,
                "instrument": spec.instrument, "item_ids": list(spec.items),
                "created_at": datetime(2023, 8, 1)})
            measurements += self._measurements(new_id, kind, owner, spec)
        self.db.insert_frame("indicators", pd.DataFrame(indicators).astype(
            {"intervention_id": "Int64", "organisation_id": "Int64"}))
        measurement_ids = self.ids.take("measurement_ids", len(measurements))
        self.db.insert_frame("measurements", pd.DataFrame(
            [(i, *m) for i, m in zip(measurement_ids, measurements, strict=True)],
            columns=["id", "indicator_id", "intervention_id", "implementation_id",
                     "organisation_id", "period_start", "period_end", "value", "note",
                     "recorded_by"]).astype({"intervention_id": "Int64",
                                             "implementation_id": "Int64",
                                             "organisation_id": "Int64"}))

    def _measurements(self, indicator: int, kind: str, owner: int, spec) -> list[tuple]:
        rng = random.Random(f"{facts.SEED}:{kind}:{owner}:{spec.code}")
        if kind == "organisation":
            subjects = [(None, self.organisations[name]) for name in facts.LOCATIONS]
        elif spec.level.value == "macro":
            subjects = [(None, None)]
        else:
            subjects = [(i, self.organisations[o]) for (k, o), i in self.implementations.items()
                        if self.interventions[k] == owner and (k, o) not in self.ended]
        rows = []
        for number, (implementation, organisation) in enumerate(subjects):
            quality = rng.uniform(0.85, 1.15)
            periods = _periods(date(2023, 8, 1), self.today, spec.frequency.value)
            if number % 4 == 3:
                periods = periods[:-1]   # this one has not reported its latest period yet
            for index, start in enumerate(periods):
                progress = (index + 1) / max(len(periods), 1)
                value = _value(spec, progress, quality, rng)
                rows.append((indicator, owner if kind == "intervention" else None,
                             implementation, organisation, start,
                             period_of(start, spec.frequency.value)[1], value,
                             "voorbeeldwaarde", SYSTEM.login))
        return rows

    # -- accounts ----------------------------------------------------------------------

    def _accounts(self) -> None:
        hashed = demo_hash(facts.DEMO_PASSWORD)
        ids = self.ids.take("user_ids", len(facts.ACCOUNTS))
        grant_ids = self.ids.take("grant_ids", len(facts.ACCOUNTS))
        self.db.insert_frame("users", pd.DataFrame(
            [{"id": i, "login": a[0], "name": a[1], "password_hash": hashed}
             for i, a in zip(ids, facts.ACCOUNTS, strict=True)]))
        self.db.insert_frame("grants", pd.DataFrame(
            [{"id": g, "user_id": i, "role": a[2],
              "intervention_id": self.interventions[_key(a[3])] if a[3] else None,
              "organisation_id": self.organisations[a[4]] if a[4] else None,
              "granted_by": SYSTEM.login}
             for g, i, a in zip(grant_ids, ids, facts.ACCOUNTS, strict=True)]).astype(
            {"intervention_id": "Int64", "organisation_id": "Int64"}))


def _key(name: str) -> str:
    return next((f.key for f in facts.INTERVENTIONS if f.name == name), name)


def _short(organisation: str) -> str:
    return organisation.replace("Melanchthon ", "").replace(" (voorbeeld)", "")


def _rule(rules, item: Item, checklist: Checklist):
    """The first rule for this item: its own text matches (never a parent's, so that a
    rule on an item does not force its elements), and ``within`` a parent's."""
    parents = _path(item, checklist)[:-1]
    for rule in rules:
        if re.search(rule.pattern, item.text) and (
                rule.within is None or any(re.search(rule.within, p) for p in parents)) and (
                rule.perspective is None or (item.perspective is not None
                                             and item.perspective.value == rule.perspective)):
            return rule
    return None


def _path(item: Item, checklist: Checklist) -> list[str]:
    parts = [item.text]
    while item.parent is not None:
        item = checklist.item(item.parent)
        parts.insert(0, item.text)
    return parts


def _periods(since: date, today: date, frequency: str) -> list[date]:
    """The first day of every whole period between ``since`` and ``today``."""
    days, day = [], period_of(since, frequency)[0]
    while True:
        start, end = period_of(day, frequency)
        if end >= today:
            return days
        days.append(start)
        day = end + timedelta(days=1)


def _value(spec, progress: float, quality: float, rng: random.Random) -> float:
    """An example value: it moves from short of the target towards it, except for a
    flat indicator (JOIN us: no significant change in feeling unsafe, seed 000)."""
    low, high = spec.bounds
    target = low if spec.direction is Direction.HIGHER else high
    if low is not None and high is not None:
        target = (low + high) / 2
    flat = spec.code == "onveilig-les-10"
    sign = 1 if spec.direction is Direction.HIGHER else -1
    start = target * (1 - sign * 0.3)
    value = start if flat else start + (target - start) * progress * quality
    value += rng.gauss(0, abs(target) * 0.06)
    lo = spec.scale_min if spec.unit.value == "scale" else 0
    hi = spec.scale_max if spec.unit.value == "scale" else (
        100 if spec.unit.value == "percent" else float("inf"))
    value = min(max(value, lo), hi)
    return float(round(value)) if spec.unit.value in ("count", "days") else round(value, 1)
