"""What every chart shares: colours, the Dutch layout, numbers with a comma.

Charts are pure functions from a DataFrame (as the store returns it) to a plotly
Figure, one per concept, reused by every page and by the PDF report. Every chart
has a Dutch title that fits (long titles wrap), axis titles with units, the same
colour for a perspective or stage wherever it appears, and hover text in Dutch.
Without data a chart says so in a sentence. Text that a user typed (names) is
escaped, because plotly renders a few HTML tags in labels.
"""
from __future__ import annotations

import html
import textwrap

import pandas as pd
import plotly.graph_objects as go

from ..vocabulary import Perspective, Stage

# The seed prints macro and content in blue, meso and micro in green.
PERSPECTIVE_COLOURS = {
    Perspective.MACRO.value: "#1f4e99", Perspective.CONTENT.value: "#5b9bd5",
    Perspective.MESO.value: "#2e7d32", Perspective.MICRO.value: "#8bc34a", None: "#7f7f7f",
}
STAGE_COLOURS = dict(zip(Stage.keys(), ["#c6dbef", "#6baed6", "#2171b5", "#08306b"],
                         strict=True))
OVERALL_COLOUR = "#333333"
TARGET_COLOUR = "#2e7d32"
SERIES_COLOURS = ["#1f4e99", "#d95f02", "#2e7d32", "#7570b3", "#e7298a", "#66a61e",
                  "#e6ab02", "#a6761d", "#666666", "#1b9e77"]
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=13)
# with tickvals plotly.js drops ticksuffix, so the tick texts carry the '%' themselves
PERCENT_AXIS = dict(title="Gereedheid (%)", range=[0, 105], tickvals=[0, 25, 50, 75, 100],
                    ticktext=["0%", "25%", "50%", "75%", "100%"])
SEPARATORS = ",."   # decimal comma, point between thousands


def label(value) -> str:
    """A name for a chart label: HTML escaped."""
    return html.escape("" if value is None else str(value), quote=False)


def wrap(value: str, width: int = 40) -> str:
    return "<br>".join(textwrap.wrap(str(value), width)) or str(value)


def perspective_label(key: str | None) -> str:
    return Perspective.label_of(key, "Checklist") if key else "Checklist"


def no_data(title: str, sentence: str) -> go.Figure:
    """A figure that says in words that there is nothing to show."""
    figure = go.Figure()
    figure.add_annotation(text=sentence, showarrow=False, font=dict(size=15, color="#555"),
                          xref="paper", yref="paper", x=0.5, y=0.5)
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    return layout(figure, title, height=200)


def layout(figure: go.Figure, title: str, height: int = 420, legend: bool = True) -> go.Figure:
    """The shared layout. The title wraps instead of being cut off; the legend sits
    under the plot, so that it never covers data."""
    lines = wrap(title, 46)     # short lines: the title stays whole on a phone (400 px)
    top = 40 + 20 * lines.count("<br>")
    figure.update_layout(
        # pinned to the top of the figure, so that labels above the plot (a heatmap's
        # columns) push the plot down instead of running into the title
        title=dict(text=lines, x=0, xanchor="left", font=dict(size=16), yref="container",
                   y=1, yanchor="top", pad=dict(t=18)), height=height,
        font=FONT, separators=SEPARATORS, margin=dict(l=10, r=20, t=top + 20, b=10),
        legend=dict(orientation="h", yanchor="top", y=-0.18, x=0, title_text=""),
        showlegend=legend, plot_bgcolor="white", hoverlabel=dict(font_size=13))
    figure.update_xaxes(showgrid=False, linecolor="#999", automargin=True)
    figure.update_yaxes(gridcolor="#e5e5e5", linecolor="#999", automargin=True)
    return figure


def percent(series: pd.Series) -> pd.Series:
    return (series.astype(float) * 100).round(1)


def percent_text(value) -> str:
    if value is None or pd.isna(value):
        return "–"
    return f"{float(value):.0f}%"
