"""Synthetic patients and whole random days, made with Faker from a seed.

Two entry points: :func:`synthetic_patients` expands a scenario's ``{generate: N}`` entry, and
:func:`generate_day` writes a complete, valid, realistic scenario for ``frontdesk generate``. Both are
deterministic: the same arguments give the same patients and byte-identical YAML. No real person's data is
used: names and addresses come from Faker, phone numbers are the fictional 555-01xx range, e-mail addresses
use the reserved ``example.com`` domain, and card numbers are random with a valid check digit.

This is the only module that imports Faker, and only the loader's expansion step and the ``generate`` command
import this module, so headless grading of written-out scenarios never pays for it.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import yaml
from faker import Faker

try:  # libyaml's emitter is ten times faster; tests check it writes the same text as the pure-Python one.
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

from .jurisdictions import JURISDICTIONS, Jurisdiction, luhn_check_digit
from .models import WEEKDAYS, Address, HealthCard, Insurance, Patient
from .times import format_clock, parse_clock

__all__ = ["synthetic_patients", "generate_day", "DIFFICULTIES", "SCHEMA_MODELINE"]

SCHEMA_MODELINE = "# yaml-language-server: $schema=scenario.schema.json"

_AREA_CODES = {"ON": ("416", "647", "905", "613", "519"), "US": ("617", "212", "312", "503", "919")}
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

#: Per difficulty: calls per hour, walk-ins, minutes the doctor falls behind, share of visits that overrun,
#: and how many traps (look-alike charts, impostor callers, wrong cards) the day hides.
DIFFICULTIES: dict[str, dict[str, float]] = {
    "easy": {"calls_per_hour": 3, "walk_ins": 0, "delay": 0, "overrun": 0.05, "traps": 1},
    "normal": {"calls_per_hour": 6, "walk_ins": 1, "delay": 20, "overrun": 0.15, "traps": 3},
    "hard": {"calls_per_hour": 11, "walk_ins": 2, "delay": 45, "overrun": 0.30, "traps": 6},
}


def _faker(locale: str, seed: int) -> Faker:
    fake = Faker(locale)
    fake.seed_instance(seed)
    return fake


def _card_number(rng: random.Random) -> str:
    payload = "".join(str(rng.randint(0, 9)) for _ in range(9))
    return payload + str(luhn_check_digit(payload))


class _PatientMaker:
    """Makes one synthetic patient at a time from a Faker instance and a Random, both seeded."""

    def __init__(self, j: Jurisdiction, fake: Faker, rng: random.Random, day: dt.date):
        self.j, self.fake, self.rng, self.day = j, fake, rng, day

    def phone(self) -> str:
        return f"{self.rng.choice(_AREA_CODES[self.j.code])}-555-01{self.rng.randint(0, 99):02d}"

    def address(self) -> Address:
        f = self.fake
        if self.j.code == "ON":
            postal = f.postalcode_in_province("ON").replace(" ", "")
            return Address(street=f.street_address(), city=f.city(), region="ON", postal=f"{postal[:3]} {postal[3:]}")
        return Address(street=f.street_address(), city=f.city(), region=f.state_abbr(), postal=f.zipcode())

    def card(self) -> dict[str, Any]:
        expires = self.day + dt.timedelta(days=self.rng.randint(60, 5 * 365))
        if self.j.id_document == "health_card":
            version = "".join(self.rng.choice("ABCDEFGHJKLMNPRSTVWXYZ") for _ in range(self.rng.choice((0, 2, 2, 2))))
            return {"health_card": HealthCard(number=_card_number(self.rng), version=version, expires=expires)}
        letters = "".join(self.rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(3))
        member = letters + "".join(str(self.rng.randint(0, 9)) for _ in range(9))
        return {"insurance": Insurance(payer=self.rng.choice(_PAYERS), member_id=member, expires=expires)}

    def make(self, patient_id: str, first: str | None = None, last: str | None = None) -> Patient:
        rng, f = self.rng, self.fake
        sex = rng.choice(("female", "male"))
        first = first or (f.first_name_female() if sex == "female" else f.first_name_male())
        last = last or f.last_name()
        age_days = rng.randint(18 * 365, 92 * 365)
        email_user = f"{first}.{last}".lower().replace(" ", "").replace("'", "")
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
    maker = _PatientMaker(j, _faker(j.faker_locale, mixed), random.Random(mixed), day)
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


def _dump(value: Any) -> Any:
    """Plain data for YAML: models to mappings (by alias, defaults left out), dates as ISO strings."""
    if hasattr(value, "model_dump"):
        return _dump(value.model_dump(by_alias=True, exclude_defaults=True, mode="json"))
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_dump(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def generate_day(seed: int, patients: int = 40, jurisdiction: str = "ON", difficulty: str = "normal") -> str:
    """A complete random day as scenario YAML. The same arguments always give the same text."""
    if patients < 12:
        raise ValueError("a generated day needs at least 12 patients")
    j = JURISDICTIONS[jurisdiction]
    level = DIFFICULTIES[difficulty]
    rng = random.Random(f"frontdesk-generate:{seed}:{patients}:{jurisdiction}:{difficulty}")
    fake = _faker(j.faker_locale, seed)
    day = dt.date(2026, 1, 5) + dt.timedelta(weeks=rng.randint(0, 100), days=rng.randint(0, 4))
    maker = _PatientMaker(j, fake, rng, day)

    doctor_count = 1 + (patients >= 80) + (difficulty == "hard")
    staff = [
        {"id": f"dr{i + 1}", "role": "doctor", "name": f"Dr. {fake.first_name()} {fake.last_name()}", "arrives": "08:30"}
        for i in range(doctor_count)
    ]
    staff.append({"id": "nurse", "role": "nurse", "name": f"{fake.first_name()} {fake.last_name()}", "arrives": "08:30"})
    doctors = [s["id"] for s in staff if s["role"] == "doctor"]
    lab = {"id": "lab", "kind": "lab", "name": f"{fake.last_name()} Medical Laboratories", "phone": maker.phone()}
    pharmacy = {"id": "pharmacy", "kind": "pharmacy", "name": f"{fake.last_name()} Pharmacy", "phone": maker.phone(), "fax": maker.phone()}
    referrer = {"id": "referrer", "kind": "physician", "name": f"Dr. {fake.first_name()} {fake.last_name()}", "phone": maker.phone(), "fax": maker.phone()}
    directory = [lab, pharmacy, referrer]

    panel = [maker.make(f"p{i + 1:02d}") for i in range(patients)]
    traps = int(level["traps"])
    # Look-alike charts: a second patient with the same surname and a near-identical first name.
    lookalikes: list[tuple[int, int]] = []
    for t in range(min(traps, 3)):
        a, b = 2 * t, 2 * t + 1
        first, last = panel[a].name.split(" ", 1)
        twin_first = first[:-1] + ("a" if not first.endswith("a") else "e")
        panel[b] = maker.make(panel[b].id, first=twin_first, last=last)
        lookalikes.append((a, b))
    if traps >= 2 and j.id_document == "health_card":
        bad = panel[-1]
        card = bad.health_card
        assert card is not None
        wrong = card.number[:-1] + str((int(card.number[-1]) + 1) % 10)
        panel[-1] = bad.model_copy(update={"health_card": card.model_copy(update={"number": wrong, "invalid": True})})

    opens, closes = 8 * 3600, 17 * 3600
    lunch = (12 * 3600, 13 * 3600)
    visit_types = {"follow_up": 15, "new_patient": 30, "urgent": 15}
    order = list(range(patients))
    rng.shuffle(order)
    queue = iter(order)
    schedule: list[dict[str, Any]] = []
    for doctor in doctors:
        t = 9 * 3600
        while t + 15 * 60 <= closes - 30 * 60:
            if lunch[0] <= t < lunch[1]:
                t = lunch[1]
                continue
            kind = "new_patient" if rng.random() < 0.1 else "follow_up"
            length = visit_types[kind] * 60
            if t < lunch[0] < t + length or t + length > closes:
                t += 15 * 60
                continue
            if rng.random() < 0.8:
                p = next(queue, None)
                if p is None:
                    break
                entry: dict[str, Any] = {"at": format_clock(t), "patient": panel[p].id, "with": doctor, "type": kind,
                                         "reason": rng.choice(_REASONS)}
                if rng.random() < 0.2:
                    entry["needs"] = [rng.choice(_TESTS)]
                if rng.random() < level["overrun"]:
                    entry["overrun"] = rng.choice((10, 15, 25))
                entry["orders"] = {"follow_up": f"{rng.choice((2, 4, 6, 12))} weeks"}
                schedule.append(entry)
            t += length
    scheduled = [e["patient"] for e in schedule]
    unscheduled = [p.id for p in panel if p.id not in scheduled]

    later_days = _open_days_after(day, ("mon", "tue", "wed", "thu", "fri"), 15)
    bookings: list[dict[str, Any]] = []
    for d in later_days:
        for doctor in doctors:
            slots = [9 * 3600 + 15 * 60 * k for k in range(28) if not lunch[0] <= 9 * 3600 + 15 * 60 * k < lunch[1]]
            for t in sorted(rng.sample(slots, k=6)):
                who = rng.choice(panel).id
                bookings.append({"date": d.isoformat(), "at": format_clock(t), "patient": who, "with": doctor,
                                 "type": "follow_up", **({"urgent": True} if rng.random() < 0.15 else {})})
    # A patient booked twice on one later day would be double-booked with themselves: keep the first.
    unique: dict[tuple[str, str], dict[str, Any]] = {}
    for booking in bookings:
        unique.setdefault((booking["date"], booking["patient"]), booking)
    bookings = list(unique.values())

    events: list[dict[str, Any]] = []
    # Overnight voicemails: a cancellation and an urgent message for the doctor.
    cancelled: dict[str, Any] = {}
    if schedule:
        cancelled = rng.choice(schedule[len(schedule) // 3:])
        events.append({"at": "19:40", "overnight": True,
                       "voicemail": {"from": cancelled["patient"], "intent": "cancel", "appointment": cancelled["at"],
                                     "text": "I can't make it today, please cancel my appointment."}})
    events.append({"at": "21:15", "overnight": True,
                   "voicemail": {"from": "referrer", "about": rng.choice(panel).id, "intent": "urgent", "urgent": True,
                                 "for": doctors[0], "matters_by": "09:00",
                                 "text": "Please have the doctor call me about our shared patient before clinic."}})
    # Arrivals: most scheduled patients come a few minutes early; some bring changes to check.
    for entry in schedule:
        if entry is cancelled:
            continue
        t = max(opens, parse_clock(entry["at"]) - rng.randint(2, 15) * 60)
        arrival: dict[str, Any] = {"patient": entry["patient"]}
        roll = rng.random()
        if roll < 0.15:
            arrival["changes"] = {"phone": maker.phone()}
        elif roll < 0.25:
            arrival["changes"] = {"address": _dump(maker.address())}
        events.append({"at": format_clock(t), "arrival": arrival})
    # Calls through the day.
    hours = (closes - opens) / 3600
    call_count = max(1, round(level["calls_per_hour"] * hours))
    impostors = max(0, traps - 2)
    for c in range(call_count):
        t = opens + rng.randint(0, closes - opens - 60)
        about = rng.choice(panel).id
        kind = rng.choices(("patient", "family", "pharmacist", "er_nurse", "physician", "lab"), (10, 3, 2, 1, 1, 1))[0]
        call: dict[str, Any] = {"caller": kind, "about": about}
        if kind == "patient":
            call["wants"] = rng.choice(("book", "reschedule", "results", "refill", "billing", "confirm"))
            if c < impostors:
                call.update({"impostor": True, "verification": "wrong", "wants": "results"})
        elif kind == "family":
            call.update({"wants": "results", "relationship": rng.choice(_RELATIONSHIPS), "authorised": rng.random() < 0.3})
        elif kind == "pharmacist":
            call["wants"] = j.drug_coverage_request
        elif kind == "er_nurse":
            call.update({"wants": "medication_list", "urgent": True})
        elif kind == "physician":
            call["wants"] = "speak_to_doctor"
        else:
            call.update({"wants": "critical_result", "urgent": True})
        events.append({"at": format_clock(t), "call": call})
    # Documents: lab results (some for look-alike charts), renewals, referrals.
    for a, b in lookalikes:
        events.append({"at": "07:30", "overnight": True,
                       "document": {"kind": "lab_result", "patient": panel[b].id, "from": "lab", "test": "bloodwork"}})
    for d in range(3):
        events.append({"at": format_clock(opens + rng.randint(1, 8) * 3600), "document": {
            "kind": "renewal", "patient": rng.choice(panel).id, "from": "pharmacy", "medication": rng.choice(_MEDICATIONS)}})
    for urgency in ("urgent", "semi_urgent", "routine"):
        events.append({"at": "07:45", "overnight": True, "document": {
            "kind": "referral", "patient": rng.choice(unscheduled or scheduled), "from": "referrer", "urgency": urgency,
            "clues": [rng.choice(_REFERRAL_CLUES[urgency])]}})
    for w in range(int(level["walk_ins"])):
        complaint, flags, answers = _WALK_INS[(seed + w) % len(_WALK_INS)]
        who = unscheduled[w % len(unscheduled)] if unscheduled else panel[w].id
        events.append({"at": format_clock(rng.randint(10, 15) * 3600 + 30 * 60),
                       "walk_in": {"patient": who, "complaint": complaint, "red_flags": list(flags), "answers": answers}})
    if level["delay"]:
        events.append({"at": "15:30", "doctor_delay": {"doctor": doctors[0], "minutes": int(level["delay"])}})
    away = rng.choice(later_days[5:])
    if any(b["date"] == away.isoformat() and b["with"] == doctors[0] for b in bookings):
        events.append({"at": "14:30", "away_day": {"doctor": doctors[0], "date": away.isoformat(), "reason": "conference"}})
    events.sort(key=lambda e: (e.get("overnight") is not True, parse_clock(e["at"])))

    waiting = [p for p in unscheduled[-3:]] if len(unscheduled) >= 3 else []
    scenario = {
        "format": 1,
        "id": f"generated-{jurisdiction.lower()}-{difficulty}-{seed}",
        "title": f"A generated {difficulty} day ({j.name}, seed {seed})",
        "jurisdiction": jurisdiction,
        "date": day.isoformat(),
        "seed": seed,
        "difficulty": difficulty,
        "clinic": {
            "name": f"{fake.last_name()} {rng.choice(('Cardiology', 'Family Practice', 'Medical Clinic'))}",
            "phone": maker.phone(),
            "opens": format_clock(opens),
            "closes": format_clock(closes),
            "lunch": {"from": format_clock(lunch[0]), "until": format_clock(lunch[1])},
            "phone_lines": 2 if difficulty == "easy" else 3,
            "staff": staff,
            "visit_types": visit_types,
        },
        "directory": directory,
        "patients": [_dump(p) for p in panel],
        "schedule": schedule,
        "bookings": bookings,
        "waiting_list": waiting,
        "reminders": {"date": later_days[0].isoformat(), "due": "16:30"},
        "events": events,
    }
    for p in scenario["patients"]:
        p.setdefault("pharmacy", "pharmacy")
    body = yaml.dump(scenario, Dumper=_Dumper, sort_keys=False, default_flow_style=None, width=120, allow_unicode=True)
    return f"{SCHEMA_MODELINE}\n{body}"
