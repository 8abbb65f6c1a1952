"""Charts of one organisation (a board with its locations): the grid of locations x
interventions, and small multiples (one small chart per location, each with the board's
median) for readiness, the organisation's own checklist and its own indicators.

Made to stay readable with nine locations and seven interventions, from a wide screen
down to a phone (about 370 px for the chart): short location names, labels that wrap
instead of rotating, no colour bar (the value is written in every cell), three small
multiples per row with room for their titles.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..indicators import target_text
from ..organisation_view import ASSESSED, NOT_ASSESSED, NOT_RUN, school_year
from .common import (
    FONT,
    SEPARATORS,
    TARGET_COLOUR,
    figure,
    label,
    merged,
    no_data,
    wrap,
)
from .labels import column_label
from .monitoring import unit_axis

TITLE_WIDTH, TITLE_SIZE = 44, 14     # a title fits a phone in lines of about 44 characters
MEDIAN_COLOUR = "#9e9e9e"
# one colour per intervention, none of them grey (the median) or close to another
SERIES_COLOURS = ["#1f4e99", "#d95f02", "#2e7d32", "#7570b3", "#e7298a", "#17a2b8",
                  "#e6ab02", "#8c564b", "#b2182b", "#80cdc1"]
LOCATION_COLOUR = "#1f4e99"
NOT_ASSESSED_COLOUR = "#d4d4d4"
NOT_RUN_COLOUR = "#f6f6f6"


def _title(title: str, header: int) -> tuple[dict, int]:
    """A title wrapped for a phone (lines of about 44 characters) above ``header`` pixels
    of headings on top of the plot, and the top margin it needs. Plotly anchors a
    title by its first line and lets further lines run down, so the padding makes room
    for them."""
    lines = wrap(title, TITLE_WIDTH)
    below = 19 * lines.count("<br>")
    return (dict(text=lines, x=0, xanchor="left", y=1, yref="paper", yanchor="bottom",
                 pad=dict(b=header + below + 6), font=dict(size=TITLE_SIZE)),
            header + below + 6 + 32)


def _titled(traces, title: str, height: int, header: int = 0, legend: bool = True,
            **layout) -> go.Figure:
    """The shared layout, with the title of :func:`_title`."""
    heading, top = _title(title, header)
    return figure(traces, title, height=height, legend=legend,
                  **merged(dict(title=heading, margin=dict(l=4, r=8, t=top, b=10)), layout))


def state_grid(frame: pd.DataFrame, rows: str, columns: str, title: str,
               row_order: list | None = None, column_order: list | None = None,
               column_labels: dict | None = None, not_run: str = "",
               not_assessed: str = "–", label_width: int = 6) -> go.Figure:
    """A heatmap of readiness where a cell is one of three things, each drawn apart:
    a value (blue, with its percentage), running but not yet assessed (grey, "–"),
    or not run there at all (white, empty). ``frame`` has ``rows``, ``columns``,
    ``readiness`` (a fraction), ``state`` and ``hover`` (the text on hovering)."""
    if frame.empty:
        return no_data(title, "Nog niets om te tonen.")
    row_order = row_order or list(dict.fromkeys(frame[rows]))
    column_order = column_order or list(dict.fromkeys(frame[columns]))

    def pivot(values: str):
        return frame.pivot_table(index=rows, columns=columns, values=values, aggfunc="first",
                                 dropna=False).reindex(index=row_order, columns=column_order)
    value = pivot("readiness").astype(float)
    state = pivot("state")
    hover = pivot("hover").fillna("")
    x = [column_label((column_labels or {}).get(c, c), label_width) for c in column_order]
    y = [label(r) for r in row_order]
    ground = state.map(lambda s: 1.0 if s == NOT_ASSESSED else (0.0 if s == NOT_RUN
                                                                 else float("nan")))
    ground_text = state.map(lambda s: not_assessed if s == NOT_ASSESSED else
                            (not_run if s == NOT_RUN else ""))
    ground_cells = go.Heatmap(
        z=ground.values, x=x, y=y, zmin=0, zmax=1, showscale=False, hoverongaps=False,
        colorscale=[[0, NOT_RUN_COLOUR], [1, NOT_ASSESSED_COLOUR]], xgap=3, ygap=3,
        text=ground_text.values, texttemplate="%{text}", textfont=dict(size=12, color="#555"),
        customdata=hover.values,
        hovertemplate="%{y} · %{x}<br>%{customdata}<extra></extra>")
    shown = value.where(state == ASSESSED)
    value_cells = go.Heatmap(
        z=(shown * 100).round(1).values, x=x, y=y, zmin=0, zmax=100, colorscale="Blues",
        showscale=False, hoverongaps=False, xgap=3, ygap=3,
        text=shown.map(lambda v: "" if pd.isna(v) else f"{v * 100:.0f}%").values,
        texttemplate="%{text}", textfont=dict(size=12), customdata=hover.values,
        hovertemplate="%{y} · %{x}<br>%{customdata}<extra></extra>")
    header = 15 * max((t.count("<br>") + 1 for t in x), default=1) + 6
    # a few columns: cells of a readable size, not a banner
    width = dict(width=170 + 120 * len(column_order)) if len(column_order) <= 3 else {}
    return _titled([ground_cells, value_cells], title,
                   max(200, 70 + header + 34 * len(row_order)), header, legend=False,
                   yaxis=dict(autorange="reversed", showgrid=False, title="",
                              tickfont=dict(size=11), showline=False, ticks=""),
                   xaxis=dict(side="top", showgrid=False, title="", tickangle=0,
                              tickfont=dict(size=10), showline=False, ticks=""), **width)


def board_grid(grid: pd.DataFrame,
               title: str = "Gereedheid per locatie en interventie") -> go.Figure:
    """Every location x every intervention run at one of them: the latest final
    readiness of that implementation (organisation and professionals)."""
    return state_grid(grid, "short", "intervention", title,
                      row_order=list(dict.fromkeys(grid["short"])))


def own_grid(latest: pd.DataFrame, locations: pd.DataFrame, checklist,
             title: str | None = None) -> go.Figure:
    """An organisation's own checklist: per location x part, the latest final
    assessment; a location without one is grey."""
    title = title or "Laatste beoordeling per locatie en onderdeel"
    parts = [checklist.step_title(s.number) for s in checklist.steps]
    rows = []
    for location in locations.itertuples():
        mine = latest[latest["organisation_id"] == location.id]
        when = (f"beoordeeld {pd.Timestamp(mine['assessed_on'].iloc[0]):%d-%m-%Y}"
                if len(mine) else "nog niet beoordeeld")
        for part in parts:
            found = mine[mine["part"] == part]
            value = float(found["readiness"].iloc[0]) if len(found) and pd.notna(
                found["readiness"].iloc[0]) else None
            rows.append({"short": location.short, "part": part, "readiness": value,
                         "state": ASSESSED if value is not None else NOT_ASSESSED,
                         "hover": when + ("" if found.empty else
                                          f"<br>{int(found['answered'].iloc[0])} van "
                                          f"{int(found['items'].iloc[0])} items beantwoord")})
    frame = pd.DataFrame(rows)
    labels = {p: p.split(" (")[0] for p in parts}
    return state_grid(frame, "short", "part", title, row_order=list(locations["short"]),
                      column_order=parts, column_labels=labels,
                      label_width=max(6, 50 // max(len(parts), 1)))


def _grid_shape(count: int, columns: int) -> tuple[int, int]:
    columns = max(1, min(columns, count))
    return (count + columns - 1) // columns, columns


def small_multiples(frame: pd.DataFrame, panels: list[str], title: str, *, x: str, y: str,
                    series: str | None = None, median: pd.DataFrame | None = None,
                    median_x: str = "x", median_name: str = "Mediaan bestuur",
                    percent: bool = False, y_title: str = "", columns: int = 3,
                    targets: tuple = (), hover: str = "%{y:.3~g}",
                    category_x: bool = False, empty: str = "nog geen gegevens",
                    target_name: str = "Streefwaarde") -> go.Figure:
    """One small chart per panel (a location), in rows of ``columns``, all on the same
    axes: lines per ``series`` value (same colour in every panel, one legend), the median
    of all panels as a grey line in each, and the target as a dashed green line. A panel
    without data says so.

    The figure is written as one specification and validated once: plotly's
    make_subplots, add_trace and add_hline per panel cost seconds for a board's 27."""
    if frame.empty:
        return no_data(title, "Nog geen gegevens om te tekenen.")
    rows, columns = _grid_shape(len(panels), columns)
    names = (sorted(frame[series].dropna().unique(), key=str.lower) if series else [None])
    colours = {n: SERIES_COLOURS[i % len(SERIES_COLOURS)] if series else LOCATION_COLOUR
               for i, n in enumerate(names)}
    scale = 100.0 if percent else 1.0
    heading, top = _title(title, 24)
    legend_rows = 1 + (len(names) + (1 if median is not None else 0)
                       + (1 if any(b is not None for b in targets) else 0)) // 3
    plot_height = 118 * rows
    height = top + plot_height + 40 * (rows - 1) + 40 + 26 * legend_rows + 20
    gap_x, gap_y = 0.035, 40 / (plot_height + 40 * (rows - 1))
    width = (1 - gap_x * (columns - 1)) / columns
    tall = (1 - gap_y * (rows - 1)) / rows
    axes, data, shapes, notes = {}, [], [], []
    groups = dict(tuple(frame.groupby("panel", sort=False)))
    shown = set()
    axis_style = dict(automargin=True, linecolor="#999", tickfont=dict(size=10), zeroline=False)
    for index, panel in enumerate(panels):
        row, col = index // columns, index % columns
        n = "" if index == 0 else str(index + 1)
        x0 = col * (width + gap_x)
        y1 = 1 - row * (tall + gap_y)
        axes[f"xaxis{n}"] = dict(axis_style, domain=[x0, x0 + width], anchor=f"y{n}",
                                 showgrid=False, tickangle=0, nticks=4,
                                 showticklabels=index + columns >= len(panels),
                                 **({} if index == 0 else {"matches": "x"}))
        axes[f"yaxis{n}"] = dict(axis_style, domain=[y1 - tall, y1], anchor=f"x{n}",
                                 gridcolor="#e5e5e5", showticklabels=col == 0,
                                 rangemode="tozero",
                                 **({} if index == 0 else {"matches": "y"}))
        notes.append(dict(text=label(panel), showarrow=False, xref="paper", yref="paper",
                          x=x0 + width / 2, y=y1, yanchor="bottom", xanchor="center",
                          font=dict(size=12)))
        where = dict(xaxis=f"x{n}", yaxis=f"y{n}")
        if median is not None and len(median) and len(panels) > 1:
            data.append(dict(type="scatter", x=list(median[median_x]),
                             y=list(median["median"] * scale), mode="lines",
                             line=dict(color=MEDIAN_COLOUR, width=3), name=median_name,
                             legendgroup="median", showlegend=index == 0, hoverinfo="skip",
                             **where))
        mine = groups.get(panel, frame.iloc[0:0])
        if mine.empty:
            notes.append(dict(text=empty, showarrow=False, font=dict(size=11, color="#777"),
                              xref=f"x{n} domain", yref=f"y{n} domain", x=0.5, y=0.12))
        for name in names:
            line = mine if series is None else mine[mine[series] == name]
            if line.empty:
                continue
            line = line.sort_values(x)
            data.append(dict(
                type="scatter", x=list(line[x]), y=list(line[y].astype(float) * scale),
                mode="lines+markers", name=label(name) if series else "Locatie",
                legendgroup=label(name), showlegend=name not in shown, cliponaxis=False,
                line=dict(color=colours[name], width=2.5), marker=dict(size=6),
                hovertemplate=f"{label(panel)}" + (f" · {label(name)}" if series else "")
                              + f"<br>%{{x{'' if category_x else '|%d-%m-%Y'}}}: {hover}"
                                "<extra></extra>", **where))
            shown.add(name)
        for bound in targets:
            if bound is not None:
                shapes.append(dict(type="line", xref=f"x{n} domain", yref=f"y{n}", x0=0,
                                   x1=1, y0=bound, y1=bound, line=dict(
                                       color=TARGET_COLOUR, width=1.5, dash="dash")))
    if any(b is not None for b in targets):
        data.append(dict(type="scatter", x=[None], y=[None], mode="lines", name=target_name,
                         line=dict(color=TARGET_COLOUR, dash="dash", width=1.5)))
    if category_x:   # school years side by side in three narrow panels: a smaller font
        axes["xaxis"].update(type="category", categoryorder="category ascending")
        for name, axis in axes.items():
            if name.startswith("xaxis"):
                axis["tickfont"] = dict(size=9)
    else:
        axes["xaxis"].update(tickformat="%Y", dtick="M12")
    if percent:
        # with tickvals plotly.js drops ticksuffix: the texts say '%' themselves
        for name, axis in axes.items():
            if name.startswith("yaxis"):
                axis.update(range=[0, 105], tickvals=[0, 50, 100],
                            ticktext=["0%", "50%", "100%"])
    middle = (rows - 1) // 2 * columns
    axes["yaxis" + ("" if middle == 0 else str(middle + 1))]["title"] = dict(
        text=y_title, font=dict(size=11))
    chart = go.Figure(dict(data=data, layout=dict(
        axes, title=heading,
        height=height, font=FONT, separators=SEPARATORS, plot_bgcolor="white",
        margin=dict(l=4, r=8, t=top, b=10), showlegend=True,
        legend=dict(orientation="h", yanchor="top", x=0, title_text="", font=dict(size=12),
                    y=-(40 / (plot_height + 40 * (rows - 1)))),
        hoverlabel=dict(font_size=13), shapes=shapes, annotations=notes)))
    return chart


def location_trends(history: pd.DataFrame, median: pd.DataFrame, panels: list[str],
                    title: str = "Gereedheid per locatie over de tijd") -> go.Figure:
    """Readiness per location (one small chart each, a line per intervention it runs),
    with the board's median per school year in every chart."""
    frame = history.assign(panel=history["short"])
    return small_multiples(frame, panels, title, x="assessed_on", y="readiness",
                           series="intervention", median=median, median_x="assessed_on",
                           percent=True, y_title="Gereedheid",
                           hover="gereedheid %{y:.0f}%", empty="voert niets uit")


def year_label(school_year: str) -> str:
    """'2024-2025' -> '24-25' (short enough for three small charts side by side)."""
    first, second = str(school_year).split("-")
    return f"{first[-2:]}-{second[-2:]}"


def own_trends(history: pd.DataFrame, median: pd.DataFrame, panels: list[str],
               title: str = "Per locatie over de schooljaren") -> go.Figure:
    """An organisation's own checklist per location per school year (its latest
    assessment in that year), with the median of the locations."""
    if history.empty:
        return no_data(title, "Nog geen definitieve beoordelingen.")
    frame = history.assign(school_year=history["assessed_on"].map(school_year))
    frame = frame.sort_values(["assessed_on", "assessment_id"]).groupby(
        ["organisation_id", "school_year"], as_index=False).last()
    frame = frame.assign(panel=frame["short"], x=frame["school_year"].map(year_label))
    middle = median.assign(x=median["school_year"].map(year_label)) if len(median) else None
    return small_multiples(frame, panels, title, x="x", y="readiness", median=middle,
                           median_name="Mediaan van de locaties", percent=True,
                           y_title="Gereedheid", hover="gereedheid %{y:.0f}%",
                           empty="nog niet beoordeeld", category_x=True)


def indicator_locations(rows: pd.DataFrame, trend: pd.DataFrame, indicator: dict,
                        panels: list[str], shorts: dict,
                        title: str | None = None) -> go.Figure:
    """An organisation's own indicator per location (one small chart each) against the
    target, with the median of the locations per period."""
    title = title or f"{label(indicator['name'])}: per locatie"
    if rows.empty:
        return no_data(title, "Voor deze indicator zijn nog geen metingen per locatie.")
    yearly = indicator.get("frequency") == "school_year"

    def when(starts: pd.Series) -> pd.Series:
        starts = pd.to_datetime(starts)
        return starts.map(lambda d: year_label(school_year(d))) if yearly else starts
    frame = rows.assign(panel=rows["organisation_id"].map(shorts).fillna(rows["organisation"]),
                        x=when(rows["period_start"]))
    middle = trend.dropna(subset=["median"])
    middle = middle.assign(x=when(middle["period_start"]))
    low, high = indicator.get("target_low"), indicator.get("target_high")
    targets = tuple(None if v is None or pd.isna(v) else float(v) for v in (low, high))
    return small_multiples(frame, panels, title, x="x", y="value", median=middle,
                           median_name="Mediaan van de locaties", targets=targets,
                           y_title=unit_axis(indicator), empty="nog geen metingen",
                           category_x=yearly,
                           target_name=target_text(indicator).capitalize())
