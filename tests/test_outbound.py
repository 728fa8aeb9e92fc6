"""Calls the desk places (simulator/core/outbound.py; M2, M9, M11): the waiting list for a freed slot,
tomorrow's reminders, voicemail left for a patient who does not pick up.

Whether a patient picks up (80% when `answers_phone` is true), how long they need to get here and how they
answer a reminder are drawn from the seed when the day is planned. Tests that need a patient to answer find a
seed where they do through the public actions (:func:`seed_where`), and check the recorded `answered` value.
"""

import textwrap

import pytest

from frontdesk.simulator.core import Simulation, desk_view
from frontdesk.simulator.core import actions as A
from frontdesk.simulator.scenario import load_scenario_text

H = 3600
M = 60

#: Monday 2026-03-02. Chen cancelled his 10:00 overnight; Patel and Diaz are on the waiting list (Patel has a
#: visit booked on the 20th she would rather bring forward); Rem and Silent are booked tomorrow for reminders;
#: Silent never answers the phone; Nophone has no number on file.
OUTBOUND = textwrap.dedent(
    """\
    format: 1
    id: outbound
    title: Outbound calls
    jurisdiction: ON
    clinic:
      name: Test Clinic
      phone_lines: 2
      staff:
        - {id: greene, role: doctor, name: Dr. Anne Greene}
        - {id: nurse, role: nurse, name: Sam Patel}
    patients:
      - {id: chen, name: Robert Chen, dob: 1958-04-12, phone: 416-555-0101}
      - {id: okafor, name: Grace Okafor, dob: 1949-09-30, phone: 416-555-0102}
      - {id: patel, name: Nina Patel, dob: 1970-01-05, phone: 416-555-0103}
      - {id: diaz, name: Luis Diaz, dob: 1966-06-06, phone: 416-555-0104}
      - {id: silent, name: Mary Silent, dob: 1980-02-02, phone: 416-555-0105, answers_phone: false}
      - {id: rem, name: Tom Reminder, dob: 1975-05-05, phone: 416-555-0106}
      - {id: nophone, name: Ida Nophone, dob: 1940-07-07}
    schedule:
      - {at: "10:00", patient: chen, with: greene, type: follow_up}
      - {at: "11:00", patient: okafor, with: greene, type: follow_up}
    bookings:
      - {date: 2026-03-20, at: "10:00", patient: patel, with: greene, type: follow_up}
      - {date: 2026-03-03, at: "9:00", patient: rem, with: greene, type: follow_up}
      - {date: 2026-03-03, at: "9:30", patient: silent, with: greene, type: new_patient}
    waiting_list: [patel, diaz, silent]
    reminders: {date: 2026-03-03}
    events:
      - {at: "22:00", overnight: true, voicemail: {from: chen, intent: cancel, appointment: "10:00"}}
    """
)
SCENARIO = load_scenario_text(OUTBOUND)
T = 8 * H + 5 * M  # the desk starts phoning at 8:05


def day(seed: int = 0) -> Simulation:
    """A day on the outbound-calls scenario with ``seed``."""
    return Simulation(SCENARIO, seed)


def place(sim: Simulation, t: int, patient: str, purpose: str):
    """Place a call and return its `call_placed` fact."""
    sim.apply(A.PlaceCall(t, patient, purpose))
    return sim.facts.of_kind("call_placed")[-1]


def seed_where(*wanted: tuple[str, str, str | None]) -> int:
    """The first seed at which each (patient, purpose, wants) call is answered, and a reminder call's patient
    wants what is given (``None``: anything). Found with public actions only."""
    for seed in range(200):
        for patient, purpose, wants in wanted:
            sim = day(seed)
            fact = place(sim, T, patient, purpose)
            line = desk_view(sim).lines[fact.get("line") - 1]
            if not fact.get("answered") or (wants is not None and line.wants != wants):
                break
        else:
            return seed
    raise AssertionError(f"no seed in 0..199 gives {wanted}")


# --- placing calls ------------------------------------------------------------------------------------------


def test_a_placed_call_takes_a_free_line_until_none_is_left():
    """`place_call` takes the first free line (an outbound call, with its purpose); with every line busy the
    next call is refused."""
    sim = day()
    first = place(sim, T, "silent", "reminder")
    second = place(sim, T + 10, "silent", "waiting_list")
    assert (first.get("line"), second.get("line")) == (1, 2)
    assert first.mechanic == "M9" and second.mechanic == "M2"
    view = desk_view(sim).lines[0]
    assert view.outbound is True and view.purpose == "reminder" and view.about == "silent"
    with pytest.raises(A.ActionError, match="Every line is busy"):
        sim.apply(A.PlaceCall(T + 20, "rem", "reminder"))


def test_a_reschedule_call_belongs_to_rescheduling():
    """A call placed to tell a patient their appointment moved is M11."""
    sim = day()
    assert place(sim, T, "rem", "reschedule").mechanic == "M11"


@pytest.mark.parametrize(
    "patient, purpose, words",
    [("rem", "gossip", "waiting list, reminder, reschedule"),
     ("nobody", "reminder", "No patient has the id 'nobody'"),
     ("nophone", "reminder", "no phone number on file")],
)
def test_a_call_that_cannot_be_placed_is_refused(patient, purpose, words):
    """Only the listed purposes, known patients and patients with a phone number can be called."""
    sim = day()
    with pytest.raises(A.ActionError, match=words):
        sim.apply(A.PlaceCall(T, patient, purpose))
    assert sim.phones.lines == [None, None]


# --- voicemail ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_a_patient_who_never_answers_reaches_voicemail(seed):
    """With `answers_phone: false` a call always reaches voicemail, whatever the seed: `answered` is false and
    the line is in state voicemail."""
    sim = day(seed)
    fact = place(sim, T, "silent", "reminder")
    assert fact.get("answered") is False
    assert desk_view(sim).lines[0].state == "voicemail"


def test_a_voicemail_records_what_was_said_and_frees_the_line():
    """`leave_voicemail` records its pieces, what they said about the patient's care (`said_reason` for
    `visit_reason`, `said_appointment` for the time), under the call's mechanic; then the line is free."""
    sim = day()
    assert place(sim, T, "silent", "reminder").get("answered") is False
    pieces = ("clinic_name", "patient_name", "appointment_time", "visit_reason", "bring_health_card")
    sim.apply(A.LeaveVoicemail(T + 30, 1, pieces))
    left, = sim.facts.of_kind("voicemail_message_left")
    assert left.mechanic == "M9" and left.get("patient") == "silent" and left.get("purpose") == "reminder"
    assert left.get("pieces") == pieces
    assert left.get("said_reason") == "new patient" and left.get("said_appointment") == "2026-03-03 09:30"
    assert sim.phones.lines == [None, None]


def test_a_minimal_voicemail_says_nothing_about_care():
    """A voicemail without `visit_reason`, `test_name` or `appointment_time` records none of the said_* keys."""
    sim = day()
    place(sim, T, "silent", "reminder")
    sim.apply(A.LeaveVoicemail(T + 30, 1, ("clinic_name", "callback_number", "bring_medication_list")))
    left = sim.facts.of_kind("voicemail_message_left")[0].as_dict()
    assert not {k for k in left if k.startswith("said_")}


def test_a_voicemail_of_unknown_pieces_is_refused_listing_the_pieces():
    """Unknown pieces are refused with every allowed piece named, and the call stays at the beep."""
    sim = day()
    place(sim, T, "silent", "reminder")
    with pytest.raises(A.ActionError) as refused:
        sim.apply(A.LeaveVoicemail(T + 30, 1, ("clinic_name", "diagnosis")))
    assert all(piece.replace("_", " ") in str(refused.value) for piece in A.VOICEMAIL_PIECES)
    assert desk_view(sim).lines[0].state == "voicemail"


def test_no_voicemail_on_an_answered_call():
    """A call a patient picked up is talked to, not left a voicemail."""
    seed = seed_where(("rem", "reminder", None))
    sim = day(seed)
    assert place(sim, T, "rem", "reminder").get("answered") is True
    with pytest.raises(A.ActionError, match="already answered"):
        sim.apply(A.LeaveVoicemail(T + 30, 1, ("clinic_name",)))


# --- M2: filling a freed slot -------------------------------------------------------------------------------


def test_offering_a_freed_slot_books_it_and_the_patient_comes():
    """On an answered waiting-list call, `offer_slot` fills today's freed slot (`slot_filled` with the freed and
    booked lengths), creates the visit, releases the later booking the patient was waiting to bring forward,
    and the patient arrives for it."""
    seed = seed_where(("patel", "waiting_list", None))
    sim = day(seed)
    assert place(sim, T, "patel", "waiting_list").get("answered") is True
    sim.apply(A.OfferSlot(T + 40, 1, "10:00", "greene"))
    filled, = sim.facts.of_kind("slot_filled")
    assert filled.mechanic == "M2" and filled.get("patient") == "patel" and filled.get("at") == "10:00"
    assert filled.get("freed_minutes") == 15 and filled.get("minutes") == 15 and filled.get("freed_type") == "follow_up"
    assert filled.get("waiting_for") == "follow_up" and filled.get("released") == "2026-03-20 10:00"
    assert ("2026-03-20", "greene", 10 * H) not in sim.appointments.bookings
    assert sim.visits.visits["patel"].appointment.at == 10 * H
    assert [s.filled_by for s in desk_view(sim).freed_slots] == ["patel"]
    sim.advance(10 * H)
    arrived = [f for f in sim.facts.of_kind("patient_arrived") if f.get("patient") == "patel"]
    assert len(arrived) == 1 and arrived[0].t <= 10 * H


def test_an_offer_too_soon_to_travel_is_declined():
    """A slot starting before the patient could get to the clinic (at least 20 minutes away) is declined
    (`slot_offer_declined`): the slot stays free and no visit is made."""
    seed = seed_where(("patel", "waiting_list", None))
    sim = day(seed)
    t = 9 * H + 50 * M
    assert place(sim, t, "patel", "waiting_list").get("answered") is True
    sim.apply(A.OfferSlot(t + 20, 1, "10:00", "greene"))
    declined, = sim.facts.of_kind("slot_offer_declined")
    assert declined.mechanic == "M2" and declined.get("reason") == "cannot get there in time"
    assert not sim.facts.of_kind("slot_filled") and "patel" not in sim.visits.visits
    assert [s.filled_by for s in desk_view(sim).freed_slots] == [None]


def test_a_filled_slot_cannot_be_offered_again():
    """Once filled, a second offer of the same slot (to another waiting patient) is refused."""
    seed = seed_where(("patel", "waiting_list", None), ("diaz", "waiting_list", None))
    sim = day(seed)
    assert place(sim, T, "patel", "waiting_list").get("answered") is True
    sim.apply(A.OfferSlot(T + 40, 1, "10:00", "greene"))
    sim.apply(A.EndCall(T + 50, 1))
    assert place(sim, T + 60, "diaz", "waiting_list").get("answered") is True
    with pytest.raises(A.ActionError, match="already filled"):
        sim.apply(A.OfferSlot(T + 90, 1, "10:00", "greene"))
    assert len(sim.facts.of_kind("slot_filled")) == 1


def test_only_freed_slots_on_waiting_list_calls_can_be_offered():
    """A slot nobody freed, or an offer on a reminder call, is refused."""
    seed = seed_where(("patel", "waiting_list", None), ("rem", "reminder", None))
    sim = day(seed)
    place(sim, T, "patel", "waiting_list")
    with pytest.raises(A.ActionError, match="No slot was freed at 11:00 with Dr. Anne Greene"):
        sim.apply(A.OfferSlot(T + 20, 1, "11:00", "greene"))
    sim.apply(A.EndCall(T + 30, 1))
    place(sim, T + 40, "rem", "reminder")
    with pytest.raises(A.ActionError, match="waiting list"):
        sim.apply(A.OfferSlot(T + 60, 1, "10:00", "greene"))


def test_a_slot_given_to_someone_off_the_waiting_list_does_not_break_the_day():
    """Offering a freed slot to a patient not on the waiting list either is refused or they simply come in;
    the day never crashes."""
    seed = seed_where(("rem", "waiting_list", None))
    sim = day(seed)
    assert place(sim, T, "rem", "waiting_list").get("answered") is True
    try:
        sim.apply(A.OfferSlot(T + 40, 1, "10:00", "greene"))
    except A.ActionError:
        return
    sim.advance(11 * H)


# --- M9: reminders ------------------------------------------------------------------------------------------


def test_a_patient_who_wants_to_keep_it_confirms_on_a_reminder_call():
    """`confirm_appointment` on a reminder call whose patient wants to confirm records `appointment_confirmed`
    (M9) with tomorrow's date and time; on a waiting-list call it is refused."""
    seed = seed_where(("rem", "reminder", "confirm"), ("patel", "waiting_list", None))
    sim = day(seed)
    assert place(sim, T, "rem", "reminder").get("answered") is True
    sim.apply(A.ConfirmAppointment(T + 30, 1))
    confirmed, = sim.facts.of_kind("appointment_confirmed")
    assert confirmed.mechanic == "M9" and confirmed.get("patient") == "rem"
    assert confirmed.get("date") == "2026-03-03" and confirmed.get("at") == "09:00"
    sim.apply(A.EndCall(T + 40, 1))
    place(sim, T + 50, "patel", "waiting_list")
    with pytest.raises(A.ActionError, match="reminder call"):
        sim.apply(A.ConfirmAppointment(T + 60, 1))


def test_a_patient_who_wants_to_cancel_cannot_be_confirmed_and_the_cancel_is_m9():
    """A reminded patient who asks to cancel is not confirmed; cancelling on the reminder call removes the
    booking and is recorded as M9."""
    seed = seed_where(("rem", "reminder", "cancel"))
    sim = day(seed)
    assert place(sim, T, "rem", "reminder").get("answered") is True
    with pytest.raises(A.ActionError, match="does not want to keep it"):
        sim.apply(A.ConfirmAppointment(T + 30, 1))
    sim.apply(A.CancelAppointment(T + 40, 1, "2026-03-03", "9:00"))
    cancelled, = sim.facts.of_kind("appointment_cancelled")
    assert cancelled.mechanic == "M9" and cancelled.get("patient") == "rem"
    assert ("2026-03-03", "greene", 9 * H) not in sim.appointments.bookings
    assert [b.patient for b in desk_view(sim).reminder_list] == ["silent"]


#: Tom Reminder asked the clinic to call his own cell, not the home number on the chart.
OWN_NUMBER = OUTBOUND.replace("phone: 416-555-0106}", "phone: 416-555-0106, confidential_phone: 416-555-0116}")


def test_a_patient_who_gave_their_own_number_is_called_there():
    """The desk dials the chart's phone (`home`) or the number the patient asked for (`confidential`); the fact says
    which only for a patient who gave one, and `confidential` is refused for a patient who did not."""
    from conftest import graded

    for number, breach in (("confidential", False), ("home", True)):
        sim = Simulation(load_scenario_text(OWN_NUMBER), 0)
        sim.apply(A.PlaceCall(T, "rem", "reminder", number))
        assert sim.facts.of_kind("call_placed")[-1].get("number") == number
        g = graded(sim)
        found = [f for f in g.findings if "asked the clinic to call another number" in f.message]
        assert bool(found) == breach
        if breach:
            assert found[0].severity == "breach" and "PHIPA s. 12(1)" in (found[0].rule or "")
    sim = day()
    with pytest.raises(A.ActionError, match="has not asked to be called at another number"):
        sim.apply(A.PlaceCall(T, "rem", "reminder", "confidential"))
    assert place(sim, T + 1, "rem", "reminder").get("number") is None  # nothing to choose: nothing said


def test_the_expert_dials_the_number_the_patient_asked_for():
    """The expert phones Tom Reminder on his own number."""
    from frontdesk.simulator.bots import make_bot, play_day

    scenario = load_scenario_text(OWN_NUMBER)
    sim = play_day(Simulation(scenario, 0), make_bot("expert", scenario, 0))
    assert [f.get("number") for f in sim.facts.of_kind("call_placed") if f.get("patient") == "rem"] == ["confidential"]
