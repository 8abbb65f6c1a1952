"""Test helpers: a small hand-made checklist, a small world whose numbers can be computed
by hand, and AppTest helpers (log in, open a page, read a chart)."""
from __future__ import annotations

import base64
import json
import re
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "geheim-wachtwoord"

MINI_CHECKLIST = """
id: mini
version: "1"
title: Mini
stage_reached_at: 0.5
steps:
  - number: 1
    title: Een
    blocks:
      - perspective: macro
        stages: [disseminatie]
        items:
          - {id: "1.macro.a", text: "A"}
          - {id: "1.macro.b", text: "B", motivating: true, stages: [disseminatie, adoptie]}
          - {id: "1.macro.b.x", parent: "1.macro.b", text: "X"}
          - {id: "1.macro.b.y", parent: "1.macro.b", text: "Y"}
          - {id: "1.macro.b.y.p", parent: "1.macro.b.y", text: "P"}
          - {id: "1.macro.b.y.q", parent: "1.macro.b.y", text: "Q"}
      - perspective: meso
        items:
          - {id: "1.meso.c", text: "C"}
  - number: 2
    title: Twee
    blocks:
      - perspective: meso
        stages: [borging]
        items:
          - {id: "2.meso.d", text: "D", motivating: true}
          - {id: "2.meso.e", text: "E"}
"""


def day(text: str) -> date:
    return date.fromisoformat(text)


_HASH: list[str] = []


def _hash() -> str:
    if not _HASH:
        from implementation.passwords import demo_hash
        _HASH.append(demo_hash(PASSWORD))
    return _HASH[0]


USERS = {  # login -> (name, role, intervention, organisation)
    "admin": ("Beheerder", "beheerder", None, None),
    "alfa": ("Eigenaar Alfa", "eigenaar", "Alfa", None),
    "oost": ("Coördinator Oost", "organisatie", None, "Locatie Oost"),
    "noord": ("Bestuur Noord", "bestuur", None, "Bestuur Noord"),
    "advies": ("Adviseur", "adviseur", None, None),
}


def world(db) -> dict:
    """A small world, written through the core as the system user:

    - interventions Alfa (centraal, maximale kwaliteit) and Beta (vrije markt);
    - the board "Bestuur Noord" with locations "Locatie Oost" and "Locatie West", and
      "School Zuid" without a board; Alfa runs at Oost and Zuid, Beta at West;
    - Alfa as a whole: a final assessment on 2025-01-15 with steps 1 and 2 'ja' and the
      rest 'nee' (22 of 83 = 26.5 %), and one on 2025-06-15 with steps 1-3 'ja' except
      2.content.databank n.v.t. (37 of 82 = 45.1 %);
    - Alfa at Oost (2025-03-01): step 2 meso and micro 'ja', the rest 'nee' (8 of 39);
      Alfa at Zuid (2025-03-05): every meso item 'ja', micro 'nee' (24 of 39);
    - Oost's obligations checklist (2025-06-20): part 1 'ja', the rest 'nee' (7 of 30);
    - indicator "Lessen gegeven" of Alfa (percent, higher, target 80, per school year):
      Oost 60 (2023-24) and 70 (2024-25), Zuid 90 (2024-25);
    - board indicator "Veilig op school" of Bestuur Noord (percent, higher, target 85,
      per school year): Oost 80 and West 90 in 2024-25;
    - one open action on Alfa's 4.macro.trainers, due 2025-01-01 (overdue);
    - users admin, alfa, oost, noord, advies, all with password helpers.PASSWORD.
    """
    from implementation.indicators import parse_indicator
    from implementation.store import AnswerInput, MeasurementInput
    registry = db.registry
    ids = {"Alfa": registry.add_intervention("Alfa", owner="Eigenaar Alfa", aansturing="centraal",
                                             doel_verspreiding="maximale kwaliteit"),
           "Beta": registry.add_intervention("Beta", aansturing="vrije markt")}
    ids["Bestuur Noord"] = registry.add_organisation("Bestuur Noord", "schoolbestuur")
    ids["Locatie Oost"] = registry.add_organisation("Locatie Oost", "vestiging",
                                                    ids["Bestuur Noord"])
    ids["Locatie West"] = registry.add_organisation("Locatie West", "vestiging",
                                                    ids["Bestuur Noord"])
    ids["School Zuid"] = registry.add_organisation("School Zuid", "school")
    ids["Alfa@Oost"] = registry.add_implementation(ids["Alfa"], ids["Locatie Oost"],
                                                   day("2023-08-01"))
    ids["Alfa@Zuid"] = registry.add_implementation(ids["Alfa"], ids["School Zuid"],
                                                   day("2023-08-01"))
    ids["Beta@West"] = registry.add_implementation(ids["Beta"], ids["Locatie West"],
                                                   day("2023-08-01"))
    vb = db.checklist("verspreiding-borging")
    top = vb.top_level

    def assess(on, answers, **subject):
        new = db.assessments.start("verspreiding-borging", day(on), **subject)
        db.assessments.record_answers(new, answers)
        db.assessments.finalise(new)
        return new

    first = [AnswerInput(i.id, "ja" if i.step <= 2 else "nee") for i in top]
    ids["A1"] = assess("2025-01-15", first, intervention_id=ids["Alfa"])
    second = [AnswerInput(i.id, "nvt", "Niet in de DEI ingediend") if i.id == "2.content.databank"
              else AnswerInput(i.id, "ja" if i.step <= 3 else "nee") for i in top]
    ids["A2"] = assess("2025-06-15", second, intervention_id=ids["Alfa"])
    local = [i for i in top if i.perspective.value in ("meso", "micro")]
    ids["Oost1"] = assess("2025-03-01", [AnswerInput(i.id, "ja" if i.step == 2 else "nee")
                                         for i in local], implementation_id=ids["Alfa@Oost"])
    ids["Zuid1"] = assess("2025-03-05", [AnswerInput(i.id, "ja" if i.perspective.value ==
                                                     "meso" else "nee") for i in local],
                          implementation_id=ids["Alfa@Zuid"])
    duties = db.checklist("anti-pestbeleid-melanchthon")
    new = db.assessments.start(duties.id, day("2025-06-20"), organisation_id=ids["Locatie Oost"])
    db.assessments.record_answers(new, [AnswerInput(i.id, "ja" if i.step == 1 else "nee")
                                        for i in duties.items])
    db.assessments.finalise(new)
    ids["Oost-plicht"] = new
    lessons = db.monitoring.add_indicator(parse_indicator(dict(
        code="lessen", name="Lessen gegeven", level="meso", kind="integrity", unit="percent",
        direction="higher", target=80, frequency="school_year", instrument="Registratie")),
        ids["Alfa"])
    db.monitoring.record_measurements([
        MeasurementInput(lessons, day("2023-10-01"), 60, ids["Alfa@Oost"]),
        MeasurementInput(lessons, day("2024-10-01"), 70, ids["Alfa@Oost"]),
        MeasurementInput(lessons, day("2024-10-01"), 90, ids["Alfa@Zuid"])])
    safe = db.monitoring.add_indicator(parse_indicator(dict(
        code="veilig", name="Veilig op school", level="meso", kind="safety", unit="percent",
        direction="higher", target=85, frequency="school_year", instrument="Enquête")),
        None, ids["Bestuur Noord"])
    db.monitoring.record_measurements([
        MeasurementInput(safe, day("2024-10-01"), 80, None, ids["Locatie Oost"]),
        MeasurementInput(safe, day("2024-10-01"), 90, None, ids["Locatie West"])])
    ids["lessen"], ids["veilig"] = lessons, safe
    ids["action"] = db.actions.add("4.macro.trainers", "Trainerspool uitbreiden", "Piet",
                                   day("2025-01-01"), intervention_id=ids["Alfa"])
    for login, (name, role, intervention, organisation) in USERS.items():
        db.accounts.add(login, name, None, None, role, ids.get(intervention),
                        ids.get(organisation))
    db.execute("UPDATE users SET password_hash = ?", [_hash()])
    return ids


def row_counts(db) -> dict[str, int]:
    """Rows in every table of the store (to show that a refusal left each unchanged)."""
    tables = [r[0] for r in db.rows("SELECT table_name FROM information_schema.tables "
                                    "WHERE table_type = 'BASE TABLE' ORDER BY 1")]
    return {t: db.one(f'SELECT count(*) FROM "{t}"') for t in tables}


# -- AppTest --------------------------------------------------------------------------------

def app(login: str | None = "admin", password: str = PASSWORD):
    """The dashboard under AppTest, logged in as ``login`` through the login form."""
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    if login is not None:
        at.text_input(key="login_name").input(login)
        at.text_input(key="login_password").input(password)
        next(b for b in at.button if b.label == "Inloggen").click().run()
        assert not at.exception, at.exception
        assert not [e.value for e in at.error], [e.value for e in at.error]
    return at


def open_page(page: str, login: str = "admin", password: str = PASSWORD, **state):
    """Log in, put ``state`` in session state (as a user's earlier sidebar choice would
    be), and open ``pages/<page>.py``."""
    at = app(login, password)
    for key, value in state.items():
        at.session_state[key] = value
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def shown(markdown: str) -> str:
    """What a user reads of a message that the dashboard escaped as text (see ui.text)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def said(elements) -> list[str]:
    """The messages of ``at.success``, ``at.error``, ... as a user reads them."""
    return [shown(e.value) for e in elements]


def errors(at) -> list[str]:
    return said(at.error)


def chart_specs(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def chart(at, title_part: str) -> dict:
    found = [c for c in chart_specs(at) if title_part in c["layout"]["title"]["text"]
             .replace("<br>", " ")]
    assert found, [c["layout"]["title"]["text"] for c in chart_specs(at)]
    return found[0]


def values(field) -> list:
    """A plotly array from a chart spec: a plain list, or plotly's base64 'bdata'."""
    import numpy as np
    if isinstance(field, dict) and "bdata" in field:
        data = np.frombuffer(base64.b64decode(field["bdata"]), dtype=field["dtype"])
        if "shape" in field:
            data = data.reshape([int(s) for s in str(field["shape"]).split(",")])
        return data.tolist()
    return list(field)
