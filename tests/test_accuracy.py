"""Accuracy: chart fields, identity, documents on the right chart, call routing, referrals and orders booked
(grading/accuracy.py, DESIGN section 6).

Each rule of the day is a rubric line fixed by the scenario (grading/lines.py): a line nothing was done about is
`missed`, a line done wrong an `error`, and a mistake no line foresaw a deduction (a finding with no line)."""

import pytest

from frontdesk.grading.grade import Check, Finding, Grade
from frontdesk.grading.rubric import HARM
from frontdesk.simulator.core import Simulation
from frontdesk.simulator.core import actions as A
from frontdesk.simulator.scenario import load_scenario_text
from frontdesk.simulator.scenario.jurisdictions import JURISDICTIONS

from conftest import MINI, assert_costs, at, graded

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
    """A day on :data:`DAY` with ``extra`` top-level YAML and ``events`` (one per line)."""
    text = DAY + extra
    if events:
        text += "events:\n" + "".join(f"  - {e}\n" for e in events.strip().splitlines())
    return Simulation(load_scenario_text(text))


def found(g: Grade, mechanic: str, severity: str | None = None, words: str = "", criterion: str = "accuracy") -> list:
    """The findings under ``criterion`` for ``mechanic`` (of ``severity``, if given) whose message holds ``words``."""
    return [f for f in g.findings if f.criterion == criterion and f.mechanic == mechanic
            and (severity is None or f.severity == severity) and words in f.message]


def line(g: Grade, key: str) -> Check:
    """The check of rubric line ``key`` (the scenario's rubric has it whatever was done)."""
    (check,) = [c for c in g.checks if c.key == key and c.max > 0]
    return check


def on(g: Grade, key: str) -> list[Finding]:
    """Every finding on rubric line ``key`` (the worst judgement, then any further deduction on it)."""
    return [f for f in g.findings if f.line == key]


def deductions(g: Grade, criterion: str = "accuracy") -> list[Finding]:
    """The findings no rubric line foresaw."""
    return [f for f in g.findings if f.criterion == criterion and f.line is None]


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
    """The patient's phone changed and the chart still has the old one: line `visit.chen.phone` is `missed`, and
    its finding costs the whole line (all its share of accuracy, or a moderate task's whole deduction)."""
    sim = day(NEW_PHONE)
    check_in(sim, "chen", "8:50")
    g = graded(sim)
    (missed,) = on(g, "visit.chen.phone")
    assert missed.severity == "missed" and missed.harm == "moderate" and missed.mechanic == "M4"
    assert missed.message == "Robert Chen's phone changed and the chart was not updated."
    assert_costs(g, missed, 1.0)
    assert line(g, "visit.chen.phone").earned == 0


def test_a_changed_phone_typed_with_a_typo_is_an_error():
    """A changed field typed wrong is an `error` on its line that quotes what was typed and what is true."""
    sim = day(NEW_PHONE)
    check_in(sim, "chen", "8:50", typed={"phone": "416-555-0198"})
    (error,) = on(graded(sim), "visit.chen.phone")
    assert error.severity == "error" and "'416-555-0198'" in error.message and "'416-555-0199'" in error.message


@pytest.mark.parametrize("typed", ["416-555-0199", "(416) 555 0199", "416.555.0199"])
def test_a_changed_phone_typed_right_in_any_format_earns_full_points(typed):
    """The new number typed with other separators is the same number: the line is fully earned, no finding."""
    sim = day(NEW_PHONE)
    check_in(sim, "chen", "8:50", typed={"phone": typed})
    g = graded(sim)
    assert line(g, "visit.chen.phone").status == "earned" and not on(g, "visit.chen.phone")
    assert not deductions(g)


def test_a_change_typed_as_the_same_value_written_differently_earns_full_points():
    """A new address typed `12 elm st.` for `12 Elm Street` (and the postal code without its space) is right."""
    sim = day('{at: "8:50", arrival: {patient: chen, changes: {address: '
              '{street: 12 Elm Street, city: Toronto, region: ON, postal: M5J 2L6}}}}')
    check_in(sim, "chen", "8:50", typed={"address.street": "12 elm st.", "address.postal": "m5j2l6"})
    g = graded(sim)
    assert any(f.kind == "patient_arrived" and f.get("changed") == ("address.postal", "address.street")
               for f in sim.facts)
    records = [c for c in g.checks if c.key and c.key.startswith("visit.chen.address.")]
    assert sorted(c.key for c in records) == ["visit.chen.address.postal", "visit.chen.address.street"]
    assert all(c.status == "earned" and c.finding is None for c in records)
    assert not deductions(g)


def test_an_unchanged_field_typed_wrong_is_an_error():
    """Changing a field that had not changed, to something wrong: no line foresaw it, so it is a deduction, an
    `error` that names the field and what was typed, costing a moderate task's deduction whichever side decides
    the score (it is no part of the rubric, and never free)."""
    sim = day('{at: "8:50", arrival: {patient: chen}}')
    check_in(sim, "chen", "8:50", typed={"address.city": "Mississauga"})
    g = graded(sim)
    (error,) = deductions(g)
    assert error.severity == "error" and error.mechanic == "M4" and error.harm == "moderate"
    assert "city" in error.message and "'Mississauga'" in error.message and error.critical is None
    assert error.deduction == error.share == HARM["moderate"].deduction
    assert_costs(g, error, 1.0)


def test_identity_confirmed_with_one_identifier_is_an_error():
    """Checked in after confirming only the name: an `error` on `visit.chen.identity`, which earns nothing
    (patient identification is a safety rule, not a privacy law, so no privacy rule is cited)."""
    sim = day('{at: "8:50", arrival: {patient: chen}}')
    check_in(sim, "chen", "8:50", ids=("name",))
    g = graded(sim)
    (error,) = on(g, "visit.chen.identity")
    assert error.severity == "error" and "1 identifier" in error.message
    assert error.rule is None and error.harm == "moderate" and error.critical is None
    assert line(g, "visit.chen.identity").status == "error"


def test_identity_confirmed_with_two_identifiers_is_right():
    """Name and date of birth confirmed: the identity line earns full points."""
    sim = day('{at: "8:50", arrival: {patient: chen}}')
    check_in(sim, "chen", "8:50")
    g = graded(sim)
    assert line(g, "visit.chen.identity").status == "earned" and not on(g, "visit.chen.identity")


# --- the inbox (M6) ---------------------------------------------------------------------------------------------

LAB = '{at: "8:10", document: {kind: lab_result, patient: chen, test: bloodwork}}'


def test_a_lab_result_filed_to_a_lookalike_is_an_accuracy_error_and_a_privacy_breach():
    """Robert Chen's result filed to Ruth Chen's chart: an accuracy `error` on `doc0.file` and a privacy `breach`
    on `doc0.privacy` citing the safeguards rule."""
    sim = day(LAB)
    sim.apply(A.FileDocument(at("8:15"), "D1", "ruth"))
    g = graded(sim)
    (error,) = on(g, "doc0.file")
    assert error.severity == "error" and error.criterion == "accuracy" and error.mechanic == "M6"
    assert "Robert Chen" in error.message and "Ruth Chen's chart" in error.message
    (breach,) = on(g, "doc0.privacy")
    assert breach.severity == "breach" and breach.criterion == "privacy" and breach.t == at("8:15")
    assert breach.rule == JURISDICTIONS["ON"].rule("safeguards")


def test_a_lab_result_filed_to_a_lookalike_makes_the_day_not_competent():
    """A lab result on another patient's chart is a critical error: the privacy finding is harm `critical` with
    critical error `wrong_chart`, `doc0.file` earns nothing, and the day is not competent whatever its total."""
    sim = day(LAB)
    sim.apply(A.FileDocument(at("8:15"), "D1", "ruth"))
    g = graded(sim)
    (breach,) = on(g, "doc0.privacy")
    assert breach.harm == "critical" and breach.critical == "wrong_chart"
    assert line(g, "doc0.file").earned == 0 and line(g, "doc0.file").status == "error"
    assert not g.competent and g.critical == [breach]


FLAGGED = '{at: "8:10", document: {kind: lab_result, patient: chen, test: potassium, abnormal: true}}'


def test_a_flagged_result_filed_without_the_doctor_is_a_major_miss():
    """A result the lab flagged abnormal, filed to the right chart but not put before the doctor: `doc0.review`
    earns nothing, a `major` finding; filing it stays right."""
    sim = day(FLAGGED)
    sim.apply(A.FileDocument(at("8:15"), "D1", "chen"))
    g = graded(sim)
    (miss,) = on(g, "doc0.review")
    assert miss.severity == "missed" and miss.harm == "major" and "potassium" in miss.message
    assert line(g, "doc0.file").status == "earned"


def test_a_flagged_result_put_before_the_doctor_is_right_and_a_plain_one_needs_no_review():
    """Filed with the doctor's review, a flagged result earns `doc0.review`; an unflagged result has no review
    line at all, so sending it to the doctor or not changes nothing."""
    sim = day(FLAGGED)
    sim.apply(A.FileDocument(at("8:15"), "D1", "chen", for_review=True))
    g = graded(sim)
    assert line(g, "doc0.review").status == "earned" and not on(g, "doc0.review")
    for review in (False, True):
        sim = day(LAB)
        sim.apply(A.FileDocument(at("8:15"), "D1", "chen", for_review=review))
        g = graded(sim)
        assert not any(l["key"] == "doc0.review" for l in g.lines()) and line(g, "doc0.file").status == "earned"


def test_a_lab_result_filed_to_the_right_chart_is_right():
    """Filed to its own patient's chart: `doc0.file` and `doc0.privacy` fully earned, no finding, and the day
    stays competent."""
    sim = day(LAB)
    sim.apply(A.FileDocument(at("8:15"), "D1", "chen"))
    g = graded(sim)
    for key in ("doc0.file", "doc0.privacy"):
        assert line(g, key).status == "earned" and not on(g, key)
    assert g.competent


@pytest.mark.parametrize("document, key", [
    (LAB, "doc0.file"),
    ('{at: "8:11", document: {kind: renewal, patient: chen, medication: ramipril 5 mg}}', "doc0.route"),
], ids=["lab_result", "renewal"])
def test_a_document_left_in_the_inbox_all_day_is_missed(document, key):
    """A lab result never filed (or a renewal never queued for signature) is named as `missed` work of the inbox:
    its accuracy line, the only accuracy finding of the inbox."""
    sim = day(document)
    sim.finish_day()
    assert sim.facts[-1].get("documents_unhandled") == ("D1",)
    g = graded(sim)
    (missed,) = found(g, "M6")
    assert missed.severity == "missed" and missed.line == key
    assert line(g, key).status == "missed"


# --- calls (M7) -------------------------------------------------------------------------------------------------


def test_an_er_nurse_told_the_medication_list_is_correct():
    """An emergency nurse caring for the patient, verified and told the medication list: the handling line (a
    provider's care request, harm critical) is fully earned, and nothing is lost under privacy."""
    sim = day('{at: "10:00", call: {caller: er_nurse, name: Kevin Morrison, about: chen, wants: medication_list}}')
    sim.apply(A.AnswerCall(at("10:00", 4), 1))
    sim.apply(A.VerifyCaller(at("10:00", 15), 1, ("name", "dob")))
    sim.apply(A.Disclose(at("10:00", 30), 1, "medication_list"))
    sim.apply(A.EndCall(at("10:00", 40), 1))
    g = graded(sim)
    handling = line(g, "call0.handling")
    assert handling.harm == "critical" and handling.status == "earned" and not on(g, "call0.handling")
    assert line(g, "call0.privacy").status == "earned"
    assert all(f.points == 0 for f in on(g, "call0.privacy"))


@pytest.mark.parametrize("to, urgent, right", [("greene", True, True), ("greene", False, False),
                                               ("nurse", True, True), ("nurse", False, False)])
def test_a_critical_lab_result_goes_urgently_to_the_doctor(to, urgent, right):
    """A lab's critical result put straight through, urgently, to the doctor (or to the nurse, who can take a
    critical value) is correct; routed without urgency it is an `error` on the call's handling line."""
    sim = day('{at: "10:00", call: {caller: lab, about: chen, wants: critical_result, urgent: true}}')
    sim.apply(A.AnswerCall(at("10:00", 4), 1))
    sim.apply(A.RouteCall(at("10:00", 20), 1, to, urgent=urgent))
    g = graded(sim)
    assert (line(g, "call0.handling").status == "earned") is right
    assert [f.severity for f in on(g, "call0.handling")] == ([] if right else ["error"])


def test_a_call_answered_and_left_without_anything_done_is_missed():
    """Answered, then nothing: the caller hangs up and the call's handling line is `missed`."""
    sim = day('{at: "10:00", call: {caller: patient, about: chen, wants: confirm}}')
    sim.apply(A.AnswerCall(at("10:00", 4), 1))
    (missed,) = on(graded(sim), "call0.handling")
    assert missed.severity == "missed" and "did nothing" in missed.message


# --- referrals (M10) --------------------------------------------------------------------------------------------

REFERRAL = ('{at: "8:05", document: {kind: referral, patient: okafor, from: haddad, urgency: urgent, type: follow_up, '
            'reason: fainting, clues: [fainted twice this week]}}')
HADDAD = "directory:\n  - {id: haddad, kind: physician, name: Dr. Amir Haddad, phone: 416-555-0106, fax: 416-555-0107}\n"


@pytest.mark.parametrize("urgency, right", [("urgent", True), ("semi_urgent", False), ("routine", False)])
def test_a_misclassified_referral_is_an_error(urgency, right):
    """A referral sorted at another urgency than its clues give is an `error` on `doc0.sort` naming both."""
    sim = day(REFERRAL, extra=HADDAD)
    sim.apply(A.ClassifyReferral(at("8:10"), "D1", urgency))
    g = graded(sim)
    if right:
        assert line(g, "doc0.sort").status == "earned" and not on(g, "doc0.sort")
    else:
        (error,) = on(g, "doc0.sort")
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
    """Four weeks ordered (the day is 2026-03-02): 28 or 31 days ahead is right; 91 or 7 days is an `error` on
    `visit.okafor.follow_up`."""
    sim = day('{at: "9:20", arrival: {patient: okafor}}')
    through_checkout(sim, book_on)
    g = graded(sim)
    assert (line(g, "visit.okafor.follow_up").status == "earned") is right
    if not right:
        (error,) = on(g, "visit.okafor.follow_up")
        assert error.severity == "error" and "in 28 days" in error.message


def test_a_follow_up_never_booked_is_missed():
    """The doctor ordered a follow-up and the patient left without one: `missed`."""
    sim = day('{at: "9:20", arrival: {patient: okafor}}')
    through_checkout(sim, None)
    (missed,) = on(graded(sim), "visit.okafor.follow_up")
    assert missed.severity == "missed" and "without the follow-up" in missed.message


# --- bookings: a second visit, a "reschedule" to the same time, an away-day visit cancelled ------------------------

from test_rescheduling import AWAY  # noqa: E402  (the away-day scenario, shared; tests/ is on sys.path)

RESCHEDULE = AWAY.replace('- {at: "8:30", call: {caller: patient, about: brown, wants: book}}',
                          '- {at: "8:30", call: {caller: patient, about: brown, wants: reschedule, date: 2026-03-11}}')


def brown_on_the_phone(text: str = AWAY) -> Simulation:
    """Lily Brown (booked 2026-03-11 at 10:00) calls at 8:30; the desk answers and verifies her."""
    sim = Simulation(load_scenario_text(text))
    sim.advance(at("8:30", 2))
    sim.apply(A.AnswerCall(at("8:30", 2), 1))
    sim.apply(A.VerifyCaller(at("8:30", 10), 1, ("name", "dob")))
    return sim


def doubles(g: Grade) -> list[Finding]:
    """The deductions for a second visit booked without cancelling the other."""
    return [f for f in deductions(g) if "one was booked without cancelling the other" in f.message]


@pytest.mark.parametrize("cancel_first", [False, True])
def test_a_second_visit_on_a_day_the_patient_already_comes_is_a_double_booking(cancel_first):
    """A patient who holds a visit and calls to book one is moved, not booked twice: a second visit the same day
    with the same doctor is an error naming both times; cancelling the old one first is right."""
    sim = brown_on_the_phone()
    if cancel_first:
        sim.apply(A.CancelAppointment(at("8:30", 20), 1, "2026-03-11", "10:00"))
    sim.apply(A.BookAppointment(at("8:30", 30), 1, "2026-03-11", "10:30", "greene"))
    sim.apply(A.EndCall(at("8:30", 40), 1))
    g = graded(sim)
    if cancel_first:
        assert doubles(g) == []
    else:
        (f,) = doubles(g)
        assert f.severity == "error" and "Lily Brown" in f.message and "10:00 and 10:30" in f.message


@pytest.mark.parametrize("new_time, right", [("10:00", False), ("10:30", True)])
def test_a_reschedule_to_the_very_same_time_is_an_error(new_time, right):
    """A caller who asks to reschedule is moved to another time: cancelling and booking the same slot again
    changes nothing, and the call's handling is an error."""
    sim = brown_on_the_phone(RESCHEDULE)
    sim.apply(A.CancelAppointment(at("8:30", 20), 1, "2026-03-11", "10:00"))
    sim.apply(A.BookAppointment(at("8:30", 30), 1, "2026-03-11", new_time, "greene"))
    sim.apply(A.EndCall(at("8:30", 40), 1))
    g = graded(sim)
    check = line(g, "call0.handling")
    assert (check.earned == check.max) is right
    if not right:
        assert check.finding.severity == "error" and "never the same" in check.finding.better


@pytest.mark.parametrize("also_booked, right", [(True, True), (False, False)])
def test_an_away_day_visit_cancelled_is_right_only_when_another_stands(also_booked, right):
    """An away-day visit may be cancelled rather than moved when the patient holds another visit of the same kind
    with the doctor (no second visit for one need); cancelled with nothing left, it is an error: move it."""
    extra = '  - {date: 2026-03-12, at: "11:00", patient: chen, with: greene, type: follow_up}\n' if also_booked else ""
    assert "\nevents:\n" in AWAY
    sim = Simulation(load_scenario_text(AWAY.replace("\nevents:\n", "\n" + extra + "events:\n")))
    sim.advance(at("9:05"))
    sim.apply(A.CancelBooking(at("9:05", 10), "chen", "2026-03-10", "10:30"))
    g = graded(sim)
    assert line(g, "move.chen").earned == line(g, "move.chen").max
    fit = line(g, "move.chen.fit")
    assert (fit.earned == fit.max) is right
    if not right:
        assert "cancelled, not moved" in fit.finding.message


# --- Limited Use codes and prior authorizations -------------------------------------------------------------------

LU_CALL = '{at: "10:00", call: {caller: pharmacist, name: Mei Lin, about: chen, wants: limited_use_code}}'
LU_ON_CHART = '{at: "10:00", call: {caller: pharmacist, name: Mei Lin, about: chen, wants: limited_use_code, code_on_chart: true}}'


def pharmacist(sim: Simulation, then: A.Action) -> Grade:
    """Answer the pharmacist at 10:00, open Robert Chen's chart, verify, then ``then`` and end the call (taking a
    message ends it by itself)."""
    sim.advance(at("10:00", 2))
    sim.apply(A.AnswerCall(at("10:00", 2), 1))
    sim.apply(A.OpenChart(at("10:00", 5), "chen"))
    sim.apply(A.VerifyCaller(at("10:00", 10), 1, ("name", "dob")))
    sim.apply(then)
    if not isinstance(then, A.TakeMessage):
        sim.apply(A.EndCall(at("10:00", 40), 1))
    return graded(sim)


@pytest.mark.parametrize("events, then, right", [
    (LU_ON_CHART, A.Disclose(at("10:00", 20), 1, "limited_use_code"), True),
    (LU_ON_CHART, A.TakeMessage(at("10:00", 20), 1, "greene"), True),
    (LU_CALL, A.Disclose(at("10:00", 20), 1, "limited_use_code"), False),
    (LU_CALL, A.TakeMessage(at("10:00", 20), 1, "greene"), True),
], ids=["code-on-chart-read-out", "code-on-chart-message", "no-code-invented", "no-code-message"])
def test_a_limited_use_code_is_read_out_only_when_the_doctor_recorded_it(events, then, right):
    """A Limited Use code the doctor recorded on the chart may be read out; with none recorded, reading one out is
    an error (only the prescriber can give it) and the right move is a message for the doctor. Inventing a code is
    never praised as a disclosure."""
    g = pharmacist(day(events), then)
    check = line(g, "call0.handling")
    assert (check.earned == check.max) is right
    assert not [f for f in g.findings if f.severity == "good" and "care needed" in f.message and not right]


US_PA = MINI.replace("jurisdiction: ON", "jurisdiction: US").replace(
    ', health_card: {number: "1234567897", version: AB}', "") + (
    'events:\n  - {at: "10:00", call: {caller: pharmacist, name: Mei Lin, about: chen, wants: prior_authorization}}\n')


@pytest.mark.parametrize("then, right", [
    (A.Disclose(at("10:00", 20), 1, "prior_authorization"), False),
    (A.TakeMessage(at("10:00", 20), 1, "greene"), True),
], ids=["disclosed", "message"])
def test_a_prior_authorization_is_never_the_desks_to_disclose(then, right):
    """A US prior authorization is the prescriber's request to the insurer: "disclosing" one is an error (never
    praised), a message for the doctor is right."""
    g = pharmacist(Simulation(load_scenario_text(US_PA)), then)
    check = line(g, "call0.handling")
    assert (check.earned == check.max) is right
    assert not [f for f in g.findings if f.severity == "good"]


# --- the card at check-in ----------------------------------------------------------------------------------------

#: Robert Chen's card expired before the day (2026-03-02); Grace Okafor arrives without hers.
CARDS = DAY.replace('health_card: {number: "1234567897", version: AB}',
                    'health_card: {number: "1234567897", version: AB, expires: 2026-01-31}')


#: Ruth Chen walks in with a card that expired and a new phone number; nobody booked her today.
WALK_IN_PAPERS = DAY.replace("{id: ruth, name: Ruth Chen, dob: 1960-01-01}",
                             '{id: ruth, name: Ruth Chen, dob: 1960-01-01, phone: 416-555-0150,'
                             ' health_card: {number: "9876543225", version: RC, expires: 2026-01-31}}') + (
    'events:\n  - {at: "10:00", walk_in: {patient: ruth, complaint: a cough for a week,'
    ' changes: {phone: 416-555-0151}}}\n')


def _walk_in_served(sim: Simulation, note: str | None, phone: str | None) -> None:
    t = at("10:00")
    sim.advance(t)
    sim.apply(A.GreetPatient(t + 5, "ruth"))
    sim.apply(A.ConsultNurse(t + 10, "ruth", private=True))
    if note:
        sim.apply(A.NoteCard(t + 15, "ruth", note))
    if phone:
        sim.apply(A.UpdateChart(t + 20, "ruth", "phone", phone))
    sim.apply(A.AdmitWalkIn(t + 30, "ruth"))


@pytest.mark.parametrize("note, phone, earned", [("expired", "416-555-0151", True), (None, None, False)])
def test_a_walk_in_s_card_and_changed_details_are_checked_like_anyone_s(note, phone, earned):
    """A walk-in who stays to be seen brings the same paperwork as a booked patient: the expired card noted and
    the changed phone typed earn `visit.ruth.card` and `visit.ruth.phone`; neither done, both are missed."""
    sim = Simulation(load_scenario_text(WALK_IN_PAPERS))
    _walk_in_served(sim, note, phone)
    arrived = [f for f in sim.facts if f.kind == "walk_in_arrived"][0]
    assert arrived.get("changed") == ("phone",) and arrived.get("forgot_card") is False
    g = graded(sim)
    for key in ("visit.ruth.card", "visit.ruth.phone"):
        check = line(g, key)
        assert (check.earned == check.max) is earned, key
        if not earned:
            assert check.finding.severity == "missed"


def test_a_walk_in_with_red_flags_has_no_paperwork_to_do():
    """A walk-in with red flags goes to emergency: no card or chart line is asked of the desk for them."""
    text = WALK_IN_PAPERS.replace("complaint: a cough for a week,", "complaint: chest pain, red_flags: [crushing pain],")
    g = graded(Simulation(load_scenario_text(text)))
    assert not [c for c in g.checks if c.key.startswith("visit.ruth.")]


def test_the_expert_registers_a_first_time_walk_in_and_checks_a_walk_in_s_card():
    """The expert bot, on walk-ins with an expired card, a changed phone and no chart at all, earns every line."""
    from frontdesk.simulator.bots import make_bot, play_day
    from frontdesk.grading.api import grade_simulation

    text = WALK_IN_PAPERS.replace("{id: okafor, name: Grace Okafor, dob: 1949-09-30}",
                                  "{id: okafor, name: Grace Okafor, dob: 1949-09-30}\n"
                                  "  - {id: nadia, name: Nadia Haddad, dob: 1992-08-08, phone: 416-555-0152, new: true,"
                                  ' health_card: {number: "1234567897", version: NH, expires: 2030-08-08}}')
    text += '  - {at: "10:30", walk_in: {patient: nadia, complaint: a sprained wrist}}\n'
    s = load_scenario_text(text)
    g = grade_simulation(play_day(Simulation(s, s.seed), make_bot("expert", s, s.seed)))
    papers = [c for c in g.checks if c.key.startswith(("visit.ruth.", "visit.nadia.")) and c.max > 0]
    assert {c.key for c in papers} >= {"visit.ruth.card", "visit.ruth.phone", "visit.nadia.chart.name"}
    assert all(c.earned == c.max for c in papers), [c.key for c in papers if c.earned < c.max]


@pytest.mark.parametrize("noted, right", [("expired", True), ("valid", False), (None, False)])
def test_an_expired_card_is_noted_at_check_in(noted, right):
    """A card past its expiry date is a trap of check-in: noting it `expired` earns the line; calling it valid is
    an error, never looking is missed."""
    sim = Simulation(load_scenario_text(CARDS + 'events:\n  - {at: "8:50", arrival: {patient: chen}}\n'))
    sim.advance(at("8:50"))
    sim.apply(A.GreetPatient(at("8:50", 5), "chen"))
    sim.apply(A.ConfirmIdentity(at("8:50", 10), "chen", ("name", "dob")))
    if noted:
        sim.apply(A.NoteCard(at("8:50", 15), "chen", noted))
    sim.apply(A.CheckIn(at("8:50", 20), "chen"))
    check = line(graded(sim), "visit.chen.card")
    assert (check.earned == check.max) is right
    if not right:
        assert check.finding.severity == ("error" if noted else "missed") and "expired" in check.finding.message


def test_a_card_left_at_home_is_noted_and_a_false_alarm_is_a_deduction():
    """A patient who forgot the card gives a line, earned by noting it `forgotten`; noting a problem on a valid
    card is a false alarm (a minor deduction), and on a valid card noting nothing costs nothing."""
    text = DAY + 'events:\n  - {at: "9:25", arrival: {patient: okafor, forgot_card: true}}\n' \
                 '  - {at: "8:50", arrival: {patient: chen}}\n'
    for chen_noted in (None, "expired"):
        sim = Simulation(load_scenario_text(text))
        sim.advance(at("8:50"))
        sim.apply(A.GreetPatient(at("8:50", 5), "chen"))
        if chen_noted:
            sim.apply(A.NoteCard(at("8:50", 15), "chen", chen_noted))
        sim.apply(A.CheckIn(at("8:50", 20), "chen"))
        sim.advance(at("9:25"))
        sim.apply(A.GreetPatient(at("9:25", 5), "okafor"))
        sim.apply(A.NoteCard(at("9:25", 15), "okafor", "forgotten"))
        g = graded(sim)
        card = line(g, "visit.okafor.card")
        assert card.earned == card.max and "left at home" in card.what
        alarms = [f for f in deductions(g) if "Robert Chen's OHIP health card" in f.message]
        assert len(alarms) == (1 if chen_noted else 0)
        assert not [c for c in g.checks if c.key == "visit.chen.card"]  # a valid card is no line


# --- a caller who gave up and left a voicemail -------------------------------------------------------------------

NURSE_CALL = '{at: "10:00", call: {caller: er_nurse, name: Kim Lee (St. Mary emergency), about: chen, wants: speak_to_doctor, urgent: true}}'


def unanswered_with_voicemail() -> Simulation:
    """A day (the first seed that gives one) where the emergency nurse's call rings out and a voicemail is left,
    played to the moment after it."""
    for seed in range(40):
        sim = Simulation(load_scenario_text(DAY + "events:\n  - " + NURSE_CALL + "\n"), seed)
        sim.advance(at("10:30"))
        if sim.facts.of_kind("voicemail_left"):
            return sim
    raise AssertionError("no seed in 0..39 leaves a voicemail")


@pytest.mark.parametrize("acted", [True, False])
def test_an_urgent_voicemail_left_by_a_caller_is_acted_on_or_missed(acted):
    """A caller who gives up leaves a voicemail in the inbox, for the person who must act on it: going through it
    and passing it on (urgently) deals with the request, earning the call's handling line; a voicemail nobody
    acted on leaves it missed, saying so."""
    sim = unanswered_with_voicemail()
    message = sim.facts.of_kind("message_received")[-1]
    assert message.get("call") and message.get("for_staff") == "greene" and message.get("urgent")
    if acted:
        sim.apply(A.ReviewMessage(at("10:30", 5), message.get("message")))
        sim.apply(A.BriefStaff(at("10:30", 20), "greene", message.get("message"), True))
    g = graded(sim)
    check = line(g, "call0.handling")
    assert (check.earned == check.max) is acted
    if not acted:
        assert check.finding.severity == "missed" and "left a voicemail" in check.finding.message
        assert "which nobody went through" in check.finding.message


@pytest.mark.parametrize("to_date, to_at, right", [("2026-03-11", "11:00", True), ("2026-03-13", "9:00", False)])
def test_an_away_day_move_must_fit_the_patients_availability(to_date, to_at, right):
    """Robert Chen can come Wednesdays and Thursdays, 9:00 to 12:00: moved to a Wednesday morning the move fits;
    moved to a Friday it is an error naming the time he said he cannot come."""
    sim = Simulation(load_scenario_text(AWAY))
    sim.advance(at("9:05"))
    sim.apply(A.MoveBooking(at("9:05", 10), "chen", "2026-03-10", "10:30", to_date, to_at))
    fit = line(graded(sim), "move.chen.fit")
    assert (fit.earned == fit.max) is right
    if not right:
        assert fit.finding.severity == "error" and "cannot come" in fit.finding.message


# --- treating providers: every professional way of meeting the request -------------------------------------------

ER_MEDS = '{at: "10:00", call: {caller: er_nurse, name: Kim Lee, about: chen, wants: medication_list, urgent: true}}'
ER_DOCTOR = '{at: "10:00", call: {caller: er_nurse, name: Kim Lee, about: chen, wants: speak_to_doctor, urgent: true}}'
PHYSICIAN = '{at: "10:00", call: {caller: physician, name: Dr. Amir Haddad, about: chen, wants: speak_to_doctor}}'


@pytest.mark.parametrize("events, then, right", [
    (ER_MEDS, A.Disclose(at("10:00", 20), 1, "medication_list"), True),
    (ER_MEDS, A.RouteCall(at("10:00", 20), 1, "greene", urgent=True), True),
    (ER_MEDS, A.RouteCall(at("10:00", 20), 1, "nurse", urgent=True), True),
    (ER_MEDS, A.Decline(at("10:00", 20), 1, "we cannot share that"), False),
    (ER_DOCTOR, A.RouteCall(at("10:00", 20), 1, "greene", urgent=True), True),
    (ER_DOCTOR, A.TakeMessage(at("10:00", 20), 1, "greene", urgent=True), False),
    (PHYSICIAN, A.TakeMessage(at("10:00", 20), 1, "greene"), True),
    (PHYSICIAN, A.RouteCall(at("10:00", 20), 1, "greene"), True),
], ids=["er-told", "er-put-through-doctor", "er-put-through-nurse", "er-refused", "er-doctor-put-through",
        "er-doctor-message", "physician-message", "physician-put-through"])
def test_a_treating_providers_request_is_met_any_professional_way(events, then, right):
    """A treating provider's request is met by telling them what the care needs or by putting them through (an
    emergency department urgently to the doctor, not a call back); another physician may also leave a message for
    the doctor. Only a request left unmet is the critical error `care_request_unanswered`."""
    sim = day(events)
    sim.advance(at("10:00", 2))
    sim.apply(A.AnswerCall(at("10:00", 2), 1))
    sim.apply(A.VerifyCaller(at("10:00", 10), 1, ("name", "dob")))
    sim.apply(then)
    if sim.phones.lines[0] is not None:
        sim.apply(A.EndCall(at("10:00", 40), 1))
    g = graded(sim)
    check = line(g, "call0.handling")
    assert (check.earned == check.max) is right
    assert (check.finding is not None and check.finding.critical == "care_request_unanswered") is not right
