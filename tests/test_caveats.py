"""Warnings: parts of a valid scenario that the day will not act on are named at their line by `validate`."""

from __future__ import annotations

from conftest import MINI

from frontdesk.simulator.scenario import parse_scenario, scenario_warnings


def warnings_of(text: str) -> list[str]:
    """The warnings of a scenario text, as `validate` prints them."""
    scenario, located = parse_scenario(text, "s.yaml")
    return [str(w) for w in scenario_warnings(scenario, located, "s.yaml")]


def test_the_shipped_kind_of_day_has_no_warning():
    """The small valid day warns about nothing: a warning means something will be ignored."""
    assert warnings_of(MINI) == []


def test_a_second_walk_in_of_one_patient_is_a_visit_of_its_own():
    """A patient who walks in twice has two visits (the second waits until the first is over): no warning."""
    text = MINI + (
        "events:\n"
        '  - {at: "9:30", walk_in: {patient: okafor, complaint: sore throat}}\n'
        '  - {at: "14:00", walk_in: {patient: okafor, complaint: sore throat again}}\n')
    assert warnings_of(text) == []


def test_a_booking_call_with_no_patient_is_named():
    """A call that wants to book with no `about` can never be booked: a warning at its `wants`; with `about`,
    none."""
    call = '  - {{at: "9:10", call: {{caller: patient, name: Pat Doe, wants: book{about}}}}}\n'
    assert "can never be booked" in warnings_of(MINI + "events:\n" + call.format(about=""))[0]
    assert warnings_of(MINI + "events:\n" + call.format(about=", about: okafor")) == []


def test_a_delay_shorter_than_the_wait_target_is_named():
    """A doctor delay shorter than `rubric.targets.max_wait_minutes` asks nothing of the desk: a warning that says
    the target; a longer one does not warn."""
    delay = '  - {{at: "8:45", doctor_delay: {{doctor: greene, minutes: {m}}}}}\n'
    (short,) = warnings_of(MINI + "events:\n" + delay.format(m=10))
    assert "max_wait_minutes (15)" in short and "s.yaml:16:" in short
    assert warnings_of(MINI + "events:\n" + delay.format(m=45)) == []


def test_a_forgotten_card_of_a_patient_with_no_card_is_named():
    """`forgot_card` on a patient with no card on file has nothing to forget; on one with a card it is fine."""
    arrival = '  - {{at: "8:50", arrival: {{patient: {p}, forgot_card: true}}}}\n'
    booked = MINI.replace("schedule:\n", 'schedule:\n  - {at: "9:30", patient: okafor, with: greene, type: follow_up}\n')
    assert "no card to forget" in warnings_of(booked + "events:\n" + arrival.format(p="okafor"))[0]
    assert warnings_of(MINI + "events:\n" + arrival.format(p="chen")) == []


def test_validate_prints_warnings_and_strict_fails_on_them(write, frontdesk):
    """`validate` prints each warning as `path:line:col: warning: ...` and still says ok (exit 0); with `--strict`
    a warning fails the file (exit 1)."""
    path = write(MINI + "events:\n" + '  - {at: "8:45", doctor_delay: {doctor: greene, minutes: 5}}\n')
    code, out, _ = frontdesk("validate", path)
    assert code == 0 and f"{path}:16:" in out and ": warning: a delay of 5 minutes" in out
    assert out.rstrip().endswith(f"{path}: ok, with 1 warning")
    code, out, _ = frontdesk("validate", "--strict", path)
    assert code == 1


def test_a_court_order_or_a_confidential_visit_of_an_adult_is_named():
    """A court order on an adult patient's contact and a confidential visit of an adult change nothing (only a
    minor's parents are concerned): each is a warning at its key."""
    text = MINI.replace("{id: okafor, name: Grace Okafor, dob: 1949-09-30}",
                        "{id: okafor, name: Grace Okafor, dob: 1949-09-30,"
                        " contacts: [{name: Tom Okafor, relationship: father, court_order: no access}]}")
    text = text.replace("type: follow_up}", "type: follow_up, confidential: true}")
    found = warnings_of(text)
    assert len(found) == 2 and all("an adult here" in w for w in found), found
    assert "court_order" not in warnings_of(MINI)


def test_a_contacts_phone_number_is_named_as_unused():
    """Nothing in the day dials a contact's number: a warning at it; a contact without one draws none."""
    contact = "{name: Ann Chen, relationship: daughter%s}"
    text = MINI.replace("version: AB}}", "version: AB}, contacts: [" + contact + "]}")
    assert warnings_of(text % "") == []
    (found,) = warnings_of(text % ", phone: 416-555-0150")
    assert "a contact's phone number is kept, but nothing in the day uses it yet" in found


def test_a_fax_errand_without_a_fax_number_is_named():
    """A referral from a physician with no fax number (the booking goes back by fax) draws a warning at `from`."""
    text = MINI.replace("patients:", "directory:\n  - {id: roy, kind: physician, name: Dr. Paul Roy%s}\npatients:") + (
        "events:\n  - {at: \"9:00\", document: {kind: referral, patient: okafor, from: roy, urgency: routine}}\n")
    assert warnings_of(text % ", fax: 416-555-0171") == []
    (found,) = warnings_of(text % "")
    assert "Dr. Paul Roy has no fax number, so the booking cannot be sent back" in found


def test_help_an_assessment_never_gives_is_named():
    """An assessment plays with assist none: an `assist` above none, and every event's hint, are named as having
    no effect; the same day as practice warns about neither."""
    event = 'events:\n  - {at: "9:10", call: {caller: patient, name: Pat Doe, about: okafor, wants: book}, hint: "Book it."}\n'
    assessed = warnings_of(MINI.replace("format: 1\n", "format: 1\nassessment: true\nassist: full\n") + event)
    assert any("assist: full has no effect in an assessment" in w for w in assessed)
    assert any("this hint is never shown" in w for w in assessed)
    assert warnings_of(MINI + event) == []
    assert any("this hint is never shown" in w
               for w in warnings_of(MINI.replace("format: 1\n", "format: 1\nassist: none\n") + event))


def test_an_impostor_who_answers_correctly_is_named():
    """An impostor who confirms every identifier cannot be caught by asking, yet telling them is a breach: a
    warning at `impostor`; with `verification: wrong`, none."""
    call = ('events:\n  - {{at: "9:10", call: {{caller: patient, name: Pat Doe, about: okafor, wants: results, '
            'impostor: true{verification}}}}}\n')
    assert any("cannot be caught" in w for w in warnings_of(MINI + call.format(verification="")))
    assert warnings_of(MINI + call.format(verification=", verification: wrong")) == []
