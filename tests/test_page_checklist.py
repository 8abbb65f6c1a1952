"""Checklist invullen: no input is lost, the answered count is the store's, the outcome of
a save is shown at the form, and every answer field is labelled with its item."""
from helpers import open_page, said

import shell

ORGANISATION_MODE = {"start_from": "organisation"}


def start(at, carry=False):
    at.checkbox(key="carry_over").set_value(carry)
    next(b for b in at.button if b.label == "Beoordeling starten").click().run()
    assert not at.exception
    return at.selectbox(key="draft").value


def stored(assessment_id):
    return shell.root().assessments.current_answers(assessment_id).set_index("item_id")


def button(at, label):
    return next(b for b in at.button if b.label == label)


def open_notes(at):
    """The switch "Toelichting en bewijs invullen": every item's note and evidence field."""
    at.toggle(key="notes_open").set_value(True).run()


def test_a_school_starts_a_draft_and_answers_an_element_the_store_and_page_agree(world_app):
    at = open_page("checklist", "oost", **ORGANISATION_MODE)
    draft = start(at)
    at.session_state["step"] = 3
    at.run()
    element = "3.meso.implementatieplan.doel.prestatie-indicatoren"
    at.radio(key=f"answer_{draft}_{element}").set_value("ja")
    button(at, "Opslaan als concept").click().run()
    progress = at.get("progress")[0].proto.text
    assert progress.startswith("1 van 39 items beantwoord")
    score = shell.root().readiness.of_assessment(draft).iloc[0]
    assert (score["answered"], score["items"]) == (1, 39)
    # the item's derived answer is on the page: one of its six elements (Doel counts as one
    # element with one sub-element answered ja: 1/3 of the item) -> 33%
    assert any("Afgeleid uit de elementen: 33%" in c.value for c in at.caption)


def test_going_to_another_step_saves_what_was_typed_first(world_app):
    at = open_page("checklist", "oost", **ORGANISATION_MODE)
    draft = start(at)
    open_notes(at)
    at.radio(key=f"answer_{draft}_2.meso.kosten").set_value("ja")
    at.text_input(key=f"note_{draft}_2.meso.kosten").input("begroting klaar")
    button(at, "3 Inrichten").click().run()
    assert at.session_state["step"] == 3
    assert stored(draft).loc["2.meso.kosten", ["answer", "note"]].tolist() == [
        "ja", "begroting klaar"]
    assert said(at.success)[0].startswith("Stap 2 opgeslagen: 1 wijziging. Gereedheid nu 3%")


def test_nvt_without_a_reason_is_refused_at_the_form_and_nothing_is_saved(world_app):
    at = open_page("checklist", "oost", **ORGANISATION_MODE)
    draft = start(at)
    at.radio(key=f"answer_{draft}_2.meso.kosten").set_value("nvt")
    button(at, "Opslaan als concept").click().run()
    assert said(at.error)[0].startswith("Niet opgeslagen: item '2.meso.kosten': 'n.v.t.' vraagt "
                                        "om een toelichting")
    assert stored(draft).empty


def test_carry_over_and_finalise_then_the_draft_is_gone(world_app):
    at = open_page("checklist", "oost", **ORGANISATION_MODE)
    draft = start(at, carry=True)
    assert len(stored(draft)) == 39        # the 39 answers of the school's assessment
    button(at, "Opslaan en definitief maken").click().run()
    assert shell.root().assessments.assessment(draft)["status"] == "final"
    assert "is definitief gemaakt" in said(at.success)[0]


def test_every_answer_field_is_labelled_with_its_item_text(world_app):
    at = open_page("checklist", "oost", **ORGANISATION_MODE)
    draft = start(at)
    open_notes(at)
    radio = at.radio(key=f"answer_{draft}_2.meso.kosten")
    assert radio.label == "De kosten van de interventie zijn helder in beeld"
    assert at.text_input(key=f"note_{draft}_2.meso.kosten").label == (
        "Toelichting bij: De kosten van de interventie zijn helder in beeld")


def test_the_introduction_of_the_checklist_is_shown_and_folded_once_read(world_app):
    at = open_page("checklist", "alfa")
    intro = at.expander[0]
    assert intro.label.startswith("Over deze checklist") and intro.proto.expanded
    at.run()
    assert not at.expander[0].proto.expanded


def test_leaving_through_the_sidebar_keeps_what_was_typed_marked_as_not_saved(world_app):
    at = open_page("checklist", "oost", **ORGANISATION_MODE)
    draft = start(at)
    at.session_state["step"] = 4
    open_notes(at)
    at.radio(key=f"answer_{draft}_4.meso.verantwoordelijken.directeur").set_value("ja")
    at.text_input(key=f"note_{draft}_4.micro.training").input("training gepland in mei")
    at.switch_page("pages/verbeterpunten.py").run()       # a page in the sidebar
    assert not at.exception
    at.switch_page("pages/checklist.py").run()            # and back
    assert at.radio(key=f"answer_{draft}_4.meso.verantwoordelijken.directeur").value == "ja"
    assert at.text_input(key=f"note_{draft}_4.micro.training").value == \
        "training gepland in mei"
    assert said(at.warning)[0].startswith("Nog niet opgeslagen: 2 items in stap 4")
    assert sum("niet opgeslagen]" in m.value for m in at.markdown) == 2
    assert stored(draft).empty                            # kept, not yet saved
    button(at, "Opslaan als concept").click().run()
    assert stored(draft).loc["4.micro.training", "note"] == "training gepland in mei"
    assert said(at.success)[0].startswith("Stap 4 opgeslagen: 2 wijzigingen.")
    assert not [w for w in said(at.warning) if w.startswith("Nog niet opgeslagen")]


def test_finalising_leads_with_definitief_gemaakt_and_a_new_draft_is_announced_above_it(
        world_app):
    at = open_page("checklist", "oost", **ORGANISATION_MODE)
    draft = start(at, carry=True)
    assert said(at.success)[0] == ("Nieuwe beoordeling gestart met de antwoorden van de vorige "
                                   "als startpunt.")
    at.radio(key=f"answer_{draft}_2.meso.kosten").set_value("ja")   # was nee
    button(at, "Opslaan als concept").click().run()
    button(at, "Opslaan en definitief maken").click().run()
    message = said(at.success)[0]
    assert message.startswith("De beoordeling van ") and "is definitief gemaakt (Stap 2 had " \
        "geen nieuwe wijzigingen; alles was al opgeslagen)" in message


def test_note_and_evidence_fields_are_drawn_on_demand_and_a_stored_note_is_kept(world_app):
    at = open_page("checklist", "oost", **ORGANISATION_MODE)
    draft = start(at)
    kosten, nut = "2.meso.kosten", "2.meso.maatwerk"
    # step 2 at organisation level has 8 items: with the switch off, eight answers and no
    # text field at all; switched on, a note and an evidence field for each
    assert len(at.radio) == 8 and [t.key for t in at.text_input] == []
    open_notes(at)
    assert len([t for t in at.text_input if t.key.startswith("note_")]) == 8
    assert len([t for t in at.text_input if t.key.startswith("evidence_")]) == 8
    at.radio(key=f"answer_{draft}_{kosten}").set_value("ja")
    at.text_input(key=f"note_{draft}_{kosten}").input("begroting klaar")
    at.text_input(key=f"evidence_{draft}_{kosten}").input("https://intranet/begroting")
    button(at, "Opslaan als concept").click().run()
    # switched off: the stored note and evidence are text, the fields are gone
    at.toggle(key="notes_open").set_value(False).run()
    assert [t.key for t in at.text_input] == []
    assert "Toelichting: begroting klaar · Bewijs: https://intranet/begroting" in said(
        at.caption)
    # n.v.t. needs a note: its field appears with the answer, for that item only
    at.radio(key=f"answer_{draft}_{nut}").set_value("nvt").run()
    assert [t.key for t in at.text_input] == [f"note_{draft}_{nut}", f"evidence_{draft}_{nut}"]
    at.text_input(key=f"note_{draft}_{nut}").input("alleen de standaardversie")
    at.radio(key=f"answer_{draft}_{kosten}").set_value("nee")
    button(at, "Opslaan als concept").click().run()
    rows = stored(draft)
    # saving with the fields not drawn keeps the stored note and evidence
    assert rows.loc[kosten, ["answer", "note", "evidence"]].tolist() == [
        "nee", "begroting klaar", "https://intranet/begroting"]
    assert rows.loc[nut, ["answer", "note"]].tolist() == ["nvt", "alleen de standaardversie"]


def test_a_step_with_a_multiple_choice_item_opens_with_the_note_fields_closed(world_app):
    """A multiple choice answer is a list: deciding whether its note field is drawn must
    not treat it as one value (the step failed to open while the switch was off)."""
    at = open_page("checklist", "oost", **ORGANISATION_MODE)
    at.selectbox(key="checklist_id").set_value("methodiekhandleiding").run()
    next(b for b in at.button if b.label == "Beoordeling starten").click().run()
    draft = at.selectbox(key="draft").value
    at.session_state["step"] = 5
    at.run()
    assert not at.exception and not at.error
    field = at.multiselect(key=f"answer_{draft}_5.interventievorm")
    field.set_value([field.options[0]]).run()
    assert not at.exception and not at.error
    button(at, "Opslaan als concept").click().run()
    assert stored(draft).loc["5.interventievorm", "answer"] == field.options[0]
