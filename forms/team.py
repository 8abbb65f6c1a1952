"""The team parts of Checklist invullen: who answers (each member on their own, or the owner
setting the consensus), the comparison of the members' answers, and the team itself."""
from __future__ import annotations

import pandas as pd
import streamlit as st

import shell
import sidebar
import ui

MODES = {"mine": "Mijn eigen antwoorden", "consensus": "Het antwoord van het team"}


def mode(assessment: dict, may_write: bool) -> str | None:
    """'mine' (a member gives their own answers), 'consensus' (the owner of the assessment
    sets the team's answer), or None (neither). A member who also owns the assessment
    chooses."""
    user = shell.current_user()
    members = shell.read.team.respondents(int(assessment["id"]))["respondent"].tolist()
    options = [m for m, ok in (("mine", user.login in members), ("consensus", may_write)) if ok]
    if not options:
        return None
    if len(options) == 1:
        return options[0]
    return st.segmented_control("U vult in", options, format_func=MODES.get,
                                key=f"team_mode_{assessment['id']}", default=options[0]) \
        or options[0]


def overview(assessment_id: int, step: int) -> tuple[pd.DataFrame, dict, bool]:
    """The agreement per step, a filter on disagreement, and the comparison of this step:
    (comparison rows of the step, members by login -> name, show only disagreement)."""
    comparison = shell.read.team.comparison(assessment_id)
    members = shell.read.team.respondents(assessment_id)
    names = dict(zip(members["respondent"], members["name"], strict=True))
    if not names:
        st.info("Dit is een teambeoordeling zonder teamleden. Voeg onderaan de teamleden toe; "
                "elk teamlid vult daarna zelf in.")
    elif not comparison.empty:
        per_step = agreement_per_step(comparison)
        st.markdown("**Overeenstemming per stap** (het antwoord van het team bepaalt de "
                    "gereedheid; zolang dat er niet is, staat per item het gemiddelde van de "
                    "antwoorden van de teamleden)")
        st.markdown("\n".join(f"- {line}" for line in per_step))
    only = st.toggle("Alleen items waarover het team verschilt (de agenda voor het gesprek)",
                     key=f"only_disagreement_{assessment_id}")
    return comparison[comparison["step"] == step], names, only


def agreement_per_step(comparison: pd.DataFrame) -> list[str]:
    """Per step one line: the share on which everyone agrees and how many items differ, or
    "nog niet ingevuld" where no member answered anything."""
    lines = []
    for step, rows in comparison.groupby("step", sort=True):
        if int(rows["answered"].sum()) == 0:
            lines.append(f"stap {step}: nog niet ingevuld")
            continue
        differ = int(rows["disagree"].sum())
        lines.append(f"stap {step}: {ui.percent(rows['agree'].mean())} eens, "
                     f"{ui.count(differ, 'item', 'items')} met verschil")
    return lines


def differences_per_step(comparison: pd.DataFrame | None) -> dict[int, int]:
    """Per step, the number of items on which the members differ."""
    if comparison is None or comparison.empty:
        return {}
    return {int(k): int(v) for k, v in comparison.groupby("step")["disagree"].sum().items()}


def members(assessment_id: int) -> None:
    """The team: add a member, and take over every answer on which all members agree."""
    st.subheader("Team")
    shell.messages("team")
    team = shell.read.team.respondents(assessment_id)
    if team.empty:
        st.caption("Nog geen teamleden.")
    else:
        st.caption("Teamleden: " + ", ".join(ui.text(n) for n in team["name"]))
    with st.form("team_member", clear_on_submit=True):
        login = st.text_input("Teamlid (gebruikersnaam, of de naam van iemand zonder account "
                              "van wie u het formulier overneemt)", key="team_member_login",
                              max_chars=120)
        if st.form_submit_button("Teamlid toevoegen", key="team_add"):
            shell.write(lambda d: d.team.add_respondent(assessment_id, login),
                        f"{login.strip()} is toegevoegd aan het team.", "team")
    if len(team) and st.button("Neem over waar iedereen hetzelfde antwoordde",
                               key="team_adopt",
                               help="Zet het antwoord van het team op het antwoord dat alle "
                                    "teamleden gaven, waar nog geen teamantwoord staat."):
        from forms.checklist_form import reset_fields
        if shell.write(lambda d: d.team.adopt_agreement(assessment_id),
                       lambda n: f"Teamantwoord gezet bij {ui.count(n, 'item', 'items')} "
                                 "waarover iedereen het eens is.", "team",
                       rerun=False) is not None:
            reset_fields(assessment_id)   # the fields show the team's answers just set
        st.rerun()


def open_elsewhere(drafts_here: list[int]) -> None:
    """The team assessments the user is a member of about another subject than the one
    chosen, each with a button that opens it (an adviser made a member lands here)."""
    mine = shell.read.team.open_for_me()
    mine = mine[~mine["id"].isin(drafts_here)]
    if mine.empty:
        return
    st.info("U bent teamlid van " + ui.count(len(mine), "teambeoordeling", "teambeoordelingen")
            + " over een ander onderwerp.")
    for row in mine.itertuples():
        about = row.intervention if isinstance(row.intervention, str) else row.organisation
        if isinstance(row.organisation, str) and isinstance(row.intervention, str):
            about = f"{row.intervention} bij {row.organisation}"
        st.button(f"Open de teambeoordeling van {ui.day(row.assessed_on)} over "
                  f"{ui.text(about)}",
                  key=f"open_team_{row.id}", on_click=_open_draft, args=(row._asdict(),))


def _open_draft(row: dict) -> None:
    """Point the sidebar at the draft's subject (before the widgets are drawn again)."""
    state = st.session_state
    if row["intervention_id"] is not None and not pd.isna(row["intervention_id"]):
        state["start_from"] = "intervention"
        state["intervention"] = int(row["intervention_id"])
        state["implementation"] = (sidebar.ITSELF if pd.isna(row["implementation_id"])
                                   else int(row["implementation_id"]))
    else:
        state["start_from"] = "organisation"
        state["organisation"] = int(row["organisation_id"])
    state["checklist_id"] = row["checklist_id"]
    state["draft"] = int(row["id"])
    state["step"] = None

