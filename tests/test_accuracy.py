"""Accuracy: chart fields, identity, documents on the right chart, call routing, referrals and orders booked
(grading/accuracy.py, DESIGN section 6)."""

import pytest

from grading.grade import Grade
from grading.rubric import POINTS
from simulator.core import Simulation
from simulator.core import actions as A
from simulator.scenario import load_scenario_text
from simulator.scenario.jurisdictions import JURISDICTIONS

from conftest import MINI, at, graded

#: Robert Chen has a full chart, Ruth Chen is his look-alike, Grace Okafor's visit orders a follow-up.
DAY = MINI.replace("  name: Test Clinic", "  name: Test Clinic\n  phone_lines: 2").replace(
    "dob: 1958-04-12,",
    "dob: 1958-04-12, phone: 416-555-0142, medications: [ramipril 5 mg],"
    " address: {street: 48 Elm Avenue, city: Toronto, region: ON, postal: M4W 1N4},",
).replace(
    "{id: okafor, name: Grace Okafor, dob: 1949-09-30}",
    "{id: okafor, name: Grace Okafor, dob: 1949-09-30}\n  - {id: ruth, name: Ruth Chen, dob: 1960-01-01}",
) + '  - {at: "9:30", patient: okafor, with: greene, type: follow_up, orders: {follow_up: 4 weeks}}\n'


def day(events: str = "", extra: str = "") -> Simulation:
    text = DAY + extra
    if events:
        text += "events:\n" + "".join(f"  - {e}\n" for e in events.strip().splitlines())
    return Simulation(load_scenario_text(text))


def found(g: Grade, mechanic: str, severity: str | None = None, words: str = "", criterion: str = "accuracy") -> list:
    return [f for f in g.findings if f.criterion == criterion and f.mechanic == mechanic
            and (severity is None or f.severity == severity) and words in f.message]


def checks(g: Grade, mechanic: str, criterion: str = "accuracy") -> list:
    return [c for c in g.checks if c.criterion == criterion and c.mechanic == mechanic]


def check_in(sim: Simulation, patient: str, arrived: str, ids=("name", "dob"), typed: dict | None = None) -> None:
    """Greet the patient as they arrive, confirm ``ids``, type ``typed`` into the chart, check them in."""
    t = at(arrived)
    sim.advance(t)
    sim.apply(A.GreetPatient(t + 5, patient))
    sim.apply(A.ConfirmIdentity(t + 10, patient, tuple(ids)))
    for i, (field, value) in enumerate((typed or {}).items()):
        sim.apply(A.UpdateChart(t + 20 + i, patient, field, value))
    sim.apply(A.CheckIn(t + 40, patient))


# --- check-in (M4) ----------------------------------------------------------------------------------------------

NEW_PHONE = '{at: "8:50", arrival: {patient: chen, changes: {phone: 416-555-0199}}}'


def test_a_changed_phone_not_updated_is_missed():
    """The patient's phone changed and the chart still has the old one: `missed`, a task's points lost."""
    sim = day(NEW_PHONE)
    check_in(sim, "chen", "8:50")
    (missed,) = found(graded(sim), "M4", words="phone")
    assert missed.severity == "missed" and missed.points == POINTS["task"]
    assert missed.message == "Robert Chen's phone changed and the chart was not updated."


def test_a_changed_phone_typed_with_a_typo_is_an_error():
    """A changed field typed wrong is an `error` that quotes what was typed and what is true."""
    sim = day(NEW_PHONE)
    check_in(sim, "chen", "8:50", typed={"phone": "416-555-0198"})
    (error,) = found(graded(sim), "M4", words="phone")
    assert error.severity == "error" and "'416-555-0198'" in error.message and "'416-555-0199'" in error.message


@pytest.mark.parametrize("typed", ["416-555-0199", "(416) 555 0199", "416.555.0199"])
def test_a_changed_phone_typed_right_in_any_format_earns_full_points(typed):
    """The new number typed with other separators is the same number: full points, no finding."""
    sim = day(NEW_PHONE)
    check_in(sim, "chen", "8:50", typed={"phone": typed})
    g = graded(sim)
    assert not found(g, "M4")
    assert all(c.earned == c.max for c in checks(g, "M4"))


def test_a_change_typed_as_the_same_value_written_differently_earns_full_points():
    """A new address typed `12 elm st.` for `12 Elm Street` (and the postal code without its space) is right."""
    sim = day('{at: "8:50", arrival: {patient: chen, changes: {address: '
              '{street: 12 Elm Street, city: Toronto, region: ON, postal: M5J 2L6}}}}')
    check_in(sim, "chen", "8:50", typed={"address.street": "12 elm st.", "address.postal": "m5j2l6"})
    g = graded(sim)
    assert any(f.kind == "patient_arrived" and f.get("changed") == ("address.postal", "address.street")
               for f in sim.facts)
    assert not found(g, "M4")
    records = [c for c in checks(g, "M4") if c.tag == "records"]
    assert len(records) == 2 and all(c.earned == c.max for c in records)


def test_an_unchanged_field_typed_wrong_is_an_error():
    """Changing a field that had not changed, to something wrong, is an `error` too."""
    sim = day('{at: "8:50", arrival: {patient: chen}}')
    check_in(sim, "chen", "8:50", typed={"address.city": "Mississauga"})
    (error,) = found(graded(sim), "M4")
    assert error.severity == "error" and "city" in error.message and "'Mississauga'" in error.message


def test_identity_confirmed_with_one_identifier_is_an_error():
    """Checked in after confirming only the name: an `error` (patient identification is a safety rule, not a
    privacy law, so no privacy rule is cited)."""
    sim = day('{at: "8:50", arrival: {patient: chen}}')
    check_in(sim, "chen", "8:50", ids=("name",))
    (error,) = found(graded(sim), "M4", words="identifier")
    assert error.severity == "error" and "1 identifier" in error.message
    assert error.rule is None and error.points == POINTS["task"]


def test_identity_confirmed_with_two_identifiers_is_right():
    """Name and date of birth confirmed: the identity line earns full points."""
    sim = day('{at: "8:50", arrival: {patient: chen}}')
    check_in(sim, "chen", "8:50")
    g = graded(sim)
    identity = [c for c in checks(g, "M4") if c.tag == "identity"]
    assert len(identity) == 1 and identity[0].earned == identity[0].max and not found(g, "M4")


# --- the inbox (M6) ---------------------------------------------------------------------------------------------

LAB = '{at: "8:10", document: {kind: lab_result, patient: chen, test: bloodwork}}'


def test_a_lab_result_filed_to_a_lookalike_is_an_accuracy_error_and_a_privacy_breach():
    """Robert Chen's result filed to Ruth Chen's chart: an accuracy `error` and a privacy `breach`."""
    sim = day(LAB)
    sim.apply(A.FileDocument(at("8:15"), "D1", "ruth"))
    g = graded(sim)
    (error,) = found(g, "M6")
    assert error.severity == "error" and "Robert Chen" in error.message and "Ruth Chen's chart" in error.message
    (breach,) = found(g, "M6", criterion="privacy")
    assert breach.severity == "breach" and breach.t == at("8:15")
    assert breach.rule == JURISDICTIONS["ON"].rule("safeguards")


def test_a_lab_result_filed_to_the_right_chart_is_right():
    """Filed to its own patient's chart: full points under both criteria, no finding."""
    sim = day(LAB)
    sim.apply(A.FileDocument(at("8:15"), "D1", "chen"))
    g = graded(sim)
    assert not found(g, "M6") and not found(g, "M6", criterion="privacy")
    assert [c.earned == c.max for c in checks(g, "M6")] == [True]


@pytest.mark.parametrize("document", [LAB, '{at: "8:11", document: {kind: renewal, patient: chen, medication: ramipril 5 mg}}'],
                         ids=["lab_result", "renewal"])
def test_a_document_left_in_the_inbox_all_day_is_missed(document):
    """A lab result never filed (or a renewal never queued for signature) is named as `missed` work of the inbox."""
    sim = day(document)
    sim.finish_day()
    assert sim.facts[-1].get("documents_unhandled") == ("D1",)
    g = graded(sim)
    assert [f.severity for f in g.findings if f.mechanic == "M6"] == ["missed"]


# --- calls (M7) -------------------------------------------------------------------------------------------------


def test_an_er_nurse_told_the_medication_list_is_correct():
    """An emergency nurse caring for the patient, verified and told the medication list: right under accuracy,
    and praised under privacy."""
    sim = day('{at: "10:00", call: {caller: er_nurse, name: Kevin Morrison, about: chen, wants: medication_list}}')
    sim.apply(A.AnswerCall(at("10:00", 4), 1))
    sim.apply(A.VerifyCaller(at("10:00", 15), 1, ("name", "dob")))
    sim.apply(A.Disclose(at("10:00", 30), 1, "medication_list"))
    sim.apply(A.EndCall(at("10:00", 40), 1))
    g = graded(sim)
    (routing,) = [c for c in checks(g, "M7") if c.tag == "phone"]
    assert routing.earned == routing.max and not found(g, "M7")
    privacy = found(g, "M18", criterion="privacy")
    assert [f.severity for f in privacy] == ["good"] and privacy[0].points == 0


@pytest.mark.parametrize("to, urgent, right", [("greene", True, True), ("greene", False, False),
                                               ("nurse", True, False)])
def test_a_critical_lab_result_goes_urgently_to_the_doctor(to, urgent, right):
    """A lab's critical result put straight through to the doctor, urgently, is correct; routed without urgency
    or to the nurse it is an `error`."""
    sim = day('{at: "10:00", call: {caller: lab, about: chen, wants: critical_result, urgent: true}}')
    sim.apply(A.AnswerCall(at("10:00", 4), 1))
    sim.apply(A.RouteCall(at("10:00", 20), 1, to, urgent=urgent))
    g = graded(sim)
    (routing,) = checks(g, "M7")
    assert (routing.earned == routing.max) is right
    assert [f.severity for f in found(g, "M7")] == ([] if right else ["error"])


def test_a_call_answered_and_left_without_anything_done_is_missed():
    """Answered, then nothing: the caller hangs up and the call's handling line is `missed`."""
    sim = day('{at: "10:00", call: {caller: patient, about: chen, wants: confirm}}')
    sim.apply(A.AnswerCall(at("10:00", 4), 1))
    (missed,) = found(graded(sim), "M7")
    assert missed.severity == "missed" and "did nothing" in missed.message


# --- referrals (M10) --------------------------------------------------------------------------------------------

REFERRAL = ('{at: "8:05", document: {kind: referral, patient: okafor, from: haddad, urgency: urgent, type: follow_up, '
            'reason: fainting, clues: [fainted twice this week]}}')
HADDAD = "directory:\n  - {id: haddad, kind: physician, name: Dr. Amir Haddad, phone: 416-555-0106, fax: 416-555-0107}\n"


@pytest.mark.parametrize("urgency, right", [("urgent", True), ("semi_urgent", False), ("routine", False)])
def test_a_misclassified_referral_is_an_error(urgency, right):
    """A referral sorted at another urgency than its clues give is an `error` naming both."""
    sim = day(REFERRAL, extra=HADDAD)
    sim.apply(A.ClassifyReferral(at("8:10"), "D1", urgency))
    g = graded(sim)
    sorted_as = found(g, "M10", words="sorted as")
    if right:
        assert not sorted_as
    else:
        (error,) = sorted_as
        assert error.severity == "error" and urgency.replace("_", "-") in error.message and "urgent." in error.message


# --- checkout (M14) ---------------------------------------------------------------------------------------------


def through_checkout(sim: Simulation, book_on: str | None) -> None:
    """Grace Okafor checks in at 9:20, is seen, and at checkout gets a follow-up on ``book_on`` (or none)."""
    check_in(sim, "okafor", "9:20")
    while not any(f.kind == "visit_ended" and f.get("patient") == "okafor" for f in sim.facts):
        sim.step()
    t = sim.now
    sim.apply(A.GreetPatient(t + 5, "okafor"))
    if book_on:
        sim.apply(A.BookFollowUp(t + 20, "okafor", book_on, "10:00", "greene"))
    sim.apply(A.CheckOut(t + 30, "okafor"))


@pytest.mark.parametrize("book_on, right", [("2026-03-30", True), ("2026-04-02", True), ("2026-06-01", False),
                                            ("2026-03-09", False)])
def test_a_follow_up_booked_far_from_the_ordered_interval_is_an_error(book_on, right):
    """Four weeks ordered (the day is 2026-03-02): 28 or 31 days ahead is right; 91 or 7 days is an `error`."""
    sim = day('{at: "9:20", arrival: {patient: okafor}}')
    through_checkout(sim, book_on)
    g = graded(sim)
    (follow_up,) = [c for c in checks(g, "M14") if c.max == POINTS["task"]]
    assert (follow_up.earned == follow_up.max) is right
    if not right:
        (error,) = found(g, "M14")
        assert error.severity == "error" and "ordered 28 days" in error.message


def test_a_follow_up_never_booked_is_missed():
    """The doctor ordered a follow-up and the patient left without one: `missed`."""
    sim = day('{at: "9:20", arrival: {patient: okafor}}')
    through_checkout(sim, None)
    (missed,) = found(graded(sim), "M14")
    assert missed.severity == "missed" and "without the follow-up" in missed.message
