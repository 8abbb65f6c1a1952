"""Dates as a user types them, and the horizon a date of this product must lie in.

A date is read strictly: ``JJJJ-MM-DD`` (or ``DD-MM-JJJJ``, as a Dutch
spreadsheet shows it), nothing before or after it. ``2019-02-01 onzin`` is not a
date. A date must lie between 1 January 1990 and one year after today: earlier
or later dates are typing errors (``0001-03-01``, ``9999-12-31``), and a
measurement dated 2099 would stretch every trend chart to the end of the century.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

EARLIEST = date(1990, 1, 1)
AHEAD = timedelta(days=366)

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DUTCH = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_STAMP = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T]00:00(:00(\.0+)?)?$")  # Excel dates


def horizon(today: date | None = None) -> tuple[date, date]:
    today = today or date.today()
    return EARLIEST, today + AHEAD


def dutch(day: date) -> str:
    """01-03-0001: the year always in four digits (``%Y`` prints year 1 as '1')."""
    return f"{day.day:02d}-{day.month:02d}-{day.year:04d}"


def problem(day: date, today: date | None = None) -> str | None:
    """Why ``day`` cannot be a date of this product, or None."""
    first, last = horizon(today)
    if day < first:
        return f"{dutch(day)} ligt vóór {dutch(first)}; is het jaartal goed getypt?"
    if day > last:
        return (f"{dutch(day)} ligt meer dan een jaar in de toekomst; is het jaartal goed "
                "getypt?")
    return None


def read(value, today: date | None = None) -> tuple[date | None, str | None]:
    """(date, None) or (None, the reason in Dutch)."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        day = value
    else:
        text = str(value).strip()
        parts = None
        for pattern, order in ((_ISO, (0, 1, 2)), (_DUTCH, (2, 1, 0)), (_STAMP, (0, 1, 2))):
            found = pattern.match(text)
            if found:
                groups = found.groups()
                parts = [int(groups[i]) for i in order]
                break
        if parts is None:
            shown = text if len(text) <= 40 else text[:39] + "…"
            return None, f"'{shown}' is geen datum; gebruik JJJJ-MM-DD"
        try:
            day = date(*parts)
        except ValueError:
            return None, f"'{text}' is geen bestaande datum"
    reason = problem(day, today)
    return (None, reason) if reason else (day, None)
