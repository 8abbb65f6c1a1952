"""The parts of an organisation's view (a board with its locations, or a school), shown on
Organisatie and, for an organisation, on Voortgang. They only read."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

import shell
import ui
from forms import reports
from implementation import charts
from implementation.organisation_attention import attention_rows
from implementation.organisation_view import OrganisationView, gather
from implementation.vocabulary import ActionStatus, Stage


def view(organisation_id: int, today: date | None = None) -> OrganisationView:
    """Everything about the organisation that the logged-in user may see (cached reads),
    kept until one of the areas it reads is written (see shell.remembered)."""
    return shell.remembered(_gather, ("registry", "answers", "actions", "monitoring"),
                            int(organisation_id), today or date.today())


def _gather(organisation_id: int, today: date) -> OrganisationView:
    return gather(shell.read, shell.root().checklists, organisation_id, today)


def panels(found: OrganisationView) -> list[str]:
    return list(found.locations["short"])


def grid(found: OrganisationView) -> None:
    if found.implementations.empty:
        st.info("De locaties van deze organisatie voeren nog geen interventie uit.")
        return
    figure = charts.board_grid(found.grid)
    st.plotly_chart(figure, width="content" if figure.layout.width else "stretch",
                    key="board_grid")
    st.caption("Gereedheid uit de laatste definitieve beoordeling van elke implementatie "
               "(organisatie en professionals). Een grijs vak met – : de locatie voert de "
               "interventie uit, maar heeft haar nog niet beoordeeld. Een leeg vak: de locatie "
               "voert de interventie niet uit. Beweeg over een vak voor de stadia, de acties en "
               "de indicatoren; dezelfde cijfers staan in de tabel hieronder.")
    cells = found.cells.sort_values(["organisation", "intervention"])
    st.dataframe(pd.DataFrame({
        "Locatie": cells["short"], "Interventie": cells["intervention"],
        "Gereedheid": cells["readiness"] * 100,
        "Sinds vorige": cells["change"].map(lambda c: ui.points(c) or "–"),
        # "–" where a stage has no applicable items (an implementation serves no
        # disseminatie), not the "None" a number column would show
        **{Stage(s).label: cells[f"stage_{s}"].map(ui.percent) for s in Stage.keys()},
        "Stadia bereikt": cells["stages_reached"].replace("", "geen"),
        "Open acties": cells["open"], "Verlopen": cells["overdue"],
        "Indicatoren op streefwaarde": [f"{m} van {n}" if n else "–" for m, n in
                                        zip(cells["met"], cells["indicators"], strict=True)],
        "Beoordeeld": pd.to_datetime(cells["assessed_on"]).dt.date,
    }), hide_index=True, width="stretch", key="board_cells", height=_height(len(cells)),
        column_config={
        "Locatie": st.column_config.TextColumn(pinned=True),
        "Gereedheid": st.column_config.ProgressColumn(format="%.0f%%", min_value=0,
                                                      max_value=100),
        "Beoordeeld": st.column_config.DateColumn(format="DD-MM-YYYY")})


def attention(found: OrganisationView) -> None:
    if found.attention.empty:
        st.success("Niets: geen indicator mist twee perioden op rij zijn streefwaarde, geen "
                   "actie is over haar streefdatum en er ontbreken geen metingen of "
                   "beoordelingen.")
        return
    st.caption("Over alles wat de locaties uitvoeren en over de eigen indicatoren en de eigen "
               "checklist: eerst streefwaarden die twee perioden op rij niet gehaald zijn (het "
               "verst eronder bovenaan), dan acties over hun streefdatum, ontbrekende metingen "
               "en ontbrekende jaarlijkse beoordelingen (het langst te laat bovenaan).")
    rows = attention_rows(found.attention)
    names = dict(zip(found.locations["name"], found.locations["short"], strict=True))
    rows = rows.assign(Locatie=rows["Locatie"].map(lambda n: names.get(n, n)),
                       Uiterlijk=rows["Uiterlijk"].map(lambda d: "–" if pd.isna(d) else ui.day(d)),
                       **{"Dagen te laat": rows["Dagen te laat"].map(
                           lambda d: "–" if pd.isna(d) else str(int(d)))})
    st.dataframe(rows[["Locatie", *[c for c in rows.columns if c != "Locatie"]]],
                 hide_index=True, width="stretch", key="board_attention",
                 height=_height(len(rows)), column_config={
                     "Locatie": st.column_config.TextColumn(pinned=True),
                     "Onderwerp": st.column_config.TextColumn(width="medium"),
                     "Stand": st.column_config.TextColumn(width="medium")})


def _height(rows: int) -> int:
    """Every row of a table shown (up to 20; then it scrolls)."""
    return 38 + 35 * min(max(rows, 1), 20)


def trends(found: OrganisationView) -> None:
    if found.history.empty:
        st.info("Nog geen definitieve beoordelingen van de implementaties.")
        return
    st.plotly_chart(charts.location_trends(found.history, found.median, panels(found)),
                    width="stretch", key="board_trend")
    if len(found.locations) > 1:
        st.caption("Per locatie een lijn per interventie die zij uitvoert; de grijze lijn is "
                   "in elk vak dezelfde: de mediaan van alle implementaties van het bestuur per "
                   "schooljaar.")


def own_checklists(found: OrganisationView, with_grid: bool = True) -> None:
    for own in found.own:
        st.header(own.checklist.display_title)
        if with_grid:
            figure = charts.own_grid(own.latest, found.locations, own.checklist)
            st.plotly_chart(figure, width="content" if figure.layout.width else "stretch",
                            key=f"own_{own.checklist.id}")
        st.plotly_chart(charts.own_trends(own.history, own.median, panels(found)),
                        width="stretch", key=f"own_trend_{own.checklist.id}")
        st.caption("Eén beoordeling per locatie per schooljaar; de grijze lijn is de mediaan "
                   "van de locaties." if len(found.locations) > 1 else
                   "Eén beoordeling per schooljaar.")


def indicators(found: OrganisationView) -> None:
    if found.indicators.empty:
        return
    st.header("Eigen indicatoren")
    st.caption("Gemeten per locatie; de grijze lijn is de mediaan van de locaties, de groene "
               "stippellijn de streefwaarde.")
    shorts = dict(zip(found.locations["id"], found.locations["short"], strict=True))
    for indicator in found.indicators.to_dict("records"):
        rows = shell.read.monitoring.measurements(int(indicator["id"]),
                                                  organisation_ids=found.within)
        trend = shell.read.monitoring.trend(int(indicator["id"]), found.within)
        st.plotly_chart(charts.indicator_locations(rows, trend, indicator, panels(found),
                                                   shorts),
                        width="stretch", key=f"board_indicator_{indicator['id']}")
        st.caption(f"Instrument: {ui.text(indicator['instrument'])}")


def actions(found: OrganisationView) -> None:
    if found.actions.empty:
        return
    st.header("Acties")
    table = found.actions
    names = dict(zip(found.locations["name"], found.locations["short"], strict=True))
    st.dataframe(pd.DataFrame({
        "Locatie": table["organisation"].map(lambda n: names.get(n, n)).fillna(""),
        "Van": table["intervention"].fillna("eigen checklist"),
        "Actie": table["description"], "Verantwoordelijke": table["responsible"],
        "Status": table["status"].map(ActionStatus.labels()),
        "Streefdatum": pd.to_datetime(table["due_on"]).dt.date,
        "Verlopen": table["overdue"].map(lambda o: "ja" if o else ""),
    }), hide_index=True, width="stretch", key="board_actions", height=_height(len(table)),
        column_config={"Locatie": st.column_config.TextColumn(pinned=True),
                       "Streefdatum": st.column_config.DateColumn(format="DD-MM-YYYY")})


def progress(organisation_id: int) -> None:
    """Voortgang of an organisation as a whole: readiness per location over time, its own
    checklist over the school years and its own indicators (the grid and the lists are
    on Organisatie)."""
    found = view(organisation_id)
    st.caption(f"Onderwerp: **{ui.text(found.organisation['name'])}** en "
               + (ui.count(len(found.locations), "locatie", "locaties") if found.has_locations
                  else "geen locaties") + " · alleen definitieve beoordelingen · kies in de "
               "zijbalk een interventie voor haar stadiaprofiel")
    st.header("Gereedheid per locatie")
    trends(found)
    own_checklists(found, with_grid=False)
    indicators(found)
    reports.buttons(found.organisation["name"], organisation=organisation_id)
