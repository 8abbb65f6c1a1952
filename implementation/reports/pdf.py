"""The PDF report, with fpdf2: a title page, a table of contents, page numbers, and the
dashboard's own charts as images.

Why fpdf2: pure Python (no system libraries such as Cairo or Pango), Unicode with a
TrueType font, tables, outlines and a table-of-contents placeholder built in, and
actively maintained. Charts are the dashboard's plotly figures rendered to PNG by
kaleido, which drives the Chromium that Debian installs (it never downloads one).
"""
from __future__ import annotations

import os
import shutil
import warnings
from pathlib import Path

import pandas as pd
from fpdf import FPDF
from fpdf.fonts import FontFace

from .data import Report

FONT_CANDIDATES = [("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
                   ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
                    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf")]
BLUE = (31, 78, 153)


def render_images(figures: list, width: int = 1000, height: int = 460) -> list[bytes]:
    """Every figure as a PNG, in one Chromium session."""
    if not figures:
        return []
    import kaleido
    import plotly.io as pio
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if Path(chromium).exists():
        os.environ.setdefault("BROWSER_PATH", chromium)
    images = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # kaleido's note that options go to its server
        kaleido.start_sync_server(silence_warnings=True)
        try:
            for figure in figures:
                tall = max(height, int(figure.layout.height or height))
                images.append(pio.to_image(figure, format="png", width=width, height=tall,
                                           scale=1.5))
        finally:
            kaleido.stop_sync_server(silence_warnings=True)
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
        pdf.cell(150, 8, _plain(section.name, pdf.font), link=pdf.add_link(page=section.page_number))
        pdf.cell(0, 8, str(section.page_number), align="R", new_x="LMARGIN", new_y="NEXT")


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
        for figure in section.figures:
            image = next(images)
            pdf.ln(2)
            pdf.image(image, w=pdf.epw)
            pdf.ln(2)
        for title, table in section.tables:
            _table(pdf, title, table, font)
    return bytes(pdf.output())


def _table(pdf: FPDF, title: str, table: pd.DataFrame, font: str) -> None:
    pdf.ln(3)
    pdf.set_font(font, "B", 11)
    pdf.multi_cell(0, 7, _plain(title, font), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, size=8)
    texts = table.astype(object).where(table.notna(), "").map(_cell)
    widths = [max(4, min(40, texts[c].map(len).max() if len(texts) else 4, ) + 2, len(str(c)))
              for c in texts.columns]
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=4.5,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(230, 236, 245))) as grid:
        grid.row([_plain(str(c), font) for c in texts.columns])
        for row in texts.itertuples(index=False):
            grid.row([_plain(str(v), font) for v in row])


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if hasattr(value, "strftime"):
        return value.strftime("%d-%m-%Y")
    return str(value)
