"""Reports for a meeting: a Dutch PDF and an XLSX of the figures behind every chart, for an
intervention (owner, funder) or an organisation (board). A report holds only what its
user may see, and making one is logged."""
from __future__ import annotations

import re
from datetime import date

from ..errors import Refused
from ..tables import workbook_bytes
from .content import Report
from .intervention import intervention_report
from .organisation import organisation_report


def build(db, intervention=None, organisation=None, today: date | None = None) -> Report:
    if (intervention is None) == (organisation is None):
        raise Refused("kies een interventie óf een organisatie voor het rapport")
    if intervention is not None:
        return intervention_report(db, int(db.registry.intervention(intervention)["id"]), today)
    return organisation_report(db, int(db.registry.organisation(organisation)["id"]), today)


def xlsx_bytes(report: Report) -> bytes:
    """One sheet per chart (and per table), with Dutch headers, dates as dates and
    percentages as percentages."""
    sheets, formats, used = {}, {}, set()
    for section in report.sections:
        for figure in section.figures:
            title = _unique(figure.sheet or figure.title, used)
            sheets[title], formats[title] = figure.data, figure.formats
        for table in section.tables:
            title = _unique(table.sheet or table.title, used)
            sheets[title], formats[title] = table.data, table.formats
    return workbook_bytes(sheets, formats)


def _unique(title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", title)[:31].strip() or "blad"
    name, number = base, 2
    while name.lower() in used:
        name, number = f"{base[:28]} {number}", number + 1
    used.add(name.lower())
    return name


def make_report(db, fmt: str = "pdf", intervention=None, organisation=None,
                today: date | None = None) -> bytes:
    if fmt not in ("pdf", "xlsx"):
        raise Refused(f"onbekend formaat '{fmt}': kies pdf of xlsx")
    if fmt == "xlsx":
        report = build(db, intervention, organisation, today)
        content = xlsx_bytes(report)
    else:
        from .pdf import chromium, render_pdf
        with chromium():     # Chromium starts while the report's data is read
            report = build(db, intervention, organisation, today)
            content = render_pdf(report)
    target = db.registry.intervention(intervention) if intervention is not None else None
    db.audit.log("report.make", intervention_id=None if target is None else target["id"],
                 organisation_id=None if organisation is None
                 else int(db.registry.organisation(organisation)["id"]),
                 detail=f"{report.title} als {fmt}")
    return content
