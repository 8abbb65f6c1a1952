"""Charts of readiness: over time, as a matrix, per stage, SIC progress, common gaps."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..views import short
from ..vocabulary import Perspective, Stage
from .common import (
    OVERALL_COLOUR,
    PERCENT_AXIS,
    PERSPECTIVE_COLOURS,
    SERIES_COLOURS,
    STAGE_COLOURS,
    figure,
    horizontal_line,
    label,
    no_data,
    percent,
    perspective_label,
    wrap,
)

TREND_TITLES = {"overall": "Gereedheid over de tijd",
                "perspective": "Gereedheid per perspectief over de tijd",
                "stage": "Gereedheid per innovatiestadium over de tijd",
                "motivating": "Motiverende factoren (*) over de tijd"}


def readiness_trend(frame: pd.DataFrame, by: str = "overall", title: str | None = None,
                    series: str | None = None, median: bool = False) -> go.Figure:
    """Readiness over time, one point per assessment.

    ``frame`` is a readiness result; ``by`` is the grouping it was made with (overall,
    perspective, stage, motivating), or ``series`` names another column to draw one
    line per value (e.g. ``organisation``); ``median`` adds the median of those lines
    per assessment round (a board's locations).
    """
    title = title or TREND_TITLES.get(by, "Gereedheid")
    if frame.empty or frame["readiness"].isna().all():
        return no_data(title, "Nog geen definitieve beoordelingen om een lijn van te tekenen.")
    traces = []
    key = series or (by if by in ("perspective", "stage") else None)
    groups = [(None, frame)] if key is None else list(frame.groupby(key, sort=False,
                                                                    dropna=False))
    if key == "stage":
        groups.sort(key=lambda g: Stage.keys().index(g[0]))
    elif key == "perspective":
        groups.sort(key=lambda g: Perspective.keys().index(g[0]))
    else:
        groups.sort(key=lambda g: str(g[0]))
    for index, (value, group) in enumerate(groups):
        group = group.sort_values("assessed_on")
        if key == "perspective":
            name, colour = perspective_label(value), PERSPECTIVE_COLOURS[value]
        elif key == "stage":
            name, colour = Stage.label_of(value), STAGE_COLOURS[value]
        elif key is None:
            name, colour = "Totaal", OVERALL_COLOUR
        else:
            name, colour = label(value), SERIES_COLOURS[index % len(SERIES_COLOURS)]
        traces.append(go.Scatter(
            x=group["assessed_on"], y=percent(group["readiness"]), mode="lines+markers",
            name=name, line=dict(color=colour, width=2.5 if series else 3),
            marker=dict(size=7), cliponaxis=False,
            customdata=group[["applicable"]].assign(name=name),
            hovertemplate="%{customdata[1]}<br>Beoordeling van %{x|%d-%m-%Y}<br>"
                          "Gereedheid %{y:.0f}% (van %{customdata[0]} items)<extra></extra>"))
    if median and series:
        rounds = frame.assign(round=pd.to_datetime(frame["assessed_on"]).dt.to_period("Q"))
        middle = rounds.groupby("round")["readiness"].median()
        traces.append(go.Scatter(
            x=[p.start_time for p in middle.index], y=percent(middle), name="Mediaan",
            mode="lines", line=dict(color="#000", width=4, dash="dot"),
            hovertemplate="Mediaan %{y:.0f}%<extra></extra>"))
    return figure(traces, title, height=440 + (20 * (len(groups) // 4) if series else 0),
                  yaxis=PERCENT_AXIS,
                  xaxis=dict(title="Datum van beoordeling", tickformat="%m-%Y"))


def readiness_matrix(frame: pd.DataFrame, rows: str, columns: str, title: str,
                     row_order: list | None = None, column_order: list | None = None,
                     column_labels: dict | None = None, row_title: str = "",
                     column_title: str = "", hover: str | None = None) -> go.Figure:
    """A heatmap of readiness (0-100 %) with its value in every cell. A cell without
    applicable items says "–" on a grey ground, so it is never read as 0 %.

    ``frame`` has columns ``rows``, ``columns``, readiness (a fraction) and optionally
    ``hover`` (a text per cell).
    """
    if frame.empty:
        return no_data(title, "Geen definitieve beoordelingen voor deze keuze.")
    row_order = row_order or sorted(frame[rows].dropna().unique(), key=str)
    column_order = column_order or list(dict.fromkeys(frame[columns]))
    grid = frame.pivot_table(index=rows, columns=columns, values="readiness",
                             aggfunc="first", dropna=False).reindex(index=row_order,
                                                                    columns=column_order)
    texts = grid.map(lambda v: "–" if pd.isna(v) else f"{v * 100:.0f}%")
    extra = None
    if hover:
        extra = frame.pivot_table(index=rows, columns=columns, values=hover, aggfunc="first",
                                  dropna=False).reindex(index=row_order, columns=column_order)
        extra = extra.fillna("").values
    x = [wrap(label((column_labels or {}).get(c, c)), 14) for c in column_order]
    y = [label(r) for r in row_order]
    ground = go.Heatmap(  # the grey ground behind cells without a value
        z=grid.isna().astype(float).values, x=x, y=y, colorscale=[[0, "rgba(0,0,0,0)"],
                                                                   [1, "#ececec"]],
        showscale=False, hoverinfo="skip", xgap=2, ygap=2)
    values = go.Heatmap(
        z=(grid * 100).round(1).values, x=x, y=y, zmin=0, zmax=100, colorscale="Blues",
        text=texts.values, texttemplate="%{text}", textfont=dict(size=13), xgap=2, ygap=2,
        customdata=extra, colorbar=dict(title="%", ticksuffix="%", thickness=12),
        hovertemplate="%{y}<br>%{x}<br>Gereedheid %{text}"
                      + ("<br>%{customdata}" if hover else "") + "<extra></extra>")
    label_lines = max((x_.count("<br>") + 1 for x_ in x), default=1)
    # column labels above the plot (turned by plotly only where they do not fit, as on a
    # phone), below the title, which is pinned to the top of the figure
    return figure([ground, values], title,
                  height=max(260, 130 + 34 * len(row_order) + 16 * label_lines), legend=False,
                  extra_top=18 * label_lines,
                  yaxis=dict(autorange="reversed", title=row_title, showgrid=False),
                  xaxis=dict(title=column_title, side="top", showgrid=False))


def stage_profile(profile: pd.DataFrame, title: str = "Stadiaprofiel",
                  threshold: float | None = None) -> go.Figure:
    """Readiness per stage side by side; a stage without applicable items says so."""
    if profile.empty:
        return no_data(title, "Deze checklist koppelt geen items aan innovatiestadia.")
    data = profile.copy()
    data["label"] = data["stage"].map(Stage.label_of)
    values = percent(data["readiness"].astype(float))
    text = [("niet van toepassing" if pd.isna(v) else f"{v:.0f}%") for v in values]
    # the value inside the foot of its bar, so that it never sits on the threshold line
    traces = [go.Bar(
        x=data["label"], y=values.fillna(0), marker_color=data["stage"].map(STAGE_COLOURS),
        text=text, textposition=["inside" if v >= 12 else "outside" for v in values.fillna(0)],
        insidetextanchor="start", cliponaxis=False, showlegend=False,
        textfont=dict(color=["white" if s in ("implementatie", "borging") else "#222"
                             for s in data["stage"]]),
        customdata=data[["applicable", "nvt", "answered", "items"]].values,
        hovertemplate="%{x}<br>Gereedheid %{text}<br>%{customdata[0]} van de %{customdata[3]} "
                      "items van toepassing, %{customdata[1]} n.v.t.<extra></extra>")]
    shapes = []
    if threshold is not None:   # the rule in the legend, not on top of a bar's label
        shapes.append(horizontal_line(threshold * 100, color="#555", dash="dash"))
        traces.append(go.Scatter(x=[None], y=[None], mode="lines",
                                 name=f"bereikt vanaf {threshold * 100:.0f}%",
                                 line=dict(color="#555", dash="dash")))
    return figure(traces, title, height=360, legend=threshold is not None,
                  yaxis=PERCENT_AXIS, xaxis=dict(title=""), shapes=shapes)


def stage_progress_bars(frame: pd.DataFrame,
                        title: str = "Voortgang per stadium (SIC)") -> go.Figure:
    """Per stage: share of its items ever fully achieved, with first and last date."""
    if frame.empty:
        return no_data(title, "Nog geen definitieve beoordelingen om voortgang uit af te "
                              "leiden.")
    data = frame.copy()
    data["label"] = data["stage"].map(Stage.label_of)
    duration = data["duration_days"].map(lambda d: "–" if pd.isna(d) else f"{int(d)} dagen")
    first = pd.to_datetime(data["first_achieved"]).dt.strftime("%d-%m-%Y").fillna("–")
    last = pd.to_datetime(data["last_achieved"]).dt.strftime("%d-%m-%Y").fillna("–")
    bars = go.Bar(
        x=data["label"], y=percent(data["proportion"]),
        marker_color=data["stage"].map(STAGE_COLOURS),
        text=[f"{a} van {n} items" for a, n in zip(data["achieved"], data["items"],
                                                    strict=True)],
        textposition="outside", cliponaxis=False,
        customdata=pd.concat([duration, first, last], axis=1).values,
        hovertemplate="%{x}<br>Bereikt: %{y:.0f}% van de items<br>Eerste: %{customdata[1]}"
                      "<br>Laatste: %{customdata[2]}<br>Duur: %{customdata[0]}<extra></extra>")
    return figure([bars], title, height=340, legend=False, xaxis=dict(title=""),
                  yaxis=dict(title="Items ooit volledig bereikt (%)", range=[0, 110],
                             ticksuffix="%"))


def common_gaps(frame: pd.DataFrame, limit: int = 12,
                title: str = "Items die bij de meeste interventies nog niet geregeld zijn"
                ) -> go.Figure:
    """Horizontal bars: per item the number of chosen interventions with a gap there."""
    if frame.empty:
        return no_data(title, "Geen enkel item is met nee beantwoord in de gekozen beoordelingen.")
    top = frame.head(limit).iloc[::-1]
    # short labels of short lines, so that they fit beside the bars on a phone too (the
    # table under the chart gives every text whole)
    labels = [wrap(label(f"{short(t, 70)} (stap {s})"), 32)
              for t, s in zip(top["text"], top["step"], strict=True)]
    bars = go.Bar(
        x=top["gaps"], y=labels, orientation="h",
        marker_color=top["perspective"].map(PERSPECTIVE_COLOURS),
        customdata=list(zip(top["interventions"], top["perspective"].map(
            Perspective.label_of), strict=True)),
        hovertemplate="%{customdata[1]}<br>Nog niet geregeld bij %{x} van %{customdata[0]} "
                      "interventies<extra></extra>")
    return figure([bars], title, height=max(300, 90 + 58 * len(top)), legend=False,
                  xaxis=dict(title="Aantal interventies", dtick=1, rangemode="tozero"),
                  yaxis=dict(title="", tickfont=dict(size=12)))
