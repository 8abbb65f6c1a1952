"""Charts: pure functions from a DataFrame (as the store returns it) to a plotly Figure.

One function per concept, reused by every page that shows it. Every chart has a
Dutch title, axis titles with units (readiness in percent, 0-100), the same
colour for a perspective or stage wherever it appears, and hover text that names
the item, step or assessment date. Without data a chart says so in a sentence.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .checklists import PERSPECTIVE_LABELS, STAGE_ORDER, Perspective, Stage

# The seed prints macro and content in blue, meso and micro in green.
PERSPECTIVE_COLOURS = {
    "macro": "#1f4e99", "content": "#5b9bd5", "meso": "#2e7d32", "micro": "#8bc34a",
    None: "#7f7f7f",
}
STAGE_COLOURS = {
    "disseminatie": "#9ecae1", "adoptie": "#4292c6", "implementatie": "#2171b5",
    "borging": "#08306b",
}
OVERALL_COLOUR = "#333333"
SERIES_COLOURS = ["#1f4e99", "#d95f02", "#2e7d32", "#7570b3", "#e7298a", "#66a61e",
                  "#e6ab02", "#a6761d", "#666666", "#1b9e77"]
SHORT_PERSPECTIVE = {"macro": "landelijk", "content": "inhoud", "meso": "organisatie",
                     "micro": "professional"}
STEP_TITLES = {1: "1 Vraag bepalen", 2: "2 Analyseren", 3: "3 Inrichten", 4: "4 Uitvoeren",
               5: "5 Monitoren", 6: "6 Borgen"}
PERCENT_AXIS = dict(title="Gereedheid (%)", range=[0, 100], ticksuffix="%")
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=14)


def perspective_label(key: str | None) -> str:
    return PERSPECTIVE_LABELS[Perspective(key)] if key else "Checklist"


def stage_label(key: str) -> str:
    return Stage(key).label


def no_data(title: str, sentence: str) -> go.Figure:
    """A figure that says in words that there is nothing to show."""
    figure = go.Figure()
    figure.add_annotation(text=sentence, showarrow=False, font=dict(size=16, color="#555"),
                          xref="paper", yref="paper", x=0.5, y=0.5)
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    return _layout(figure, title, height=220)


def _layout(figure: go.Figure, title: str, height: int = 420) -> go.Figure:
    figure.update_layout(title=dict(text=title, x=0, xanchor="left"), height=height,
                         font=FONT, margin=dict(l=10, r=10, t=50, b=10),
                         legend=dict(orientation="h", yanchor="top", y=-0.22, x=0,
                                     title_text=""),
                         plot_bgcolor="white", hoverlabel=dict(font_size=13))
    figure.update_xaxes(showgrid=False, linecolor="#999")
    figure.update_yaxes(gridcolor="#e5e5e5", linecolor="#999")
    return figure


def _percent(series: pd.Series) -> pd.Series:
    return (series.astype(float) * 100).round(1)


def readiness_trend(frame: pd.DataFrame, by: str = "overall", title: str | None = None,
                    series: str | None = None) -> go.Figure:
    """Readiness over time, one point per assessment.

    ``frame`` is ``store.readiness(...)``; ``by`` is the grouping it was made with
    (overall, perspective, stage, motivating) or ``series`` names another column to
    draw one line per value (e.g. ``organisation``).
    """
    title = title or {"overall": "Gereedheid over de tijd",
                      "perspective": "Gereedheid per perspectief over de tijd",
                      "stage": "Gereedheid per innovatiestadium over de tijd",
                      "motivating": "Motiverende factoren (*) over de tijd"}.get(by, "Gereedheid")
    if frame.empty or frame["readiness"].isna().all():
        return no_data(title, "Nog geen definitieve beoordelingen om een lijn van te tekenen.")
    figure = go.Figure()
    key = series or (by if by in ("perspective", "stage") else None)
    groups = [(None, frame)] if key is None else list(frame.groupby(key, sort=False,
                                                                    dropna=False))
    if key == "stage":
        groups.sort(key=lambda g: STAGE_ORDER.index(Stage(g[0])))
    if key == "perspective":
        order = list(PERSPECTIVE_COLOURS)
        groups.sort(key=lambda g: order.index(g[0]))
    for index, (value, group) in enumerate(groups):
        group = group.sort_values("assessed_on")
        if key == "perspective":
            name, colour = perspective_label(value), PERSPECTIVE_COLOURS[value]
        elif key == "stage":
            name, colour = stage_label(value), STAGE_COLOURS[value]
        elif key is None:
            name, colour = "Totaal", OVERALL_COLOUR
        else:
            name, colour = str(value), SERIES_COLOURS[index % len(SERIES_COLOURS)]
        figure.add_trace(go.Scatter(
            x=group["assessed_on"], y=_percent(group["readiness"]), mode="lines+markers",
            name=name, line=dict(color=colour, width=3), marker=dict(size=8),
            cliponaxis=False,
            customdata=group[["applicable"]].assign(name=name),
            hovertemplate="%{customdata[1]}<br>Beoordeling van %{x|%d-%m-%Y}<br>"
                          "Gereedheid %{y:.0f}% (van %{customdata[0]} items)<extra></extra>"))
    _layout(figure, title, height=460)
    figure.update_yaxes(**PERCENT_AXIS)
    figure.update_xaxes(title="Datum van beoordeling", tickformat="%m-%Y")
    return figure


def readiness_heatmap(frame: pd.DataFrame, row: str = "intervention",
                      title: str = "Gereedheid per stap en perspectief") -> go.Figure:
    """Step x perspective readiness; one block of rows per value of ``row``.

    ``frame`` has columns ``row``, step, perspective, readiness, assessed_on.
    """
    if frame.empty:
        return no_data(title, "Geen definitieve beoordelingen voor deze keuze.")
    data = frame.copy()
    data["rij"] = data[row].astype(str) + " · " + data["perspective"].map(perspective_label)
    order = list(PERSPECTIVE_COLOURS)
    data["_p"] = data["perspective"].map(order.index)
    data = data.sort_values([row, "_p", "step"])
    rows = list(dict.fromkeys(data["rij"]))
    steps = sorted(data["step"].unique())
    grid = data.pivot_table(index="rij", columns="step", values="readiness", aggfunc="first")
    grid = grid.reindex(index=rows, columns=steps)
    dates = data.pivot_table(index="rij", columns="step", values="assessed_on",
                             aggfunc="first").reindex(index=rows, columns=steps)
    text = grid.map(lambda v: "" if pd.isna(v) else f"{v * 100:.0f}%")
    hover_dates = dates.map(lambda v: "" if pd.isna(v) else pd.Timestamp(v).strftime("%d-%m-%Y"))
    figure = go.Figure(go.Heatmap(
        z=(grid * 100).round(1).values, x=[STEP_TITLES.get(s, f"Onderdeel {s}") for s in steps],
        y=rows, zmin=0, zmax=100, colorscale="Blues", text=text.values,
        texttemplate="%{text}", customdata=hover_dates.values, xgap=2, ygap=2,
        colorbar=dict(title="Gereedheid (%)", ticksuffix="%"),
        hovertemplate="%{y}<br>Stap %{x}<br>Gereedheid %{z:.0f}%<br>"
                      "Beoordeling van %{customdata}<extra></extra>"))
    _layout(figure, title, height=max(300, 90 + 30 * len(rows)))
    figure.update_yaxes(autorange="reversed", title="")
    figure.update_xaxes(title="Stap van de implementatiewijzer", side="top")
    return figure


def perspective_bars(frame: pd.DataFrame, category: str = "intervention",
                     title: str = "Gereedheid per perspectief") -> go.Figure:
    """Latest readiness per perspective, grouped by ``category`` (one bar colour per
    perspective). ``frame`` has ``category``, perspective, readiness, assessed_on."""
    if frame.empty:
        return no_data(title, "Geen definitieve beoordelingen voor deze keuze.")
    figure = go.Figure()
    for perspective in [p for p in PERSPECTIVE_COLOURS if p in set(frame["perspective"])]:
        part = frame[frame["perspective"] == perspective]
        figure.add_trace(go.Bar(
            x=part[category], y=_percent(part["readiness"]),
            name=perspective_label(perspective), marker_color=PERSPECTIVE_COLOURS[perspective],
            customdata=part["assessed_on"].dt.strftime("%d-%m-%Y"),
            text=_percent(part["readiness"]).map(lambda v: "" if pd.isna(v) else f"{v:.0f}%"),
            textposition="outside",
            hovertemplate="%{x}<br>" + perspective_label(perspective)
                          + "<br>Gereedheid %{y:.0f}%<br>Beoordeling van %{customdata}"
                            "<extra></extra>"))
    _layout(figure, title)
    figure.update_layout(barmode="group")
    figure.update_yaxes(**PERCENT_AXIS)
    figure.update_xaxes(title="")
    return figure


def common_gaps(frame: pd.DataFrame, limit: int = 15,
                title: str = "Items die het vaakst met nee zijn beantwoord") -> go.Figure:
    """Horizontal bars: per item the number of chosen interventions answering 'nee'.
    ``frame`` has item_id, step, perspective, text, nee, interventions."""
    if frame.empty:
        return no_data(title, "Geen enkel item is met nee beantwoord in de gekozen beoordelingen.")
    top = frame.head(limit).iloc[::-1]
    short = top["text"].where(top["text"].str.len() <= 55, top["text"].str.slice(0, 54) + "…")
    labels = short + " (" + top["step"].astype(str) + ", " + top["perspective"].map(
        SHORT_PERSPECTIVE) + ")"
    wrapped = top["text"].str.wrap(70).str.replace("\n", "<br>")
    figure = go.Figure(go.Bar(
        x=top["nee"], y=labels, orientation="h",
        marker_color=top["perspective"].map(PERSPECTIVE_COLOURS),
        customdata=pd.concat([wrapped, top["interventions"],
                              top["perspective"].map(perspective_label)], axis=1).values,
        hovertemplate="%{customdata[0]}<br>(%{customdata[2]})<br>"
                      "Nee bij %{x} van %{customdata[1]} interventies<extra></extra>"))
    _layout(figure, title, height=max(300, 80 + 28 * len(top)))
    figure.update_xaxes(title="Aantal interventies met nee", dtick=1, rangemode="tozero")
    figure.update_yaxes(title="", tickfont=dict(size=12))
    return figure


def stage_timeline(frame: pd.DataFrame, title: str = "Bereikt innovatiestadium") -> go.Figure:
    """Stage reached per assessment (``scoring.stage_reached``): a step line."""
    if frame.empty:
        return no_data(title, "Nog geen definitieve beoordelingen met een stadium.")
    levels = ["nog geen", *[s.value for s in STAGE_ORDER]]
    data = frame.sort_values("assessed_on")
    y = data["stage_reached"].fillna("nog geen").map(levels.index)
    figure = go.Figure(go.Scatter(
        x=data["assessed_on"], y=y, mode="lines+markers", line=dict(shape="hv", width=3,
                                                                    color=STAGE_COLOURS["borging"]),
        marker=dict(size=11, color=[STAGE_COLOURS.get(s, "#bbbbbb")
                                    for s in data["stage_reached"]]),
        customdata=data["stage_reached"].fillna("nog geen").str.capitalize(),
        hovertemplate="Beoordeling van %{x|%d-%m-%Y}<br>Stadium: %{customdata}<extra></extra>",
        name="Stadium"))
    _layout(figure, title, height=320)
    figure.update_yaxes(title="Stadium", tickvals=list(range(len(levels))),
                        ticktext=[level.capitalize() for level in levels],
                        range=[-0.4, len(levels) - 0.6])
    figure.update_xaxes(title="Datum van beoordeling", tickformat="%m-%Y")
    figure.update_layout(showlegend=False)
    return figure


def stage_progress_bars(frame: pd.DataFrame,
                        title: str = "Voortgang per stadium (SIC)") -> go.Figure:
    """Per stage: share of items achieved, with the duration from first to last."""
    if frame.empty:
        return no_data(title, "Nog geen definitieve beoordelingen om voortgang uit af te "
                              "leiden.")
    data = frame.copy()
    data["label"] = data["stage"].map(stage_label)
    duration = data["duration_days"].map(lambda d: "–" if pd.isna(d) else f"{int(d)} dagen")
    figure = go.Figure(go.Bar(
        x=data["label"], y=_percent(data["proportion"]),
        marker_color=data["stage"].map(STAGE_COLOURS),
        text=[f"{a}/{n} items" for a, n in zip(data["achieved"], data["items"], strict=True)],
        textposition="outside",
        customdata=pd.concat([duration, data["first_achieved"].dt.strftime("%d-%m-%Y")
                              .fillna("–"), data["last_achieved"].dt.strftime("%d-%m-%Y")
                              .fillna("–")], axis=1).values,
        hovertemplate="%{x}<br>Bereikt: %{y:.0f}% van de items<br>Eerste: %{customdata[1]}"
                      "<br>Laatste: %{customdata[2]}<br>Duur: %{customdata[0]}<extra></extra>"))
    _layout(figure, title, height=360)
    figure.update_yaxes(title="Items bereikt (%)", range=[0, 110], ticksuffix="%")
    figure.update_xaxes(title="Innovatiestadium")
    return figure


UNIT_AXIS = {"count": "Aantal", "percent": "Percentage (%)", "days": "Dagen"}


def unit_axis(indicator: dict) -> str:
    if indicator["unit"] == "scale":
        return f"Score (schaal {indicator['scale_min']:g}–{indicator['scale_max']:g})"
    return UNIT_AXIS[indicator["unit"]]


def target_text(indicator: dict) -> str:
    low, high = indicator["target_low"], indicator["target_high"]
    if low is not None and high is not None and not (pd.isna(low) or pd.isna(high)):
        return f"streefband {low:g}–{high:g}"
    if low is not None and not pd.isna(low):
        return f"streefwaarde ≥ {low:g}"
    return f"streefwaarde ≤ {high:g}"


def _draw_target(figure: go.Figure, indicator: dict, row: int | None = None) -> None:
    low, high = indicator["target_low"], indicator["target_high"]
    low = None if low is None or pd.isna(low) else low
    high = None if high is None or pd.isna(high) else high
    where = {} if row is None else dict(row=row, col=1)
    if low is not None and high is not None:
        figure.add_hrect(y0=low, y1=high, fillcolor="#2e7d32", opacity=0.12, line_width=0,
                         annotation_text=target_text(indicator),
                         annotation_position="top left", **where)
    else:
        figure.add_hline(y=low if low is not None else high, line_dash="dash",
                         line_color="#2e7d32", line_width=2,
                         annotation_text=target_text(indicator),
                         annotation_position="top left", **where)


def indicator_trend(trend: pd.DataFrame, indicator: dict,
                    organisations: pd.DataFrame | None = None) -> go.Figure:
    """An indicator over time: the median across organisations with the p25-p75 band,
    the value of the intervention as a whole, optional lines per organisation, and the
    target as a line or band. ``trend`` is ``store.indicator_trend`` for one indicator;
    ``organisations`` is ``store.measurements`` rows to draw one by one."""
    title = f"{indicator['name']} ({target_text(indicator)})"
    if trend.empty:
        return no_data(title, "Voor deze indicator zijn nog geen metingen vastgelegd.")
    figure = go.Figure()
    data = trend.sort_values("period_start")
    spread = data.dropna(subset=["p25"])
    if len(spread):
        figure.add_trace(go.Scatter(
            x=list(spread["period_start"]) + list(spread["period_start"][::-1]),
            y=list(spread["p75"]) + list(spread["p25"][::-1]), fill="toself", mode="lines",
            fillcolor="rgba(31,78,153,0.15)", line=dict(width=0), hoverinfo="skip",
            name="Middelste helft van de organisaties (p25–p75)"))
        figure.add_trace(go.Scatter(
            x=spread["period_start"], y=spread["median"], mode="lines+markers",
            name="Mediaan van de organisaties", line=dict(color="#1f4e99", width=3),
            customdata=pd.concat([spread["organisations"],
                                  (spread["share_met"] * 100).round(0)], axis=1).values,
            hovertemplate="Periode vanaf %{x|%d-%m-%Y}<br>Mediaan %{y:.3g}<br>"
                          "%{customdata[0]} organisaties, %{customdata[1]:.0f}% haalt de "
                          "streefwaarde<extra></extra>"))
    whole = data.dropna(subset=["whole"])
    if len(whole):
        figure.add_trace(go.Scatter(
            x=whole["period_start"], y=whole["whole"], mode="lines+markers",
            name="Interventie als geheel", line=dict(color=OVERALL_COLOUR, width=3),
            hovertemplate="Periode vanaf %{x|%d-%m-%Y}<br>Waarde %{y:.3g}<extra></extra>"))
    if organisations is not None and not organisations.empty:
        for index, (name, rows) in enumerate(organisations.groupby("organisation")):
            rows = rows.sort_values("period_start")
            figure.add_trace(go.Scatter(
                x=rows["period_start"], y=rows["value"], mode="lines+markers",
                name=str(name), line=dict(width=1.5, dash="dot",
                                          color=SERIES_COLOURS[(index + 1)
                                                               % len(SERIES_COLOURS)]),
                hovertemplate=f"{name}<br>Periode vanaf %{{x|%d-%m-%Y}}<br>"
                              "Waarde %{y:.3g}<extra></extra>"))
    _draw_target(figure, indicator)
    _layout(figure, title, height=460)
    figure.update_yaxes(title=unit_axis(indicator), rangemode="tozero")
    figure.update_xaxes(title="Periode", tickformat="%m-%Y")
    return figure


def target_share(trend: pd.DataFrame, indicator: dict) -> go.Figure:
    """Per period, the share of organisations that meet the target."""
    title = f"Organisaties die de streefwaarde halen: {indicator['name']}"
    data = trend.dropna(subset=["share_met"]).sort_values("period_start")
    if data.empty:
        return no_data(title, "Er zijn nog geen metingen per organisatie.")
    figure = go.Figure(go.Bar(
        x=data["period_start"], y=_percent(data["share_met"]), marker_color="#2e7d32",
        customdata=data["organisations"],
        hovertemplate="Periode vanaf %{x|%d-%m-%Y}<br>%{y:.0f}% van %{customdata} "
                      "organisaties<extra></extra>"))
    _layout(figure, title, height=340)
    figure.update_yaxes(title="Organisaties die de streefwaarde halen (%)", range=[0, 100],
                        ticksuffix="%")
    figure.update_xaxes(title="Periode", tickformat="%m-%Y")
    return figure


def readiness_and_indicator(readiness: pd.DataFrame, trend: pd.DataFrame,
                            indicator: dict) -> go.Figure:
    """Readiness (left axis, %) and one indicator (right axis) on one time axis."""
    title = f"Gereedheid en «{indicator['name']}» in de tijd"
    if readiness.empty and trend.empty:
        return no_data(title, "Nog geen beoordelingen of metingen voor deze interventie.")
    figure = go.Figure()
    if not readiness.empty:
        data = readiness.sort_values("assessed_on")
        figure.add_trace(go.Scatter(
            x=data["assessed_on"], y=_percent(data["readiness"]), name="Gereedheid (%)",
            mode="lines+markers", line=dict(color=OVERALL_COLOUR, width=3),
            hovertemplate="Beoordeling van %{x|%d-%m-%Y}<br>Gereedheid %{y:.0f}%"
                          "<extra></extra>"))
    if not trend.empty:
        data = trend.sort_values("period_start")
        values = data["median"].fillna(data["whole"])
        figure.add_trace(go.Scatter(
            x=data["period_start"], y=values, name=indicator["name"], yaxis="y2",
            mode="lines+markers", line=dict(color="#2e7d32", width=3, dash="dot"),
            hovertemplate="Periode vanaf %{x|%d-%m-%Y}<br>" + indicator["name"]
                          + " %{y:.3g}<extra></extra>"))
    _layout(figure, title, height=440)
    figure.update_layout(yaxis=dict(title="Gereedheid (%)", range=[0, 100], ticksuffix="%"),
                         yaxis2=dict(title=unit_axis(indicator), overlaying="y", side="right",
                                     rangemode="tozero", showgrid=False, tickmode="auto",
                                     nticks=6))
    figure.update_xaxes(title="Datum", tickformat="%m-%Y")
    return figure
