"""Cross-checks: the parts of a scenario agree with each other.

The models check each value on its own; this module checks what only the whole file can tell: every id that is
referred to exists, times fall inside the day (or are marked as overnight or after hours on purpose), no doctor
is double-booked, visits fit in the day, ID cards pass the jurisdiction's check, and requests suit the
jurisdiction. Each problem is reported at the path of the value that is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Any, Iterator

from .jurisdictions import JURISDICTIONS, card_problems
from .models import (
    WEEKDAYS,
    Appointment,
    Booking,
    Patient,
    Scenario,
    event_kind,
)
from .problems import did_you_mean
from .times import format_clock

__all__ = ["check", "PATIENT_REQUESTS"]

Found = tuple[tuple[Any, ...], str, bool]  # (path, message, point at the key rather than the value)

#: Call requests that concern a particular patient, so the call must say which one (``about``).
PATIENT_REQUESTS = frozenset(
    {"cancel", "reschedule", "confirm", "results", "limited_use_code", "prior_authorization", "refill", "records",
     "critical_result", "medication_list"}
)


def check(scenario: Scenario, patient_origins: list[tuple[Any, ...]], broken_ids: frozenset[str] = frozenset()) -> list[Found]:
    """Every cross-reference problem in ``scenario``.

    ``patient_origins[i]`` is where patient i comes from: ``("patients", n)`` for a patient written out,
    ``("patients", n, "generate")`` for one made by a ``{generate: N}`` entry.
    ``broken_ids`` are ids of items set aside for errors of their own; references to them are not flagged.
    """
    return list(_Checker(scenario, patient_origins, broken_ids).run())


class _Checker:
    def __init__(self, scenario: Scenario, patient_origins: list[tuple[Any, ...]], broken_ids: frozenset[str]):
        self.s = scenario
        self.broken_ids = broken_ids
        self.origins = patient_origins
        self.j = JURISDICTIONS[scenario.jurisdiction]
        self.patients: dict[str, Patient] = {p.id: p for p in scenario.patients if isinstance(p, Patient)}
        self.staff = {m.id: m for m in scenario.clinic.staff}
        self.doctors = [m.id for m in scenario.clinic.staff if m.role == "doctor"]
        self.nurses = [m.id for m in scenario.clinic.staff if m.role == "nurse"]
        self.directory = {d.id: d for d in scenario.directory}
        self.visit_types = scenario.clinic.visit_types

    def run(self) -> Iterator[Found]:
        yield from self.unique_ids()
        yield from self.clinic()
        yield from self.patient_cards()
        yield from self.schedule()
        yield from self.bookings()
        yield from self.waiting_list()
        yield from self.reminders()
        yield from self.events()
        yield from self.rubric()

    # --- helpers ---------------------------------------------------------------------------------------------

    def ref(self, path: tuple[Any, ...], value: str | None, known: dict[str, Any] | list[str], what: str) -> Iterator[Found]:
        if value is not None and value not in known and value not in self.broken_ids:
            yield path, f"no {what} has the id {value!r}{did_you_mean(value, list(known))}", False

    def patient_ref(self, path: tuple[Any, ...], value: str | None) -> Iterator[Found]:
        yield from self.ref(path, value, self.patients, "patient")

    def doctor_ref(self, path: tuple[Any, ...], value: str) -> Iterator[Found]:
        if value in self.staff and value not in self.doctors:
            yield path, f"{value!r} is a {self.staff[value].role}, not a doctor", False
        else:
            yield from self.ref(path, value, self.doctors, "doctor")

    def visit_type_ref(self, path: tuple[Any, ...], value: str | None) -> Iterator[Found]:
        if value is not None and value not in self.visit_types:
            known = ", ".join(self.visit_types)
            yield path, f"unknown visit type {value!r}{did_you_mean(value, self.visit_types)}; clinic.visit_types has {known}", False

    def in_day(self, path: tuple[Any, ...], at: int, what: str = "this") -> Iterator[Found]:
        c = self.s.clinic
        if not c.opens <= at <= c.closes:
            yield path, (
                f"{what} at {format_clock(at)} is outside opening hours ({format_clock(c.opens)}–{format_clock(c.closes)}); "
                "mark it `overnight: true` or `after_hours: true` if that is on purpose"
            ), False

    # --- the checks ------------------------------------------------------------------------------------------

    def unique_ids(self) -> Iterator[Found]:
        seen: dict[str, tuple[Any, ...]] = {}
        for i, p in enumerate(self.s.patients):
            if isinstance(p, Patient):
                path = self.origins[i] + (("id",) if self._written(i) else ())
                if p.id in seen:
                    yield path, f"the patient id {p.id!r} is used twice (generated patients are p01, p02, ...)", False
                seen[p.id] = path
        for group, items in (("staff", self.s.clinic.staff), ("directory", self.s.directory)):
            ids: set[str] = set()
            for i, item in enumerate(items):
                base = ("clinic", "staff", i, "id") if group == "staff" else ("directory", i, "id")
                if item.id in ids:
                    yield base, f"the id {item.id!r} is used twice in {group}", False
                ids.add(item.id)

    def _written(self, index: int) -> bool:
        """True when patient ``index`` is written out in the file rather than generated."""
        return self.origins[index][-1] != "generate"

    def clinic(self) -> Iterator[Found]:
        c = self.s.clinic
        if c.opens >= c.closes:
            yield ("clinic", "closes"), "the clinic closes before it opens", False
        if not self.doctors:
            yield ("clinic", "staff"), "the staff needs at least one doctor (role: doctor)", False
        if c.lunch and c.lunch.from_ >= c.lunch.until:
            yield ("clinic", "lunch", "until"), "lunch ends before it starts", False
        for i, member in enumerate(c.staff):
            for w, window in enumerate(member.away):
                if window.from_ >= window.until:
                    yield ("clinic", "staff", i, "away", w, "until"), "this time away ends before it starts", False
        if day_of_week(self.s.date) not in c.days:
            yield ("date",), f"{self.s.date} is a {self.s.date:%A}, and the clinic is closed that day (clinic.days)", False
        for i, d in enumerate(self.s.directory):
            if d.kind in ("lab", "pharmacy", "hospital") and not (d.phone or d.fax):
                yield ("directory", i), f"{d.name} needs a phone or a fax number, so the desk can reach it", False

    def patient_cards(self) -> Iterator[Found]:
        for i, p in enumerate(self.s.patients):
            if not isinstance(p, Patient) or not self._written(i):
                continue
            base = self.origins[i]
            wrong = "insurance" if self.j.id_document == "health_card" else "health_card"
            if getattr(p, wrong) is not None:
                yield base + (wrong,), (
                    f"in a {self.j.code} scenario the patient's card is their {self.j.id_document_label}: "
                    f"write `{self.j.id_document}`, not `{wrong}`"
                ), True
            yield from self.card(base, p.health_card, p.insurance)
            if p.dob >= self.s.date:
                yield base + ("dob",), f"born on {p.dob}, on or after the simulated day ({self.s.date})", False
            yield from self.ref(base + ("pharmacy",), p.pharmacy, self.directory, "directory entry")
            if p.address is not None:
                yield from self.postal(base + ("address", "postal"), p.address.postal)

    def card(self, base: tuple[Any, ...], card: Any, insurance: Any) -> Iterator[Found]:
        if card is not None and not card.invalid:
            for problem in card_problems(self.j, card.number, card.version):
                yield base + ("health_card", "number"), problem, False
        if insurance is not None and not insurance.invalid:
            for problem in card_problems(self.j, insurance.member_id):
                yield base + ("insurance", "member_id"), problem, False

    def postal(self, path: tuple[Any, ...], postal: str) -> Iterator[Found]:
        if not re.match(self.j.postal_pattern, postal.upper()):
            yield path, f"{postal!r} is not a postal code of {self.j.name} ({self.j.postal_hint})", False

    def appointments(self, section: str, items: tuple[Appointment | Booking, ...]) -> Iterator[Found]:
        """Shared by today's schedule and the later book: references, fit in the day, no double booking."""
        c = self.s.clinic
        taken: dict[tuple[Any, str], list[tuple[int, int, int]]] = defaultdict(list)
        for i, a in enumerate(items):
            base: tuple[Any, ...] = (section, i)
            yield from self.patient_ref(base + ("patient",), a.patient)
            yield from self.doctor_ref(base + ("with",), a.with_)
            yield from self.visit_type_ref(base + ("type",), a.type)
            if a.type not in self.visit_types:
                continue
            length = self.s.visit_length(a) * 60
            start, end = a.at, a.at + length
            if start < c.opens or end > c.closes:
                yield base + ("at",), (
                    f"a {length // 60}-minute visit at {format_clock(start)} does not fit in opening hours "
                    f"({format_clock(c.opens)}–{format_clock(c.closes)})"
                ), False
            day = getattr(a, "date", self.s.date)
            if day == self.s.date and a.with_ in self.staff:
                for window in self.staff[a.with_].away:
                    if start < window.until and window.from_ < end:
                        yield base + ("at",), (
                            f"{self.staff[a.with_].name} is away {format_clock(window.from_)}–{format_clock(window.until)} "
                            "(clinic.staff, away)"
                        ), False
            for key in ((day, "doctor:" + a.with_), (day, "patient:" + a.patient)):
                for other_start, other_end, other in taken[key]:
                    if start < other_end and other_start < end:
                        who = self.staff[a.with_].name if key[1].startswith("doctor:") and a.with_ in self.staff else a.patient
                        yield base + ("at",), (
                            f"{who} is double-booked: this visit overlaps the {format_clock(other_start)}–"
                            f"{format_clock(other_end)} visit with {items[other].patient}"
                        ), False
                        break
                taken[key].append((start, end, i))

    def schedule(self) -> Iterator[Found]:
        yield from self.appointments("schedule", self.s.schedule)
        for i, a in enumerate(self.s.schedule):
            if a.orders and a.orders.follow_up_type:
                yield from self.visit_type_ref(("schedule", i, "orders", "follow_up_type"), a.orders.follow_up_type)
            if a.vitals is not None:
                systolic, diastolic = (int(x) for x in a.vitals.bp.split("/"))
                if systolic <= diastolic:
                    yield ("schedule", i, "vitals", "bp"), "systolic (first) must be higher than diastolic", False
            if (a.vitals or a.specimens) and self.s.mode != "medical_assistant":
                yield ("schedule", i), "vitals and specimens need `mode: medical_assistant`", False

    def bookings(self) -> Iterator[Found]:
        yield from self.appointments("bookings", self.s.bookings)
        for i, b in enumerate(self.s.bookings):
            if b.date <= self.s.date:
                yield ("bookings", i, "date"), f"bookings are for later days; {b.date} is not after {self.s.date}", False
            elif WEEKDAYS[b.date.weekday()] not in self.s.clinic.days:
                yield ("bookings", i, "date"), f"{b.date} is a {b.date:%A}, and the clinic is closed that day", False

    def waiting_list(self) -> Iterator[Found]:
        seen = set()
        for i, entry in enumerate(self.s.waiting_list):
            yield from self.patient_ref(("waiting_list", i), entry.patient)
            yield from self.visit_type_ref(("waiting_list", i, "type"), entry.type)
            if entry.patient in seen:
                yield ("waiting_list", i), f"{entry.patient!r} is on the waiting list twice", False
            seen.add(entry.patient)

    def reminders(self) -> Iterator[Found]:
        r = self.s.reminders
        if r is None:
            return
        if r.date <= self.s.date:
            yield ("reminders", "date"), f"reminders are for a later day; {r.date} is not after {self.s.date}", False
        elif not any(b.date == r.date for b in self.s.bookings):
            yield ("reminders", "date"), f"no booking is on {r.date}, so there is nobody to remind (add them to bookings)", False
        if r.due is not None:
            yield from self.in_day(("reminders", "due"), r.due, "the reminders' due time")

    def events(self) -> Iterator[Found]:
        today = {(a.patient, a.at) for a in self.s.schedule}
        scheduled = {a.patient for a in self.s.schedule}
        no_shows = {a.patient for a in self.s.schedule if a.no_show}
        arrived: set[str] = set()
        for i, event in enumerate(self.s.events):
            kind = event_kind(event)
            base: tuple[Any, ...] = ("events", i)
            body = getattr(event, kind)
            if event.overnight and event.after_hours:
                yield base + ("after_hours",), "an event is either overnight or after hours, not both", True
            if not (event.overnight or event.after_hours):
                yield from self.in_day(base + ("at",), event.at, f"this {kind.replace('_', ' ')}")
            if kind in ("voicemail", "email"):
                yield from self.ref(base + (kind, "from"), body.from_, {**self.patients, **self.directory}, "patient or directory entry")
                yield from self.patient_ref(base + (kind, "about"), body.about)
                yield from self.ref(base + (kind, "for"), body.for_, self.staff, "staff member")
                who = body.about or body.from_
                if body.intent == "cancel" and body.appointment is not None and (who, body.appointment) not in today:
                    if who in self.patients:
                        yield base + (kind, "appointment"), (
                            f"{who!r} has no appointment at {format_clock(body.appointment)} today to cancel"
                        ), False
            elif kind == "call":
                yield from self.patient_ref(base + ("call", "about"), body.about)
                if body.wants in PATIENT_REQUESTS and body.about is None:
                    yield base + ("call",), f"a call that wants {body.wants} must say which patient (`about`)", False
                coverage = {"limited_use_code", "prior_authorization"}
                if body.wants in coverage and body.wants != self.j.drug_coverage_request:
                    yield base + ("call", "wants"), (
                        f"{body.wants} does not exist in a {self.j.code} scenario; there the pharmacist asks for "
                        f"{self.j.drug_coverage_request} ({self.j.drug_coverage_label})"
                    ), False
                if body.line is not None and body.line > self.s.clinic.phone_lines:
                    yield base + ("call", "line"), f"the clinic has only {self.s.clinic.phone_lines} phone lines", False
            elif kind == "arrival":
                p = body.patient
                yield from self.patient_ref(base + ("arrival", "patient"), p)
                if p in self.patients and p not in scheduled:
                    yield base + ("arrival", "patient"), (
                        f"{p!r} has no appointment today; use a walk_in event for a patient without one"
                    ), False
                if p in no_shows:
                    yield base + ("arrival", "patient"), f"{p!r} is marked no_show on the schedule but arrives", False
                if p in arrived:
                    yield base + ("arrival", "patient"), f"{p!r} arrives twice", False
                arrived.add(p)
                if body.changes is not None:
                    yield from self.card(base + ("arrival", "changes"), body.changes.health_card, body.changes.insurance)
                    yield from self.ref(base + ("arrival", "changes", "pharmacy"), body.changes.pharmacy, self.directory, "directory entry")
            elif kind == "walk_in":
                yield from self.patient_ref(base + ("walk_in", "patient"), body.patient)
                if not self.nurses:
                    yield base + ("walk_in",), "walk-ins are triaged with a nurse; add a staff member with role: nurse", False
            elif kind == "doctor_delay":
                yield from self.doctor_ref(base + ("doctor_delay", "doctor"), body.doctor)
                if body.minutes <= 0:
                    yield base + ("doctor_delay", "minutes"), "a delay is at least one minute", False
            elif kind == "document":
                yield from self.document(base + ("document",), body)
            elif kind == "away_day":
                yield from self.doctor_ref(base + ("away_day", "doctor"), body.doctor)
                if body.date <= self.s.date:
                    yield base + ("away_day", "date"), f"the away day must be after {self.s.date}", False
                elif not any(b.date == body.date and b.with_ == body.doctor for b in self.s.bookings):
                    yield base + ("away_day", "date"), (
                        f"nobody is booked with {body.doctor!r} on {body.date}, so there is nothing to reschedule"
                    ), False

    def document(self, base: tuple[Any, ...], doc: Any) -> Iterator[Found]:
        yield from self.patient_ref(base + ("patient",), doc.patient)
        yield from self.ref(base + ("from",), doc.from_, self.directory, "directory entry")
        needed = {"lab_result": "test", "renewal": "medication", "referral": "urgency"}
        field = needed.get(doc.kind)
        if field and getattr(doc, field) is None:
            yield base, f"a {doc.kind.replace('_', ' ')} needs `{field}`", False
        yield from self.visit_type_ref(base + ("type",), doc.type)

    def rubric(self) -> Iterator[Found]:
        w = self.s.rubric.weights
        total = w.multitasking + w.accuracy + w.privacy
        if abs(total - 1) > 1e-6:
            yield ("rubric", "weights"), f"the weights add up to {total:g}; they must add up to 1", False


def day_of_week(day: dt.date) -> str:
    """``mon`` ... ``sun`` for ``day``, as ``clinic.days`` writes it."""
    return WEEKDAYS[day.weekday()]
