"""The PDF report, with fpdf2: a title page, a table of contents, page numbers, and the
dashboard's own charts as images.

Why fpdf2: pure Python (no system libraries such as Cairo or Pango), Unicode with a
TrueType font, tables, outlines and a table-of-contents placeholder built in, and
actively maintained. Charts are the dashboard's plotly figures rendered to PNG by
kaleido, which drives the Chromium that Debian installs (it never downloads one).
"""
from __future__ import annotations

import numbers
import os
import shutil
import struct
import threading
import warnings
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd
from fpdf import FPDF
from fpdf.fonts import FontFace

from .content import Report

FONT_CANDIDATES = [("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
                   ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
                    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf")]
BLUE = (31, 78, 153)


_LOCK = threading.RLock()   # kaleido's server is one per process, with one queue
_open = [0]


@contextmanager
def chromium():
    """Kaleido's Chromium for the duration of the block, one report at a time. Chromium
    starts in the background, so a caller can read the report's data meanwhile."""
    with _LOCK:
        import kaleido
        first = _open[0] == 0
        if first:
            path = shutil.which("chromium") or "/usr/bin/chromium"
            if Path(path).exists():
                os.environ.setdefault("BROWSER_PATH", path)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                kaleido.start_sync_server(silence_warnings=True)
        _open[0] += 1
        try:
            yield
        finally:
            _open[0] -= 1
            if first:
                kaleido.stop_sync_server(silence_warnings=True)


def render_images(figures: list, width: int = 800, height: int = 380) -> list[bytes]:
    """Every figure as a PNG, in one Chromium session, at its own height."""
    if not figures:
        return []
    import plotly.io as pio
    images = []
    with chromium(), warnings.catch_warnings():
        warnings.simplefilter("ignore")   # kaleido's note that options go to its server
        for figure in figures:
            tall = int(figure.layout.height or height)
            images.append(pio.to_image(figure, format="png", width=width, height=tall,
                                       scale=1.5))
    return images


class _Document(FPDF):
    def __init__(self, report: Report, font: str):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.report, self.font = report, font
        self.set_auto_page_break(True, margin=18)
        self.set_margins(18, 18, 18)

    def footer(self) -> None:
        if self.page_no() == 1:
            return
        self.set_y(-12)
        self.set_font(self.font, size=8)
        self.set_text_color(110, 110, 110)
        self.cell(0, 6, f"{self.report.subject} · {self.report.made_on:%d-%m-%Y}", align="L")
        self.set_x(self.l_margin)
        self.cell(0, 6, f"pagina {self.page_no()} van {{nb}}", align="R")


def _fonts(pdf: FPDF) -> str:
    for regular, bold in FONT_CANDIDATES:
        if Path(regular).exists():
            pdf.add_font("Text", "", regular)
            pdf.add_font("Text", "B", bold if Path(bold).exists() else regular)
            return "Text"
    return "helvetica"


def _plain(text: str, font: str) -> str:
    if font != "helvetica":
        return str(text)
    return str(text).encode("latin-1", "replace").decode("latin-1")


def _toc(pdf: FPDF, outline) -> None:
    pdf.set_xy(pdf.l_margin, pdf.t_margin)
    pdf.set_font(pdf.font, "B", 16)
    pdf.cell(0, 12, "Inhoud", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.font, size=11)
    for section in outline:
        if section.level:
            continue
        pdf.cell(150, 8, _plain(section.name, pdf.font),
                 link=pdf.add_link(page=section.page_number))
        pdf.cell(0, 8, str(section.page_number), align="R", new_x="LMARGIN", new_y="NEXT")


def _aspect(png: bytes) -> float:
    """Height / width of a PNG, from its header."""
    width, height = struct.unpack(">II", png[16:24])
    return height / width


def render_pdf(report: Report) -> bytes:
    figures = [f.figure for s in report.sections for f in s.figures]
    images = iter(render_images(figures))
    pdf = _Document(report, "helvetica")
    pdf.font = _fonts(pdf)
    font = pdf.font
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_text_color(*BLUE)
    pdf.set_font(font, "B", 24)
    pdf.ln(40)
    pdf.multi_cell(0, 12, _plain(report.title, font), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(font, size=12)
    pdf.ln(6)
    for line in [f"Onderwerp: {report.subject}", f"Datum: {report.made_on:%d-%m-%Y}",
                 f"Gemaakt door: {report.made_by}", "Filters: " + "; ".join(report.filters)]:
        pdf.multi_cell(0, 8, _plain(line, font), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.set_font(font, size=9)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(0, 5, _plain("Implementatiemonitor. Namen en cijfers met (voorbeeld) in een "
                                "demodatabase zijn verzonnen.", font))
    pdf.set_text_color(0, 0, 0)
    pdf.add_page()
    pdf.insert_toc_placeholder(_toc)
    for number, section in enumerate(report.sections):
        if number:  # the table of contents already ended its page
            pdf.add_page()
        pdf.start_section(_plain(section.title, font))
        pdf.set_font(font, "B", 16)
        pdf.set_text_color(*BLUE)
        pdf.multi_cell(0, 10, _plain(section.title, font), new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.set_font(font, size=10)
        for sentence in section.sentences:
            pdf.multi_cell(0, 6, _plain(sentence, font), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        if section.tables_first:
            for table in section.tables:
                _table(pdf, table, font)
        for _ in section.figures:
            image = next(images)
            tall = pdf.epw * _aspect(image)
            if pdf.will_page_break(tall + 4):
                pdf.add_page()
            pdf.ln(2)
            pdf.image(image, w=pdf.epw)
            pdf.ln(2)
        if not section.tables_first:
            for table in section.tables:
                _table(pdf, table, font)
    return bytes(pdf.output())


PADDING = 2.2          # mm of a table cell's left and right padding together
LONGEST = 70.0         # mm: a longer text wraps
LONGEST_WORD = 24.0    # mm: a rare longer word ("anti-pestcoördinator") may break


def _widths(pdf: FPDF, texts: pd.DataFrame, headers: list[str], font: str) -> list[float]:
    """Column widths in mm: each column as wide as its longest value (up to 70 mm, longer
    texts wrap) and never narrower than its longest word or the longest word of its
    heading. When the table is too wide for the page, the columns that can wrap give up
    width in proportion to what they can spare."""
    natural, least, mean = [], [], []
    for column, header in zip(texts.columns, headers, strict=True):
        pdf.set_font(font, size=8)
        values = texts[column].astype(str)
        widest = max(pdf.get_string_width(_plain(v, font)) for v in values)
        word = min(max((pdf.get_string_width(_plain(w, font)) for v in values
                        for w in v.split()), default=0), LONGEST_WORD)
        pdf.set_font(font, "B", 8)
        heading = max((pdf.get_string_width(_plain(w, font)) for w in str(header).split()),
                      default=0)
        least.append(max(word, heading) + PADDING)
        mean.append(max(float(values.map(len).mean()), 1.0))
        natural.append(max(min(widest, LONGEST), heading) + PADDING)
    natural = [max(n, m) for n, m in zip(natural, least, strict=True)]
    if sum(natural) > pdf.epw:
        # every column gets its least; the rest of the page goes to the columns that
        # wrap, by how much text they hold on average (the item text more than its date)
        widths, left = list(least), pdf.epw - sum(least)
        open_ = [i for i in range(len(widths)) if natural[i] > least[i]]
        while left > 0.01 and open_:
            weight = {i: mean[i] for i in open_}
            total = sum(weight.values()) or 1.0
            given = 0.0
            for i in list(open_):
                more = min(left * weight[i] / total, natural[i] - widths[i])
                widths[i] += more
                given += more
                if natural[i] - widths[i] < 0.01:
                    open_.remove(i)
            left -= given
            if given < 0.01:
                break
        natural = widths
    pdf.set_font(font, size=8)
    return natural


def _table(pdf: FPDF, table, font: str) -> None:
    if pdf.will_page_break(40):     # a heading never stands alone at the foot of a page
        pdf.add_page()
    pdf.ln(3)
    pdf.set_font(font, "B", 11)
    pdf.multi_cell(0, 7, _plain(table.title, font), new_x="LMARGIN", new_y="NEXT")
    if table.data.empty:
        pdf.set_font(font, size=9)
        pdf.multi_cell(0, 6, "Geen.", new_x="LMARGIN", new_y="NEXT")
        return
    data = table.data if table.first is None else table.data.head(table.first)
    texts = pd.DataFrame({c: [cell_text(v, table.formats.get(c)) for v in data[c]]
                          for c in data.columns})
    headers = [table.short.get(c, c) for c in texts.columns]
    widths = _widths(pdf, texts, headers, font)
    pdf.set_font(font, size=8)
    with pdf.table(col_widths=widths, width=min(sum(widths), pdf.epw), text_align="LEFT",
                   line_height=4.2, align="LEFT",
                   headings_style=FontFace(emphasis="BOLD", fill_color=(230, 236, 245))) as grid:
        grid.row([_plain(h, font) for h in headers])
        for row in texts.itertuples(index=False):
            grid.row([_plain(v, font) for v in row])
    left = len(table.data) - len(data)
    if left > 0:
        pdf.set_font(font, size=9)
        pdf.ln(1)
        pdf.multi_cell(0, 5, f"… en nog {left} rijen, minder urgent; het Excel-bestand (XLSX) "
                             "van dit rapport bevat ze allemaal.", new_x="LMARGIN",
                       new_y="NEXT")


def cell_text(value, fmt: str | None = None) -> str:
    """A value as the Dutch reader of the PDF reads it, from the same number format the
    XLSX uses: a fraction with '0%' as '72%', a change ('+0%...') as '+12 pt', dates
    as 31-12-2025, decimals with a comma, nothing as '–'."""
    if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value)
                         and pd.isna(value)):
        return "–"
    if hasattr(value, "strftime"):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, bool | np.bool_):
        return "ja" if value else "nee"
    number = isinstance(value, numbers.Number) and not isinstance(value, bool)
    if fmt and number and fmt.startswith("+"):
        return f"{round(float(value) * 100):+d} pt"
    if fmt and number and fmt.endswith("%"):
        decimals = 1 if ".0" in fmt else 0
        return f"{float(value) * 100:.{decimals}f}%".replace(".", ",")
    if isinstance(value, float):
        return f"{value:.3g}".replace(".", ",") if abs(value) < 1000 else f"{value:,.0f}" \
            .replace(",", ".")
    return str(value)
