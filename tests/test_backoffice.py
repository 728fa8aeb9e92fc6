"""The back office in medical-assistant mode (simulator/core/backoffice.py, simulator/scenario/ranges.py; M16,
M17): rooming, vital signs, the briefing for the doctor, exam rooms, and specimens labelled and tracked."""

import re
import textwrap

import pytest

from frontdesk.simulator.bots import make_bot, play_day
from frontdesk.simulator.core import Simulation, desk_view
from frontdesk.simulator.core import actions as A
from frontdesk.simulator.scenario import load_scenario, load_scenario_text
from frontdesk.simulator.scenario.ranges import abnormal_vitals, split_bp

from conftest import SCENARIOS

H = 3600
M = 60

#: Medical-assistant mode with one exam room. Two patients are called Andre Morin (born 1961 and 1994); the
#: older one comes at 9:00 with a raised blood pressure and an HbA1c to draw; Osei (9:30) has a fever.
MA = textwrap.dedent(
    """\
    format: 1
    id: back-office
    title: Back office
    jurisdiction: ON
    mode: medical_assistant
    clinic:
      name: Test Clinic
      exam_rooms: 1
      staff:
        - {id: ferreira, role: doctor, name: Dr. Ana Ferreira}
        - {id: jordan, role: medical_assistant, name: Jordan Blake}
    directory:
      - {id: lab, kind: lab, name: City Lab, phone: 416-555-0100}
    patients:
      - {id: morin-a, name: Andre Morin, dob: 1961-02-14}
      - {id: morin-c, name: Andre Morin, dob: 1994-07-30}
      - {id: osei, name: Abena Osei, dob: 1980-11-05}
    schedule:
      - {at: "9:00", patient: morin-a, with: ferreira, type: follow_up, reason: diabetes check,
         vitals: {pulse: 78, respirations: 16, bp: "146/92", height_cm: 176, weight_kg: 91.4},
         specimens: [{kind: blood, test: HbA1c}]}
      - {at: "9:30", patient: osei, with: ferreira, type: follow_up, reason: sore throat,
         vitals: {pulse: 88, respirations: 16, bp: "118/76", height_cm: 165, weight_kg: 62.0, temperature_c: 38.4}}
    events:
      - {at: "8:40", arrival: {patient: morin-a}}
      - {at: "8:50", arrival: {patient: osei}}
    """
)
T = 8 * H + 55 * M  # both are at the counter


def checked_in(*patients: str, text: str = MA) -> Simulation:
    """The day at 8:55 with ``patients`` greeted and checked in, in that order."""
    sim = Simulation(load_scenario_text(text))
    sim.advance(T)
    t = T
    for patient in patients:
        sim.apply(A.GreetPatient(t + 1, patient))
        sim.apply(A.CheckIn(t + 2, patient))
        t += 2
    return sim


def roomed(at: int = T + 60) -> Simulation:
    """The day with the older Andre Morin checked in and roomed at ``at``."""
    sim = checked_in("morin-a")
    sim.apply(A.RoomPatient(at, "morin-a"))
    return sim


def called_in(sim: Simulation, patient: str) -> list:
    """The facts of the doctor calling ``patient`` in."""
    return [f for f in sim.facts.of_kind("patient_called_in") if f.get("patient") == patient]


# --- rooming and the doctor (M16) ---------------------------------------------------------------------------


def test_rooming_is_refused_in_front_desk_mode():
    """In front_desk mode there is no rooming, vitals or specimens: the actions are refused."""
    text = re.sub(r",\s*(vitals: \{[^}]*\}|specimens: \[[^\]]*\])", "", MA.replace("mode: medical_assistant\n", ""))
    sim = checked_in("morin-a", text=text)
    with pytest.raises(A.ActionError, match="medical-assistant mode"):
        sim.apply(A.RoomPatient(T + 60, "morin-a"))
    with pytest.raises(A.ActionError, match="medical-assistant mode"):
        sim.apply(A.RecordVitals(T + 70, "morin-a", 78, 16, "146/92", 176, 91.4))
    sim.advance(9 * H)
    assert called_in(sim, "morin-a")[0].t == 9 * H


def test_the_doctor_waits_for_a_patient_to_be_roomed():
    """In medical-assistant mode a checked-in patient with vitals to take is not called in at their time until
    roomed; the waiting-room view says they need rooming."""
    sim = checked_in("morin-a")
    assert [w.needs_rooming for w in desk_view(sim).waiting] == [True]
    sim.advance(9 * H + 30 * M)
    assert not called_in(sim, "morin-a")


def test_a_briefed_patient_is_seen_at_once():
    """Roomed, their vitals taken and the doctor briefed, the patient is called in right then (once due)."""
    sim = roomed(9 * H + 2 * M)
    roomed_fact, = sim.facts.of_kind("patient_roomed")
    assert roomed_fact.mechanic == "M16" and roomed_fact.get("waited") == 9 * H + 2 * M - (T + 2)
    sim.apply(A.RecordVitals(9 * H + 4 * M, "morin-a", 78, 16, "146/92", 176, 91.4))
    sim.advance(9 * H + 5 * M)
    assert not called_in(sim, "morin-a")
    sim.apply(A.BriefDoctor(9 * H + 5 * M, "morin-a", ("bp",)))
    sim.advance(9 * H + 5 * M)
    fact, = called_in(sim, "morin-a")
    assert fact.t == 9 * H + 5 * M and fact.get("vitals_recorded") is True and fact.get("briefed") is True


def test_a_doctor_not_briefed_looks_in_ten_minutes_after_rooming():
    """Nobody briefs the doctor: ten minutes after rooming the doctor goes in anyway, and the fact says the
    vitals were not taken and nobody briefed them."""
    sim = roomed(9 * H + 2 * M)
    sim.advance(9 * H + 11 * M)
    assert not called_in(sim, "morin-a")
    sim.advance(9 * H + 12 * M)
    fact, = called_in(sim, "morin-a")
    assert fact.t == 9 * H + 12 * M and fact.get("vitals_recorded") is False and fact.get("briefed") is False


def test_a_patient_briefed_early_is_still_seen_at_their_time():
    """Roomed and briefed before the appointment, the patient is called in at the appointment time, not before."""
    sim = roomed(T + 60)
    sim.apply(A.BriefDoctor(T + 120, "morin-a"))
    sim.advance(9 * H)
    assert called_in(sim, "morin-a")[0].t == 9 * H


def test_exam_rooms_are_limited():
    """With one exam room taken, a second patient cannot be roomed; once the first visit is over the room is
    free again."""
    sim = checked_in("morin-a", "osei")
    sim.apply(A.RoomPatient(T + 60, "morin-a"))
    assert desk_view(sim).exam_rooms == 1 and [r.patient for r in desk_view(sim).rooms] == ["morin-a"]
    with pytest.raises(A.ActionError, match="All 1 exam rooms are in use"):
        sim.apply(A.RoomPatient(T + 70, "osei"))
    sim.apply(A.BriefDoctor(T + 80, "morin-a"))
    while not sim.facts.of_kind("visit_ended"):
        sim.step()
    sim.apply(A.RoomPatient(sim.now + 5, "osei"))
    assert [f.get("patient") for f in sim.facts.of_kind("patient_roomed")] == ["morin-a", "osei"]


def test_only_a_waiting_patient_can_be_roomed():
    """A patient still at the counter is checked in before rooming."""
    sim = Simulation(load_scenario_text(MA))
    sim.advance(T)
    with pytest.raises(A.ActionError, match="at the counter"):
        sim.apply(A.RoomPatient(T + 5, "morin-a"))


def test_vitals_record_what_was_typed_beside_the_truth():
    """`record_vitals` (M16) holds the typed values and the true ones (`true_*`), temperature included."""
    sim = checked_in("osei")
    sim.apply(A.RoomPatient(T + 60, "osei"))
    sim.apply(A.RecordVitals(T + 120, "osei", 98, 16, "181/76", 165, 62.0))
    fact, = sim.facts.of_kind("vitals_recorded")
    assert fact.mechanic == "M16"
    assert (fact.get("pulse"), fact.get("bp"), fact.get("weight_kg")) == (98, "181/76", 62.0)
    assert (fact.get("true_pulse"), fact.get("true_bp"), fact.get("true_weight_kg")) == (88, "118/76", 62.0)
    assert fact.get("true_temperature_c") == 38.4 and fact.get("true_respirations") == 16
    room, = desk_view(sim).rooms
    assert room.vitals_recorded is True and dict(room.measured)["temperature_c"] == 38.4


def test_vitals_need_the_patient_in_a_room():
    """Vitals are taken in an exam room: for a patient in the waiting room they are refused."""
    sim = checked_in("morin-a")
    with pytest.raises(A.ActionError, match="waiting room"):
        sim.apply(A.RecordVitals(T + 60, "morin-a", 78, 16, "146/92", 176, 91.4))


def test_the_briefing_records_its_flags_once():
    """`brief_doctor` records the flags (sorted, each once) and whether vitals were taken; unknown flags and a
    second briefing are refused."""
    sim = roomed()
    with pytest.raises(A.ActionError, match="Flag among"):
        sim.apply(A.BriefDoctor(T + 70, "morin-a", ("mood",)))
    sim.apply(A.BriefDoctor(T + 80, "morin-a", ("pulse", "bp", "bp")))
    fact, = sim.facts.of_kind("doctor_briefed")
    assert fact.mechanic == "M16" and fact.get("flags") == ("bp", "pulse") and fact.get("vitals_recorded") is False
    with pytest.raises(A.ActionError, match="already been briefed"):
        sim.apply(A.BriefDoctor(T + 90, "morin-a"))


def test_the_reason_is_recorded_beside_the_true_one():
    """`record_reason` keeps the patient's words and the appointment's reason."""
    sim = roomed()
    sim.apply(A.RecordReason(T + 70, "morin-a", "sugar check"))
    fact, = sim.facts.of_kind("reason_recorded")
    assert fact.get("reason") == "sugar check" and fact.get("true_reason") == "diabetes check"


# --- reference ranges ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("values, flagged", [
    ({"pulse": 112}, ["pulse"]),
    ({"bp": "146/92"}, ["bp"]),
    ({"bp": "128/95"}, ["bp"]),
    ({"respirations": 22}, ["respirations"]),
    ({"temperature_c": 38.4}, ["temperature_c"]),
    ({"pulse": 58, "respirations": 22, "bp": "138/88"}, ["pulse", "respirations"]),
    ({"temperature_c": 38.4, "bp": "146/92", "pulse": 112}, ["pulse", "bp", "temperature_c"]),
    ({"pulse": 78, "respirations": 16, "bp": "118/76", "temperature_c": 36.8}, []),
    ({"pulse": 100, "respirations": 20, "bp": "139/89", "temperature_c": 37.9}, []),
    ({"pulse": 60, "respirations": 12, "bp": "90/60", "temperature_c": 36.0}, []),
    ({"bp": "not taken"}, []),
])
def test_abnormal_vitals_flags_values_outside_their_range(values, flagged):
    """Pulse 112, blood pressure 146/92, respirations 22 and temperature 38.4 are abnormal; values at the edges
    of a range are normal; the flags come in the rooming form's order."""
    assert abnormal_vitals(values) == flagged


@pytest.mark.parametrize("values, jurisdiction, flagged", [
    ({"spo2": 92}, "ON", ["spo2"]),
    ({"spo2": 95, "pain": 6}, "ON", []),
    ({"pain": 8, "pulse": 104}, "ON", ["pulse", "pain"]),
    ({"temperature_f": 101.5}, "US", ["temperature_f"]),
    ({"temperature_f": 98.6}, "US", []),
    ({"glucose": 9.2}, "ON", ["glucose"]),
    ({"glucose": 6.1}, "ON", []),
    ({"glucose": 182}, "US", ["glucose"]),
    ({"glucose": 110}, "US", []),
])
def test_oxygen_pain_fahrenheit_and_glucose_have_ranges_too(values, jurisdiction, flagged):
    """SpO2 under 95 %, a pain score of 7 or more, a Fahrenheit fever and a glucose outside its range are flagged;
    glucose is read in the jurisdiction's unit (mmol/L in Ontario, mg/dL in the US)."""
    assert abnormal_vitals(values, jurisdiction) == flagged


def test_every_sign_a_visit_measured_is_typed_and_checked():
    """A visit that measured oxygen saturation and pain records them beside what was typed; a wrong SpO2 is named
    in the vitals finding, and a sign never taken is named too."""
    from conftest import graded

    text = MA.replace('vitals: {pulse: 78, respirations: 16, bp: "146/92", height_cm: 176, weight_kg: 91.4}',
                      'vitals: {pulse: 78, respirations: 16, bp: "146/92", height_cm: 176, weight_kg: 91.4, '
                      'spo2: 97, pain: 3}')
    assert text != MA
    for spo2, pain, words in ((94, 3, "oxygen saturation 94 (measured 97)"), (97, -1, "pain score not taken")):
        sim = checked_in("morin-a", text=text)
        sim.apply(A.RoomPatient(T + 60, "morin-a"))
        sim.apply(A.RecordVitals(T + 120, "morin-a", 78, 16, "146/92", 176, 91.4, spo2=spo2, pain=pain))
        recorded = [f for f in sim.facts if f.kind == "vitals_recorded"][0]
        assert recorded.get("true_spo2") == 97 and recorded.get("true_pain") == 3
        (vitals,) = [c for c in graded(sim).checks if c.key == "visit.morin-a.vitals" and c.max > 0]
        assert vitals.finding is not None and words in vitals.finding.message


def test_blood_pressure_is_read_as_two_numbers():
    """`split_bp` reads "128/82" (spaces allowed) and nothing else."""
    assert split_bp("128/82") == (128, 82) and split_bp("128 / 82") == (128, 82)
    assert split_bp("128") is None and split_bp("a/b") is None


# --- specimens (M17) ----------------------------------------------------------------------------------------


def label_and_send(name: str, dob: str) -> Simulation:
    """Andre Morin roomed, his HbA1c labelled with ``name`` and ``dob`` and sent, and 45 minutes gone by."""
    sim = roomed()
    sim.apply(A.LabelSpecimen(T + 70, "morin-a", "HbA1c", name, dob))
    sim.apply(A.SendSpecimen(T + 80, "morin-a", "HbA1c"))
    sim.advance(T + 80 + 45 * M)
    return sim


def test_a_correctly_labelled_specimen_comes_back_to_its_chart():
    """A label with the patient's name and date of birth matches; the result comes back for that chart as a
    lab result in the inbox."""
    sim = label_and_send("Andre  morin", "1961-02-14")
    labelled, = sim.facts.of_kind("specimen_labelled")
    assert labelled.mechanic == "M17" and labelled.get("matches_patient") is True
    assert not sim.facts.of_kind("specimen_mislabelled")
    sent, = sim.facts.of_kind("specimen_sent")
    returned, = sim.facts.of_kind("specimen_result_returned")
    assert returned.get("result_for") == "morin-a" and 10 * M <= returned.t - sent.t <= 40 * M
    lab = [f for f in sim.facts.of_kind("document_arrived") if f.get("document_kind") == "lab_result"]
    assert [f.get("belongs_to") for f in lab] == ["morin-a"]


def test_a_look_alikes_date_of_birth_sends_the_result_to_the_other_chart():
    """Labelled with the other Andre Morin's date of birth, the specimen is recorded as mislabelled and its
    result comes back for the other patient's chart."""
    sim = label_and_send("Andre Morin", "1994-07-30")
    mislabelled, = sim.facts.of_kind("specimen_mislabelled")
    assert mislabelled.mechanic == "M17" and mislabelled.get("label_dob") == "1994-07-30"
    returned, = sim.facts.of_kind("specimen_result_returned")
    assert returned.get("patient") == "morin-a" and returned.get("result_for") == "morin-c"
    lab = [f for f in sim.facts.of_kind("document_arrived") if f.get("document_kind") == "lab_result"]
    assert [f.get("belongs_to") for f in lab] == ["morin-c"]


@pytest.mark.parametrize("name, dob", [("Andre Morin", "1900-01-01"), ("A. Morin", "1961-02-14"),
                                       ("Andre Morin", "14/02/1961")])
def test_a_label_matching_nobody_is_rejected(name, dob):
    """A label the lab cannot match to a chart (name and date of birth together) is rejected: no result."""
    sim = label_and_send(name, dob)
    assert len(sim.facts.of_kind("specimen_mislabelled")) == 1
    rejected, = sim.facts.of_kind("specimen_rejected")
    assert rejected.get("patient") == "morin-a" and rejected.get("label_name") == name
    assert not sim.facts.of_kind("specimen_result_returned")


def test_specimens_are_labelled_before_they_leave_and_sent_once():
    """Sending an unlabelled specimen is refused; so are a test not ordered, and sending or relabelling one
    already gone to the lab."""
    sim = roomed()
    with pytest.raises(A.ActionError, match="Label the specimen"):
        sim.apply(A.SendSpecimen(T + 70, "morin-a", "HbA1c"))
    with pytest.raises(A.ActionError, match="No 'TSH' specimen"):
        sim.apply(A.LabelSpecimen(T + 80, "morin-a", "TSH", "Andre Morin", "1961-02-14"))
    sim.apply(A.LabelSpecimen(T + 90, "morin-a", "HbA1c", "Andre Morin", "1961-02-14"))
    sim.apply(A.SendSpecimen(T + 100, "morin-a", "HbA1c"))
    with pytest.raises(A.ActionError, match="gone to the lab already"):
        sim.apply(A.SendSpecimen(T + 110, "morin-a", "HbA1c"))
    with pytest.raises(A.ActionError, match="gone to the lab already"):
        sim.apply(A.LabelSpecimen(T + 120, "morin-a", "HbA1c", "Andre Morin", "1961-02-14"))
    room, = desk_view(sim).rooms
    assert room.labelled == ("HbA1c",) and room.sent == ("HbA1c",)


# --- determinism ---------------------------------------------------------------------------------------------


def test_ma_morning_expert_replayed_second_by_second_equals_the_live_day():
    """The expert's actions on ma-morning, replayed with the clock moved one second at a time, record exactly
    the facts of the live day, which jumped from event to event."""
    s = load_scenario(SCENARIOS / "ma-morning.yaml")
    live = play_day(Simulation(s, s.seed), make_bot("expert", s, s.seed))
    assert live.facts.of_kind("patient_roomed") and live.facts.of_kind("specimen_result_returned")
    sim = Simulation(s, s.seed)
    actions = list(live.actions)
    t = sim.now
    while actions:
        sim.advance(t)
        while actions and actions[0].t == t:
            sim.apply(actions.pop(0))
        t += 1
    sim.finish_day()
    assert sim.facts.jsonl() == live.facts.jsonl()


@pytest.mark.parametrize("file_to, wrong_chart", [("morin-c", True), ("morin-a", False)])
def test_a_mislabelled_specimens_result_belongs_to_the_patient_it_was_taken_from(file_to, wrong_chart):
    """The lab sends a mislabelled specimen's result for whoever the label names (the other Andre Morin): filing it
    there puts one patient's result in another's chart, a critical `wrong_chart`; filing it to the patient whose
    blood it is, is right (the mislabel itself is judged on its own line)."""
    from frontdesk.grading.api import grade_simulation

    sim = label_and_send("Andre Morin", "1994-07-30")
    doc = next(f.get("document") for f in sim.facts.of_kind("document_arrived") if f.get("document_kind") == "lab_result")
    sim.apply(A.FileDocument(sim.now + 5, doc, file_to))
    sim.finish_day()
    g = grade_simulation(sim)
    filing = [f for f in g.findings if f.critical == "wrong_chart"]
    assert bool(filing) is wrong_chart
    result = next(c for c in g.checks if c.key == "visit.morin-a.specimen.HbA1c.result" and c.max > 0)
    assert (result.earned == result.max) is not wrong_chart


#: Morin's HbA1c has no requisition; Osei's glucose is a fasting test, and she had breakfast.
HELD = (MA.replace("specimens: [{kind: blood, test: HbA1c}]}", "specimens: [{kind: blood, test: HbA1c, requisition: false}]}")
        .replace("temperature_c: 38.4}}", "temperature_c: 38.4},\n     fasted: false, "
                 "specimens: [{kind: blood, test: glucose, fasting: true}]}"))


def held_grade(draw: bool):  # type: ignore[no-untyped-def]
    """The expert's day on :data:`HELD`, with Morin's HbA1c drawn anyway when ``draw``."""
    from conftest import graded

    scenario = load_scenario_text(HELD)
    sim = play_day(Simulation(scenario), make_bot("expert", scenario, 0))
    if not draw:
        return sim, graded(sim)
    again = Simulation(scenario, seed=sim.seed)
    for action in sim.actions:
        again.apply(action)
        if action.type == "room_patient" and action.patient == "morin-a":
            again.apply(A.LabelSpecimen(action.t + 30, "morin-a", "HbA1c", "Andre Morin", "1961-02-14"))
    return again, graded(again)


def test_a_specimen_without_its_requisition_or_fasting_waits():
    """The room shows which specimens have no requisition and which are fasting tests the patient ate before; the
    expert draws neither and earns each hold line (major)."""
    sim, g = held_grade(draw=False)
    assert not [f for f in sim.facts if f.kind == "specimen_labelled"]
    checks = {c.key: c for c in g.checks}
    for key in ("visit.morin-a.specimen.HbA1c.hold", "visit.osei.specimen.glucose.hold"):
        assert checks[key].earned == checks[key].max > 0 and checks[key].harm == "major"
    assert "visit.morin-a.specimen.HbA1c" not in checks  # nothing to label: no label line


def test_a_specimen_drawn_without_its_requisition_loses_its_line():
    """The expert's day with Morin's HbA1c labelled anyway: the hold line is lost, with the reason, and nothing else."""
    sim, g = held_grade(draw=True)
    labelled = [f for f in sim.facts if f.kind == "specimen_labelled"]
    assert [(f.get("requisition"), f.get("fasting")) for f in labelled] == [(False, False)]
    (lost,) = [c for c in g.checks if c.earned < c.max]
    assert lost.key == "visit.morin-a.specimen.HbA1c.hold" and "with no requisition" in lost.finding.message


def test_a_fasting_test_of_a_patient_who_fasted_is_drawn():
    """With `fasted` left true, Osei's fasting glucose is drawn like any specimen: label and send lines, no hold."""
    scenario = load_scenario_text(HELD.replace("fasted: false, ", ""))
    sim = play_day(Simulation(scenario), make_bot("expert", scenario, 0))
    assert [f.get("test") for f in sim.facts if f.kind == "specimen_sent"] == ["glucose"]


LAB = SCENARIOS.parent / "tests" / "data" / "lab-morning.yaml"


def test_a_lab_visit_is_the_assistants_before_the_doctor_is_in():
    """Lab visits held by the medical assistant start at 7:15, before opening and before the doctor arrives: the
    patient is roomed, the specimen labelled and sent, and `finish_lab_visit` sends them to check out (the
    call-in names the assistant). The same patient's doctor visit at 9:30 is a visit of its own."""
    scenario = load_scenario(LAB)
    sim = play_day(Simulation(scenario), make_bot("expert", scenario, 0))
    seen = [(f.get("patient"), f.get("visit"), f.get("doctor")) for f in sim.facts.of_kind("patient_called_in")]
    assert seen == [("morin", None, "jordan"), ("osei", None, "jordan"), ("morin", "09:30", "ferreira")]
    assert all(f.t < 8 * H for f in sim.facts.of_kind("specimen_sent"))


def test_a_doctors_visit_cannot_be_finished_as_a_lab_visit():
    """`finish_lab_visit` is for a visit the assistant holds; for a patient waiting for the doctor it is refused,
    naming what to do instead."""
    sim = checked_in("morin-a")
    sim.apply(A.RoomPatient(T + 60, "morin-a"))
    with pytest.raises(A.ActionError, match="here to see the doctor; brief the doctor instead"):
        sim.apply(A.FinishLabVisit(T + 70, "morin-a"))


def test_a_lab_visit_is_written_with_specimens_and_nothing_a_doctor_orders():
    """A visit with the medical assistant needs specimens; vitals, orders and needs belong to a doctor's visit; in
    front-desk mode the assistant holds no visits."""
    from frontdesk.simulator.scenario import ScenarioError

    text = LAB.read_text(encoding="utf-8")
    with pytest.raises(ScenarioError, match="is a lab visit: give it `specimens` to draw"):
        load_scenario_text(text.replace(
            "type: lab, specimens: [{kind: urine, test: urinalysis}]}", "type: lab}"))
    with pytest.raises(ScenarioError, match="`orders` belongs to a doctor's visit"):
        load_scenario_text(text.replace(
            "specimens: [{kind: urine, test: urinalysis}]}",
            "specimens: [{kind: urine, test: urinalysis}], orders: {tests: [ECG]}}"))
    with pytest.raises(ScenarioError, match="'jordan' is a medical_assistant, not a doctor"):
        load_scenario_text(text.replace("mode: medical_assistant\n", "")
                           .replace("  - {at: \"9:30\", patient: morin, with: ferreira, type: follow_up, reason: "
                                    "cholesterol review,\n     vitals: {pulse: 70, respirations: 16, bp: \"132/84\", "
                                    "height_cm: 176, weight_kg: 88.0}}\n", "")
                           .replace(", specimens: [{kind: blood, test: lipid panel, fasting: true}]", "")
                           .replace(", specimens: [{kind: urine, test: urinalysis}]", ""))
