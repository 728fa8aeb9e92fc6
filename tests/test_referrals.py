"""Referrals (simulator/core/referrals.py; M10): sorting each referral by urgency under the office's guideline,
booking it, and telling the referring physician; the facts carry both the chosen and the true urgency."""

import textwrap

import pytest

from frontdesk.simulator.core import Simulation, desk_view
from frontdesk.simulator.core import actions as A
from frontdesk.simulator.scenario import load_scenario_text

H = 3600

#: Monday 2026-03-02. Two referral letters and a lab result reach the inbox at 8:10; Okafor is already booked
#: on Tuesday the 10th at 10:00. The guideline is the default: urgent 2 days, semi-urgent 14, routine 90.
REFERRALS = textwrap.dedent(
    """\
    format: 1
    id: referrals
    title: Referrals
    jurisdiction: ON
    clinic:
      name: Test Clinic
      staff:
        - {id: greene, role: doctor, name: Dr. Anne Greene}
        - {id: nurse, role: nurse, name: Sam Patel}
    directory:
      - {id: dr-lee, kind: physician, name: Dr. Karen Lee, fax: 416-555-0170}
      - {id: dr-roy, kind: physician, name: Dr. Paul Roy, fax: 416-555-0171}
      - {id: lab, kind: lab, name: City Lab, phone: 416-555-0100}
    patients:
      - {id: chen, name: Robert Chen, dob: 1958-04-12}
      - {id: okafor, name: Grace Okafor, dob: 1949-09-30}
      - {id: brown, name: Lily Brown, dob: 1990-10-10}
    schedule:
      - {at: "9:00", patient: chen, with: greene, type: follow_up}
    bookings:
      - {date: 2026-03-10, at: "10:00", patient: okafor, with: greene, type: follow_up}
    events:
      - {at: "8:10", document: {kind: referral, patient: brown, from: dr-lee, urgency: semi_urgent,
         reason: new heart murmur, clues: [exertional breathlessness]}}
      - {at: "8:10", document: {kind: referral, patient: chen, from: dr-roy, urgency: routine, type: follow_up}}
      - {at: "8:10", document: {kind: lab_result, patient: chen, from: lab, test: CBC}}
    """
)
T = 8 * H + 15 * 60


def day() -> Simulation:
    """The referrals day, run to 8:15 (the letters and the lab result are in the inbox)."""
    sim = Simulation(load_scenario_text(REFERRALS))
    sim.advance(T)
    return sim


def test_referrals_arrive_as_m10_documents():
    """A referral lands in the inbox as an M10 document; a lab result stays inbox work (M6)."""
    sim = day()
    assert [(f.get("document"), f.get("document_kind"), f.mechanic) for f in sim.facts.of_kind("document_arrived")] == [
        ("D1", "referral", "M10"), ("D2", "referral", "M10"), ("D3", "lab_result", "M6")]


def test_classifying_records_chosen_and_true_urgency_with_both_windows():
    """`classify_referral` records the urgency chosen and the referral's true urgency, each with its window
    under the office guideline, and sets the letter aside."""
    sim = day()
    sim.apply(A.ClassifyReferral(T + 10, "D1", "urgent"))
    fact, = sim.facts.of_kind("referral_classified")
    assert fact.mechanic == "M10" and fact.get("patient") == "brown"
    assert (fact.get("urgency"), fact.get("window_days")) == ("urgent", 2)
    assert (fact.get("true_urgency"), fact.get("true_window_days")) == ("semi_urgent", 14)
    doc = next(d for d in desk_view(sim).inbox if d.id == "D1")
    assert doc.status == "set_aside" and doc.urgency == "urgent"


def test_an_unknown_urgency_is_refused():
    """Only urgent, semi_urgent and routine are urgencies."""
    sim = day()
    with pytest.raises(A.ActionError, match="urgent, semi urgent, routine"):
        sim.apply(A.ClassifyReferral(T + 10, "D1", "whenever"))


def test_booking_records_days_ahead_and_refuses_a_second_booking():
    """`book_referral` records the date, how many days ahead it is and the windows; a referral is booked once."""
    sim = day()
    sim.apply(A.ClassifyReferral(T + 10, "D1", "semi_urgent"))
    sim.apply(A.BookReferral(T + 20, "D1", "2026-03-10", "9:00", "greene"))
    fact, = sim.facts.of_kind("referral_booked")
    assert fact.mechanic == "M10" and fact.get("patient") == "brown" and fact.get("date") == "2026-03-10"
    assert fact.get("at") == "09:00" and fact.get("days_ahead") == 8 and fact.get("visit_type") == "new_patient"
    assert fact.get("window_days") == 14 and fact.get("true_window_days") == 14
    assert sim.appointments.bookings[("2026-03-10", "greene", 9 * H)].patient == "brown"
    with pytest.raises(A.ActionError, match="already booked"):
        sim.apply(A.BookReferral(T + 30, "D1", "2026-03-11", "9:00", "greene"))


def test_the_book_refuses_a_referral_over_another_visit():
    """Double booking is impossible: the very start of another visit, and a 30-minute visit running into the next
    one, are both refused; a time clear of it goes through."""
    sim = day()
    with pytest.raises(A.ActionError, match="already has a patient from 10:00 to 10:15"):
        sim.apply(A.BookReferral(T + 10, "D1", "2026-03-10", "10:00", "greene"))
    with pytest.raises(A.ActionError, match="already has a patient from 10:00 to 10:15"):
        sim.apply(A.BookReferral(T + 20, "D1", "2026-03-10", "9:45", "greene"))
    sim.apply(A.BookReferral(T + 30, "D1", "2026-03-10", "9:30", "greene"))
    assert sim.facts.of_kind("referral_booked")[0].get("at") == "09:30"


def test_booking_is_refused_today_or_with_an_unknown_doctor():
    """A referral is booked on a later day, with one of the clinic's doctors."""
    sim = day()
    with pytest.raises(A.ActionError, match="later day"):
        sim.apply(A.BookReferral(T + 10, "D1", "2026-03-02", "15:00", "greene"))
    with pytest.raises(A.ActionError, match="not one of the clinic's doctors"):
        sim.apply(A.BookReferral(T + 20, "D1", "2026-03-10", "9:00", "nurse"))


@pytest.mark.parametrize("date, at", [("2026-03-07", "10:00"), ("2026-03-10", "3:00")])
def test_a_referral_is_not_booked_when_the_clinic_is_closed(date, at):
    """Booking a referral on a closed weekday or outside opening hours is refused, as a move there is."""
    sim = day()
    with pytest.raises(A.ActionError):
        sim.apply(A.BookReferral(T + 10, "D1", date, at, "greene"))


def test_notifying_records_the_physician_and_the_booked_date():
    """`notify_referrer` records the referring physician and the booked date and time; once only."""
    sim = day()
    sim.apply(A.BookReferral(T + 10, "D2", "2026-03-12", "11:00", "greene", visit_type="follow_up"))
    assert sim.facts.of_kind("referral_booked")[0].get("referral_type") == "follow_up"
    sim.apply(A.NotifyReferrer(T + 20, "D2"))
    fact, = sim.facts.of_kind("referrer_notified")
    assert fact.mechanic == "M10" and fact.get("physician") == "dr-roy"
    assert fact.get("date") == "2026-03-12" and fact.get("at") == "11:00"
    with pytest.raises(A.ActionError, match="already been told"):
        sim.apply(A.NotifyReferrer(T + 30, "D2"))


def test_notifying_before_booking_is_refused():
    """There is nothing to tell the referrer before the referral is booked."""
    sim = day()
    with pytest.raises(A.ActionError, match="Book the referral first"):
        sim.apply(A.NotifyReferrer(T + 10, "D1"))
    assert not sim.facts.of_kind("referrer_notified")


@pytest.mark.parametrize("action, words", [
    (A.ClassifyReferral(T + 10, "D3", "urgent"), "D3 is a lab result, not a referral"),
    (A.BookReferral(T + 10, "D3", "2026-03-10", "9:00", "greene"), "not a referral"),
    (A.NotifyReferrer(T + 10, "D3"), "not a referral"),
    (A.NotifyReferrer(T + 10, "D9"), "no document 'D9'"),
])
def test_referral_actions_on_other_documents_are_refused(action, words):
    """Classifying, booking and notifying work on referral letters only; anything else is refused."""
    sim = day()
    with pytest.raises(A.ActionError, match=words):
        sim.apply(action)
    assert not sim.facts.of_kind("referral_classified", "referral_booked", "referrer_notified")


def test_referral_work_needs_the_screen():
    """With the screen locked, referral work is refused."""
    sim = day()
    sim.apply(A.LockScreen(T + 5))
    with pytest.raises(A.ActionError, match="locked"):
        sim.apply(A.ClassifyReferral(T + 10, "D1", "urgent"))


def test_a_referrer_with_no_fax_cannot_be_sent_the_booking():
    """The booking goes back to the referring physician by fax: with no fax number on their entry, telling them is
    refused in words (and `validate` warns at the referral)."""
    sim = Simulation(load_scenario_text(REFERRALS.replace(", fax: 416-555-0171", ", phone: 416-555-0170")))
    sim.advance(T)
    sim.apply(A.BookReferral(T + 10, "D2", "2026-03-12", "11:00", "greene", visit_type="follow_up"))
    with pytest.raises(A.ActionError, match="Dr. Paul Roy has no fax number on file"):
        sim.apply(A.NotifyReferrer(T + 20, "D2"))
    assert not sim.facts.of_kind("referrer_notified")
