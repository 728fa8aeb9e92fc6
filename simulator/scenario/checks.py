"""Cross-checks: the parts of a scenario agree with each other.

The models check each value on its own; this module checks what only the whole file can tell: every id that is
referred to exists, times fall inside the day (or are marked as overnight or after hours on purpose), no doctor
is double-booked, visits fit in the day, ID cards pass the jurisdiction's check, requests suit the
jurisdiction, and everyone booked on an away day can be moved (:mod:`simulator.scenario.book`). Each problem is
reported at the path of the value that is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Any, Iterator

from .book import rebooking_plan
from .jurisdictions import JURISDICTIONS, card_problems
from .models import WEEKDAYS, Address, Appointment, Booking, Patient, Scenario, Window, event_kind
from .problems import did_you_mean
from .times import format_clock

__all__ = ["check", "day_of_week", "PATIENT_REQUESTS", "OVERNIGHT_KINDS"]

Path = tuple[Any, ...]
Found = tuple[Path, str, bool]  # (path, message, point at the key rather than the value)

#: Call requests that concern a particular patient, so the call must say which one (``about``).
PATIENT_REQUESTS = frozenset(
    {"cancel", "reschedule", "confirm", "results", "limited_use_code", "prior_authorization", "refill", "records",
     "critical_result", "medication_list"}
)
#: Events that can be waiting when the office opens; a patient or a ringing phone cannot.
OVERNIGHT_KINDS = frozenset({"voicemail", "email", "document"})

#: What each kind of document must say: (attribute, key in the file, why).
_DOCUMENT_NEEDS = {
    "lab_result": (("test", "test", ""),),
    "renewal": (("medication", "medication", ""),),
    "referral": (("urgency", "urgency", ""), ("from_", "from", " (the referring physician, who must be told)")),
}
#: A booked patient who comes in this long before their time (or during their visit) is arriving for it.
_COMES_EARLY = 60 * 60
_OUTSIDE_HOURS_ADVICE = "mark it `overnight: true` or `after_hours: true` if that is on purpose"


def day_of_week(day: dt.date) -> str:
    """``mon`` ... ``sun`` for ``day``, as ``clinic.days`` writes it."""
    return WEEKDAYS[day.weekday()]


class _Reference(tuple):
    """A problem with a reference: a name that points at nothing (or at the wrong kind of thing)."""


def check(
    scenario: Scenario,
    patient_origins: list[Path],
    mended: frozenset[str] | None = None,
) -> list[Found]:
    """Every cross-reference problem in ``scenario``.

    ``patient_origins[i]`` is where patient i comes from: ``("patients", n)`` for a patient written out,
    ``("patients", n, "generate")`` for one made by a ``{generate: N}`` entry.

    ``mended`` is for a scenario that had errors of its own and was mended to be checked at all: it names the
    parts that were set aside (``patients``, ``staff``, ``directory``, ``visit_types``, ``schedule``). Then only
    reference problems are reported (other checks could be misled by a value put in place of a wrong one), and
    references into a set-aside part are not flagged, since the names it held are unknown.
    """
    found = list(_Checker(scenario, patient_origins, mended or frozenset()).run())
    return found if mended is None else [f for f in found if isinstance(f, _Reference)]


class _Checker:
    def __init__(self, scenario: Scenario, patient_origins: list[Path], mended: frozenset[str]):
        self.s = scenario
        self.origins = patient_origins
        self.mended = mended
        self.j = JURISDICTIONS[scenario.jurisdiction]
        self.patients: dict[str, Patient] = {p.id: p for p in scenario.patients if isinstance(p, Patient)}
        self.staff = {m.id: m for m in scenario.clinic.staff}
        self.doctors = [m.id for m in scenario.clinic.staff if m.role == "doctor"]
        self.nurses = [m.id for m in scenario.clinic.staff if m.role == "nurse"]
        self.directory = {d.id: d for d in scenario.directory}
        self.visit_types = scenario.clinic.visit_types
        self.hours_ok = scenario.clinic.opens < scenario.clinic.closes

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

    def ref(self, path: Path, value: str | None, known: dict[str, Any] | list[str], what: str, part: str) -> Iterator[Found]:
        if value is not None and value not in known and part not in self.mended:
            hint = did_you_mean(value, list(known))
            if not hint and what == "patient" and re.fullmatch(r"p\d+", value):
                hint = " (ids like p01 exist only with a `{generate: N}` entry in patients)"
            yield _Reference((path, f"no {what} has the id {value!r}{hint}", False))

    def patient_ref(self, path: Path, value: str | None) -> Iterator[Found]:
        yield from self.ref(path, value, self.patients, "patient", "patients")

    def directory_ref(self, path: Path, value: str | None) -> Iterator[Found]:
        yield from self.ref(path, value, self.directory, "directory entry", "directory")

    def holder_ref(self, path: Path, value: str) -> Iterator[Found]:
        """Who holds a visit of today: a doctor, or in medical-assistant mode a medical assistant (a lab visit)."""
        if self.s.mode == "medical_assistant" and value in self.staff and self.staff[value].role == "medical_assistant":
            return
        yield from self.doctor_ref(path, value)

    def doctor_ref(self, path: Path, value: str) -> Iterator[Found]:
        if value in self.staff and value not in self.doctors:
            yield _Reference((path, f"{value!r} is a {self.staff[value].role}, not a doctor", False))
        else:
            yield from self.ref(path, value, self.doctors, "doctor", "staff")

    def visit_type_ref(self, path: Path, value: str | None) -> Iterator[Found]:
        if value is not None and value not in self.visit_types and "visit_types" not in self.mended:
            known = ", ".join(self.visit_types)
            yield _Reference((
                path, f"unknown visit type {value!r}{did_you_mean(value, self.visit_types)}; clinic.visit_types has {known}", False
            ))

    def in_day(self, path: Path, at: int, what: str, advice: str = "") -> Iterator[Found]:
        c = self.s.clinic
        if self.hours_ok and not c.opens <= at <= c.closes:
            yield path, (
                f"{what} at {format_clock(at)} is outside opening hours ({format_clock(c.opens)}–{format_clock(c.closes)})"
                + (f"; {advice}" if advice else "")
            ), False

    def window(self, path: Path, window: Window, what: str) -> Iterator[Found]:
        if window.from_ >= window.until:
            yield path + ("until",), f"{what} ends before it starts", False
        else:
            yield from self.in_day(path + ("from",), window.from_, f"{what} starting")
            yield from self.in_day(path + ("until",), window.until, f"{what} ending")

    def postal(self, path: Path, address: Address | None) -> Iterator[Found]:
        if address is not None and not re.match(self.j.postal_pattern, address.postal.upper()):
            yield path + ("postal",), f"{address.postal!r} is not a postal code of {self.j.name} ({self.j.postal_hint})", False

    def card(self, base: Path, holder: Any) -> Iterator[Found]:
        """The holder's card of this jurisdiction's kind passes its check, unless marked invalid on purpose."""
        if self.j.id_document == "health_card":
            card, field, number, version = holder.health_card, "health_card", "number", getattr(holder.health_card, "version", None)
        else:
            card, field, number, version = holder.insurance, "insurance", "member_id", None
        if card is None:
            return
        problems = card_problems(self.j, getattr(card, number), version)
        if not card.invalid:
            for which, problem in problems:
                yield base + (field, number if which == "number" else which), problem, False
        elif not problems:
            yield base + (field, "invalid"), (
                "this card is marked invalid but passes every check, so it is no trap; change its number, "
                "or drop `invalid` (an expired card is a trap through `expires` alone)"
            ), True

    # --- the checks ------------------------------------------------------------------------------------------

    def unique_ids(self) -> Iterator[Found]:
        seen: set[str] = set()
        for i, p in enumerate(self.s.patients):
            if isinstance(p, Patient):
                path = self.origins[i] + (("id",) if self._written(i) else ())
                if p.id in seen:
                    yield path, f"the patient id {p.id!r} is used twice (generated patients are p01, p02, ...)", False
                elif p.id in self.directory:
                    yield path, f"{p.id!r} is both a patient and a directory entry; give them different ids", False
                seen.add(p.id)
        groups = (("staff", [m.id for m in self.s.clinic.staff]), ("directory", [d.id for d in self.s.directory]))
        for group, listed in groups:
            ids: set[str] = set()
            for i, item_id in enumerate(listed):
                base = ("clinic", "staff", i, "id") if group == "staff" else ("directory", i, "id")
                if item_id in ids:
                    yield base, f"the id {item_id!r} is used twice in {group}", False
                ids.add(item_id)

    def _written(self, index: int) -> bool:
        """True when patient ``index`` is written out in the file rather than generated."""
        return self.origins[index][-1] != "generate"

    def clinic(self) -> Iterator[Found]:
        c = self.s.clinic
        if not self.hours_ok:
            yield ("clinic", "closes"), f"the clinic closes ({format_clock(c.closes)}) at or before it opens ({format_clock(c.opens)})", False
        if not self.doctors:
            yield ("clinic", "staff"), "the staff needs at least one doctor (role: doctor)", False
        if c.lunch:
            yield from self.window(("clinic", "lunch"), c.lunch, "lunch")
        for i, member in enumerate(c.staff):
            if member.arrives is not None and self.hours_ok and member.arrives >= c.closes:
                yield ("clinic", "staff", i, "arrives"), (
                    f"{member.name} arrives at {format_clock(member.arrives)}, when the clinic has closed "
                    f"({format_clock(c.closes)})"), False
            came = member.arrives if member.arrives is not None else c.opens
            if member.leaves is not None and member.leaves <= came:
                yield ("clinic", "staff", i, "leaves"), (
                    f"{member.name} leaves at {format_clock(member.leaves)}, before arriving at {format_clock(came)}"
                ), False
            for w, window in enumerate(member.away):
                yield from self.window(("clinic", "staff", i, "away", w), window, "this time away")
        if day_of_week(self.s.date) not in c.days:
            yield ("date",), f"{self.s.date} is a {self.s.date:%A}, and the clinic is closed that day (clinic.days)", False
        yield from self.postal(("clinic", "address"), c.address)
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
                    f"in {self.j.code} scenarios the patient's card is their {self.j.id_document_label}: "
                    f"write `{self.j.id_document}`, not `{wrong}`"
                ), True
            yield from self.card(base, p)
            if p.dob >= self.s.date:
                yield base + ("dob",), f"born on {p.dob}, on or after the simulated day ({self.s.date})", False
            yield from self.directory_ref(base + ("pharmacy",), p.pharmacy)
            yield from self.postal(base + ("address",), p.address)

    def appointments(self, section: str, items: tuple[Appointment | Booking, ...]) -> Iterator[Found]:
        """Shared by today's schedule and the later book: references, fit in the day, no double booking."""
        c = self.s.clinic
        taken: dict[tuple[Any, str], list[tuple[int, int, int]]] = defaultdict(list)
        for i, a in enumerate(items):
            base: Path = (section, i)
            yield from self.patient_ref(base + ("patient",), a.patient)
            if section == "schedule":
                yield from self.holder_ref(base + ("with",), a.with_)
            else:
                yield from self.doctor_ref(base + ("with",), a.with_)
            yield from self.visit_type_ref(base + ("type",), a.type)
            if a.type not in self.visit_types:
                continue
            start = a.at
            end = start + self.s.visit_length(a) * 60
            day = getattr(a, "date", self.s.date)
            doctor = self.staff.get(a.with_)
            # Today, a doctor who comes in early may see patients before the doors open; later days keep to the
            # clinic's hours (staff hours are today's).
            early = doctor.arrives if day == self.s.date and doctor is not None and doctor.arrives is not None else None
            opens = min(c.opens, early) if early is not None else c.opens
            if self.hours_ok and (start < opens or end > c.closes):
                yield base + ("at",), (
                    f"a {(end - start) // 60}-minute visit at {format_clock(start)} does not fit in opening hours "
                    f"({format_clock(c.opens)}–{format_clock(c.closes)})"
                    + (f" or the doctor's early start ({format_clock(opens)})" if opens < c.opens else "")
                ), False
            if day == self.s.date and doctor is not None:
                for window in doctor.away:
                    if start < window.until and window.from_ < end:
                        yield base + ("at",), (
                            f"{doctor.name} is away {format_clock(window.from_)}–{format_clock(window.until)} (clinic.staff, away)"
                        ), False
                if doctor.arrives is not None and start < doctor.arrives:
                    yield base + ("at",), f"{doctor.name} arrives at {format_clock(doctor.arrives)}, after this visit starts", False
                if doctor.leaves is not None and end > doctor.leaves:
                    yield base + ("at",), f"{doctor.name} leaves at {format_clock(doctor.leaves)}, before this visit ends", False
            clash = None
            for key in ((day, "doctor:" + a.with_), (day, "patient:" + a.patient)):
                for other_start, other_end, other in taken[key]:
                    if clash is None and start < other_end and other_start < end:
                        clash = (key[1].startswith("doctor:"), other_start, other_end, items[other])
                taken[key].append((start, end, i))
            if clash is not None:
                by_doctor, other_start, other_end, other_item = clash
                span = f"{format_clock(other_start)}–{format_clock(other_end)}"
                if by_doctor:
                    who = doctor.name if doctor is not None else a.with_
                    message = f"{who} is double-booked: this visit overlaps the {span} visit with {other_item.patient}"
                else:
                    with_whom = self.staff[other_item.with_].name if other_item.with_ in self.staff else other_item.with_
                    message = f"{a.patient!r} is booked twice at once: this visit overlaps the {span} visit with {with_whom}"
                yield base + ("at",), message, False

    def schedule(self) -> Iterator[Found]:
        yield from self.appointments("schedule", self.s.schedule)
        for i, a in enumerate(self.s.schedule):
            held = self.staff.get(a.with_)
            if held is not None and held.role == "medical_assistant":
                if not a.specimens:
                    yield ("schedule", i, "with"), (
                        f"a visit with {held.name} (a medical assistant) is a lab visit: give it `specimens` to draw"
                    ), False
                for key in ("vitals", "orders", "needs"):
                    if getattr(a, key):
                        yield ("schedule", i, key), (
                            f"a lab visit with {held.name} draws specimens only: `{key}` belongs to a doctor's visit"
                        ), True
            if a.orders and a.orders.follow_up_type:
                yield from self.visit_type_ref(("schedule", i, "orders", "follow_up_type"), a.orders.follow_up_type)
            if a.vitals is not None:
                systolic, diastolic = (int(x) for x in a.vitals.bp.split("/"))
                if systolic <= diastolic:
                    yield ("schedule", i, "vitals", "bp"), "systolic (first) must be higher than diastolic", False
                if a.vitals.temperature_c is not None and a.vitals.temperature_f is not None:
                    yield (("schedule", i, "vitals", "temperature_f"),
                           "give the temperature once, in °C (temperature_c) or in °F (temperature_f)", False)
            if (a.vitals or a.specimens) and self.s.mode != "medical_assistant":
                yield ("schedule", i), "vitals and specimens need `mode: medical_assistant`", False

    def bookings(self) -> Iterator[Found]:
        yield from self.appointments("bookings", self.s.bookings)
        for i, b in enumerate(self.s.bookings):
            if b.date <= self.s.date:
                yield ("bookings", i, "date"), f"bookings are for later days; {b.date} is not after {self.s.date}", False
            elif day_of_week(b.date) not in self.s.clinic.days:
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
        scheduled = {a.patient for a in self.s.schedule}
        # A typo in an appointment's patient, or an appointment set aside, would also make that patient's
        # arrival look unscheduled: then say nothing about arrivals.
        schedule_unsure = "schedule" in self.mended or any(a.patient not in self.patients for a in self.s.schedule)
        booked_times: dict[str, list[Any]] = {}
        for a in self.s.schedule:
            booked_times.setdefault(a.patient, []).append(a)
        no_shows = {p for p, visits in booked_times.items() if all(a.no_show for a in visits)}
        arrived: dict[str, int] = {}
        nurse_named = False
        for i, event in enumerate(self.s.events):
            kind = event_kind(event) or ""  # validation guarantees exactly one kind
            base: Path = ("events", i)
            body = getattr(event, kind)
            if event.overnight and event.after_hours:
                yield base + ("after_hours",), "an event is either overnight or after hours, not both", True
            if event.overnight and kind not in OVERNIGHT_KINDS:
                what = kind.replace("_", " ")
                yield base + ("overnight",), (
                    f"only a voicemail, an email or a document can be waiting overnight, not {_article(what)} {what}"
                ), True
            if not (event.overnight or event.after_hours):
                advice = _OUTSIDE_HOURS_ADVICE if kind in OVERNIGHT_KINDS else "mark it `after_hours: true` if that is on purpose"
                yield from self.in_day(base + ("at",), event.at, f"this {kind.replace('_', ' ')}", advice)
            elif event.overnight and self.hours_ok and self.s.clinic.opens <= event.at <= self.s.clinic.closes:
                yield base + ("at",), (
                    f"an overnight {kind.replace('_', ' ')} comes in after closing or before opening, "
                    f"not at {format_clock(event.at)}; drop `overnight` if it arrives during the day"
                ), False
            if kind in ("voicemail", "email"):
                yield from self.message(base + (kind,), body, event)
            elif kind == "call":
                yield from self.call(base + ("call",), body)
            elif kind == "arrival":
                p = body.patient
                yield from self.patient_ref(base + ("arrival", "patient"), p)
                if p in self.patients and p not in scheduled and not schedule_unsure:
                    yield _Reference((base + ("arrival", "patient"), (
                        f"{p!r} has no appointment today; use a walk_in event for a patient without one"
                    ), False))
                if p in no_shows:
                    yield base + ("arrival", "patient"), f"{p!r} is marked no_show on the schedule but arrives", False
                arrived[p] = arrived.get(p, 0) + 1
                if arrived[p] > len(booked_times.get(p, ())) and p in scheduled:
                    visits = len(booked_times[p])
                    yield base + ("arrival", "patient"), (
                        f"{p!r} arrives {arrived[p]} times but has {visits} visit{'s' if visits > 1 else ''} today"
                    ), False
                if body.changes is not None:
                    yield from self.card(base + ("arrival", "changes"), body.changes)
                    yield from self.directory_ref(base + ("arrival", "changes", "pharmacy"), body.changes.pharmacy)
                    yield from self.postal(base + ("arrival", "changes", "address"), body.changes.address)
            elif kind == "walk_in":
                yield from self.patient_ref(base + ("walk_in", "patient"), body.patient)
                if body.doctor is not None:
                    yield from self.doctor_ref(base + ("walk_in", "doctor"), body.doctor)
                if body.revealed_by and not body.red_flags:
                    yield base + ("walk_in", "revealed_by"), (
                        "`revealed_by` names the questions that bring out the red flags; this walk-in has no "
                        "`red_flags`"), False
                for j, question in enumerate(body.revealed_by):
                    if question not in body.answers:
                        yield base + ("walk_in", "revealed_by", j), (
                            f"the answer to {question!r} is what shows the red flag: give it in `answers`"), False
                during = next((a for a in booked_times.get(body.patient, ())
                               if a.at - _COMES_EARLY <= event.at < a.at + (a.length or self.s.clinic.visit_types.get(a.type, 15)) * 60), None)
                if during is not None:
                    yield base + ("walk_in", "patient"), (
                        f"{body.patient!r} is booked at {format_clock(during.at)}; coming in for it is an arrival, not "
                        "a walk-in (a walk-in of a booked patient is a visit of its own, at another time of day)"
                    ), False
                if not self.nurses and not nurse_named:
                    nurse_named = True
                    yield base + ("walk_in",), "walk-ins are triaged with a nurse; add a staff member with role: nurse", False
            elif kind == "doctor_delay":
                yield from self.doctor_ref(base + ("doctor_delay", "doctor"), body.doctor)
            elif kind == "document":
                yield from self.document(base + ("document",), body)
            elif kind == "away_day":
                yield from self.away_day(base, body)

    def away_day(self, base: Path, body: Any) -> Iterator[Found]:
        """The doctor exists, the day is later and has bookings, and everyone booked then can be moved (M11)."""
        found = list(self.doctor_ref(base + ("away_day", "doctor"), body.doctor))
        if body.date <= self.s.date:
            found.append((base + ("away_day", "date"), f"the away day must be after {self.s.date}", False))
        elif not any(b.date == body.date and b.with_ == body.doctor for b in self.s.bookings):
            found.append((base + ("away_day", "date"), (
                f"nobody is booked with {body.doctor!r} on {body.date}, so there is nothing to reschedule"
            ), False))
        yield from found
        # The search needs a sound book: known visit types (for lengths) and opening hours that make a day. A
        # mended scenario has stand-ins whose places in the book mean nothing, so it is not searched either.
        sound = self.hours_ok and all(b.type in self.visit_types for b in self.s.bookings)
        if found or self.mended or not sound:
            return
        plan = rebooking_plan(self.s, body)
        if plan.solvable is not True:
            yield base + ("away_day",), plan.problem, False

    def booked_appointment(self, base: Path, who: str | None, day: dt.date | None, at: int | None, what: str) -> Iterator[Found]:
        """A cancel, reschedule or confirm names an appointment the patient really has (today or ``day``)."""
        if who not in self.patients or {"schedule", "bookings"} & self.mended or (at is None and day is None):
            return
        if day is None or day == self.s.date:
            times = [a.at for a in self.s.schedule if a.patient == who]
            when = "today"
        else:
            times = [b.at for b in self.s.bookings if b.patient == who and b.date == day]
            when = f"on {day}"
        if at is None and not times:
            yield _Reference((base + ("date",), f"{who!r} has no appointment {when} to {what} (add it to bookings)", False))
        elif at is not None and at not in times:
            yield _Reference((base + ("appointment",), f"{who!r} has no appointment at {format_clock(at)} {when} to {what}", False))

    def message(self, base: Path, body: Any, event: Any) -> Iterator[Found]:
        if not {"patients", "directory"} & self.mended:
            yield from self.ref(base + ("from",), body.from_, {**self.patients, **self.directory}, "patient or directory entry", "")
        yield from self.patient_ref(base + ("about",), body.about)
        yield from self.ref(base + ("for",), body.for_, self.staff, "staff member", "staff")
        if body.intent in ("cancel", "reschedule"):
            yield from self.booked_appointment(base, body.about or body.from_, body.date, body.appointment, body.intent)
        if body.matters_by is not None:
            outside = list(self.in_day(base + ("matters_by",), body.matters_by, "matters_by"))
            yield from outside
            if not outside and not event.overnight and body.matters_by <= event.at:
                yield base + ("matters_by",), "matters_by must come after the message arrives", False

    def call(self, base: Path, body: Any) -> Iterator[Found]:
        yield from self.patient_ref(base + ("about",), body.about)
        if body.wants in PATIENT_REQUESTS and body.about is None:
            yield base, f"a call that wants {body.wants} must say which patient (`about`)", False
        if body.wants in ("cancel", "reschedule", "confirm"):
            yield from self.booked_appointment(base, body.about, body.date, body.appointment, body.wants)
        coverage = {"limited_use_code", "prior_authorization"}
        if body.wants in coverage and body.wants != self.j.drug_coverage_request:
            yield base + ("wants",), (
                f"{body.wants} does not exist in {self.j.code} scenarios; there the pharmacist asks for "
                f"{self.j.drug_coverage_request} ({self.j.drug_coverage_label})"
            ), False
        if body.code_on_chart and body.wants != "limited_use_code":
            yield base + ("code_on_chart",), (
                "code_on_chart is for a call that wants limited_use_code (a Limited Use code the doctor recorded); "
                "a prior authorization is never on the chart: the prescriber requests it from the insurer"), False
        if body.line is not None and body.line > self.s.clinic.phone_lines:
            yield base + ("line",), f"the clinic has only {self.s.clinic.phone_lines} phone lines", False

    def document(self, base: Path, doc: Any) -> Iterator[Found]:
        yield from self.patient_ref(base + ("patient",), doc.patient)
        yield from self.directory_ref(base + ("from",), doc.from_)
        for attribute, key, why in _DOCUMENT_NEEDS.get(doc.kind, ()):
            if getattr(doc, attribute) is None:
                yield base, f"a {doc.kind.replace('_', ' ')} needs `{key}`{why}", False
        yield from self.visit_type_ref(base + ("type",), doc.type)
        if doc.kind == "referral" and doc.urgency is not None and self.s.clinic.days:
            window = self.s.clinic.guidelines.referral_urgency.get(doc.urgency)
            days = [self.s.date + dt.timedelta(days=n) for n in range(1, (window or 0) + 1)]
            if window is not None and not any(day_of_week(d) in self.s.clinic.days for d in days):
                yield base + ("urgency",), (
                    f"{_article(doc.urgency)} {doc.urgency.replace('_', '-')} referral must be seen within {window} "
                    f"day{'s' if window != 1 else ''} of {self.s.date}, and the clinic is closed on every one of "
                    "them; move the scenario's date or lengthen the guideline's window"
                ), False

    def rubric(self) -> Iterator[Found]:
        w = self.s.rubric.weights
        total = w.multitasking + w.accuracy + w.privacy
        if abs(total - 1) > 1e-6:
            yield ("rubric", "weights"), f"the weights add up to {total:g}; they must add up to 1", False


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"
