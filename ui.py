"""Small helpers for showing things in Dutch, safely: text, numbers, dates, percentages.

User text (names, notes, descriptions) is always shown as text: :func:`text`
escapes every markdown character, so that ``![x](http://host/x.png)`` or a bare
link in a note is shown as typed and never makes a browser fetch or follow it.
Numbers use a decimal comma.
"""
from __future__ import annotations

import html
import re
from datetime import date

import pandas as pd

from implementation.views import short  # noqa: F401 - pages say ui.short

_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$=\"'&^%@/])")


def text(value) -> str:
    """User text for ``st.markdown`` and friends: every markdown character escaped,
    line breaks kept as spaces."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return _PUNCTUATION.sub(r"\\\1", " ".join(str(value).split()))


def paragraphs(value) -> str:
    """Text from a file (an introduction, the source's guidance) as markdown: every
    markdown character escaped as in :func:`text`, but its structure kept: paragraphs
    (blank lines), bullets ("- " at the start of a line) and lines that continue a bullet
    (indented under it)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    blocks: list[str] = []
    for line in str(value).splitlines():
        stripped = line.strip()
        if not stripped:
            blocks.append("")
        elif stripped.startswith("- "):
            blocks.append("- " + text(stripped[2:]))
        elif blocks and blocks[-1].startswith("- ") and line[:1].isspace():
            blocks[-1] += "  \n  " + text(stripped)     # a line break inside the bullet
        elif blocks and blocks[-1] and not blocks[-1].startswith("- "):
            blocks[-1] += "  \n" + text(stripped)       # a line break inside the paragraph
        else:
            if blocks and blocks[-1].startswith("- "):
                blocks.append("")                      # a paragraph after a list
            blocks.append(text(stripped))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(blocks)).strip()


def quoted(value, source: str) -> str:
    """The source's advice as a markdown quote with its section, structure kept."""
    body = "\n".join(f"> {line}" if line else ">" for line in paragraphs(value).split("\n"))
    return f"{body}\n>\n> — *{text(source)}*"


def plain(value) -> str:
    """User text for a chart label (plotly renders a few HTML tags): tags escaped."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=False)


def link_or_text(value) -> str:
    """Evidence as markdown: an http(s) link is a link, anything else is text."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    raw = str(value).strip()
    if re.match(r"^https?://[^\s<>()\[\]]+$", raw):
        return f"[{text(raw)}]({raw.replace(')', '%29')})"
    return text(raw)


def number(value, decimals: int = 1) -> str:
    """12,5 — with a decimal comma and a point between thousands."""
    if value is None or pd.isna(value):
        return "–"
    formatted = f"{float(value):,.{decimals}f}".replace(",", "·").replace(".", ",")
    formatted = formatted.replace("·", ".")
    if decimals and "," in formatted:
        formatted = formatted.rstrip("0").rstrip(",")
    return formatted


def percent(value, decimals: int = 0) -> str:
    """A fraction (0.719) as '72%' (or '71,9%')."""
    if value is None or pd.isna(value):
        return "–"
    return f"{number(float(value) * 100, decimals)}%"


def _missing(value) -> bool:
    """None, NaN or NaT (pd.NaT is a datetime, so isinstance alone does not tell)."""
    return value is None or value is pd.NaT or (
        not isinstance(value, (date, str)) and bool(pd.isna(value)))


def day(value) -> str:
    if _missing(value):
        return "–"
    return pd.Timestamp(value).strftime("%d-%m-%Y")


def moment(value) -> str:
    if _missing(value):
        return "–"
    return pd.Timestamp(value).strftime("%d-%m-%Y %H:%M")


def days(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values).dt.strftime("%d-%m-%Y").fillna("–")




def count(number_: int, one: str, many: str) -> str:
    return f"{number_} {one if number_ == 1 else many}"


def points(delta) -> str | None:
    """A change in percentage points for st.metric, or None when there is none."""
    if delta is None or pd.isna(delta):
        return None
    rounded = round(float(delta) * 100)
    if rounded == 0:
        return "gelijk gebleven"   # shown without an arrow (st.metric's delta_arrow="off")
    return f"{rounded:+d} procentpunt".replace("-", "−")
