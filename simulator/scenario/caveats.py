"""Warnings: what a scenario says that the day will not act on, or not the way an author may expect.

A scenario with warnings is valid and plays; ``frontdesk validate`` prints each warning at the line of the key
it concerns (``path:line:col: warning: ...``) so that nothing an instructor writes is accepted and then silently
ignored. Each check here is a rule of the engine or the grader that an author cannot see from the format alone.
"""

from __future__ import annotations

from typing import Any, Iterator

from .jurisdictions import JURISDICTIONS, age_on
from .models import (
    ArrivalEvent,
    CallEvent,
    DocumentEvent,
    DoctorDelayEvent,
    Patient,
    Scenario,
    WalkInEvent,
)

__all__ = ["caveats"]

Path = tuple[Any, ...]
Found = tuple[Path, str, bool]  # (path, message, point at the key rather than the value)


def caveats(scenario: Scenario) -> list[Found]:
    """Every warning about ``scenario``, in file order (see the module's docstring)."""
    found: list[Found] = []
    for check in (_assist, _calls, _delays, _arrivals, _minors, _fasting, _numbers):
        found.extend(check(scenario))
    return found


def _assist(s: Scenario) -> Iterator[Found]:
    if s.assessment and s.assist != "none" and "assist" in s.model_fields_set:
        yield (("assist",), f"assist: {s.assist} has no effect in an assessment: an assessed day always plays with "
                            "assist none (no hints, no comparisons, no urgency marks)", False)
    if s.assist_level == "none":
        why = "an assessment" if s.assessment else "assist: none"
        for i, e in enumerate(s.events):
            if e.hint:
                yield (("events", i, "hint"), f"this hint is never shown: {why} plays without hints", True)


def _calls(s: Scenario) -> Iterator[Found]:
    for i, e in enumerate(s.events):
        if isinstance(e, CallEvent) and e.call.impostor and e.call.verification == "correct":
            yield (("events", i, "call", "impostor"),
                   "an impostor who answers every identity question correctly cannot be caught by verifying them, "
                   "yet telling them anything is graded a breach; add `verification: wrong` (or `refuses`)", True)
        if isinstance(e, CallEvent) and e.call.wants in ("book", "reschedule") and e.call.about is None:
            yield (("events", i, "call", "wants"),
                   f"a call that wants to {e.call.wants} with no `about` can never be booked (a booking is for a "
                   "patient); add `about: <patient id>`, or the desk can only take a message", False)


def _delays(s: Scenario) -> Iterator[Found]:
    limit = s.rubric.targets.max_wait_minutes
    for i, e in enumerate(s.events):
        if isinstance(e, DoctorDelayEvent) and e.doctor_delay.minutes < limit:
            yield (("events", i, "doctor_delay", "minutes"),
                   f"a delay of {e.doctor_delay.minutes} minutes is shorter than rubric.targets.max_wait_minutes "
                   f"({limit}): telling waiting patients is judged only for a patient seen more than {limit} minutes "
                   "late, so this delay alone asks nothing of the desk", False)


def _arrivals(s: Scenario) -> Iterator[Found]:
    patients = {p.id: p for p in s.patients if isinstance(p, Patient)}
    for i, e in enumerate(s.events):
        body = e.arrival if isinstance(e, ArrivalEvent) else e.walk_in if isinstance(e, WalkInEvent) else None
        if body is None or not body.forgot_card:
            continue
        kind = "arrival" if isinstance(e, ArrivalEvent) else "walk_in"
        p = patients.get(body.patient)
        if p is not None and p.health_card is None and p.insurance is None:
            yield (("events", i, kind, "forgot_card"),
                   f"{p.id!r} has no health card or insurance on file, so there is no card to forget", True)


def _minors(s: Scenario) -> Iterator[Found]:
    """A court order on a contact, or a confidential visit, means something only for a minor's parents."""
    until = JURISDICTIONS[s.jurisdiction].minor_until
    adults = {p.id for p in s.patients if isinstance(p, Patient) and age_on(p.dob, s.date) >= until}
    patients = [p for p in s.patients if isinstance(p, Patient)]
    for i, p in enumerate(patients):
        if p.id in adults:
            for j, c in enumerate(p.contacts):
                if c.court_order is not None:
                    yield (("patients", i, "contacts", j, "court_order"),
                           f"{p.id!r} is {age_on(p.dob, s.date)}, an adult here (a minor is under {until}): a court "
                           "order on a parent changes nothing for an adult, whose own consent decides", True)
    for i, a in enumerate(s.schedule):
        if a.confidential and a.patient in adults:
            yield (("schedule", i, "confidential"),
                   f"{a.patient!r} is an adult here (a minor is under {until}): all of an adult's care is theirs "
                   "alone, so `confidential` changes nothing", True)


def _fasting(s: Scenario) -> Iterator[Found]:
    """Whether a patient ate matters only for a specimen whose test needs fasting."""
    for i, a in enumerate(s.schedule):
        if not a.fasted and not any(sp.fasting for sp in a.specimens):
            yield (("schedule", i, "fasted"),
                   f"{a.patient!r} has no fasting specimen at this visit, so whether they ate changes nothing", True)


def _numbers(s: Scenario) -> Iterator[Found]:
    """A contact's phone number is on the chart but nothing dials it; a fax-only errand needs a fax number."""
    for i, p in enumerate(s.patients):
        if not isinstance(p, Patient):
            continue
        for j, c in enumerate(p.contacts):
            if c.phone is not None:
                yield (("patients", i, "contacts", j, "phone"),
                       "a contact's phone number is kept, but nothing in the day uses it yet (the desk phones only "
                       "patients)", True)
    directory = {d.id: d for d in s.directory}
    for i, p in enumerate(s.patients):
        if isinstance(p, Patient) and p.new and not p.brings_medication_list and p.pharmacy in directory \
                and directory[p.pharmacy].fax is None:
            yield (("patients", i, "pharmacy"),
                   f"{directory[p.pharmacy].name} has no fax number, so it cannot send {p.id!r}'s medication list "
                   "(asking for it will be refused)", False)
    for i, e in enumerate(s.events):
        if isinstance(e, DocumentEvent) and e.document.kind == "referral" and e.document.from_ in directory \
                and directory[e.document.from_].fax is None:
            yield (("events", i, "document", "from"),
                   f"{directory[e.document.from_].name} has no fax number, so the booking cannot be sent back "
                   "(telling the referrer will be refused)", False)
