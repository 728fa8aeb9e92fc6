"""The wording of the grader's findings (grading/multitasking.py, accuracy.py, privacy.py, lines.py, day.py).

Every finding reads as a sentence a student understands, names the patient or caller, and its `better` is
something the desk can actually do in this product. The findings checked here are rendered from many days: the
expert, novice and random bots on every shipped scenario and on generated days, a day with no action on each, the
rubric of each with no facts at all (every line's *missed* sentence), and hand-made days for the kinds no bot makes.

The grader's source is read too (its syntax tree): every `Day.judge` / `Day.deduct` call with a message, every
rubric line's *missed* sentence and every piece of advice `accuracy._expected` gives must be rendered by some day
here, so a new call site nobody renders fails loudly. A failure lists each offending finding with its text, the
day it was rendered on, and the call site it comes from (file:line).
"""

from __future__ import annotations

import ast
import functools
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

import pytest

from frontdesk.grading.api import grade_day, grade_simulation
from frontdesk.grading.grade import Finding, Grade
from frontdesk.grading.names import Names
from frontdesk.simulator.bots import make_bot, play_day
from frontdesk.simulator.core import Simulation, desk_view
from frontdesk.simulator.core import actions as A
from frontdesk.simulator.scenario import load_scenario, load_scenario_text
from frontdesk.simulator.scenario.generate import MODES, generate_day
from frontdesk.simulator.scenario.models import Call, Clinic, Scenario, event_kind

from test_backoffice import MA as _BACK_OFFICE  # tests/ is on sys.path
from test_outbound import OUTBOUND as _OUTBOUND
from test_rescheduling import AWAY as _RESCHEDULING_AWAY
from conftest import ROOT, SCENARIOS, at

GRADING = ROOT / "grading"
SHIPPED = sorted(p.stem for p in SCENARIOS.glob("*.yaml"))
#: Generated days: (seed, jurisdiction, mode).
#: Generated days: the default (cardiology) kind in both jurisdictions and modes, and a pediatric and a family day,
#: whose parents' calls and mostly-children panels bring findings of their own.
GENERATED = [(seed, j, mode, "cardiology") for seed in (1, 2) for j in ("ON", "US") for mode in MODES]
GENERATED += [(2, "ON", "front_desk", "pediatrics"), (2, "ON", "front_desk", "family")]


# --- who a scenario's findings may name ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cast:
    """The names a scenario's findings may use, and the ids that must never stand where a name should."""

    scenario: str
    names: frozenset[str]
    ids: frozenset[str]


#: Scenario ids that are also ordinary words the grader writes ("consult the nurse", "the lab"): not checked.
ORDINARY_WORDS = frozenset({"nurse", "doctor", "lab", "pharmacy", "assistant", "referrer", "physician"})


def cast_of(s: Scenario) -> Cast:
    """The names of ``s``'s patients, staff, directory and named callers, and the ids that must not stand for them."""
    n = Names(s)
    names = {p.name for p in n.patients.values()} | {m.name for m in n.staff.values()}
    names |= {d.name for d in n.directory.values()}
    names |= {e.call.name for e in s.events if event_kind(e) == "call" and e.call.name}
    return Cast(s.id, frozenset(names), frozenset(set(n.patients) | set(n.staff) | set(n.directory)))


@dataclass(frozen=True)
class Rendered:
    """One finding as the grader wrote it, with the day it was rendered on and that day's cast."""

    where: str
    cast: Cast
    finding: Finding

    def show(self) -> str:
        """The finding's message and better, its severity and line, and the day it was rendered on, for a failure."""
        f = self.finding
        return (f"      message: {f.message}\n      better:  {f.better}\n"
                f"      ({f.severity} on {f.line or 'a deduction'}; {self.where})")


# --- days ----------------------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def shipped(name: str) -> Scenario:
    """The shipped scenario ``name``, loaded once."""
    return load_scenario(SCENARIOS / f"{name}.yaml")


@functools.lru_cache(maxsize=None)
def generated(seed: int, jurisdiction: str, mode: str, kind: str = "cardiology") -> Scenario:
    """The generated day for ``seed``, ``jurisdiction``, ``mode`` and clinic ``kind``, loaded once."""
    return load_scenario_text(generate_day(seed, jurisdiction=jurisdiction, mode=mode, kind=kind))


def played(s: Scenario, bot: str, seed: int) -> Grade:
    """The grade of a day on ``s`` played by ``bot`` (``none``: nothing done all day)."""
    sim = Simulation(s, seed)
    if bot == "none":
        sim.finish_day()
    else:
        play_day(sim, make_bot(bot, s, seed))
    return grade_simulation(sim)


def unplayed(s: Scenario) -> Grade:
    """The grade of no facts at all: every rubric line is *missed*, so every line's missed sentence is rendered."""
    return grade_day(s, [], s.seed, "0" * 64)


def graded(sim: Simulation) -> Grade:
    """The grade of ``sim``'s day, finished first when it is still going."""
    if not sim.day_over:
        sim.finish_day()
    return grade_simulation(sim)


# --- hand-made days, for the kinds no bot makes ----------------------------------------------------------------------

#: Two lines; Robert Chen (booked 9:00) has a full chart and Ruth Chen is his look-alike; Grace Okafor (9:30, a
#: follow-up ordered in four weeks) never answers her phone; Helen Ito has nothing to do with the day.
BASE = textwrap.dedent(
    """\
    format: 1
    id: wording
    title: Wording of the findings
    jurisdiction: ON
    clinic:
      name: Test Clinic
      phone_lines: 2
      staff:
        - {id: greene, role: doctor, name: Dr. Anne Greene}
        - {id: nurse, role: nurse, name: Sam Patel}
    directory:
      - {id: haddad, kind: physician, name: Dr. Amir Haddad, phone: 416-555-0106, fax: 416-555-0107}
    patients:
      - {id: chen, name: Robert Chen, dob: 1958-04-12, phone: 416-555-0142,
         health_card: {number: "1234567897", version: AB}}
      - {id: okafor, name: Grace Okafor, dob: 1949-09-30, phone: 416-555-0143, answers_phone: false}
      - {id: ruth, name: Ruth Chen, dob: 1960-01-01}
      - {id: ito, name: Helen Ito, dob: 1975-02-02}
    schedule:
      - {at: "9:00", patient: chen, with: greene, type: follow_up}
      - {at: "9:30", patient: okafor, with: greene, type: follow_up, orders: {follow_up: 4 weeks}}
    """
)
#: Grace Okafor is booked tomorrow; the reminder calls are due by 10:00.
REMINDERS = ('bookings:\n  - {date: 2026-03-03, at: "9:00", patient: okafor, with: greene, type: follow_up}\n'
             'reminders: {date: 2026-03-03, due: "10:00"}\n')

#: Dr. Greene will be away on 2026-03-10 (announced at 9:00), when Grace Okafor (urgent) and Robert Chen are booked;
#: Robert Chen can come only Wednesdays and Thursdays; Lily Brown (booked 2026-03-11 at 10:00) phones at 8:30 with
#: the request each day puts in place of WANTS. (The away-day scenario of test_rescheduling, with one call.)
AWAY = (_RESCHEDULING_AWAY
        .replace('{at: "8:30", call: {caller: patient, about: brown, wants: book}}',
                 '{at: "8:30", call: {caller: patient, about: brown, wants: WANTS}}')
        .replace('  - {at: "9:30", call: {caller: patient, about: brown, wants: book}}\n', ""))
assert AWAY.count("WANTS") == 1 and "9:30" not in AWAY

#: Robert Chen cancelled his 10:00 overnight; Nina Patel is on the waiting list; Tom Reminder is booked tomorrow and
#: must be reminded (the outbound-calls scenario of test_outbound).
OUTBOUND = _OUTBOUND

#: Priya Raman comes for the first time, without her medication list.
NEW_PATIENT = textwrap.dedent(
    """\
    format: 1
    id: wording-registration
    title: A new patient
    jurisdiction: ON
    clinic:
      name: Test Clinic
      staff:
        - {id: greene, role: doctor, name: Dr. Anne Greene}
    directory:
      - {id: main-pharmacy, kind: pharmacy, name: Main Pharmacy, fax: 416-555-0199}
    patients:
      - {id: raman, name: Priya Raman, dob: 1979-03-14, phone: 416-555-0152, new: true, pharmacy: main-pharmacy,
         brings_medication_list: false, medications: [metformin 500 mg],
         health_card: {number: "1234567897", version: PR}}
    schedule:
      - {at: "9:00", patient: raman, with: greene, type: new_patient}
    events:
      - {at: "8:50", arrival: {patient: raman}}
    """
)

#: Medical-assistant mode: Andre Morin (born 1961; raised blood pressure, an HbA1c to draw) has a namesake born
#: 1994 (the back-office scenario of test_backoffice).
BACK_OFFICE = _BACK_OFFICE


def base(*events: str, extra: str = "", text: str = BASE) -> Simulation:
    """A day on ``text`` (the small day by default) with ``extra`` top-level YAML and ``events``."""
    text += extra
    if events:
        text += "events:\n" + "".join(f"  - {e}\n" for e in events)
    return Simulation(load_scenario_text(text))


def answered(sim: Simulation, t: int, verify: bool = True) -> None:
    """Answer line 1 at ``t`` (and verify the caller with two identifiers)."""
    sim.advance(t)
    sim.apply(A.AnswerCall(t + 4, 1))
    if verify:
        sim.apply(A.VerifyCaller(t + 10, 1, ("name", "dob")))


def on_a_call(call: str, *steps: Callable[[int], A.Action], verify: bool = True) -> Simulation:
    """A call at 10:00 on the small day, answered (and verified), then ``steps`` (each given the second)."""
    sim = base(f'{{at: "10:00", call: {call}}}')
    answered(sim, at("10:00"), verify)
    for i, step in enumerate(steps):
        sim.apply(step(at("10:00", 20 + 5 * i)))
    return sim


ER_NURSE = "{caller: er_nurse, name: Kevin Morrison, about: chen, wants: medication_list, urgent: true}"
EX_SPOUSE = "{caller: family, name: Bob Chen, relationship: ex-spouse, about: chen, wants: results}"
DAUGHTER = "{caller: family, name: Ann Chen, relationship: daughter, about: chen, wants: WANTS, authorised: true}"

#: One call per request, each answered at once and hung up with nothing done, so each gets the advice of
#: `accuracy._expected` for its request. The Limited Use code is on the chart when the scenario format knows of it.
CODE_ON_CHART = ", code_on_chart: true" if "code_on_chart" in Call.model_fields else ""
REQUESTS = (
    "{caller: patient, about: chen, wants: speak_to_nurse}",
    "{caller: family, name: Ann Chen, relationship: daughter, about: chen, wants: speak_to_doctor}",
    "{caller: physician, name: Dr. Amir Haddad, about: chen, wants: speak_to_doctor}",
    "{caller: lab, about: chen, wants: critical_result, urgent: true}",
    "{caller: pharmacist, about: chen, wants: limited_use_code%s}" % CODE_ON_CHART,
    "{caller: pharmacist, about: chen, wants: limited_use_code}",
    "{caller: patient, about: chen, wants: refill}",
    "{caller: physician, name: Dr. Amir Haddad, about: chen, wants: results}",
    "{caller: patient, about: chen, wants: results}",
    "{caller: pharmacist, about: chen, wants: medication_list}",
    "{caller: patient, about: chen, wants: medication_list}",
    "{caller: er_nurse, name: Kevin Morrison, about: chen, wants: speak_to_doctor, urgent: true}",
    "{caller: patient, about: chen, wants: reschedule}",
    "{caller: patient, about: ito, wants: book}",
    "{caller: patient, about: chen, wants: cancel}",
    "{caller: patient, about: chen, wants: confirm}",
    "{caller: patient, about: chen, wants: billing}",
    "{caller: patient, about: chen, wants: records}",
)


def requests_left_undone() -> Simulation:
    """One call for each of :data:`REQUESTS`, answered without verifying and hung up with nothing done."""
    sim = base(*(f'{{at: "{10 + i // 6}:{i % 6}0", call: {c}}}' for i, c in enumerate(REQUESTS)))
    for i in range(len(REQUESTS)):
        t = at(f"{10 + i // 6}:{i % 6}0")
        answered(sim, t, verify=False)
        sim.apply(A.EndCall(t + 20, 1))
    return sim


def prior_authorization_left_undone() -> Simulation:
    """A US pharmacist asks for a prior authorization; the desk answers and hangs up with nothing done."""
    text = BASE.replace("jurisdiction: ON", "jurisdiction: US").replace(
        ',\n     health_card: {number: "1234567897", version: AB}', "")
    sim = base('{at: "10:00", call: {caller: pharmacist, about: chen, wants: prior_authorization}}', text=text)
    answered(sim, at("10:00"), verify=False)
    sim.apply(A.EndCall(at("10:00", 20), 1))
    return sim


def hold(resume_after: int | None) -> Simulation:
    """A call at 9:00 answered and put on hold; taken back after ``resume_after`` seconds (never: ``None``)."""
    sim = base('{at: "9:00", call: {caller: patient, about: chen, wants: confirm}}')
    answered(sim, at("9:00"), verify=False)
    sim.apply(A.HoldCall(at("9:00", 10), 1))
    if resume_after is not None:
        sim.apply(A.ResumeCall(at("9:00", 10 + resume_after), 1))
        sim.apply(A.EndCall(at("9:00", 20 + resume_after), 1))
    return sim


#: A voicemail that names the test and the reason for the visit.
TELLING = ("clinic_name", "patient_name", "appointment_time", "test_name", "visit_reason", "callback_number")


def late_reminder_on_voicemail() -> Simulation:
    """Grace Okafor's reminder is phoned at 11:00 (due by 10:00); a voicemail naming the test is left."""
    sim = base(extra=REMINDERS)
    sim.apply(A.PlaceCall(at("11:00"), "okafor", "reminder"))
    sim.apply(A.LeaveVoicemail(at("11:00", 30), 1, TELLING))
    return sim


def waiting_list_voicemail() -> Simulation:
    """A waiting-list call (no privacy line foresees it) reaches voicemail, which names the test."""
    sim = base('{at: "22:00", overnight: true, voicemail: {from: chen, intent: cancel, appointment: "9:00"}}',
               extra="waiting_list: [okafor]\n")
    sim.apply(A.PlaceCall(at("8:05"), "okafor", "waiting_list"))
    sim.apply(A.LeaveVoicemail(at("8:05", 30), 1, TELLING))
    return sim


def messages_late_and_misrouted() -> Simulation:
    """Overnight messages: an urgent voicemail for Dr. Greene is first passed to the nurse as routine, then to the
    doctor after Robert Chen arrived; routine ones for the doctor go to the nurse (one marked urgent); a billing
    email is gone through only at 10:30; an urgent voicemail for nobody in particular reaches the nurse at 10:32."""
    sim = base('{at: "22:00", overnight: true, voicemail: {from: okafor, about: chen, intent: urgent, urgent: true, '
               'for: greene, text: "Please look at his new results before you see him."}}',
               '{at: "22:30", overnight: true, email: {from: okafor, intent: billing, text: "A form fee?"}}',
               '{at: "22:40", overnight: true, voicemail: {from: haddad, about: ito, intent: urgent, urgent: true, '
               'text: "Please call me about her scan."}}',
               '{at: "22:50", overnight: true, voicemail: {from: ruth, intent: refill, for: greene}}',
               '{at: "23:00", overnight: true, email: {from: ito, intent: routine, for: greene}}',
               '{at: "8:50", arrival: {patient: chen}}')
    sim.advance(at("8:01"))
    urgent, billing, for_nobody, refill, routine = (m.id for m in desk_view(sim).messages)
    for i, (message, urgently) in enumerate(((refill, True), (routine, False))):  # for the doctor, to the nurse
        sim.apply(A.ReviewMessage(at("8:01", 10 + 20 * i), message))
        sim.apply(A.BriefStaff(at("8:01", 20 + 20 * i), "nurse", message, urgent=urgently))
    sim.apply(A.ReviewMessage(at("8:02"), urgent))
    sim.apply(A.BriefStaff(at("8:05"), "nurse", urgent, urgent=False))
    sim.advance(at("8:50"))
    sim.apply(A.BriefStaff(at("8:52"), "greene", urgent, urgent=True))
    sim.apply(A.ReviewMessage(at("10:30"), billing))
    sim.apply(A.ReviewMessage(at("10:31"), for_nobody))
    sim.apply(A.BriefStaff(at("10:32"), "nurse", for_nobody, urgent=True))
    return sim


def check_in(sim: Simulation, patient: str, t: int, ids: tuple[str, ...] = ("name", "dob")) -> None:
    """Greet ``patient`` at ``t``, confirm ``ids`` and check them in."""
    sim.advance(t)
    sim.apply(A.GreetPatient(t + 5, patient))
    sim.apply(A.ConfirmIdentity(t + 10, patient, ids))
    sim.apply(A.CheckIn(t + 20, patient))


def lab_morning_untouched() -> Simulation:
    """The lab morning (tests/data/lab-morning.yaml) with nobody served: the patients give up and leave (its rubric
    with no facts says the lab visits were never drawn)."""
    return base(text=(Path(__file__).parent / "data" / "lab-morning.yaml").read_text(encoding="utf-8"))


def reminder_dialled_home() -> Simulation:
    """Grace Okafor asked to be called on her own cell; her reminder is dialled to the chart's home number."""
    text = BASE.replace("phone: 416-555-0143, answers_phone: false}",
                        "phone: 416-555-0143, confidential_phone: 416-555-0153, answers_phone: false}")
    sim = base(extra=REMINDERS, text=text)
    sim.apply(A.PlaceCall(at("9:00"), "okafor", "reminder", "home"))
    return sim


def changed_phone_typed_wrong() -> Simulation:
    """Robert Chen's new phone number is typed with two digits swapped at check-in."""
    sim = base('{at: "8:50", arrival: {patient: chen, changes: {phone: 416-555-0199}}}')
    sim.advance(at("8:50"))
    sim.apply(A.GreetPatient(at("8:50", 5), "chen"))
    sim.apply(A.ConfirmIdentity(at("8:50", 10), "chen", ("name", "dob")))
    sim.apply(A.UpdateChart(at("8:50", 20), "chen", "phone", "416-555-0919"))
    sim.apply(A.CheckIn(at("8:50", 30), "chen"))
    return sim


def follow_up_far_off() -> Simulation:
    """Grace Okafor's four-week follow-up is booked three months out (and she was checked in on one identifier)."""
    sim = base('{at: "9:20", arrival: {patient: okafor}}')
    check_in(sim, "okafor", at("9:20"), ("name",))
    while not any(f.kind == "visit_ended" and f.get("patient") == "okafor" for f in sim.facts):
        sim.step()
    t = sim.now
    sim.apply(A.GreetPatient(t + 5, "okafor"))
    sim.apply(A.BookFollowUp(t + 20, "okafor", "2026-06-01", "10:00", "greene"))
    sim.apply(A.CheckOut(t + 30, "okafor"))
    return sim


WALK_IN = '{at: "9:10", walk_in: {patient: ruth, complaint: a sore throat, answers: {onset: two days ago}}}'
RED_FLAGS = ('{at: "9:10", walk_in: {patient: ruth, complaint: chest pain since this morning, '
             'red_flags: [pain spreads to the left arm], answers: {onset: this morning}}}')


#: A red flag only the bleeding question brings out (the desk asks only the onset).
HIDDEN_RED_FLAG = ('{at: "9:10", walk_in: {patient: ruth, complaint: a cut on her arm, red_flags: [bleeding through '
                   'the bandage], revealed_by: [bleeding], answers: {onset: an hour ago, bleeding: "it will not stop"}}}')


def walk_in(then: Callable[[int], A.Action], *more: str, arrives: str = WALK_IN) -> Simulation:
    """Ruth Chen walks in at 9:10 (with no red flags, unless ``arrives`` says otherwise): greeted, asked the onset
    aside, the nurse consulted, then ``then``."""
    sim = base(*more, arrives)
    sim.advance(at("9:10"))
    sim.apply(A.GreetPatient(at("9:10", 5), "ruth"))
    sim.apply(A.AskTriage(at("9:10", 15), "ruth", "onset", private=True))
    sim.apply(A.ConsultNurse(at("9:10", 30), "ruth"))
    sim.apply(then(at("9:10", 40)))
    return sim


def walk_in_walks_out(informed: bool) -> Simulation:
    """Ruth Chen, a walk-in added to the day, leaves when the doctor runs four hours late (told of the delay, or
    not)."""
    sim = walk_in(lambda t: A.AdmitWalkIn(t, "ruth"), '{at: "8:00", doctor_delay: {doctor: greene, minutes: 240}}')
    if informed:
        sim.apply(A.InformDelay(at("9:20"), "ruth"))
    return sim


def roomed_but_never_briefed() -> Simulation:
    """Andre Morin roomed and his vitals recorded, but the doctor never briefed."""
    sim = base(text=BACK_OFFICE)
    check_in(sim, "morin-a", at("8:40"))
    sim.apply(A.RoomPatient(at("8:42"), "morin-a"))
    sim.apply(A.RecordVitals(at("8:43"), "morin-a", 78, 16, "146/92", 176, 91.4))
    return sim


#: Andre Morin's HbA1c has no requisition on the chart; Abena Osei's throat swab is a fasting test (as a test case)
#: and she had breakfast.
HELD = (BACK_OFFICE.replace("specimens: [{kind: blood, test: HbA1c}]}",
                            "specimens: [{kind: blood, test: HbA1c, requisition: false}]}")
        .replace("temperature_c: 38.4}}", "temperature_c: 38.4},\n     fasted: false, "
                 "specimens: [{kind: blood, test: glucose, fasting: true}]}"))


def held_specimens_drawn() -> Simulation:
    """Andre Morin's HbA1c drawn with no requisition, and Abena Osei's fasting glucose after her breakfast."""
    sim = base(text=HELD)
    check_in(sim, "morin-a", at("8:40"))
    sim.apply(A.RoomPatient(at("8:42"), "morin-a"))
    sim.apply(A.LabelSpecimen(at("8:43"), "morin-a", "HbA1c", "Andre Morin", "1961-02-14"))
    check_in(sim, "osei", at("9:00"))
    sim.advance(at("9:40"))
    sim.apply(A.RoomPatient(at("9:40"), "osei"))
    sim.apply(A.LabelSpecimen(at("9:41"), "osei", "glucose", "Abena Osei", "1980-11-05"))
    return sim


def held_specimens_never_roomed() -> Simulation:
    """Nobody is roomed: the held specimens' lines are missed with the rest."""
    return base(text=HELD)


def new_chart_typed_wrong() -> Simulation:
    """Priya Raman registered with a phone number she did not give."""
    sim = base(text=NEW_PATIENT)
    sim.advance(at("8:50"))
    sim.apply(A.GreetPatient(at("8:50", 5), "raman"))
    sim.apply(A.RegisterPatient(at("8:50", 10), "raman"))
    sim.apply(A.UpdateChart(at("8:50", 20), "raman", "phone", "416-555-0000"))
    return sim


def back_office_slips() -> Simulation:
    """Andre Morin's pulse typed wrong, the pulse flagged instead of the blood pressure, and his HbA1c result filed
    to his namesake's chart."""
    sim = base(text=BACK_OFFICE)
    check_in(sim, "morin-a", at("8:40"))
    sim.apply(A.RoomPatient(at("8:42"), "morin-a"))
    sim.apply(A.RecordVitals(at("8:43"), "morin-a", 99, 16, "146/92", 176, 91.4))
    sim.apply(A.LabelSpecimen(at("8:44"), "morin-a", "HbA1c", "Andre Morin", "1961-02-14"))
    sim.apply(A.SendSpecimen(at("8:45"), "morin-a", "HbA1c"))
    sim.apply(A.BriefDoctor(at("8:46"), "morin-a", ("pulse",)))
    while not any(f.kind == "document_arrived" and f.get("event") is None for f in sim.facts):
        if not sim.step():
            break
    doc = next(f.get("document") for f in sim.facts if f.kind == "document_arrived" and f.get("event") is None)
    sim.apply(A.FileDocument(sim.now + 5, doc, "morin-c"))
    return sim


def outbound(patient: str, purpose: str, wants: str) -> tuple[Simulation, int]:
    """The outbound day at the first seed where ``patient`` answers the ``purpose`` call wanting ``wants``, with
    that call placed at 8:05 (found through public actions only); and the line it is on."""
    s = load_scenario_text(OUTBOUND)
    for seed in range(200):
        sim = Simulation(s, seed)
        sim.apply(A.PlaceCall(at("8:05"), patient, purpose))
        placed = sim.facts.of_kind("call_placed")[-1]
        line = desk_view(sim).lines[placed.get("line") - 1]
        if placed.get("answered") and line.wants == wants:
            return sim, placed.get("line")
    raise AssertionError(f"no seed in 0..199 has {patient} answer the {purpose} call wanting {wants}")


def slot_filled_with_what_does_not_fit() -> Simulation:
    """Nina Patel offered a freed 10:00 slot for a new-patient visit it is too short for."""
    sim, line = outbound("patel", "waiting_list", "book")
    sim.apply(A.OfferSlot(at("8:05", 40), line, "10:00", "greene", "new_patient"))
    return sim


def reminder_rebooked_at_the_same_time() -> Simulation:
    """Tom Reminder, asking to reschedule, cancelled and booked again at the very same time."""
    sim, line = outbound("rem", "reminder", "reschedule")
    sim.apply(A.CancelAppointment(at("8:05", 20), line, "2026-03-03", "9:00"))
    sim.apply(A.BookAppointment(at("8:05", 30), line, "2026-03-03", "9:00", "greene"))
    sim.apply(A.EndCall(at("8:05", 40), line))
    return sim


def brown_on_the_phone(wants: str) -> Simulation:
    """Lily Brown (booked 2026-03-11 at 10:00) calls at 8:30 wanting ``wants``; answered and verified."""
    text = AWAY.replace("wants: WANTS", f"wants: {wants}" + (", date: 2026-03-11" if wants == "reschedule" else ""))
    sim = Simulation(load_scenario_text(text))
    answered(sim, at("8:30"))
    return sim


def second_visit_the_same_day() -> Simulation:
    """Lily Brown, asking to book, given a second visit the same day without the first cancelled."""
    sim = brown_on_the_phone("book")
    sim.apply(A.BookAppointment(at("8:30", 30), 1, "2026-03-11", "10:30", "greene"))
    sim.apply(A.EndCall(at("8:30", 40), 1))
    return sim


def rescheduled_to_the_same_time() -> Simulation:
    """Lily Brown, asking to reschedule, cancelled and booked again at the very same time."""
    sim = brown_on_the_phone("reschedule")
    sim.apply(A.CancelAppointment(at("8:30", 20), 1, "2026-03-11", "10:00"))
    sim.apply(A.BookAppointment(at("8:30", 30), 1, "2026-03-11", "10:00", "greene"))
    sim.apply(A.EndCall(at("8:30", 40), 1))
    return sim


def away_day_moved_badly() -> Simulation:
    """Grace Okafor (urgent) moved two weeks out, Robert Chen to a Monday he cannot come."""
    sim = brown_on_the_phone("confirm")
    sim.advance(at("9:05"))
    sim.apply(A.MoveBooking(at("9:05", 10), "okafor", "2026-03-10", "10:00", "2026-03-24", "10:00"))
    sim.apply(A.MoveBooking(at("9:05", 20), "chen", "2026-03-10", "10:30", "2026-03-16", "10:30"))
    return sim


def away_day_cancelled_with_nothing_left() -> Simulation:
    """Robert Chen's away-day visit cancelled, with no other visit left to him."""
    sim = brown_on_the_phone("confirm")
    sim.advance(at("9:05"))
    sim.apply(A.CancelBooking(at("9:05", 10), "chen", "2026-03-10", "10:30"))
    return sim


def cards_noted_wrong(jurisdiction: str) -> Simulation:
    """Robert Chen's expired card noted as valid; Grace Okafor's valid card noted as expired (a false alarm)."""
    if jurisdiction == "ON":
        expired = 'health_card: {number: "1234567897", version: AB, expires: 2026-01-31}'
        valid = 'health_card: {number: "1234567897", version: GO}'
    else:
        expired = "insurance: {payer: Evergreen Health Plan, member_id: EVG482913377, expires: 2026-01-31}"
        valid = "insurance: {payer: Evergreen Health Plan, member_id: EVG482913378, expires: 2026-12-31}"
    text = BASE.replace("jurisdiction: ON", f"jurisdiction: {jurisdiction}").replace(
        'health_card: {number: "1234567897", version: AB}', expired).replace(
        "answers_phone: false}", f"answers_phone: false,\n     {valid}}}")
    sim = base('{at: "8:50", arrival: {patient: chen}}', '{at: "9:25", arrival: {patient: okafor}}', text=text)
    for patient, noted, t in (("chen", "valid", at("8:50")), ("okafor", "expired", at("9:25"))):
        sim.advance(t)
        sim.apply(A.GreetPatient(t + 5, patient))
        sim.apply(A.ConfirmIdentity(t + 10, patient, ("name", "dob")))
        sim.apply(A.NoteCard(t + 15, patient, noted))
        sim.apply(A.CheckIn(t + 20, patient))
    return sim


def caller_voicemail(reviewed: bool) -> Simulation:
    """An emergency nurse's urgent call for the doctor rings out and they leave a voicemail (the first seed that
    gives one); it is gone through (``reviewed``) but never passed on, or never gone through at all."""
    call = ('{at: "10:00", call: {caller: er_nurse, name: Kim Lee, about: chen, wants: speak_to_doctor, '
            'urgent: true}}')
    for seed in range(40):
        sim = Simulation(load_scenario_text(BASE + "events:\n  - " + call + "\n"), seed)
        sim.advance(at("10:30"))
        if sim.facts.of_kind("voicemail_left"):
            if reviewed:
                sim.apply(A.ReviewMessage(at("10:30", 5), sim.facts.of_kind("message_received")[-1].get("message")))
            return sim
    raise AssertionError("no seed in 0..39 has the caller leave a voicemail")


def voicemail_naming_a_revealing_clinic() -> Simulation:
    """The clinic's name says what care its patients get; a reminder voicemail names it."""
    extra = REMINDERS.replace(', due: "10:00"', "")
    text = BASE.replace("  name: Test Clinic\n", "  name: Lakeside Fertility Clinic\n  name_reveals_care: true\n")
    sim = base(extra=extra, text=text)
    sim.apply(A.PlaceCall(at("8:05"), "okafor", "reminder"))
    sim.apply(A.LeaveVoicemail(at("8:05", 30), 1, ("clinic_name", "patient_name", "appointment_time",
                                                      "callback_number")))
    return sim


#: Teo Lopes, 13, whose mother is his representative and whose father a court order keeps from his information.
MINOR = BASE.replace("  - {id: ito, name: Helen Ito, dob: 1975-02-02}\n", (
    "  - {id: ito, name: Helen Ito, dob: 1975-02-02}\n"
    "  - {id: teo, name: Teo Lopes, dob: 2013-05-05, contacts: [{name: Ana Lopes, relationship: mother},\n"
    "     {name: Joao Lopes, relationship: father, court_order: no access to medical information}]}\n"))


def minor_told(caller: str, confidential: bool, decline: bool = False) -> Simulation:
    """``caller`` (a parent listed on Teo's chart) is told Teo's appointment (or declined) on a verified call."""
    text = MINOR + ('  - {at: "11:00", patient: teo, with: greene, type: follow_up, confidential: true}\n'
                    if confidential else "")
    sim = base(f'{{at: "10:00", call: {{caller: family, name: {caller}, relationship: parent, about: teo, '
               'wants: confirm}}', text=text)
    answered(sim, at("10:00"))
    sim.apply(A.Decline(at("10:00", 20), 1, "I can't share that") if decline
              else A.Disclose(at("10:00", 20), 1, "appointment"))
    return sim


def _then(sim: Simulation, *steps: Callable[[int], A.Action]) -> Simulation:
    """``steps`` taken one after the other from 8:30."""
    for i, step in enumerate(steps):
        sim.apply(step(at("8:30", 10 * i)))
    return sim


def change_typed_wrong() -> Simulation:
    """Robert Chen arrives with a new phone number and the desk types another one into his chart."""
    sim = base('{at: "8:50", arrival: {patient: chen, changes: {phone: 416-555-0199}}}')
    sim.advance(at("8:50"))
    return _then(sim, lambda t: A.GreetPatient(at("8:50", 5), "chen"),
                 lambda t: A.ConfirmIdentity(at("8:50", 15), "chen", ("name", "dob")),
                 lambda t: A.OpenChart(at("8:50", 25), "chen"),
                 lambda t: A.UpdateChart(at("8:50", 40), "chen", "phone", "416-555-0191"),
                 lambda t: A.CheckIn(at("8:50", 60), "chen"))


def told_and_still_gone() -> Simulation:
    """Robert Chen is checked in, the doctor is four hours late, and he leaves though the desk told him why."""
    sim = base('{at: "8:50", arrival: {patient: chen}}', '{at: "8:55", doctor_delay: {doctor: greene, minutes: 240}}')
    sim.advance(at("8:50"))
    sim = _then(sim, lambda t: A.GreetPatient(at("8:50", 5), "chen"),
                lambda t: A.ConfirmIdentity(at("8:50", 15), "chen", ("name", "dob")),
                lambda t: A.CheckIn(at("8:50", 40), "chen"))
    sim.advance(at("9:20"))
    sim.apply(A.InformDelay(at("9:20"), "chen"))
    return sim


#: Each hand-made day, and a fragment of the finding it is made for.
HAND: dict[str, tuple[Callable[[], Simulation], str]] = {
    "a change typed wrong": (change_typed_wrong, "You typed "),
    "a patient told of the delay who leaves anyway": (told_and_still_gone, "left without being seen"),
    "a busy signal": (lambda: base(*(f'{{at: "9:00", call: {{caller: {c}, about: chen, wants: confirm}}}}'
                                     for c in ("patient", "family", "pharmacist"))), "got a busy signal"),
    "a hold over a minute": (lambda: hold(100), "on hold before anyone came back"),
    "a caller who hangs up on hold": (lambda: hold(None), "hung up on hold"),
    "every request left undone": (requests_left_undone, "you did nothing about it"),
    "a prior authorization left undone": (prior_authorization_left_undone, "you did nothing about it"),
    "an impostor told results": (lambda: on_a_call(
        "{caller: patient, about: chen, wants: results, impostor: true}",
        lambda t: A.Disclose(t, 1, "results")), "(they were not)"),
    "an ex-spouse told results": (lambda: on_a_call(EX_SPOUSE, lambda t: A.Disclose(t, 1, "results")),
                                  "without the patient's consent"),
    "an ex-spouse declined": (lambda: on_a_call(EX_SPOUSE, lambda t: A.Decline(t, 1, "we need her consent")),
                              "who is not authorised to know"),
    "a provider told billing": (lambda: on_a_call(ER_NURSE, lambda t: A.Disclose(t, 1, "billing")),
                                "and you also told them"),
    "a provider refused": (lambda: on_a_call(ER_NURSE, lambda t: A.Decline(t, 1, "we cannot share that")),
                           "You refused"),
    "a provider told the medication list": (lambda: on_a_call(ER_NURSE, lambda t: A.Disclose(t, 1, "medication_list")),
                                            "care needed"),
    "a daughter told a diagnosis": (lambda: on_a_call(DAUGHTER.replace("WANTS", "confirm"),
                                                      lambda t: A.Disclose(t, 1, "diagnosis")), "and you told them"),
    "a daughter told results unverified": (lambda: on_a_call(DAUGHTER.replace("WANTS", "results"),
                                                             lambda t: A.Disclose(t, 1, "results"), verify=False),
                                           "before verifying who was calling"),
    "a patient told her time unverified": (lambda: on_a_call("{caller: patient, about: chen, wants: confirm}",
                                                             lambda t: A.Disclose(t, 1, "appointment"), verify=False),
                                           "before verifying it was them"),
    "a late reminder, on a voicemail naming the test": (late_reminder_on_voicemail, "The reminder call to"),
    "a waiting-list voicemail naming the test": (waiting_list_voicemail, "Your voicemail for"),
    "a greeting naming a patient": (lambda: _then(base(), lambda t: A.RecordGreeting(
        t, "day", ("clinic_name", "hours", "patient_message"), "chen")), "greeting speaks to"),
    "the desk left unlocked": (lambda: _then(base(), lambda t: A.LeaveDesk(t), lambda t: A.ReturnToDesk(t + 600)),
                               "You left the desk with the screen unlocked"),
    "a chart opened with no task": (lambda: _then(base(), lambda t: A.OpenChart(t, "ito")),
                                    "with no call, visit or document"),
    "messages late and misrouted": (messages_late_and_misrouted, ", too late."),
    "a follow-up far off": (follow_up_far_off, "follow-up was booked"),
    "a changed phone typed wrong": (changed_phone_typed_wrong, "You typed '416-555-0919' for"),
    "a reminder dialled to the home she asked us not to call": (reminder_dialled_home, "at home, though"),
    "a lab morning nobody drew": (lab_morning_untouched, "left without being seen"),
    "a walk-in who walks out, never told why": (lambda: walk_in_walks_out(False), "never told why"),
    "a walk-in who walks out, told of the delay": (lambda: walk_in_walks_out(True), "left without being seen after"),
    "a walk-in with no red flags sent to emergency": (lambda: walk_in(lambda t: A.SendToEmergency(t, "ruth")),
                                                      "had no red flags and was sent to emergency"),
    "a walk-in with red flags kept to wait": (lambda: walk_in(lambda t: A.AdmitWalkIn(t, "ruth"), arrives=RED_FLAGS),
                                              "and was kept to wait"),
    "a red flag the wrong questions missed": (
        lambda: walk_in(lambda t: A.AdmitWalkIn(t, "ruth"), arrives=HIDDEN_RED_FLAG), "nobody asked about bleeding"),
    "a patient roomed but never briefed": (roomed_but_never_briefed, "before the rooming was finished"),
    "specimens drawn that had to wait": (held_specimens_drawn, "with no requisition on the chart"),
    "specimens that had to wait, nobody roomed": (held_specimens_never_roomed, "nobody looked at the"),
    "a new chart typed wrong": (new_chart_typed_wrong, "The new chart of Priya Raman says"),
    "back-office slips": (back_office_slips, "were recorded wrong:"),
    "a freed slot filled with what does not fit": (slot_filled_with_what_does_not_fit, "slot was filled with"),
    "a reminder rebooked at the same time": (reminder_rebooked_at_the_same_time, "at the very time"),
    "a second visit the same day": (second_visit_the_same_day, "without cancelling the other"),
    "a reschedule to the same time": (rescheduled_to_the_same_time, "called to reschedule: you"),
    "away-day moves done badly": (away_day_moved_badly, "is urgent but was moved"),
    "an away-day visit cancelled with nothing left": (away_day_cancelled_with_nothing_left, "cancelled, not moved"),
    "a caller's voicemail never gone through": (lambda: caller_voicemail(False), "which nobody went through"),
    "a caller's voicemail never passed on": (lambda: caller_voicemail(True), "which never reached"),
}
if hasattr(A, "NoteCard"):
    HAND["cards noted wrong (Ontario)"] = (lambda: cards_noted_wrong("ON"), "You noted")
    HAND["cards noted wrong (United States)"] = (lambda: cards_noted_wrong("US"), "You noted")
HAND["a father under a court order told"] = (lambda: minor_told("Joao Lopes", False), "a court order limits")
HAND["a mother told of her son's own care"] = (lambda: minor_told("Ana Lopes", True), "care of their own today")
HAND["a father under a court order declined"] = (lambda: minor_told("Joao Lopes", False, decline=True),
                                                 "a court order limits.")
HAND["a mother declined about her son's own care"] = (lambda: minor_told("Ana Lopes", True, decline=True),
                                                      "is not a parent's to be told")
if "name_reveals_care" in Clinic.model_fields:
    HAND["a voicemail naming a clinic whose name reveals care"] = (voicemail_naming_a_revealing_clinic,
                                                                   "the clinic's name")


@functools.lru_cache(maxsize=None)
def hand_made(name: str) -> tuple[Scenario, Grade]:
    """The scenario and grade of the hand-made day ``name`` of :data:`HAND`, played once."""
    sim = HAND[name][0]()
    return sim.scenario, graded(sim)


# --- every finding ---------------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def rendered() -> tuple[Rendered, ...]:
    """Every distinct finding of every day above (the same text on the same scenario is kept once)."""
    seen: dict[tuple[Any, ...], Rendered] = {}

    def add(where: str, s: Scenario, g: Grade) -> None:
        cast = cast_of(s)
        for f in g.findings:
            key = (cast.scenario, f.severity, f.line is None, f.message, f.better)
            seen.setdefault(key, Rendered(where, cast, f))

    days = [(name, shipped(name)) for name in SHIPPED]
    days += [(f"generated {seed} {j} {mode} {kind}", generated(seed, j, mode, kind)) for seed, j, mode, kind in GENERATED]
    for label, s in days:
        add(f"{label}, the rubric with no facts", s, unplayed(s))
        add(f"{label}, no action", s, played(s, "none", s.seed))
        add(f"{label}, expert", s, played(s, "expert", s.seed))
        for bot in ("novice", "random"):
            for seed in sorted({s.seed, 1, 2}):
                add(f"{label}, {bot} seed {seed}", s, played(s, bot, seed))
    for name in HAND:
        s, g = hand_made(name)
        add(f"hand-made: {name}", s, g)
        add(f"hand-made: {name}, the rubric with no facts", s, unplayed(s))
    return tuple(seen.values())


@dataclass(frozen=True)
class Broken:
    """A finding that breaks a rule: in which text (``message`` or ``better``), how, and what exactly."""

    rendered: Rendered
    field: str
    how: str
    detail: str = ""


def report(bad: Iterable[Broken], rule: str, examples: int = 2) -> str:
    """A readable failure: the rule, then per call site and way of breaking it, how many findings and a couple of
    examples (their text, the exact offence, where they were rendered)."""
    groups: dict[tuple[str, str, str], dict[tuple[str, str], Broken]] = {}
    for b in bad:
        f = b.rendered.finding
        where = site_of(f) if b.field == "message" else (
            " or ".join(dict.fromkeys(s.where for s, _ in written_by(f) if s.how == "better")) or site_of(f))
        groups.setdefault((where, b.field, b.how), {}).setdefault((f.message, f.better), b)
    lines = [f"{sum(len(g) for g in groups.values())} distinct finding(s), from {len(groups)} call site(s), break "
             f"the rule: {rule}"]
    for (where, field, how), found in sorted(groups.items()):
        lines.append(f"  {where}: its {field} has {how} ({len(found)} distinct finding(s)), e.g.")
        for b in list(found.values())[:examples]:
            lines.append((f"      [{b.detail}]\n" if b.detail else "") + b.rendered.show())
    return "\n".join(lines)


# --- the grader's call sites, read from its source -------------------------------------------------------------------

ANY = None  # whatever a formatted value renders as


@dataclass(frozen=True)
class Site:
    """One place the grader writes a finding's sentence: where, how (``judge``, ``deduct``, ``judge_or_deduct``,
    a rubric line's ``missed`` or ``_expected``'s ``better``), the texts it can make, and the severities."""

    file: str
    line: int
    function: str
    how: str
    variants: tuple[tuple[str | None, ...], ...]
    severities: frozenset[str] | None

    @property
    def where(self) -> str:
        """The call site as ``grading/file:line``."""
        return f"grading/{self.file}:{self.line}"

    @functools.cached_property
    def patterns(self) -> tuple[tuple[str, int, re.Pattern[str]], ...]:
        """Per variant: its longest static piece (a quick test), how much static text it has, and the pattern a
        text of it matches."""
        return tuple((max((p for p in v if p is not ANY), key=len, default=""),
                      sum(len(p) for p in v if p is not ANY),
                      re.compile("".join(".*?" if p is ANY else re.escape(p) for p in v), re.DOTALL))
                     for v in self.variants)

    def admits(self, f: Finding) -> bool:
        """Whether ``f`` could have been written here (its kind, severity and line fit)."""
        if self.how == "deduct" and f.line is not None or self.how in ("judge", "missed") and f.line is None:
            return False
        return self.severities is None or f.severity in self.severities

    def matches(self, f: Finding) -> list[tuple[int, int]]:
        """The variants ``f``'s text is one of, each with how much static text it pins down."""
        if not self.admits(f):
            return []
        text = f.better if self.how == "better" else f.message
        return [(i, size) for i, (piece, size, rx) in enumerate(self.patterns) if piece in text and rx.fullmatch(text)]

    def static(self) -> list[str]:
        """Every fixed piece of text the site's variants write."""
        return [p for v in self.variants for p in v if p is not ANY]

    def show(self, variant: tuple[str | None, ...]) -> str:
        """One variant of the site as a line of a failure, with ``{}`` where a value goes."""
        return f"{self.where} ({self.function}, {self.how}): " + "".join("{}" if p is ANY else p for p in variant)


def _merge(pieces: tuple[str | None, ...]) -> tuple[str | None, ...]:
    out: list[str | None] = []
    for p in pieces:
        if p == "":
            continue
        if out and isinstance(p, str) and isinstance(out[-1], str):
            out[-1] += p
        elif not (p is ANY and out and out[-1] is ANY):
            out.append(p)
    return tuple(out)


class _Reader:
    """Reads the texts an expression of one function can make.

    A branch (``a if c else b``) makes a variant of its own; a local variable stands for each value it is assigned,
    but only values assigned on the same side of every ``if`` as the call and the other variables chosen (so
    ``who`` and ``about``, set together in each branch of one ``if``, are read together)."""

    def __init__(self, fn: ast.FunctionDef):
        self.fn = fn
        self.paths: dict[int, dict[int, str]] = {}
        self._walk(fn, {})

    def _walk(self, node: ast.AST, path: dict[int, str]) -> None:
        self.paths[id(node)] = path
        if isinstance(node, ast.If):
            self._walk(node.test, path)
            for child in node.body:
                self._walk(child, {**path, id(node): "body"})
            for child in node.orelse:
                self._walk(child, {**path, id(node): "orelse"})
            return
        for child in ast.iter_child_nodes(node):
            self._walk(child, path)

    @staticmethod
    def _consistent(a: dict[int, str], b: dict[int, str]) -> bool:
        return all(b.get(k, v) == v for k, v in a.items())

    def read(self, node: ast.AST) -> list[tuple[str | None, ...]]:
        """Every text ``node`` (as written at its call) can make, without duplicates."""
        found = self._texts(node, {"<call>": self.paths.get(id(node), {})}, 0, False)
        return list(dict.fromkeys(_merge(pieces) for pieces, _ in found))

    def _texts(self, node: ast.AST, env: dict[str, Any], depth: int,
               formatted: bool) -> list[tuple[tuple[str | None, ...], dict[str, Any]]]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            # Inside a formatted value an empty alternative is just a value that may be empty.
            return [((ANY,) if formatted and not node.value else (node.value,), env)]
        if isinstance(node, (ast.JoinedStr, ast.BinOp)) and not (isinstance(node, ast.BinOp)
                                                                 and not isinstance(node.op, ast.Add)):
            parts = node.values if isinstance(node, ast.JoinedStr) else [node.left, node.right]
            out: list[tuple[tuple[str | None, ...], dict[str, Any]]] = [((), env)]
            for part in parts:
                out = [(a + b, e2) for a, e in out for b, e2 in self._texts(part, e, depth, formatted)]
            return out
        if isinstance(node, ast.FormattedValue):
            if node.format_spec is None and node.conversion == -1:
                return self._texts(node.value, env, depth, True)
            return [((ANY,), env)]
        if isinstance(node, ast.IfExp):
            return self._texts(node.body, env, depth, formatted) + self._texts(node.orelse, env, depth, formatted)
        if isinstance(node, ast.Name) and depth < 4:
            if node.id in env:
                return self._texts(env[node.id].value, env, depth + 1, formatted)
            assigned = [n for n in ast.walk(self.fn) if isinstance(n, ast.Assign)
                        and any(isinstance(t, ast.Name) and t.id == node.id for t in n.targets)
                        and all(self._consistent(self.paths[id(n)], self.paths[id(c)] if isinstance(c, ast.Assign)
                                                 else c) for c in env.values())]
            if assigned:
                return [r for a in assigned for r in self._texts(a.value, {**env, node.id: a}, depth + 1, formatted)]
        return [((ANY,), env)]


def _severities(node: ast.AST | None, default: str | None) -> frozenset[str] | None:
    if node is None:
        return frozenset({default}) if default else None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return frozenset({node.value})
    if isinstance(node, ast.IfExp):
        a, b = _severities(node.body, None), _severities(node.orelse, None)
        return a | b if a is not None and b is not None else None
    return None


def _is_parameter(node: ast.AST, fn: ast.FunctionDef) -> bool:
    return isinstance(node, ast.Name) and node.id in {a.arg for a in fn.args.args + fn.args.kwonlyargs}


@functools.lru_cache(maxsize=None)
def sites() -> tuple[Site, ...]:
    """Every call site of the grader that writes a finding's sentence, read from the source."""
    out: list[Site] = []
    for file in ("multitasking.py", "accuracy.py", "privacy.py", "lines.py"):
        tree = ast.parse((GRADING / file).read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef):
                continue
            reader = _Reader(fn)
            for node in ast.walk(fn):
                if isinstance(node, ast.Return) and fn.name == "_expected" and isinstance(node.value, ast.Tuple):
                    out.append(Site(file, node.lineno, fn.name, "better", tuple(reader.read(node.value.elts[0])),
                                    None))
                if not isinstance(node, ast.Call):
                    continue
                called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
                kw = {k.arg: k.value for k in node.keywords}
                found: list[tuple[str, ast.AST, frozenset[str] | None]] = []
                if called == "judge" and "message" in kw:
                    found.append(("judge", kw["message"], _severities(kw.get("severity"), "error")))
                if called == "judge" and "praise" in kw:
                    found.append(("judge", kw["praise"], frozenset({"good"})))
                if called == "deduct" and "message" in kw:
                    found.append(("deduct", kw["message"], _severities(kw.get("severity"), None)))
                if called == "_judge_or_deduct" and len(node.args) > 5:
                    found.append(("judge_or_deduct", node.args[5], _severities(node.args[4], None)))
                if file == "lines.py" and called == "add" and len(node.args) > 7:
                    found.append(("missed", node.args[7], frozenset({"missed"})))
                for how, message, severities in found:
                    if _is_parameter(message, fn):
                        continue  # passed through (``_judge_or_deduct`` itself): its callers are the sites
                    out.append(Site(file, node.lineno, fn.name, how, tuple(reader.read(message)), severities))
    return tuple(out)


def written_by(f: Finding) -> list[tuple[Site, int]]:
    """The call sites and variants that wrote ``f`` (its message, and its `better` when ``_expected`` gave it): of
    those whose text it fits, the ones that pin most of it."""
    out = []
    for advice in (False, True):
        fits = [(s, i, size) for s in sites() if (s.how == "better") is advice for i, size in s.matches(f)]
        best = max((size for _, _, size in fits), default=0)
        out += [(s, i) for s, i, size in fits if size == best]
    return out


def site_of(f: Finding) -> str:
    """The call site (file:line) that wrote ``f``'s message."""
    return " or ".join(dict.fromkeys(s.where for s, _ in written_by(f) if s.how != "better")) or "?"


#: Each kind of finding the grader writes, by a fragment of its sentence, as read from the source: (where, fragment,
#: which text). A call site with no fragment here, or a fragment nobody renders, fails the tests below.
KINDS: tuple[tuple[str, str, str], ...] = (
    # multitasking.py
    ("multitasking._phones", "times before you answered.", "message"),
    ("multitasking._phones", "on hold before anyone came back to the line.", "message"),
    ("multitasking._phones", "hung up on hold after", "message"),
    ("multitasking._phones", "hung up while it rang after", "message"),
    ("multitasking._phones", "got a busy signal: every line was taken.", "message"),
    ("multitasking._counter", " at the counter before you greeted them.", "message"),
    ("multitasking._waiting_room", "left without being seen after waiting", "message"),
    ("multitasking._waiting_room", "minutes late and nobody told them about the delay.", "message"),
    ("multitasking._waiting_room", "left after the visit without being checked out.", "message"),
    ("multitasking._results", "results the visit needed.", "message"),
    ("multitasking._messages", "You went through ", "message"),
    ("multitasking._huddle", " was urgent and reached ", "message"),
    ("multitasking._reminders", "The reminder call to ", "message"),
    ("multitasking._rooming", "before the rooming was finished.", "message"),
    # accuracy.py
    ("accuracy._identity", "was checked in after confirming", "message"),
    ("accuracy._changes", "You typed ", "message"),
    ("accuracy._changes", "changed and the chart was not updated.", "message"),
    ("accuracy._changes", "which is wrong.", "message"),
    ("accuracy._cards", "You noted ", "message"),
    ("accuracy._registration", "The new chart of ", "message"),
    ("accuracy._registration", "came without a medication list and the pharmacy was not asked for it.", "message"),
    ("accuracy._documents", "was filed away instead of being queued for the doctor's signature.", "message"),
    ("accuracy._documents", "was filed away instead of being sorted for booking.", "message"),
    ("accuracy._documents", " was filed to ", "message"),
    ("accuracy._documents", "was filed without going before the doctor.", "message"),
    ("privacy._disclosures", "a court order limits", "message"),
    ("privacy._disclosures", "care of their own today", "message"),
    ("privacy._declines", "whose say over", "message"),
    ("privacy._declines", "is not a parent's to be told", "message"),
    ("privacy._disclosures", "A parent or guardian speaks for a minor only as the law allows", "better"),
    ("accuracy._caller_voicemails", "which nobody went through.", "message"),
    ("accuracy._caller_voicemails", "which never reached ", "message"),
    ("accuracy._calls", " called ", "message"),
    ("accuracy._calls", ": you did nothing about it.", "message"),
    ("accuracy._checkout", "'s follow-up was booked ", "message"),
    ("accuracy._walk_ins", "and was kept to wait", "message"),
    ("privacy._calls", " asked the clinic to call another number: whoever answers there may learn of the care.",
     "message"),
    ("accuracy._specimens", " with no requisition on the chart.", "message"),
    ("accuracy._specimens", " though it is a fasting test and they had eaten.", "message"),
    ("lines._visits", " was never roomed, so nobody looked at the ", "message"),
    ("accuracy._unasked", "which would have shown them.", "message"),
    ("accuracy._walk_ins", "had no red flags and was sent to emergency.", "message"),
    ("accuracy._walk_ins", "without consulting the nurse.", "message"),
    ("accuracy._referrals", " was sorted as ", "message"),
    ("accuracy._referrals", " days out; its window is ", "message"),
    ("accuracy._referrals", "; it asks for ", "message"),
    ("accuracy._freed_slots", " slot was filled with ", "message"),
    ("accuracy._huddle", " message for ", "message"),
    ("accuracy._reminders", "was booked again at the very time that was cancelled.", "message"),
    ("accuracy._reminders", "on the reminder call, and the book was not changed to match.", "message"),
    ("accuracy._moves", " is urgent but was moved ", "message"),
    ("accuracy._moves", "a time they said they cannot come.", "message"),
    ("accuracy._moves", " was cancelled, not moved: they no longer have ", "message"),
    ("accuracy._vitals", " were recorded wrong: ", "message"),
    ("accuracy._vitals", "The briefing on ", "message"),
    ("accuracy._specimens", " was labelled ", "message"),
    ("accuracy._double_bookings", "one was booked without cancelling the other.", "message"),
    # accuracy._expected: what a professional does with each call
    ("accuracy._expected", "Put a lab's critical result straight through, urgently", "better"),
    ("accuracy._expected", "Put another provider caring for the patient through to the doctor", "better"),
    ("accuracy._expected", "Put an emergency department's call straight through to the doctor", "better"),
    ("accuracy._expected", "Take a message for the doctor, or transfer it.", "better"),
    ("accuracy._expected", "Transfer the caller to the nurse", "better"),
    ("accuracy._expected", "Open the chart: the doctor recorded the Limited Use code", "better"),
    ("accuracy._expected", "Only the prescriber can give a Limited Use code", "better"),
    ("accuracy._expected", "A prior authorization is the prescriber's request to the insurer", "better"),
    ("accuracy._expected", "Only the prescriber can renew a prescription", "better"),
    ("accuracy._expected", "This caller may not be told about the patient", "better"),
    ("accuracy._expected", "Give a provider treating the patient the results", "better"),
    ("accuracy._expected", "Results come from the nurse or doctor", "better"),
    ("accuracy._expected", "Give a provider caring for the patient the ", "better"),
    ("accuracy._expected", "Give the verified patient her medication list", "better"),
    ("accuracy._expected", "Move the appointment to a new time", "better"),
    ("accuracy._expected", "Book the appointment the caller asks for.", "better"),
    ("accuracy._expected", "Cancel the appointment, and offer the slot to the waiting list.", "better"),
    ("accuracy._expected", "Confirm the appointment to the verified patient.", "better"),
    ("accuracy._expected", "Answer the billing question, or take a message.", "better"),
    ("accuracy._expected", "Records are released on a signed request", "better"),
    # privacy.py
    ("privacy._disclosures", "without the patient's consent.", "message"),
    ("privacy._who", "(they were not)", "message"),
    ("privacy._disclosures", "before checking it was them.", "message"),
    ("privacy._disclosures", "before verifying it was them.", "message"),
    ("privacy._disclosures", "before verifying who was calling.", "message"),
    ("privacy._disclosures", " and you also told them ", "message"),
    ("privacy._disclosures", "'s care needed.", "message"),
    ("privacy._disclosures", " and you told them ", "message"),
    ("privacy._declines", "You refused ", "message"),
    ("privacy._declines", "who is not authorised to know about ", "message"),
    ("privacy._voicemails", ": anyone at that number can hear it.", "message"),
    ("privacy._voicemails", "which says what care the patient gets", "message"),
    ("privacy._greetings", " greeting speaks to ", "message"),
    ("privacy._filing", "chart, where the wrong people will read it.", "message"),
    ("privacy._desk", "You left the desk with the screen unlocked.", "message"),
    ("privacy._desk", "You left for the night with the screen unlocked.", "message"),
    ("privacy._discretion", "within earshot of the waiting room.", "message"),
    ("privacy._charts", "with no call, visit or document that needed it.", "message"),
    # lines.py: each rubric line's missed sentence
    ("lines._opening", "You never recorded the day's phone greeting.", "message"),
    ("lines._opening", "You recorded no greeting, so callers heard none.", "message"),
    ("lines._messages", "You never went through ", "message"),
    ("lines._messages", " was urgent and never reached ", "message"),
    ("lines._messages", " and was never passed on.", "message"),
    ("lines._messages", " was urgent and never reached the doctor or the nurse.", "message"),
    ("lines._calls", " was never answered.", "message"),
    ("lines._calls", "Nobody dealt with ", "message"),
    ("lines._calls", "so its privacy check was never made.", "message"),
    ("lines._visits", " was never greeted at the counter.", "message"),
    ("lines._visits", " was never checked in.", "message"),
    ("lines._visits", ", and nobody noted it.", "message"),
    ("lines._visits", " has no ", "message"),
    ("lines._visits", " was never seen by the doctor.", "message"),
    ("lines._visits", " was never roomed.", "message"),
    ("lines._visits", "vital signs were never recorded.", "message"),
    ("lines._visits", "'s visit was not recorded.", "message"),
    ("lines._visits", "The doctor was never briefed on ", "message"),
    ("lines._visits", " specimen was never labelled.", "message"),
    ("lines._visits", " never went to the lab.", "message"),
    ("lines._visits", " left without the follow-up the doctor ordered.", "message"),
    ("lines._visits", " was not booked.", "message"),
    ("lines._walk_ins", " walked in and was never greeted.", "message"),
    ("lines._walk_ins", "and nobody sent them to emergency.", "message"),
    ("lines._walk_ins", " and was never added to the schedule.", "message"),
    ("lines._walk_ins", "Nobody consulted the nurse about ", "message"),
    ("lines._walk_ins", "symptoms were never discussed, privately or otherwise.", "message"),
    ("lines._documents", " was never queued for the doctor's signature.", "message"),
    ("lines._documents", " was never sorted.", "message"),
    ("lines._documents", "never reached the doctor.", "message"),
    ("lines._documents", " was never booked.", "message"),
    ("lines._documents", " was never booked, let alone inside its window.", "message"),
    ("lines._documents", " was never told the appointment date.", "message"),
    ("lines._visits", " was never filed.", "message"),
    ("accuracy._specimens", " result went into ", "message"),
    ("lines._documents", " was still in the inbox at the end of the day.", "message"),
    ("lines._documents", " was never filed, so it sat in the inbox all day.", "message"),
    ("lines._freed_slots", " gave up stayed empty.", "message"),
    ("lines._reminders", " was never reminded of the appointment on ", "message"),
    ("lines._reminders", "so the reminder's privacy was never tested.", "message"),
    ("lines._away_days", " is still booked on ", "message"),
    ("lines._away_days", " was never moved.", "message"),
    ("lines._away_days", " was never told of a new time.", "message"),
    ("lines._away_days", " was never called about the move, so its privacy was never tested.", "message"),
    ("lines._closing", "You did not record the after-hours greeting.", "message"),
    ("lines._closing", "You did not check the inbox a last time before leaving.", "message"),
)

#: Variants the grader can write on paper but no day can produce, and why (they are not required to render).
UNREACHABLE = {
    "Take a message for the right person.": "accuracy._expected's last return: every request a call can make "
                                            "(simulator/scenario/models.py Request) is answered above it",
}


def test_every_call_site_is_listed_by_a_fragment():
    """Every call site that writes a finding's sentence (`Day.judge` / `Day.deduct` / `_judge_or_deduct` with a
    message or praise, a rubric line's *missed* text, a piece of `accuracy._expected`'s advice) is listed in KINDS by
    a fragment of its template, and every fragment of KINDS is still in the grader's source."""
    source = "".join((GRADING / f).read_text(encoding="utf-8") for f in ("multitasking.py", "accuracy.py",
                                                                          "privacy.py", "lines.py", "names.py"))
    assert len(sites()) > 100, "the grader's call sites were not found: has the source moved?"
    unlisted = [s for s in sites()
                if not any(frag in piece for _, frag, _ in KINDS for piece in s.static())
                and not any(u in s.static() for u in UNREACHABLE)]
    assert not unlisted, "call sites with no fragment in KINDS (add one):\n" + "\n".join(
        f"  {s.where} ({s.function}, {s.how}): {' / '.join(map(str, s.static()))}" for s in unlisted)
    stale = [f"  {where}: {frag!r}" for where, frag, _ in KINDS + tuple(("UNREACHABLE", u, "") for u in UNREACHABLE)
             if frag not in source and not any(frag in piece for s in sites() for piece in s.static())]
    assert not stale, "fragments of KINDS no longer in the grader's source:\n" + "\n".join(stale)


def test_every_kind_of_finding_is_rendered():
    """Every fragment of KINDS appears in some finding rendered above (in its message, or its `better` for a piece
    of advice): no kind of finding goes unchecked."""
    texts = {"message": {r.finding.message for r in rendered()}, "better": {r.finding.better for r in rendered()}}
    missing = [f"  {where}: {frag!r}" for where, frag, field in KINDS
               if not any(frag in text for text in texts[field])]
    assert not missing, "kinds of finding no day here renders (add a hand-made day):\n" + "\n".join(missing)


def test_every_variant_of_every_call_site_is_rendered():
    """Every text each call site can write (each branch of a conditional message its own) is matched by a finding
    rendered above, of a severity and kind (rubric line, deduction) that call site gives (a finding counts for the
    variants that pin most of its text)."""
    done = {(s.where, s.how, i) for r in rendered() for s, i in written_by(r.finding)}
    missing = [f"  {s.show(variant)}" for s in sites() for i, variant in enumerate(s.variants)
               if (s.where, s.how, i) not in done and not any(u in variant for u in UNREACHABLE)]
    assert not missing, "call sites whose text no day here renders (add a hand-made day):\n" + "\n".join(missing)


def test_each_hand_made_day_makes_the_finding_it_is_for():
    """Each hand-made day renders the finding it was made for (so a changed engine cannot quietly empty it)."""
    missing = [f"  {name}: no finding says {fragment!r}" for name, (_, fragment) in HAND.items()
               if not any(fragment in f.message for f in hand_made(name)[1].findings)]
    assert not missing, "\n".join(missing)


# --- the rules ----------------------------------------------------------------------------------------------------

#: A word said twice ("the the", "to to"), or two articles in a row ("the a lab").
DOUBLED = re.compile(r"\b(the|a|an|to|of|and|for|in|on|at|with|was|is)\s+\1\b|\b(the|a|an)\s+(the|a|an)\b",
                     re.IGNORECASE)
#: An adjective between two articles ("The urgent the voicemail"): an adjective never comes before an article.
ARTICLE_ADJECTIVE_ARTICLE = re.compile(
    r"\b(the|a|an)\s+(urgent|routine|semi-urgent|new|overnight|same|first|last|next|wrong|right|only|other|whole|"
    r"late|early|old|critical)\s+(the|a|an|his|her|their)\b", re.IGNORECASE)


#: "a" before a vowel sound ("a OHIP health card"), "an" before a consonant ("an visit"); words starting with "u"
#: or "eu" and acronyms are left alone (their sound is not their first letter).
ARTICLE_AGREEMENT = (
    re.compile(r"\ba\s+(?![Uu]|one\b|once\b|[Ee]u)[AEIOaeio]\w*"),
    re.compile(r"\ban\s+(?![A-Z]{2}|[A-Z][a-z]?[A-Z]|h(our|onest|onou?r|eir))[b-df-hj-np-tv-zB-DF-HJ-NP-TV-Z]\w*"),
)


def test_articles_agree_with_the_next_word():
    """"a" comes before a consonant sound and "an" before a vowel sound: no "a OHIP health card", no "a insurance
    card", no "an visit" (a label the grader puts after a fixed article is the usual cause)."""
    bad = [Broken(r, field, "an article that does not fit the next word", m.group(0)) for r in rendered()
           for field in ("message", "better") for rx in ARTICLE_AGREEMENT
           for m in [rx.search(getattr(r.finding, field))] if m]
    if bad:
        pytest.fail(report(bad, "articles agree with the next word"), pytrace=False)


def test_no_doubled_articles_or_words():
    """No finding says a word twice ("the the", "to to"), puts two articles together ("the a lab"), or an adjective
    between two articles ("The urgent the voicemail")."""
    rules = (("a doubled word", DOUBLED), ("an adjective between two articles", ARTICLE_ADJECTIVE_ARTICLE))
    bad = [Broken(r, field, how, m.group(0)) for r in rendered() for field in ("message", "better")
           for how, rx in rules for m in [rx.search(getattr(r.finding, field))] if m]
    if bad:
        pytest.fail(report(bad, "no doubled article or word"), pytrace=False)


#: What must never stand in a sentence for a student: scenario internals.
LEFTOVERS = {
    "None": re.compile(r"\bNone\b"),
    "True/False": re.compile(r"\b(True|False)\b"),
    "a brace": re.compile(r"[{}]"),
    "an underscore inside a word": re.compile(r"[A-Za-z0-9]_[A-Za-z0-9]"),
    "a Python list or tuple": re.compile(r"\[['\"]|['\"]\]|\('[^']*', '"),
    "a call, document or message id": re.compile(r"\b[CDVE]\d+\b"),
    "a rubric key": re.compile(r"\b(?:call|msg|doc|walkin)\d+\.[a-z]|\b(?:visit|remind|move|slot)\.[a-z0-9-]+|"
                               r"\b(?:opening|closing|greetings|desk)\.(?:greeting|inbox|privacy|locked)\b"),
}


def leftovers(text: str, cast: Cast) -> list[tuple[str, str]]:
    """What in ``text`` is a scenario internal rather than words: (what kind, the text found)."""
    out = [(what, m.group(0)) for what, rx in LEFTOVERS.items() for m in [rx.search(text)] if m]
    m = _ids(cast).search(text)
    if m:
        out.append(("a scenario id", m.group(0)))
    return out


@functools.lru_cache(maxsize=None)
def _ids(cast: Cast) -> re.Pattern[str]:
    """Any of the cast's ids standing as a word. Case matters: an id that is also a word of a name ("chen" of
    Robert Chen) is fine written as the name writes it."""
    ids = sorted(cast.ids - ORDINARY_WORDS, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, ids)) + r")(?![\w-])" if ids else r"(?!x)x")


def test_no_leftover_identifiers():
    """No finding shows a scenario id where a name should be (a patient's `p07` or `chen`, a staff member's
    `greene`, a directory entry's `lakeshore-lab`), nor `None`, braces, snake_case words (`follow_up`), Python
    reprs, call / document / message ids (`C12`, `D3`, `V2`, `E1`) or rubric keys (`call3.answer`)."""
    bad = [Broken(r, field, what, repr(found)) for r in rendered() for field in ("message", "better")
           for what, found in leftovers(getattr(r.finding, field), r.cast)]
    if bad:
        pytest.fail(report(bad, "no leftover identifier"), pytrace=False)


def test_sentences_start_with_a_capital_and_end_with_a_stop():
    """Every message and every `better` starts with a capital letter and ends with `.`, `?` or `!`."""
    bad = [Broken(r, field, "no capital at the start" if not text[:1].isupper() else "no stop at the end")
           for r in rendered() for field in ("message", "better") for text in [getattr(r.finding, field)]
           if not text[:1].isupper() or text[-1:] not in (".", "?", "!")]
    if bad:
        pytest.fail(report(bad, "a sentence starts with a capital letter and ends with a full stop"), pytrace=False)


#: Findings about the desk itself (the greetings, the screen, the closing steps, the inbox): they name nobody.
DESK_FINDINGS = frozenset({
    "You never recorded the day's phone greeting.",
    "You recorded no greeting, so callers heard none.",
    "You did not record the after-hours greeting.",
    "You did not check the inbox a last time before leaving.",
    "You left the desk with the screen unlocked.",
    "You left for the night with the screen unlocked.",
})
#: A caller with no name, by what they are (grading/names.py), or someone the desk phoned who answered.
CALLER = re.compile(r"\b(a|an) (emergency nurse|physician|pharmacist|lab|family member|patient|insurer|"
                    r"unknown caller|caller)\b|\bwhoever answered\b", re.IGNORECASE)


def test_every_finding_names_someone():
    """Every finding names the patient, staff member, directory entry or caller it is about (a name of the
    scenario, or a caller by what they are: "a pharmacist", "an emergency nurse"), except the findings about the
    desk itself, listed in DESK_FINDINGS."""
    bad = [Broken(r, "message", "no name") for r in rendered() if r.finding.message not in DESK_FINDINGS
           and not any(name in r.finding.message for name in r.cast.names) and not CALLER.search(r.finding.message)]
    if bad:
        pytest.fail(report(bad, "a finding names the patient or caller"), pytrace=False)


#: Things a `better` may ask for that the desk cannot do in this product (simulator/core/actions.py is the whole
#: list of what it can do), with the advice that does cover them: (pattern, what is missing, allowed when).
PRODUCT_LACKS: tuple[tuple[re.Pattern[str], str, re.Pattern[str] | None], ...] = (
    (re.compile(r"\bfax", re.I), "no action faxes, except notify_referrer (\"Fax the referring physician\") and "
     "request_medication_list (\"Ask patient's pharmacy to fax their medication list\")",
     re.compile(r"Fax the referring physician|pharmacy to fax", re.I)),
    (re.compile(r"\b(send|write|reply to|forward)\w*\b[^.;:]*\be-?mail\b|\be-?mail (the|them|him|her|it)\b", re.I),
     "no action sends an email (review_message only reads one)", None),
    (re.compile(r"\bwrit(e|es|ten|ing)\b", re.I), "nothing is written by hand or in writing", None),
    (re.compile(r"\b(?:call|phone|ring)(?:s|ed|ing)?\s+(?!back\b)(?:\w+\s+){0,4}back\b|\bcall back (the|a|an|them)\b",
                re.I), "the desk phones only patients (place_call: waiting list, reminder, reschedule)", None),
    (re.compile(r"\b(phone|call)\w* (the|their|a) (pharmacy|pharmacist|lab|laboratory|provider|physician|hospital|"
                r"insurer|specialist|referring)\b", re.I),
     "the desk phones only patients (place_call); it asks a lab for results with request_results", None),
    (re.compile(r"\bsign(ed)? (request )?form\b|\bhave (them|the caller|the patient) sign\b", re.I),
     "no form is signed at the desk", None),
    (re.compile(r"\b(and )?the office\)|\block (the|up the) office\b", re.I), "no action locks the office", None),
    (re.compile(r"\bread (it|them|each \w+|the \w+) back\b", re.I), "no action reads a value back", None),
    (re.compile(r"\brequisition\b", re.I), "a requisition is only looked for on the chart before a draw (a label is "
                                             "typed from the chart)", re.compile(r"(without|for) the doctor's requisition")),
    (re.compile(r"\b(check|ask|look)\w*( at| for)? (the patient's |their |each patient's )?availability\b", re.I),
     "the desk never sees when a patient can come (it is in no chart, view or screen; only the scenario knows)", None),
    (re.compile(r"\b(print|scan|photocopy|mail (it|them|the)|text (the|them)|page (the|them)|pager)\b", re.I),
     "no action prints, scans, mails, texts or pages", None),
)


def lacks(better: str) -> list[tuple[str, str]]:
    """What ``better`` asks for that the product lacks: (why it is missing, the words)."""
    out = []
    for rx, why, allowed in PRODUCT_LACKS:
        m = rx.search(better)
        if m and not (allowed is not None and allowed.search(better)):
            out.append((why, m.group(0)))
    return out


def test_better_is_something_the_desk_can_do():
    """Every `better` asks only for what the desk can do in this product: the actions of
    simulator/core/actions.py (answer, hold, verify, disclose, decline with a reason, route, take a message, book,
    cancel, open a chart, check in, request results, inform of a delay, book tests and follow-ups, triage and consult
    the nurse, file, queue renewals, lock the screen, review and pass on messages, record greetings, check the inbox,
    phone patients, leave voicemail, offer slots, register, ask a pharmacy for the medication list, sort, book and
    notify referrals, move and cancel bookings, room, record vitals and reasons, brief the doctor, label and send
    specimens). No faxing, emailing, writing, phoning providers back, signed forms, locking the office, reading back,
    a requisition other than looking for it on the chart before a draw, or a patient's availability (which the desk
    never sees), except where an action does exactly that (notify_referrer faxes the referring physician;
    request_medication_list asks the pharmacy to fax the list)."""
    bad = [Broken(r, "better", f"an action the product lacks: {why}", repr(words)) for r in rendered()
           for why, words in lacks(r.finding.better)]
    if bad:
        pytest.fail(report(bad, "better is something the desk can do in this product"), pytrace=False)


def test_the_rules_catch_what_they_are_for():
    """Each rule above flags a sentence that breaks it and passes one that does not (so a rule cannot go quietly
    blind)."""
    cast = Cast("t", frozenset({"Robert Chen", "Dr. Anne Greene"}), frozenset({"chen", "greene", "p07", "nurse"}))
    assert DOUBLED.search("Book the the visit.") and DOUBLED.search("Tell the a lab.")
    assert ARTICLE_ADJECTIVE_ARTICLE.search("The urgent the voicemail reached Dr. Anne Greene.")
    assert not DOUBLED.search("Give a provider treating the patient the results the care needs.")
    assert not ARTICLE_ADJECTIVE_ARTICLE.search("Give a provider treating the patient the results the care needs.")
    assert ARTICLE_AGREEMENT[0].search("Note a problem with a OHIP health card.")
    assert not any(rx.search("An emergency nurse asked for a Limited Use code, an HbA1c and a urine test.")
                   for rx in ARTICLE_AGREEMENT)
    found = {what for what, _ in leftovers("Robert chen's follow_up with greene and p07 (C12, V2, call3.answer, "
                                           "visit.chen.phone, None, ['a'], {x})", cast)}
    assert found == {"a scenario id", "an underscore inside a word", "a call, document or message id", "a rubric key",
                     "None", "a Python list or tuple", "a brace"}
    assert not leftovers("Robert Chen's follow-up with Dr. Anne Greene, the nurse (or 'none known') on line 2, "
                         "at 09:30 on 2026-03-02, an HbA1c and a COVID-19 PCR.", cast)
    assert lacks("Fax the lab the form.") and lacks("Call the provider back at their listed number.")
    assert lacks("Write it down, and read it back.") and lacks("Lock the screen (and the office) when you leave.")
    assert lacks("Check the label against the requisition.") and lacks("Email the patient the time.")
    assert lacks("Check the patient's availability before moving them.")
    assert not lacks("At opening, record the day's greeting: the clinic's name, its hours and availability.")
    assert not lacks("Fax the referring physician the date of the appointment once it is booked.")
    assert not lacks("Before any draw, check the chart for the doctor's requisition.")
    assert not lacks("When a new patient has no medication list, ask their pharmacy to fax it before the visit.")
    assert not lacks("On voicemail leave only the clinic's name, the time and a number to call back.")
    assert not lacks("Go through the voicemail and email first thing at opening.")
    assert not lacks("Pick up every line quickly; a caller on hold needs checking back within a minute.")
    assert CALLER.search("A pharmacist hung up.") and CALLER.search("You told whoever answered at her number.")
    assert not CALLER.search("The 10:00 slot stayed empty.")
