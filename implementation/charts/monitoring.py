"""Charts of monitoring indicators: trends against targets, shares, readiness beside."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..indicators import target_text
from ..vocabulary import Unit
from .common import (
    OVERALL_COLOUR,
    SERIES_COLOURS,
    TARGET_COLOUR,
    figure,
    horizontal_band,
    horizontal_line,
    label,
    no_data,
    percent,
)

UNIT_AXIS = {Unit.COUNT.value: "Aantal", Unit.PERCENT.value: "Percentage (%)",
             Unit.DAYS.value: "Dagen"}


def _number(value) -> str:
    return f"{float(value):g}".replace(".", ",")


def _bound(value):
    return None if value is None or pd.isna(value) else float(value)


def whole_ticks(indicator: dict, values) -> dict:
    """Axis ticks for a count or days: whole numbers at a round step (never 10,18)."""
    if indicator["unit"] not in (Unit.COUNT.value, Unit.DAYS.value):
        return {}
    numbers = [float(v) for v in values if v is not None and not pd.isna(v)]
    top = max(numbers + [float(indicator.get("target_low") or 0),
                         float(indicator.get("target_high") or 0), 1.0])
    step = 1
    while top / step > 6:
        step = next(s * 10 ** (len(str(step)) - 1) for s in (2, 5, 10)
                    if s * 10 ** (len(str(step)) - 1) > step)
    return dict(tick0=0, dtick=step, tickformat=",d")


def unit_axis(indicator: dict) -> str:
    if indicator["unit"] == Unit.SCALE.value:
        return (f"Score (schaal {_number(indicator['scale_min'])}–"
                f"{_number(indicator['scale_max'])})")
    return UNIT_AXIS[indicator["unit"]]


def _target(indicator: dict) -> tuple[dict, go.Scatter]:
    """The target as a line or band (a shape) and its name in the legend (a trace)."""
    low, high = _bound(indicator["target_low"]), _bound(indicator["target_high"])
    if low is not None and high is not None:
        shape = horizontal_band(low, high, fillcolor=TARGET_COLOUR, opacity=0.12,
                                line=dict(width=0))
    else:
        shape = horizontal_line(low if low is not None else high, color=TARGET_COLOUR,
                                dash="dash", width=2)
    return shape, go.Scatter(x=[None], y=[None], mode="lines", name=target_text(indicator),
                             line=dict(color=TARGET_COLOUR, dash="dash", width=2))


def indicator_trend(trend: pd.DataFrame, indicator: dict,
                    organisations: pd.DataFrame | None = None, title: str | None = None,
                    median_name: str = "Mediaan van de organisaties") -> go.Figure:
    """An indicator over time: the median across organisations with its p25-p75 band,
    the value of the intervention as a whole, optional lines per organisation, and the
    target as a line or band (named in the legend)."""
    title = title or label(indicator["name"])
    if trend.empty and (organisations is None or organisations.empty):
        return no_data(title, "Voor deze indicator zijn nog geen metingen vastgelegd.")
    traces = []
    data = trend.sort_values("period_start")
    spread = data.dropna(subset=["p25"]) if not data.empty else data
    if len(spread) and (organisations is None or organisations.empty):
        traces.append(go.Scatter(
            x=list(spread["period_start"]) + list(spread["period_start"][::-1]),
            y=list(spread["p75"]) + list(spread["p25"][::-1]), fill="toself", mode="lines",
            fillcolor="rgba(31,78,153,0.15)", line=dict(width=0), hoverinfo="skip",
            name="Middelste helft (p25–p75)"))
    if len(spread):
        traces.append(go.Scatter(
            x=spread["period_start"], y=spread["median"], mode="lines+markers",
            name=median_name, line=dict(color="#1f4e99", width=3),
            customdata=pd.concat([spread["organisations"],
                                  percent(spread["share_met"]).fillna(0)], axis=1).values,
            hovertemplate="Periode vanaf %{x|%d-%m-%Y}<br>Mediaan %{y:.3~g}<br>"
                          "%{customdata[0]} organisaties, %{customdata[1]:.0f}% haalt de "
                          "streefwaarde<extra></extra>"))
    whole = data.dropna(subset=["whole"]) if not data.empty else data
    if len(whole):
        traces.append(go.Scatter(
            x=whole["period_start"], y=whole["whole"], mode="lines+markers",
            name="Interventie als geheel", line=dict(color=OVERALL_COLOUR, width=3),
            hovertemplate="Periode vanaf %{x|%d-%m-%Y}<br>Waarde %{y:.3~g}<extra></extra>"))
    if organisations is not None and not organisations.empty:
        for index, (name, rows) in enumerate(organisations.groupby("organisation")):
            rows = rows.sort_values("period_start")
            traces.append(go.Scatter(
                x=rows["period_start"], y=rows["value"], mode="lines+markers",
                name=label(name), line=dict(width=1.5, color=SERIES_COLOURS[
                    (index + 1) % len(SERIES_COLOURS)]),
                hovertemplate=f"{label(name)}<br>Periode vanaf %{{x|%d-%m-%Y}}<br>"
                              "Waarde %{y:.3~g}<extra></extra>"))
    shape, legend = _target(indicator)
    drawn = [v for t in traces for v in (t.y if t.y is not None else [])]
    return figure([*traces, legend], title, height=440, shapes=[shape],
                  yaxis=dict(title=unit_axis(indicator), rangemode="tozero",
                             **whole_ticks(indicator, drawn)),
                  xaxis=dict(title="Periode", tickformat="%m-%Y"))


def target_share(trend: pd.DataFrame, indicator: dict) -> go.Figure:
    """Per period, the share of organisations that meet the target."""
    title = f"Organisaties die de streefwaarde halen: {label(indicator['name'])}"
    data = trend.dropna(subset=["share_met"]).sort_values("period_start")
    if data.empty:
        return no_data(title, "Er zijn nog geen metingen per organisatie.")
    bars = go.Bar(
        x=data["period_start"], y=percent(data["share_met"]), marker_color=TARGET_COLOUR,
        customdata=data["organisations"],
        hovertemplate="Periode vanaf %{x|%d-%m-%Y}<br>%{y:.0f}% van %{customdata} "
                      "organisaties<extra></extra>")
    return figure([bars], title, height=340, legend=False,
                  yaxis=dict(title="Organisaties (%)", range=[0, 105], ticksuffix="%"),
                  xaxis=dict(title="Periode", tickformat="%m-%Y"))


def readiness_and_indicator(readiness: pd.DataFrame, trend: pd.DataFrame,
                            indicator: dict) -> go.Figure:
    """Readiness (left axis, %) and one indicator (right axis) on one time axis."""
    title = f"Gereedheid en «{label(indicator['name'])}» in de tijd"
    if readiness.empty and trend.empty:
        return no_data(title, "Nog geen beoordelingen of metingen voor deze interventie.")
    traces = []
    if not readiness.empty:
        data = readiness.sort_values("assessed_on")
        traces.append(go.Scatter(
            x=data["assessed_on"], y=percent(data["readiness"]), name="Gereedheid (%)",
            mode="lines+markers", line=dict(color=OVERALL_COLOUR, width=3),
            hovertemplate="Beoordeling van %{x|%d-%m-%Y}<br>Gereedheid %{y:.0f}%"
                          "<extra></extra>"))
    if not trend.empty:
        data = trend.sort_values("period_start")
        traces.append(go.Scatter(
            x=data["period_start"], y=data["median"].fillna(data["whole"]),
            name=label(indicator["name"]), yaxis="y2", mode="lines+markers",
            line=dict(color=TARGET_COLOUR, width=3, dash="dot"),
            hovertemplate="Periode vanaf %{x|%d-%m-%Y}<br>%{y:.3~g}<extra></extra>"))
    shown = [] if trend.empty else list(trend["median"].fillna(trend["whole"]))
    return figure(traces, title, height=420,
                  yaxis=dict(title="Gereedheid (%)", range=[0, 105], ticksuffix="%"),
                  yaxis2=dict(title=unit_axis(indicator), overlaying="y", side="right",
                              rangemode="tozero", showgrid=False,
                              **whole_ticks(indicator, shown)),
                  xaxis=dict(title="Datum", tickformat="%m-%Y"))


