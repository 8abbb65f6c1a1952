"""Team assessments: three respondents answer on their own, the comparison shows where they
disagree, the owner sets the consensus, and readiness follows the consensus. Every number
is computed by hand from the mini checklist of helpers.MINI_CHECKLIST."""
from datetime import date

import pandas as pd
import pytest
from helpers import open_page, said

import shell
from implementation.errors import Forbidden, StoreError
from implementation.permissions import Grant, User
from implementation.store import AnswerInput
from implementation.vocabulary import Role

MEMBERS = ("an", "bo", "cor")


@pytest.fixture
def team(mini_db):
    intervention = mini_db.registry.add_intervention("Mini")
    assessment = mini_db.assessments.start("mini", date(2025, 3, 1),
                                           intervention_id=intervention, team=True)
    for member in MEMBERS:   # names without an account: the owner types in their forms
        mini_db.team.add_respondent(assessment, member)
    given = {
        "an": [("1.macro.a", "ja"), ("1.meso.c", "ja"), ("2.meso.d", "nee"),
               ("2.meso.e", "nvt"), ("1.macro.b.x", "ja")],
        "bo": [("1.macro.a", "ja"), ("1.meso.c", "nee"), ("2.meso.d", "nee"),
               ("2.meso.e", "nvt"), ("1.macro.b.x", "nee")],
        "cor": [("1.macro.a", "ja"), ("1.meso.c", "ja"), ("2.meso.e", "nvt"),
                ("1.macro.b.x", "nee")],
    }
    for member, answers in given.items():
        mini_db.team.record(assessment, member, [
            AnswerInput(item, value, "loopt via de gemeente" if value == "nvt" else None)
            for item, value in answers])
    return mini_db, assessment


def test_the_comparison_marks_agreement_disagreement_and_the_mean_credit(team):
    db, assessment = team
    lines = db.team.comparison(assessment).set_index("item_id")
    assert lines.loc["1.macro.a", ["agree", "disagree"]].tolist() == [True, False]
    assert lines.loc["1.meso.c", ["agree", "disagree"]].tolist() == [False, True]
    assert lines.loc["1.meso.c", "mean_credit"] == pytest.approx(2 / 3)
    assert lines.loc["1.macro.b.x", "mean_credit"] == pytest.approx(1 / 3)
    # d: cor has not answered yet; the two who did agree, but not everyone has spoken
    assert lines.loc["2.meso.d", ["answered", "agree", "disagree"]].tolist() == [2, False, False]
    assert pd.isna(lines.loc["2.meso.e", "mean_credit"])       # n.v.t. earns no credit
    per_step = db.team.agreement_per_step(assessment).set_index("step")
    # step 1 has 7 lines (a, b, b.x, b.y, b.y.p, b.y.q, c): everyone agrees on a only
    assert per_step.loc[1, ["lines", "agreed"]].tolist() == [7, 1]
    assert per_step.loc[2, ["lines", "agreed"]].tolist() == [2, 1]     # e, not d


def test_consensus_is_taken_over_where_all_agree_and_readiness_follows_it(team):
    db, assessment = team
    assert db.readiness.of_assessment(assessment).iloc[0]["answered"] == 0
    assert db.team.adopt_agreement(assessment) == 2                    # a ja, e n.v.t.
    # top-level items a, b, c, d (e is n.v.t.): a = 1 -> 1/4
    assert db.readiness.of_assessment(assessment).iloc[0]["readiness"] == pytest.approx(0.25)
    db.assessments.record_answers(assessment, [AnswerInput("1.meso.c", "ja")])
    assert db.readiness.of_assessment(assessment).iloc[0]["readiness"] == pytest.approx(0.5)
    # history: every respondent answer and every change of the consensus is kept
    assert db.count("respondent_answers") == 14
    db.assessments.record_answers(assessment, [AnswerInput("1.meso.c", "nee")])
    history = db.assessments.answer_history(assessment, "1.meso.c")["answer"].tolist()
    assert history == ["ja", "nee"]


def test_a_member_answers_only_for_themself_and_others_may_not(team):
    db, assessment = team
    db.execute("INSERT INTO users (login, name) VALUES ('dirk', 'Dirk'), ('eva', 'Eva')")
    db.team.add_respondent(assessment, "dirk")
    dirk = db.acting_as(User(None, "dirk", "Dirk", (Grant(Role.ADVISEUR),)))
    assert dirk.team.record(assessment, "dirk", [AnswerInput("1.macro.a", "nee")]) == 1
    with pytest.raises(Forbidden):
        dirk.team.record(assessment, "an", [AnswerInput("1.macro.a", "nee")])
    eva = db.acting_as(User(None, "eva", "Eva", (Grant(Role.ADVISEUR),)))
    with pytest.raises(StoreError, match="eva is geen teamlid"):
        eva.team.record(assessment, "eva", [AnswerInput("1.macro.a", "ja")])
    db.assessments.finalise(assessment)
    with pytest.raises(StoreError, match="definitief"):
        dirk.team.record(assessment, "dirk", [AnswerInput("1.macro.a", "ja")])


def test_a_member_finds_the_open_team_drafts_they_belong_to(team):
    db, assessment = team
    db.execute("INSERT INTO users (login, name) VALUES ('dirk', 'Dirk'), ('eva', 'Eva')")
    db.team.add_respondent(assessment, "dirk")
    dirk = db.acting_as(User(None, "dirk", "Dirk", (Grant(Role.ADVISEUR),)))
    eva = db.acting_as(User(None, "eva", "Eva", (Grant(Role.ADVISEUR),)))
    mine = dirk.team.open_for_me()
    assert mine[["id", "intervention"]].values.tolist() == [[assessment, "Mini"]]
    assert eva.team.open_for_me().empty               # not a member
    db.assessments.finalise(assessment)
    assert dirk.team.open_for_me().empty              # a final assessment is no longer open



# -- the page ---------------------------------------------------------------------------

def test_the_team_page_a_member_answers_and_the_owner_sees_the_difference(world_app):
    root = shell.root()
    alfa = root.registry.intervention("Alfa")["id"]
    owner = root.acting_as(root.accounts.user("alfa"))
    assessment = owner.assessments.start("verspreiding-borging", date(2025, 9, 1),
                                         intervention_id=int(alfa), team=True)
    owner.team.add_respondent(assessment, "oost")
    owner.team.add_respondent(assessment, "alfa")
    owner.team.record(assessment, "alfa", [AnswerInput("1.content.vraag-clienten", "ja"),
                                           AnswerInput("1.content.geen-oplossing", "ja")])
    # the member (a school's coordinator) gives their own answers on the page
    at = open_page("checklist", "oost", start_from="intervention", intervention=int(alfa),
                   implementation=None)
    assert at.selectbox(key="draft").value == assessment
    at.radio(key=f"answer_mine_{assessment}_1.content.vraag-clienten").set_value("nee")
    at.radio(key=f"answer_mine_{assessment}_1.content.geen-oplossing").set_value("ja")
    next(b for b in at.button if b.label == "Opslaan").click().run()
    assert said(at.success)[0].startswith("Uw antwoorden van stap 1 opgeslagen: 2 wijzigingen")
    mine = root.team.answers(assessment)
    assert mine[mine["respondent"] == "oost"][["item_id", "answer"]].values.tolist() == [
        ["1.content.geen-oplossing", "ja"], ["1.content.vraag-clienten", "nee"]]
    # the owner, also a member, chooses to set the team's answer and sees the difference
    at = open_page("checklist", "alfa")
    at.session_state[f"team_mode_{assessment}"] = "consensus"
    at.run()
    # no team answer yet: the headline is the members' mean, labelled as such
    # (vraag-clienten: ja and nee -> 1/2; geen-oplossing: ja and ja -> 1; mean 3/4)
    headline = at.get("progress")[0].proto.text
    assert headline == ("Nog geen antwoord van het team. Gemiddelde van de antwoorden van de "
                        "teamleden: 75% (over 2 beantwoorde vragen)")
    texts = [m.value for m in at.markdown]
    agreement = next(t for t in texts if "- stap 1:" in t)
    assert "- stap 1: 50% eens, 1 item met verschil" in agreement
    assert "- stap 2: nog niet ingevuld" in agreement        # nobody answered step 2 yet
    # every member's answer is readable text beside the item, not a grey caption
    assert any(":orange-badge[verschil]" in t and "Coördinator Oost: **nee**" in t
               and "Eigenaar Alfa: **ja**" in t for t in texts)
    at.toggle(key=f"only_disagreement_{assessment}").set_value(True).run()
    # the agenda across steps: each step button says how many items differ there
    assert [b.label for b in at.button if (b.key or "").startswith("goto_")][:2] == [
        "1 Vraag bepalen (1 verschil)", "2 Analyseren (0 verschillen)"]
    shown = [r.key for r in at.radio if r.key and r.key.startswith("answer_consensus")]
    assert shown == [f"answer_consensus_{assessment}_1.content.vraag-clienten"]
    at.radio(key=f"answer_consensus_{assessment}_1.content.vraag-clienten").set_value("ja")
    next(b for b in at.button if b.label == "Opslaan als concept").click().run()
    consensus = root.assessments.current_answers(assessment).set_index("item_id")["answer"]
    assert consensus.to_dict() == {"1.content.vraag-clienten": "ja"}
