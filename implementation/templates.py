"""Offline templates: export a checklist to CSV/XLSX, import a filled one as an assessment.

An import is all-or-nothing. The whole file is read and checked first; every
problem is collected with its file, row and field; only a file without problems
is written, as one new assessment, in one transaction.

Row numbers are the ones a spreadsheet shows: the header is row 1.
"""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from .checklists import Checklist
from .store import AnswerInput, NotFoundError, Store

TEMPLATE_COLUMNS = ["checklist_id", "checklist_version", "item_id", "stap", "perspectief",
                    "hoort_bij", "tekst", "antwoord", "toelichting", "bewijs"]
REQUIRED_COLUMNS = ("item_id", "antwoord")
ANSWER_SPELLINGS = {"ja": "ja", "j": "ja", "yes": "ja", "nee": "nee", "n": "nee", "no": "nee",
                    "nvt": "nvt", "n.v.t.": "nvt", "n.v.t": "nvt", "niet van toepassing": "nvt",
                    "": None}


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"rij {self.row}")
        if self.field:
            where.append(f"veld '{self.field}'")
        return f"{', '.join(where)}: {self.message}"


class ImportRefused(ValueError):
    """A file that was not imported, with every problem found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def as_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"bestand": p.file, "rij": p.row, "veld": p.field,
                              "probleem": p.message} for p in self.problems])


def template_frame(checklist: Checklist) -> pd.DataFrame:
    return pd.DataFrame([{
        "checklist_id": checklist.id, "checklist_version": checklist.version,
        "item_id": item.id, "stap": item.step,
        "perspectief": item.perspective.value if item.perspective else "",
        "hoort_bij": item.parent or "", "tekst": ("    " * item.depth) + item.text,
        "antwoord": "", "toelichting": "", "bewijs": "",
    } for item in checklist.items], columns=TEMPLATE_COLUMNS)


def write_template(checklist: Checklist, path: Path | str, fmt: str | None = None) -> Path:
    path = Path(path)
    path.write_bytes(template_bytes(checklist, (fmt or path.suffix.lstrip(".")).lower()))
    return path


def template_bytes(checklist: Checklist, fmt: str) -> bytes:
    return _table_bytes(template_frame(checklist), fmt, "checklist")


def _table_bytes(frame: pd.DataFrame, fmt: str, sheet: str) -> bytes:
    if fmt not in ("csv", "xlsx"):
        raise ValueError(f"onbekend formaat '{fmt}': kies csv of xlsx")
    buffer = io.BytesIO()
    if fmt == "csv":
        buffer.write(frame.to_csv(index=False).encode("utf-8"))
    else:
        frame.to_excel(buffer, index=False, sheet_name=sheet)
    return buffer.getvalue()


def read_table(content: bytes, name: str,
               required: tuple[str, ...] = REQUIRED_COLUMNS) -> pd.DataFrame:
    """A CSV (UTF-8, comma or semicolon) or XLSX file as a frame of strings, with at
    least the ``required`` columns (names compared in lower case)."""
    if name.lower().endswith((".xlsx", ".xlsm")):
        try:
            frame = pd.read_excel(io.BytesIO(content), dtype=str, engine="openpyxl")
        except (zipfile.BadZipFile, ValueError, KeyError, OSError) as error:
            raise ImportRefused([Problem(name, None, None, "dit is geen leesbaar "
                                         f"Excel-bestand (.xlsx): {error}")]) from None
    else:
        if b"\x00" in content[:4096]:
            raise ImportRefused([Problem(name, None, None, "dit is geen tabel: lever een CSV- "
                                         "of XLSX-bestand aan")])
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = content[:error.start].count(b"\n") + 1
            raise ImportRefused([Problem(name, line, None, "het bestand is geen UTF-8-tekst "
                                         "(sla het op als 'CSV UTF-8')")]) from None
        if not text.strip():
            raise ImportRefused([Problem(name, None, None, "het bestand is leeg")])
        delimiter = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") \
            else ","
        try:
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                                sep=delimiter, quoting=csv.QUOTE_MINIMAL)
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
            raise ImportRefused([Problem(name, None, None, f"geen leesbare tabel: {error}")]) \
                from None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ImportRefused([Problem(name, 1, c, "deze kolom ontbreekt; gebruik het "
                                     "sjabloon") for c in missing])
    return frame.fillna("")


def parse_answers(frame: pd.DataFrame, checklist: Checklist, name: str) -> list[AnswerInput]:
    """Check every row; return the answers, or raise with all problems together."""
    problems: list[Problem] = []
    answers: list[AnswerInput] = []
    seen: dict[str, int] = {}
    if frame.empty:
        problems.append(Problem(name, None, None, "het bestand bevat geen rijen"))
    if "checklist_id" in frame.columns:
        other = frame.index[(frame["checklist_id"].str.strip() != "")
                            & (frame["checklist_id"].str.strip() != checklist.id)]
        if len(other):  # one problem for the file, not one per row
            given = frame.at[other[0], "checklist_id"].strip()
            raise ImportRefused([Problem(name, int(other[0]) + 2, "checklist_id",
                                         f"'{given}' is een andere checklist dan "
                                         f"'{checklist.id}'")])
    for index, row in enumerate(frame.to_dict("records")):
        number = index + 2
        item_id = str(row["item_id"]).strip()
        if not item_id:
            problems.append(Problem(name, number, "item_id", "ontbreekt"))
            continue
        if not checklist.has_item(item_id):
            problems.append(Problem(name, number, "item_id", f"onbekend item '{item_id}' in "
                                    f"checklist '{checklist.id}'"))
            continue
        if item_id in seen:
            problems.append(Problem(name, number, "item_id", f"'{item_id}' staat ook in rij "
                                    f"{seen[item_id]}"))
            continue
        seen[item_id] = number
        raw = str(row["antwoord"]).strip().lower()
        if raw not in ANSWER_SPELLINGS:
            problems.append(Problem(name, number, "antwoord", f"'{row['antwoord']}' is geen "
                                    "geldig antwoord; gebruik ja, nee, nvt of laat leeg"))
            continue
        answers.append(AnswerInput(item_id, ANSWER_SPELLINGS[raw],
                                   str(row.get("toelichting", "")) or None,
                                   str(row.get("bewijs", "")) or None))
    if not problems and not any(a.answer or a.note or a.evidence for a in answers):
        problems.append(Problem(name, None, "antwoord", "het bestand bevat geen enkel "
                                "antwoord, toelichting of bewijs; vul de kolom 'antwoord' in"))
    if problems:
        raise ImportRefused(problems)
    return answers


def parse_date(value: str | date, name: str = "datum") -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ImportRefused([Problem(name, None, "datum", f"'{value}' is geen datum; gebruik "
                                     "JJJJ-MM-DD")]) from None


def import_answers(store: Store, content: bytes, name: str, checklist_id: str,
                   intervention: str | int, assessed_on: str | date,
                   organisation: str | int | None = None, respondent: str = "import",
                   final: bool = True) -> int:
    """Import a filled template as a new assessment; returns its id. All-or-nothing."""
    problems: list[Problem] = []
    try:
        checklist = store.checklist(checklist_id)
    except NotFoundError as error:
        raise ImportRefused([Problem(name, None, "checklist", str(error))]) from None
    try:
        day = parse_date(assessed_on, name)
    except ImportRefused as refused:
        problems += refused.problems
    subject = {}
    try:
        subject["intervention"] = store.intervention(intervention)["id"]
        if organisation is not None:
            organisation_id = store.organisation(organisation)["id"]
            subject["implementation"] = store.implementation_of(subject["intervention"],
                                                                organisation_id)
    except NotFoundError as error:
        problems.append(Problem(name, None, "onderwerp", str(error)))
    try:
        answers = parse_answers(read_table(content, name), checklist, name)
    except ImportRefused as refused:
        problems += refused.problems
    if problems:
        raise ImportRefused(problems)
    implementation_id = subject.get("implementation")
    with store.transaction():
        assessment_id = store.start_assessment(
            checklist.id, subject["intervention"], day, respondent,
            implementation_id=implementation_id,
            perspectives=checklist.scope(implementation_id is not None))
        store.record_answers(assessment_id, answers, respondent)
        if final:
            store.finalise(assessment_id)
    return assessment_id


def export_answers(store: Store, intervention_id: int, fmt: str = "csv") -> bytes:
    """Every answer row of an intervention, history included."""
    return _table_bytes(store.answer_rows(intervention_id), fmt, "antwoorden")
