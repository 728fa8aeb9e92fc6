"""Synthetic patients and whole random days, made with Faker from a seed.

Two entry points: :func:`synthetic_patients` expands a scenario's ``{generate: N}`` entry, and
:func:`generate_day` writes a complete, valid, realistic scenario for ``frontdesk generate``. Both are
deterministic: the same arguments give the same patients and byte-identical YAML. No real person's data is
used: names come from Faker, phone numbers are the fictional 555-01xx range, e-mail addresses use the reserved
``example.com`` domain, and card numbers are random with a valid check digit.

This is the only module that imports Faker, and only the loader's expansion step and the ``generate`` command
import this module, so headless grading of written-out scenarios never pays for it.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass
from typing import Any

import yaml
from faker import Faker

from .jurisdictions import JURISDICTIONS, Jurisdiction, luhn_check_digit
from .models import WEEKDAYS, Address, HealthCard, Insurance, Patient
from .times import parse_clock

__all__ = ["synthetic_patients", "generate_day", "DIFFICULTIES", "SCHEMA_MODELINE"]

SCHEMA_MODELINE = "# yaml-language-server: $schema=scenario.schema.json"


@dataclass(frozen=True)
class _Metro:
    """A real metropolitan area, so a generated clinic's phones, towns and postal codes belong together."""

    area_codes: tuple[str, ...]
    region: str
    towns: tuple[str, ...]
    postal_prefix: str


_METROS: dict[str, tuple[_Metro, ...]] = {
    "ON": (
        _Metro(("416", "647"), "ON", ("Toronto", "North York", "Scarborough", "Etobicoke"), "M"),
        _Metro(("613", "343"), "ON", ("Ottawa", "Kanata", "Nepean", "Orléans"), "K"),
        _Metro(("905", "289"), "ON", ("Hamilton", "Burlington", "Stoney Creek", "Dundas"), "L"),
        _Metro(("519", "226"), "ON", ("London", "St. Thomas", "Strathroy"), "N"),
    ),
    "US": (
        _Metro(("617", "857"), "MA", ("Boston", "Cambridge", "Brookline", "Somerville"), "021"),
        _Metro(("312", "773"), "IL", ("Chicago", "Evanston", "Oak Park"), "606"),
        _Metro(("503", "971"), "OR", ("Portland", "Beaverton", "Gresham"), "972"),
        _Metro(("919", "984"), "NC", ("Raleigh", "Durham", "Cary"), "276"),
    ),
}
_STREET_KINDS = ("Street", "Avenue", "Road", "Drive", "Crescent", "Court", "Lane", "Boulevard", "Way", "Place")
_POSTAL_LETTERS = "ABCEGHJKLMNPRSTVWXYZ"  # Canada Post never uses D, F, I, O, Q or U
#: First names that are easy to confuse on a chart, with each one's sex.
_LOOKALIKE_NAMES = (
    (("Maria", "female"), ("Mario", "male")),
    (("John", "male"), ("Jon", "male")),
    (("Ann", "female"), ("Anne", "female")),
    (("Eric", "male"), ("Erica", "female")),
    (("Daniel", "male"), ("Danielle", "female")),
    (("Sara", "female"), ("Sarah", "female")),
    (("Alan", "male"), ("Allan", "male")),
    (("Kristen", "female"), ("Kirsten", "female")),
)
_PAYERS = ("Evergreen Health Plan", "Summit Mutual Health", "Bluewater Care Alliance", "Prairie Shield Insurance")
_ALLERGIES = ("penicillin", "sulfa drugs", "latex", "codeine", "peanuts", "shellfish", "aspirin", "iodine contrast")
_MEDICATIONS = (
    "ramipril 5 mg", "atorvastatin 20 mg", "metformin 500 mg", "amlodipine 5 mg", "metoprolol 25 mg",
    "levothyroxine 50 mcg", "apixaban 5 mg", "furosemide 40 mg", "salbutamol inhaler", "pantoprazole 40 mg",
    "sertraline 50 mg", "rosuvastatin 10 mg", "insulin glargine", "warfarin 5 mg",
)
_REASONS = (
    "blood pressure review", "chest tightness on exertion", "palpitations", "follow-up after echocardiogram",
    "medication review", "shortness of breath climbing stairs", "ankle swelling", "lipid results review",
    "annual check-up", "dizziness when standing",
)
_TESTS = ("bloodwork", "lipid panel", "ECG", "echocardiogram report", "HbA1c", "chest X-ray report")
_RELATIONSHIPS = ("spouse", "daughter", "son", "ex-spouse", "neighbour", "brother", "caregiver")
_REFERRAL_CLUES = {
    "urgent": ("new onset chest pain at rest", "syncope last week", "troponin mildly raised"),
    "semi_urgent": ("worsening shortness of breath over a month", "new murmur on exam", "palpitations with dizziness"),
    "routine": ("stable angina, well controlled", "family history review", "murmur known for years"),
}
_WALK_INS = (
    ("chest pain since this morning", ("pain spreads to the left arm", "short of breath"),
     {"onset": "about three hours ago", "chest_pain": "yes, pressure", "breathing": "a little short of breath"}),
    ("racing heart and light-headed", (),
     {"onset": "an hour ago", "dizziness": "a bit, when standing", "chest_pain": "no", "breathing": "normal"}),
    ("ran out of blood pressure pills", (),
     {"onset": "two days without them", "severity": "feels fine", "medications": "amlodipine 5 mg"}),
)

#: Per difficulty: calls per hour, walk-ins, minutes the doctor falls behind, share of visits that overrun, and
#: the traps the day hides: pairs of look-alike charts, impostor callers, and cards that fail their check.
DIFFICULTIES: dict[str, dict[str, float]] = {
    "easy": {"calls_per_hour": 3, "walk_ins": 0, "delay": 0, "overrun": 0.05, "lookalikes": 1, "impostors": 0, "bad_cards": 0},
    "normal": {"calls_per_hour": 6, "walk_ins": 1, "delay": 20, "overrun": 0.15, "lookalikes": 2, "impostors": 1, "bad_cards": 1},
    "hard": {"calls_per_hour": 11, "walk_ins": 2, "delay": 45, "overrun": 0.30, "lookalikes": 3, "impostors": 3, "bad_cards": 2},
}


def _make_dumper(base: type) -> type:
    """A dumper that writes every value out in full (no anchors to trip an editor) and quotes digit strings
    (card numbers, ZIP codes), which an editor reading YAML 1.2 would otherwise take for numbers."""

    def represent_str(dumper: Any, value: str) -> Any:
        style = "'" if value.isdigit() else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    dumper = type("_ScenarioDumper", (base,), {"ignore_aliases": lambda self, data: True})
    dumper.add_representer(str, represent_str)
    return dumper


try:  # libyaml's emitter is ten times faster; a test checks it writes the same text as the pure-Python one.
    _Dumper: type = _make_dumper(yaml.CSafeDumper)
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Dumper = _make_dumper(yaml.SafeDumper)


def _clock(seconds: int) -> str:
    """A time as the shipped scenarios write it (``8:30``); YAML writers quote every such time alike."""
    hours, minutes = divmod(seconds // 60, 60)
    return f"{hours}:{minutes:02d}"


def _faker(locale: str, seed: int) -> Faker:
    fake = Faker(locale)
    fake.seed_instance(seed)
    return fake


def _card_number(rng: random.Random) -> str:
    payload = "".join(str(rng.randint(0, 9)) for _ in range(9))
    return payload + str(luhn_check_digit(payload))


class _PatientMaker:
    """Makes one synthetic patient at a time from a Faker instance and a Random, both seeded."""

    def __init__(self, j: Jurisdiction, fake: Faker, rng: random.Random, day: dt.date, metro: _Metro):
        self.j, self.fake, self.rng, self.day, self.metro = j, fake, rng, day, metro
        self._phones = [f"{area}-555-01{n:02d}" for area in metro.area_codes for n in range(100)]
        rng.shuffle(self._phones)

    def phone(self) -> str:
        """A fictional number, each one used once while the pool lasts (then families share, as they do)."""
        if self._phones:
            return self._phones.pop()
        return f"{self.rng.choice(self.metro.area_codes)}-555-01{self.rng.randint(0, 99):02d}"

    def address(self) -> Address:
        rng, m = self.rng, self.metro
        street = f"{rng.randint(2, 980)} {self.fake.last_name()} {rng.choice(_STREET_KINDS)}"
        if self.j.code == "ON":
            letter, digit = rng.choice(_POSTAL_LETTERS), str(rng.randint(0, 9))
            postal = f"{m.postal_prefix}{rng.randint(1, 9)}{letter} {digit}{rng.choice(_POSTAL_LETTERS)}{rng.randint(0, 9)}"
        else:
            postal = f"{m.postal_prefix}{rng.randint(0, 99):02d}"
        return Address(street=street, city=rng.choice(m.towns), region=m.region, postal=postal)

    def card(self) -> dict[str, Any]:
        expires = self.day + dt.timedelta(days=self.rng.randint(60, 5 * 365))
        if self.j.id_document == "health_card":
            version = "".join(self.rng.choice("ABCDEFGHJKLMNPRSTVWXYZ") for _ in range(self.rng.choice((0, 2, 2, 2))))
            return {"health_card": HealthCard(number=_card_number(self.rng), version=version, expires=expires)}
        letters = "".join(self.rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(3))
        member = letters + "".join(str(self.rng.randint(0, 9)) for _ in range(9))
        return {"insurance": Insurance(payer=self.rng.choice(_PAYERS), member_id=member, expires=expires)}

    def make(self, patient_id: str, first: str | None = None, last: str | None = None, sex: str | None = None) -> Patient:
        rng, f = self.rng, self.fake
        sex = sex or rng.choice(("female", "male"))
        first = first or (f.first_name_female() if sex == "female" else f.first_name_male())
        last = last or f.last_name()
        age_days = rng.randint(18 * 365, 92 * 365)
        email_user = re.sub(r"[^a-z.]", "", f"{first}.{last}".lower())
        return Patient(
            id=patient_id,
            name=f"{first} {last}",
            dob=self.day - dt.timedelta(days=age_days),
            sex=sex,
            phone=self.phone(),
            email=f"{email_user}@example.com" if rng.random() < 0.7 else None,
            address=self.address(),
            allergies=tuple(sorted(rng.sample(_ALLERGIES, k=rng.choice((0, 0, 0, 1, 1, 2))))),
            medications=tuple(sorted(rng.sample(_MEDICATIONS, k=rng.randint(0, 4)))),
            answers_phone=rng.random() < 0.75,
            **self.card(),
        )


def synthetic_patients(
    jurisdiction: str,
    seed: int,
    entry_index: int,
    count: int,
    number: int,
    taken: set[str],
    day: dt.date,
) -> tuple[list[Patient], int]:
    """Make ``count`` patients for the ``{generate: N}`` entry at ``entry_index``.

    Ids continue from ``number`` (``p01``, ``p02``, ...) and skip any id in ``taken``. The patients depend
    only on the scenario's seed, the entry's position and the day, so adding a patient elsewhere in the file
    does not change them. Returns the patients and the last number used.
    """
    j = JURISDICTIONS[jurisdiction]
    mixed = seed * 1_000_003 + entry_index
    rng = random.Random(mixed)
    maker = _PatientMaker(j, _faker(j.faker_locale, mixed), rng, day, rng.choice(_METROS[jurisdiction]))
    made = []
    while len(made) < count:
        number += 1
        patient_id = f"p{number:02d}"
        if patient_id in taken:
            continue
        made.append(maker.make(patient_id))
    return made, number


# --- whole days -----------------------------------------------------------------------------------------------


def _open_days_after(day: dt.date, days: tuple[str, ...], count: int) -> list[dt.date]:
    out, d = [], day
    while len(out) < count:
        d += dt.timedelta(days=1)
        if WEEKDAYS[d.weekday()] in days:
            out.append(d)
    return out


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _dump(value: Any) -> Any:
    """Plain data for YAML: models to mappings (by alias, defaults left out); dates stay dates (written bare)."""
    if hasattr(value, "model_dump"):
        return _dump(value.model_dump(by_alias=True, exclude_defaults=True, mode="json"))
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_dump(v) for v in value]
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return dt.date.fromisoformat(value)
    return value


def generate_day(seed: int, patients: int = 40, jurisdiction: str = "ON", difficulty: str = "normal") -> str:
    """A complete random day as scenario YAML. The same arguments always give the same text."""
    if patients < 12:
        raise ValueError("a generated day needs at least 12 patients")
    return _DayMaker(seed, patients, jurisdiction, difficulty).text()


class _DayMaker:
    """Builds one generated day, part by part, from one seeded Random and one seeded Faker."""

    def __init__(self, seed: int, patients: int, jurisdiction: str, difficulty: str):
        self.seed, self.count, self.difficulty = seed, patients, difficulty
        self.j = JURISDICTIONS[jurisdiction]
        self.level = DIFFICULTIES[difficulty]
        self.rng = random.Random(f"frontdesk-generate:{seed}:{patients}:{jurisdiction}:{difficulty}")
        self.fake = _faker(self.j.faker_locale, seed)
        self.day = dt.date(2026, 1, 5) + dt.timedelta(weeks=self.rng.randint(0, 100), days=self.rng.randint(0, 4))
        self.metro = self.rng.choice(_METROS[jurisdiction])
        self.maker = _PatientMaker(self.j, self.fake, self.rng, self.day, self.metro)
        self.opens, self.closes, self.lunch = 8 * 3600, 17 * 3600, (12 * 3600, 13 * 3600)
        self.visit_types = {"follow_up": 15, "new_patient": 30, "urgent": 15}

    def person(self) -> str:
        return f"{self.fake.first_name()} {self.fake.last_name()}"

    def text(self) -> str:
        rng, j = self.rng, self.j
        doctor_count = 1 + (self.count >= 80) + (self.difficulty == "hard")
        staff = [{"id": f"dr{i + 1}", "role": "doctor", "name": f"Dr. {self.person()}", "arrives": _clock(8 * 3600 + 1800)}
                 for i in range(doctor_count)]
        staff.append({"id": "nurse", "role": "nurse", "name": self.person(), "arrives": _clock(8 * 3600 + 1800)})
        self.doctors = [s["id"] for s in staff if s["role"] == "doctor"]
        directory = [
            {"id": "lab", "kind": "lab", "name": f"{self.fake.last_name()} Medical Laboratories", "phone": self.maker.phone()},
            {"id": "pharmacy", "kind": "pharmacy", "name": f"{self.fake.last_name()} Pharmacy",
             "phone": self.maker.phone(), "fax": self.maker.phone()},
            {"id": "referrer", "kind": "physician", "name": f"Dr. {self.person()}",
             "phone": self.maker.phone(), "fax": self.maker.phone()},
        ]
        self.panel = self.make_panel()
        schedule = self.make_schedule()
        scheduled = {e["patient"] for e in schedule}
        self.unscheduled = [p.id for p in self.panel if p.id not in scheduled]
        later_days = _open_days_after(self.day, ("mon", "tue", "wed", "thu", "fri"), 15)
        bookings = self.make_bookings(later_days)
        self.contacts: dict[str, dict[str, Any]] = {}  # family callers, who also appear on the patient's chart
        events = self.make_events(schedule, bookings, later_days)
        patients = [_dump(p) for p in self.panel]
        for p in patients:
            p.setdefault("pharmacy", "pharmacy")
            if p["id"] in self.contacts:
                p["contacts"] = [{**self.contacts[p["id"]], "phone": self.maker.phone()}]
        scenario = {
            "format": 1,
            "id": f"generated-{j.code.lower()}-{self.difficulty}-{self.seed}",
            "title": f"A generated {self.difficulty} day ({j.name}, seed {self.seed})",
            "jurisdiction": j.code,
            "date": self.day,
            "seed": self.seed,
            "difficulty": self.difficulty,
            "clinic": {
                "name": f"{self.metro.towns[0]} {rng.choice(('Cardiology', 'Family Practice', 'Medical Clinic'))}",
                "phone": self.maker.phone(),
                "opens": _clock(self.opens),
                "closes": _clock(self.closes),
                "lunch": {"from": _clock(self.lunch[0]), "until": _clock(self.lunch[1])},
                "phone_lines": 2 if self.difficulty == "easy" else 3,
                "staff": staff,
                "visit_types": self.visit_types,
            },
            "directory": directory,
            "patients": patients,
            "schedule": schedule,
            "bookings": bookings,
            "waiting_list": self.unscheduled[-3:] if len(self.unscheduled) >= 3 else [],
            "reminders": {"date": later_days[0], "due": _clock(16 * 3600 + 1800)},
            "events": events,
        }
        body = yaml.dump(scenario, Dumper=_Dumper, sort_keys=False, default_flow_style=None, width=120, allow_unicode=True)
        return f"{SCHEMA_MODELINE}\n{body}"

    def make_panel(self) -> list[Patient]:
        panel = [self.maker.make(f"p{i + 1:02d}") for i in range(self.count)]
        pairs = self.rng.sample(_LOOKALIKE_NAMES, k=int(self.level["lookalikes"]))
        self.lookalikes = []
        for t, ((first_a, sex_a), (first_b, sex_b)) in enumerate(pairs):
            a, b = 2 * t, 2 * t + 1
            last = self.fake.last_name()
            panel[a] = self.maker.make(panel[a].id, first=first_a, last=last, sex=sex_a)
            panel[b] = self.maker.make(panel[b].id, first=first_b, last=last, sex=sex_b)
            self.lookalikes.append(panel[b].id)
        for k in range(int(self.level["bad_cards"])):
            index = len(panel) - 1 - k
            panel[index] = _spoil_card(panel[index])
        return panel

    def make_schedule(self) -> list[dict[str, Any]]:
        rng = self.rng
        order = list(range(self.count))
        rng.shuffle(order)
        # Keep a few patients off today's schedule: walk-ins, the waiting list and referrals come from them.
        queue = iter(order[: max(0, self.count - 6)])
        schedule: list[dict[str, Any]] = []
        for doctor in self.doctors:
            t = 9 * 3600
            while t + 15 * 60 <= self.closes - 30 * 60:
                if self.lunch[0] <= t < self.lunch[1]:
                    t = self.lunch[1]
                    continue
                kind = "new_patient" if rng.random() < 0.1 else "follow_up"
                length = self.visit_types[kind] * 60
                if t < self.lunch[0] < t + length:
                    t += 15 * 60
                    continue
                if rng.random() < 0.8:
                    p = next(queue, None)
                    if p is None:
                        return schedule
                    entry: dict[str, Any] = {"at": _clock(t), "patient": self.panel[p].id, "with": doctor, "type": kind,
                                             "reason": rng.choice(_REASONS)}
                    if rng.random() < 0.2:
                        entry["needs"] = [rng.choice(_TESTS)]
                    if rng.random() < self.level["overrun"]:
                        entry["overrun"] = rng.choice((10, 15, 25))
                    entry["orders"] = {"follow_up": f"{rng.choice((2, 4, 6, 12))} weeks"}
                    schedule.append(entry)
                t += length
        return schedule

    def make_bookings(self, later_days: list[dt.date]) -> list[dict[str, Any]]:
        rng = self.rng
        slots = [9 * 3600 + 15 * 60 * k for k in range(28)]
        slots = [t for t in slots if not self.lunch[0] <= t < self.lunch[1]]
        unique: dict[tuple[dt.date, str], dict[str, Any]] = {}
        for d in later_days:
            for doctor in self.doctors:
                for t in sorted(rng.sample(slots, k=6)):
                    booking = {"date": d, "at": _clock(t), "patient": rng.choice(self.panel).id, "with": doctor,
                               "type": "follow_up", **({"urgent": True} if rng.random() < 0.15 else {})}
                    # A patient booked twice on one day would be double-booked with themselves: keep the first.
                    unique.setdefault((d, booking["patient"]), booking)
        return list(unique.values())

    def make_events(self, schedule: list[dict[str, Any]], bookings: list[dict[str, Any]],
                    later_days: list[dt.date]) -> list[dict[str, Any]]:
        rng, level, panel = self.rng, self.level, self.panel
        events: list[dict[str, Any]] = []
        cancelled: dict[str, Any] = {}
        if schedule:  # overnight: a cancellation and an urgent message for the doctor
            cancelled = rng.choice(schedule[len(schedule) // 3:])
            events.append({"at": _clock(19 * 3600 + 40 * 60), "overnight": True,
                           "voicemail": {"from": cancelled["patient"], "intent": "cancel", "appointment": cancelled["at"],
                                         "text": "I can't make it today, please cancel my appointment."}})
        events.append({"at": _clock(21 * 3600 + 15 * 60), "overnight": True,
                       "voicemail": {"from": "referrer", "about": rng.choice(panel).id, "intent": "urgent", "urgent": True,
                                     "for": self.doctors[0], "matters_by": _clock(9 * 3600),
                                     "text": "Please have the doctor call me about our shared patient before clinic."}})
        for entry in schedule:  # most arrive a few minutes early; some bring changes to check
            if entry is cancelled:
                continue
            t = max(self.opens, parse_clock(entry["at"]) - rng.randint(2, 15) * 60)
            arrival: dict[str, Any] = {"patient": entry["patient"]}
            roll = rng.random()
            if roll < 0.15:
                arrival["changes"] = {"phone": self.maker.phone()}
            elif roll < 0.25:
                arrival["changes"] = {"address": _dump(self.maker.address())}
            events.append({"at": _clock(t), "arrival": arrival})
        events.extend(self.make_calls())
        for patient_id in self.lookalikes:  # results for look-alike charts, waiting overnight
            events.append({"at": _clock(7 * 3600 + 30 * 60), "overnight": True,
                           "document": {"kind": "lab_result", "patient": patient_id, "from": "lab", "test": "bloodwork"}})
        on_medication = [p for p in panel if p.medications]
        for _ in range(3 if on_medication else 0):
            patient = rng.choice(on_medication)
            events.append({"at": _clock(self.opens + rng.randint(1, 8) * 3600), "document": {
                "kind": "renewal", "patient": patient.id, "from": "pharmacy", "medication": rng.choice(patient.medications)}})
        for urgency in ("urgent", "semi_urgent", "routine"):
            events.append({"at": _clock(7 * 3600 + 45 * 60), "overnight": True, "document": {
                "kind": "referral", "patient": rng.choice(self.unscheduled or [p.id for p in panel]), "from": "referrer",
                "urgency": urgency, "clues": [rng.choice(_REFERRAL_CLUES[urgency])]}})
        for w in range(min(int(level["walk_ins"]), len(self.unscheduled))):
            complaint, flags, answers = _WALK_INS[(self.seed + w) % len(_WALK_INS)]
            who = self.unscheduled[w]
            events.append({"at": _clock(rng.randint(10, 15) * 3600 + 30 * 60),
                           "walk_in": {"patient": who, "complaint": complaint, "red_flags": list(flags), "answers": answers}})
        if level["delay"]:
            events.append({"at": _clock(15 * 3600 + 30 * 60),
                           "doctor_delay": {"doctor": self.doctors[0], "minutes": int(level["delay"])}})
        away = rng.choice(later_days[5:])
        if any(b["date"] == away and b["with"] == self.doctors[0] for b in bookings):
            events.append({"at": _clock(14 * 3600 + 30 * 60),
                           "away_day": {"doctor": self.doctors[0], "date": away, "reason": "conference"}})
        events.sort(key=lambda e: (e.get("overnight") is not True, parse_clock(e["at"])))
        return events

    def make_calls(self) -> list[dict[str, Any]]:
        rng, j, panel = self.rng, self.j, self.panel
        calls = []
        count = max(1, round(self.level["calls_per_hour"] * (self.closes - self.opens) / 3600))
        on_medication = [p for p in panel if p.medications] or panel
        for _ in range(count):
            kind = rng.choices(("patient", "family", "pharmacist", "er_nurse", "physician", "lab"), (10, 3, 2, 1, 1, 1))[0]
            about = rng.choice(on_medication if kind == "pharmacist" else panel)
            call: dict[str, Any] = {"caller": kind, "about": about.id}
            if kind == "patient":
                call["wants"] = rng.choice(("book", "reschedule", "results", "billing") + (("refill",) if about.medications else ()))
            elif kind == "family":
                contact = self.contacts.get(about.id)
                if contact is None:
                    contact = {"name": f"{self.fake.first_name()} {about.name.split(' ', 1)[1]}",
                               "relationship": rng.choice(_RELATIONSHIPS), "authorised": rng.random() < 0.3}
                    self.contacts[about.id] = contact
                call.update({"name": contact["name"], "wants": "results", "relationship": contact["relationship"],
                             "authorised": contact["authorised"]})
            elif kind == "pharmacist":
                call["wants"] = j.drug_coverage_request
            elif kind == "er_nurse":
                call.update({"wants": "medication_list", "urgent": True})
            elif kind == "physician":
                call["wants"] = "speak_to_doctor"
            else:
                call.update({"wants": "critical_result", "urgent": True})
            calls.append(call)
        for _ in range(int(self.level["impostors"])):
            calls.append({"caller": "patient", "about": rng.choice(panel).id, "wants": "results",
                          "impostor": True, "verification": "wrong"})
        # Times are drawn after the kinds, in sorted order, so traps land anywhere in the day.
        times = sorted(self.opens + rng.randint(0, self.closes - self.opens - 60) for _ in calls)
        rng.shuffle(calls)
        return [{"at": _clock(t - t % 60), "call": call} for t, call in zip(times, calls)]


def _spoil_card(patient: Patient) -> Patient:
    """A card that fails the jurisdiction's check on purpose, marked `invalid: true` as a trap."""
    if patient.health_card is not None:
        card = patient.health_card
        wrong = card.number[:-1] + str((int(card.number[-1]) + 1) % 10)
        return patient.model_copy(update={"health_card": card.model_copy(update={"number": wrong, "invalid": True})})
    if patient.insurance is not None:
        card = patient.insurance
        return patient.model_copy(update={"insurance": card.model_copy(update={"member_id": card.member_id[:4], "invalid": True})})
    return patient
