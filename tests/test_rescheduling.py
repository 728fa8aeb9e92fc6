"""Mass rescheduling (simulator/core/rescheduling.py; M11): moving bookings off a day the doctor will be away.
The book refuses overlaps, closed days, times outside opening hours and away days the desk has been told of."""

import textwrap

import pytest

from frontdesk.simulator.core import Simulation, desk_view
from frontdesk.simulator.core import actions as A
from frontdesk.simulator.scenario import load_scenario_text

H = 3600
M = 60

#: Monday 2026-03-02. At 9:00 the desk learns Dr. Greene will be away on Tuesday the 10th, when Okafor (urgent)
#: and Chen are booked; Brown is booked on Wednesday the 11th at 10:00. Chen can come Wednesdays and Thursdays,
#: 9:00 to 12:00. Brown phones at 8:30 and again at 9:30 to book.
AWAY = textwrap.dedent(
    """\
    format: 1
    id: rescheduling
    title: The doctor will be away
    jurisdiction: ON
    clinic:
      name: Test Clinic
      slot_minutes: 5
      staff:
        - {id: greene, role: doctor, name: Dr. Anne Greene}
        - {id: nurse, role: nurse, name: Sam Patel}
    patients:
      - {id: chen, name: Robert Chen, dob: 1958-04-12, available: {days: [wed, thu], from: "9:00", until: "12:00"}}
      - {id: okafor, name: Grace Okafor, dob: 1949-09-30}
      - {id: brown, name: Lily Brown, dob: 1990-10-10}
    bookings:
      - {date: 2026-03-10, at: "10:00", patient: okafor, with: greene, type: follow_up, urgent: true}
      - {date: 2026-03-10, at: "10:30", patient: chen, with: greene, type: follow_up}
      - {date: 2026-03-11, at: "10:00", patient: brown, with: greene, type: follow_up}
    events:
      - {at: "8:30", call: {caller: patient, about: brown, wants: book}}
      - {at: "9:00", away_day: {doctor: greene, date: 2026-03-10, reason: conference}}
      - {at: "9:30", call: {caller: patient, about: brown, wants: book}}
    """
)
T = 9 * H + 5 * M  # after the announcement


def day(at: int = T) -> Simulation:
    """The away-day scenario run to ``at`` (by default just after the announcement)."""
    sim = Simulation(load_scenario_text(AWAY))
    sim.advance(at)
    return sim


def move(sim: Simulation, t: int, patient: str, date: str, at: str, to_date: str, to_at: str):
    """Move ``patient``'s booking at ``date`` ``at`` to ``to_date`` ``to_at``, and return the `booking_moved` fact."""
    sim.apply(A.MoveBooking(t, patient, date, at, to_date, to_at))
    return sim.facts.of_kind("booking_moved")[-1]


def test_the_away_day_is_announced_with_who_must_move():
    """The announcement (M11) names the doctor, the day and everyone booked then; the desk view lists them."""
    sim = day()
    fact, = sim.facts.of_kind("away_day_announced")
    assert fact.mechanic == "M11" and fact.get("doctor") == "greene" and fact.get("date") == "2026-03-10"
    assert fact.get("patients") == ("chen", "okafor")
    view = desk_view(sim)
    assert view.away_days == (("greene", "2026-03-10"),)
    assert [(b.patient, b.urgent) for b in view.to_move] == [("okafor", True), ("chen", False)]


def test_moving_off_the_away_day_records_what_the_grader_needs():
    """A move off the away day records `off_away_day`, how many days after it, urgency and whether the patient
    said they can come then; the booking is in its new place and off the list to move."""
    sim = day()
    fact = move(sim, T + 10, "okafor", "2026-03-10", "10:00", "2026-03-12", "9:00")
    assert fact.mechanic == "M11" and fact.get("off_away_day") is True and fact.get("days_after") == 2
    assert fact.get("urgent") is True and fact.get("patient_available") is True and fact.get("minutes") == 15
    assert ("2026-03-10", "greene", 10 * H) not in sim.appointments.bookings
    assert sim.appointments.bookings[("2026-03-12", "greene", 9 * H)].patient == "okafor"
    assert [b.patient for b in desk_view(sim).to_move] == ["chen"]


@pytest.mark.parametrize("to_date, to_at, available", [
    ("2026-03-11", "11:00", True),     # a Wednesday morning
    ("2026-03-12", "14:00", False),    # Thursday, but after noon
    ("2026-03-13", "9:00", False),     # Friday
    ("2026-03-11", "11:55", False),    # ends at 12:10, after they must leave (the grid here is 5 minutes)
])
def test_the_patients_availability_is_recorded_not_enforced(to_date, to_at, available):
    """A move outside the patient's stated days or hours goes through; `patient_available` says so."""
    sim = day()
    fact = move(sim, T + 10, "chen", "2026-03-10", "10:30", to_date, to_at)
    assert fact.get("patient_available") is available and fact.get("urgent") is False


def test_moving_a_booking_that_is_not_on_an_away_day():
    """A booking moved from an ordinary day is recorded as not off an away day."""
    sim = day()
    fact = move(sim, T + 10, "brown", "2026-03-11", "10:00", "2026-03-13", "10:00")
    assert fact.get("off_away_day") is False and fact.get("days_after") == 2


@pytest.mark.parametrize("to_date, to_at, words", [
    ("2026-03-11", "10:00", "already has a patient"),      # Brown's very start
    ("2026-03-11", "9:50", "already has a patient"),       # runs into Brown's visit
    ("2026-03-11", "10:10", "already has a patient"),      # starts inside Brown's visit
    ("2026-03-14", "10:00", "closed on Saturdays"),
    ("2026-03-12", "7:30", "grid"),                        # before opening: not one of the book's times
    ("2026-03-12", "10:02", "grid"),                       # between two times of the grid
    ("2026-03-12", "16:50", "past closing"),               # would end at 17:05
    ("2026-03-10", "14:00", "away on Tuesday 10 March"),   # the away day itself
    ("2026-03-02", "15:00", "later day"),
])
def test_the_book_refuses_impossible_moves(to_date, to_at, words):
    """Moving onto an overlapping visit, a closed weekday, outside hours, onto the away day or to today is
    refused, and the booking stays where it was."""
    sim = day()
    with pytest.raises(A.ActionError, match=words):
        sim.apply(A.MoveBooking(T + 10, "chen", "2026-03-10", "10:30", to_date, to_at))
    assert sim.appointments.bookings[("2026-03-10", "greene", 10 * H + 30 * M)].patient == "chen"
    assert not sim.facts.of_kind("booking_moved")


def test_a_visit_may_end_exactly_at_closing():
    """A 15-minute visit at 16:45 ends at closing and fits."""
    sim = day()
    assert move(sim, T + 10, "chen", "2026-03-10", "10:30", "2026-03-12", "16:45").get("to_at") == "16:45"


def test_moving_a_booking_that_does_not_exist_is_refused():
    """The patient must have a booking at the date and time named."""
    sim = day()
    with pytest.raises(A.ActionError, match="has no booking on 2026-03-10 at 10:00"):
        sim.apply(A.MoveBooking(T + 10, "chen", "2026-03-10", "10:00", "2026-03-12", "9:00"))


def test_booking_onto_an_announced_away_day_is_refused():
    """Before the desk hears of the away day a booking on it goes through; once announced it is refused."""
    sim = day(8 * H + 30 * M)
    sim.apply(A.AnswerCall(8 * H + 30 * M + 3, 1))
    sim.apply(A.BookAppointment(8 * H + 31 * M, 1, "2026-03-10", "15:00", "greene"))
    sim.apply(A.EndCall(8 * H + 32 * M, 1))
    assert sim.facts.of_kind("appointment_booked")[0].get("date") == "2026-03-10"
    sim.advance(9 * H + 30 * M)
    sim.apply(A.AnswerCall(9 * H + 30 * M + 3, 1))
    with pytest.raises(A.ActionError, match="away on Tuesday 10 March"):
        sim.apply(A.BookAppointment(9 * H + 31 * M, 1, "2026-03-10", "16:00", "greene"))
    assert len(sim.facts.of_kind("appointment_booked")) == 1


def test_a_booking_can_be_cancelled_from_the_book():
    """`cancel_booking` takes a later-day visit out of the book and records whether it was on an away day and what
    the patient still holds; a booking that is not there is refused in words."""
    sim = day()
    sim.apply(A.CancelBooking(T + 10, "chen", "2026-03-10", "10:30"))
    fact = sim.facts.of_kind("booking_cancelled")[-1]
    assert fact.get("off_away_day") is True and fact.get("still_holds") == ()
    assert ("2026-03-10", "greene", 10 * H + 30 * M) not in sim.appointments.bookings
    with pytest.raises(A.ActionError, match="Robert Chen has no booking on 2026-03-10 at 10:30"):
        sim.apply(A.CancelBooking(T + 20, "chen", "2026-03-10", "10:30"))
    sim.finish_day()
    # The day's end lists the book of every patient whose bookings changed: Chen's is now empty.
    changed = sim.facts[-1].get("bookings_changed")
    assert sim.facts[-1].kind == "day_ended" and not [row for row in changed if row[0] == "chen"]


def test_the_desk_sees_when_a_patient_can_come():
    """The booking to move shows the times the patient said they can come, so a student can respect them (the
    grader judges moves against the same times)."""
    view = desk_view(day())
    (chen,) = [b for b in view.to_move if b.patient == "chen"]
    assert chen.available == "wed, thu from 09:00 until 12:00"
