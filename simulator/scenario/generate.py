"""Synthetic patients and whole random days, made with Faker from a seed.

Two entry points: :func:`synthetic_patients` expands a scenario's ``{generate: N}`` entry, and
:func:`generate_day` writes a complete, valid, realistic scenario for ``frontdesk generate``: a day with work in
every mechanic of DESIGN section 2 (M16 and M17 in medical-assistant mode), scaled by difficulty. Both are
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
from .models import WEEKDAYS, Address, Availability, HealthCard, Insurance, Patient
from .times import parse_clock

__all__ = ["synthetic_patients", "generate_day", "DIFFICULTIES", "MODES", "SCHEMA_MODELINE"]

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
#: Referral letters (M10) per true urgency: (reason, phrases that reveal the urgency). Two phrases are quoted in
#: each letter: red flags for an urgent one, stable or long-standing wording for a routine one.
_REFERRALS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "urgent": (
        ("fainting episodes", ("fainted twice this week without warning", "new left bundle branch block on ECG",
                               "injured her face in the last fall")),
        ("chest pain", ("new chest pain at rest, two episodes this week", "troponin mildly raised in emergency",
                        "new ST changes on ECG")),
        ("fast irregular heartbeat", ("heart rate 150 with near-fainting", "new atrial fibrillation with chest pain",
                                      "short of breath at rest since yesterday")),
        ("worsening breathlessness", ("short of breath walking across a room, worse each day",
                                      "legs swelling fast, up 4 kg in a week", "has to sleep sitting up")),
    ),
    "semi_urgent": (
        ("shortness of breath", ("breathlessness on hills, worse over a month", "no chest pain at rest",
                                 "mild ankle swelling")),
        ("new heart murmur", ("new murmur heard at a routine exam", "mild breathlessness on exertion",
                              "no fainting or chest pain")),
        ("palpitations", ("palpitations several times a week", "ECG normal between episodes", "no fainting")),
        ("high blood pressure", ("blood pressure around 170/100 despite two medications", "no headache or chest pain",
                                 "kidney function normal")),
    ),
    "routine": (
        ("known heart murmur", ("murmur unchanged for years", "no symptoms", "review requested before dental surgery")),
        ("stable angina", ("chest tightness only on heavy exertion, unchanged for a year",
                           "well controlled on current medication", "no symptoms at rest")),
        ("high cholesterol", ("strong family history of heart disease", "no symptoms", "stable on a statin for years")),
        ("assessment before surgery", ("knee replacement planned in four months", "no heart symptoms",
                                       "walks two kilometres a day without trouble")),
    ),
}
#: Why a new patient is seen today (M8).
_NEW_PATIENT_REASONS = (
    "referred for a heart murmur", "referred for palpitations", "referred for high blood pressure",
    "referred for shortness of breath on exertion", "referred for an abnormal ECG", "referred for high cholesterol",
)
#: Critical results a lab phones through overnight (M1, M3).
_CRITICAL_RESULTS = (
    "a potassium of 6.4", "an INR of 5.8", "a raised troponin", "a hemoglobin of 68",
    "a digoxin level in the toxic range",
)
_CANCEL_TEXTS = (
    "I can't make it today; please cancel my appointment.",
    "My car broke down. Please cancel my {at} appointment; I'll call to rebook.",
    "Work travel came up. Please cancel this {at} visit.",
    "I'm in bed with the flu, so I won't come in at {at}. Please cancel.",
    "Family emergency out of town, please cancel my {at} today.",
)
#: Routine overnight messages (M1): (intent, channel, text). ``{med}`` is one of the sender's medications.
_ROUTINE_MESSAGES = (
    ("billing", "voicemail", "A question about a fee for a form I asked for last month."),
    ("billing", "email", "I was charged a missed-appointment fee but I did come in. Could someone check?"),
    ("refill", "voicemail", "I'm almost out of my {med}. Could the doctor renew it?"),
    ("results", "voicemail", "Calling to ask whether my test results are back."),
    ("book", "email", "Could I book my next check-up, ideally a morning?"),
    ("routine", "email", "I have a new email address; please update my file."),
)
_AWAY_REASONS = ("cardiology conference", "hospital teaching day", "a course in echocardiography", "a family wedding",
                 "on call at the hospital")
#: Specimens collected in the in-house lab (M17): kind → tests, with how often each kind is collected.
_SPECIMENS: dict[str, tuple[str, ...]] = {
    "blood": ("CBC", "lipid panel", "HbA1c", "INR", "electrolytes", "TSH", "creatinine"),
    "urine": ("urinalysis", "urine albumin-to-creatinine ratio", "urine culture"),
    "swab": ("throat swab culture", "COVID-19 PCR", "wound swab culture"),
}
_SPECIMEN_WEIGHTS = (6, 3, 1)
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
    "easy": {"calls_per_hour": 3, "walk_ins": 1, "delay": 10, "overrun": 0.05, "lookalikes": 1, "impostors": 0, "bad_cards": 0},
    "normal": {"calls_per_hour": 6, "walk_ins": 1, "delay": 20, "overrun": 0.15, "lookalikes": 2, "impostors": 1, "bad_cards": 1},
    "hard": {"calls_per_hour": 11, "walk_ins": 2, "delay": 45, "overrun": 0.30, "lookalikes": 3, "impostors": 3, "bad_cards": 2},
}

#: Per difficulty, the fewest and most of each task the day hands the trainee: overnight cancellations and
#: urgent and routine messages (M1, M3), the waiting list (M2), new patients today (M8), referral letters (M10),
#: tomorrow's reminder calls (M9), bookings on the away day, how many of them are urgent, and how many of those
#: patients can only come on some weekdays (M11).
_WORKLOAD: dict[str, dict[str, tuple[int, int]]] = {
    "easy": {"cancellations": (1, 1), "urgent_messages": (1, 1), "routine_messages": (1, 2), "waiting_list": (3, 3),
             "new_patients": (1, 1), "referrals": (2, 2), "reminders": (4, 5), "away_bookings": (4, 5),
             "away_urgent": (1, 1), "restricted": (1, 1)},
    "normal": {"cancellations": (1, 2), "urgent_messages": (1, 1), "routine_messages": (2, 3), "waiting_list": (3, 4),
               "new_patients": (1, 2), "referrals": (3, 3), "reminders": (5, 7), "away_bookings": (5, 7),
               "away_urgent": (1, 2), "restricted": (1, 2)},
    "hard": {"cancellations": (2, 2), "urgent_messages": (2, 2), "routine_messages": (3, 4), "waiting_list": (4, 5),
             "new_patients": (2, 2), "referrals": (3, 3), "reminders": (6, 8), "away_bookings": (6, 8),
             "away_urgent": (2, 2), "restricted": (2, 3)},
}
#: A panel smaller than this keeps to the fewest new patients, referrals and waiting-list entries, so enough
#: established patients are left for today's schedule.
_SMALL_PANEL = 20
MODES = ("front_desk", "medical_assistant")


def _make_dumper(base: type) -> type:
    """A dumper that writes every value out in full (no anchors to trip an editor) and quotes digit strings
    (card numbers, ZIP codes), which an editor reading YAML 1.2 would otherwise take for numbers."""

    def represent_str(dumper: Any, value: str) -> Any:
        style = "'" if value.isdigit() else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    dumper: Any = type("_ScenarioDumper", (base,), {"ignore_aliases": lambda self, data: True})
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
    made: list[Patient] = []
    while len(made) < count:
        number += 1
        patient_id = f"p{number:02d}"
        if patient_id in taken:
            continue
        made.append(maker.make(patient_id))
    return made, number


# --- whole days -----------------------------------------------------------------------------------------------

_WORKDAYS = ("mon", "tue", "wed", "thu", "fri")


def _open_days_after(day: dt.date, days: tuple[str, ...], count: int) -> list[dt.date]:
    out: list[dt.date] = []
    d = day
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


def generate_day(
    seed: int, patients: int = 40, jurisdiction: str = "ON", difficulty: str = "normal", mode: str = "front_desk"
) -> str:
    """A complete random day as scenario YAML. The same arguments always give the same text.

    Every day exercises every front-desk mechanic (M1–M15, M18); ``mode="medical_assistant"`` adds rooming,
    vitals and specimens (M16, M17) to the same day: the front-desk part is identical in both modes.
    """
    if patients < 12:
        raise ValueError("a generated day needs at least 12 patients")
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
    return _DayMaker(seed, patients, jurisdiction, difficulty, mode).text()


class _DayMaker:
    """Builds one generated day, part by part, from one seeded Random and one seeded Faker.

    The order of the parts matters: who is new, on the waiting list or a walk-in is decided before today's
    schedule is filled, and the away day's bookings before the rest of the book, so each later part can leave
    room for the earlier ones.
    """

    def __init__(self, seed: int, patients: int, jurisdiction: str, difficulty: str, mode: str = "front_desk"):
        self.seed, self.count, self.difficulty, self.mode = seed, patients, difficulty, mode
        self.j = JURISDICTIONS[jurisdiction]
        self.level = DIFFICULTIES[difficulty]
        self.work = _WORKLOAD[difficulty]
        self.small = patients < _SMALL_PANEL
        self.rng = random.Random(f"frontdesk-generate:{seed}:{patients}:{jurisdiction}:{difficulty}")
        # The back office draws from a Random of its own, so a medical-assistant day is the front-desk day of the
        # same seed with rooming work added, not a different day.
        self.back_rng = random.Random(f"frontdesk-generate-back-office:{seed}:{patients}:{jurisdiction}:{difficulty}")
        self.fake = _faker(self.j.faker_locale, seed)
        # Monday to Thursday: an urgent referral (seen within two days) must have an open day ahead of it.
        self.day = dt.date(2026, 1, 5) + dt.timedelta(weeks=self.rng.randint(0, 100), days=self.rng.randint(0, 3))
        self.metro = self.rng.choice(_METROS[jurisdiction])
        self.maker = _PatientMaker(self.j, self.fake, self.rng, self.day, self.metro)
        self.opens, self.closes, self.lunch = 8 * 3600, 17 * 3600, (12 * 3600, 13 * 3600)
        self.visit_types = {"follow_up": 15, "new_patient": 30, "urgent": 15, "consult": 30}
        # The appointment book's grid for later days: 9:00 to 16:00 in quarter hours, lunch left free.
        self.grid = [t for t in range(9 * 3600, 16 * 3600, 15 * 60) if not self.lunch[0] <= t < self.lunch[1]]
        self.grid_set = set(self.grid)

    def person(self) -> str:
        return f"{self.fake.first_name()} {self.fake.last_name()}"

    def amount(self, task: str) -> int:
        low, high = self.work[task]
        return self.rng.randint(low, high)

    def text(self) -> str:
        rng, j = self.rng, self.j
        doctor_count = 1 + (self.count >= 80) + (self.difficulty == "hard")
        # Doctor and nurse come in a little after the desk opens; the huddle (M3) happens then.
        self.arrives = self.opens + rng.choice((15, 30, 30, 45)) * 60
        staff = [{"id": f"dr{i + 1}", "role": "doctor", "name": f"Dr. {self.person()}", "arrives": _clock(self.arrives)}
                 for i in range(doctor_count)]
        staff.append({"id": "nurse", "role": "nurse", "name": self.person(), "arrives": _clock(self.arrives)})
        self.doctors = [s["id"] for s in staff if s["role"] == "doctor"]
        directory = [
            {"id": "lab", "kind": "lab", "name": f"{self.fake.last_name()} Medical Laboratories", "phone": self.maker.phone()},
            {"id": "pharmacy", "kind": "pharmacy", "name": f"{self.fake.last_name()} Pharmacy",
             "phone": self.maker.phone(), "fax": self.maker.phone()},
            {"id": "referrer", "kind": "physician", "name": f"Dr. {self.person()} (family physician)",
             "phone": self.maker.phone(), "fax": self.maker.phone()},
            {"id": "pharmacy2", "kind": "pharmacy", "name": f"{self.metro.towns[-1]} Community Pharmacy",
             "phone": self.maker.phone(), "fax": self.maker.phone()},
            {"id": "referrer2", "kind": "physician", "name": f"Dr. {self.person()} (family physician)",
             "phone": self.maker.phone(), "fax": self.maker.phone()},
        ]
        self.pharmacies = [d["id"] for d in directory if d["kind"] == "pharmacy"]
        self.referrers = [d["id"] for d in directory if d["kind"] == "physician"]
        self.panel = self.make_panel()
        self.cast()
        schedule = self.make_schedule()
        bookings = self.make_bookings()
        self.contacts: dict[str, dict[str, Any]] = {}  # family callers, who also appear on the patient's chart
        events = self.make_events(schedule)
        patients = [_dump(p) for p in self.finish_panel()]
        for p in patients:
            if p["id"] in self.contacts:
                p["contacts"] = [{**self.contacts[p["id"]], "phone": self.maker.phone()}]
        clinic: dict[str, Any] = {
            "name": f"{self.metro.towns[0]} {rng.choice(('Cardiology', 'Heart Clinic', 'Cardiology Associates'))}",
            "phone": self.maker.phone(),
            "opens": _clock(self.opens),
            "closes": _clock(self.closes),
            "lunch": {"from": _clock(self.lunch[0]), "until": _clock(self.lunch[1])},
            "phone_lines": 2 if self.difficulty == "easy" else 3,
            "staff": staff,
            "visit_types": self.visit_types,
        }
        back_office = self.mode == "medical_assistant"
        if back_office:  # last, so the front-desk part above is the same day in both modes
            self.add_back_office(schedule)
            staff.append({"id": "assistant", "role": "medical_assistant", "name": self.person(),
                          "arrives": _clock(self.arrives)})
            clinic["exam_rooms"] = 2
        command = (f"frontdesk generate --seed {self.seed} --patients {self.count} --jurisdiction {j.code} "
                   f"--difficulty {self.difficulty}" + (" --mode medical_assistant" if back_office else ""))
        scenario = {
            "format": 1,
            "id": f"generated-{j.code.lower()}-{self.difficulty}-{self.seed}" + ("-ma" if back_office else ""),
            "title": f"A generated {self.difficulty} day{' in the back office' if back_office else ''} "
                     f"({j.name}, seed {self.seed})",
            "description": f"Made by `{command}`.",
            "jurisdiction": j.code,
            "date": self.day,
            "seed": self.seed,
            "difficulty": self.difficulty,
            **({"mode": "medical_assistant"} if back_office else {}),
            "clinic": clinic,
            "directory": directory,
            "patients": patients,
            "schedule": schedule,
            "bookings": bookings,
            "waiting_list": self.waiting_list,
            "reminders": {"date": self.reminder_day, "due": _clock(16 * 3600 + 30 * 60)},
            "events": events,
        }
        body = yaml.dump(scenario, Dumper=_Dumper, sort_keys=False, default_flow_style=None, width=120, allow_unicode=True)
        return f"{SCHEMA_MODELINE}\n{body}"

    # --- the panel and who plays which part -----------------------------------------------------------------

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

    def cast(self) -> None:
        """Decide who is new (seen today, or referred), who walks in, and who waits for a cancellation."""
        rng = self.rng
        new_today = 1 if self.small else self.amount("new_patients")
        referred = 2 if self.small else self.amount("referrals")
        # Look-alike charts stay established: their lab results are filed to charts that exist.
        picks = rng.sample(range(2 * len(self.lookalikes), self.count), new_today + referred)
        for index in picks:
            self.panel[index] = self.panel[index].model_copy(update={"new": True})
        self.new_today = [self.panel[i].id for i in picks[:new_today]]
        self.referred = [self.panel[i].id for i in picks[new_today:]]
        # The first new patient leaves the medication list at home (the pharmacy must send it); one has allergies.
        first = self.panel[picks[0]]
        update: dict[str, Any] = {"brings_medication_list": False}
        if not first.medications:
            update["medications"] = tuple(sorted(rng.sample(_MEDICATIONS, k=2)))
        self.panel[picks[0]] = first.model_copy(update=update)
        if not any(self.panel[i].allergies for i in picks[:new_today]):
            last = picks[new_today - 1]
            self.panel[last] = self.panel[last].model_copy(update={"allergies": (rng.choice(_ALLERGIES),)})
        self.by_id = {p.id: p for p in self.panel}
        self.established = [p.id for p in self.panel if not p.new]
        pool = list(self.established)
        rng.shuffle(pool)
        walk_ins = int(self.level["walk_ins"])
        waiting = 3 if self.small else self.amount("waiting_list")
        self.walk_ins = pool[:walk_ins]
        self.waiting = pool[walk_ins:walk_ins + waiting]
        self.to_schedule = pool[walk_ins + waiting:]
        # Waiting-list patients answer, all but one: the trainee must move on to the next name (M2).
        self.answers: dict[str, bool] = {p: True for p in self.waiting}
        self.answers[rng.choice(self.waiting)] = False
        # The short form names the patient; the long form also says which visit they wait for.
        self.waiting_list: list[Any] = [
            {"patient": p, "type": "follow_up"} if i == 0 or rng.random() < 0.4 else p
            for i, p in enumerate(self.waiting)
        ]
        self.available: dict[str, tuple[str, ...]] = {}

    def finish_panel(self) -> list[Patient]:
        """The panel with what the rest of the day decided: pharmacies, who answers the phone, availability."""
        finished = []
        for p in self.panel:
            update: dict[str, Any] = {"pharmacy": self.rng.choice(self.pharmacies)}
            if p.id in self.answers:
                update["answers_phone"] = self.answers[p.id]
            if p.id in self.available:
                update["available"] = Availability(days=self.available[p.id])
            finished.append(p.model_copy(update=update))
        return finished

    # --- today ---------------------------------------------------------------------------------------------

    def make_schedule(self) -> list[dict[str, Any]]:
        rng = self.rng
        queue = iter(self.to_schedule)
        # New patients (M8) get a 30-minute visit at a set time, with each doctor in turn.
        starts = sorted(rng.sample([h * 1800 for h in (20, 21, 22, 27, 28, 29, 30)], len(self.new_today)))
        new_visits = {(self.doctors[i % len(self.doctors)], t): p
                      for i, (t, p) in enumerate(zip(starts, self.new_today, strict=True))}
        schedule: list[dict[str, Any]] = []
        for doctor in self.doctors:
            t = 9 * 3600
            while t + 15 * 60 <= self.closes - 30 * 60:
                if self.lunch[0] <= t < self.lunch[1]:
                    t = self.lunch[1]
                    continue
                newcomer = new_visits.get((doctor, t))
                if newcomer is not None:
                    schedule.append({
                        "at": _clock(t), "patient": newcomer, "with": doctor, "type": "new_patient",
                        "reason": rng.choice(_NEW_PATIENT_REASONS),
                        "orders": {"follow_up": f"{rng.choice((4, 6))} weeks", "follow_up_type": "follow_up",
                                   "tests": [rng.choice(("echocardiogram", "Holter monitor", "stress test"))]},
                    })
                    t += self.visit_types["new_patient"] * 60
                    continue
                p = next(queue, None) if rng.random() < 0.8 else None
                if p is not None:
                    entry: dict[str, Any] = {"at": _clock(t), "patient": p, "with": doctor, "type": "follow_up",
                                             "reason": rng.choice(_REASONS)}
                    if rng.random() < 0.2:
                        entry["needs"] = [rng.choice(_TESTS)]
                    if rng.random() < self.level["overrun"]:
                        entry["overrun"] = rng.choice((10, 15, 25))
                    entry["orders"] = {"follow_up": f"{rng.choice((2, 4, 6, 12))} weeks"}
                    schedule.append(entry)
                t += 15 * 60
        regulars = [e for e in schedule if e["type"] == "follow_up"]
        if regulars and not any("needs" in e for e in regulars):  # at least one visit needs results (M5)
            regulars[0]["needs"] = [rng.choice(_TESTS)]
        self.scheduled = {e["patient"] for e in schedule}
        return schedule

    # --- the book of later days ------------------------------------------------------------------------------

    def make_bookings(self) -> list[dict[str, Any]]:
        """Tomorrow's reminder list (M9), the away day (M11) and three weeks after it, at most half full."""
        rng = self.rng
        ahead = [d for d in _open_days_after(self.day, _WORKDAYS, 10) if 7 <= (d - self.day).days <= 12]
        self.away = (rng.choice(self.doctors), rng.choice(ahead))
        away_doctor, away_date = self.away
        horizon = away_date + dt.timedelta(days=21)
        days = [d for d in _open_days_after(self.day, _WORKDAYS, 30) if d <= horizon]
        self.reminder_day = days[0]
        self.taken: dict[tuple[dt.date, str], set[int]] = {}
        self.booked_on: dict[dt.date, set[str]] = {}
        bookings: list[dict[str, Any]] = []

        # The away day: urgent bookings first; a few patients can come only on some weekdays.
        movers = rng.sample(self.established, min(self.amount("away_bookings"), len(self.established)))
        urgent = self.amount("away_urgent")
        relaxed = movers[urgent:]
        for p in rng.sample(relaxed, min(self.amount("restricted"), len(relaxed))):
            others = [d for d in _WORKDAYS if d != WEEKDAYS[away_date.weekday()]]
            chosen = {WEEKDAYS[away_date.weekday()], *rng.sample(others, rng.randint(1, 2))}
            self.available[p] = tuple(d for d in _WORKDAYS if d in chosen)
        for i, p in enumerate(movers):
            kind = "consult" if i >= urgent and rng.random() < 0.2 else "follow_up"
            bookings.extend(self.book(away_date, away_doctor, p, kind, urgent=i < urgent))

        # Tomorrow: the reminder calls. The first one called reaches voicemail.
        callable_ = [p for p in self.established if self.can_come(p, self.reminder_day)]
        rng.shuffle(callable_)
        # Waiting-list patients come last, since whether they answer is settled already (the first one called must
        # be free to reach voicemail), and before them patients seen today (only a small panel needs them).
        callable_.sort(key=lambda p: (p in self.answers, p in self.scheduled))
        reminded = callable_[: self.amount("reminders")]
        self.answers[reminded[0]] = False
        for i, p in enumerate(reminded):
            bookings.extend(self.book(self.reminder_day, self.doctors[i % len(self.doctors)], p, "follow_up"))

        # Every other day up to three weeks after the away day: a few of the panel's patients a day (the clinic's
        # other patients are not in the scenario), and a crowded week after the away day, near half full, so
        # moving the urgent visits takes some thought but everyone can be moved.
        for d in days:
            for doctor in self.doctors:
                if d == self.reminder_day or (doctor, d) == self.away:
                    continue
                crowded = doctor == away_doctor and 0 < (d - away_date).days <= 7
                wanted = rng.randint(6, 9) if crowded else rng.randint(2, 4)
                # A small panel books fewer a day, or each patient would come in every other day.
                wanted = min(wanted, len(self.established) // (3 if crowded else 4))
                free = [p for p in self.established if p not in self.booked_on.get(d, ()) and self.can_come(p, d)]
                for p in rng.sample(free, min(wanted, len(free))):
                    kind = "consult" if rng.random() < 0.1 else "follow_up"
                    bookings.extend(self.book(d, doctor, p, kind, urgent=rng.random() < 0.1))
        bookings.sort(key=lambda b: (b["date"], parse_clock(b["at"]), b["with"]))
        return bookings

    def can_come(self, patient: str, day: dt.date) -> bool:
        days = self.available.get(patient)
        return days is None or WEEKDAYS[day.weekday()] in days

    def book(self, day: dt.date, doctor: str, patient: str, kind: str, urgent: bool = False) -> list[dict[str, Any]]:
        """One booking at a random free time on the grid (none when the doctor's day is half full, or the patient
        is already booked that day)."""
        taken = self.taken.setdefault((day, doctor), set())
        steps = self.visit_types[kind] // 15
        free = [t for t in self.grid if t not in taken] if steps == 1 else [
            t for t in self.grid if all(t + 900 * k in self.grid_set and t + 900 * k not in taken for k in range(steps))]
        # A doctor's later day is never more than half booked, so an away day can always be cleared.
        if not free or patient in self.booked_on.get(day, ()) or len(taken) + steps > len(self.grid) // 2:
            return []
        t = self.rng.choice(free)
        taken.update(t + 900 * k for k in range(steps))
        self.booked_on.setdefault(day, set()).add(patient)
        return [{"date": day, "at": _clock(t), "patient": patient, "with": doctor, "type": kind,
                 **({"urgent": True} if urgent else {})}]

    # --- the events of the day ------------------------------------------------------------------------------

    def make_events(self, schedule: list[dict[str, Any]]) -> list[dict[str, Any]]:
        rng, level = self.rng, self.level
        events: list[dict[str, Any]] = self.overnight_messages(schedule)
        cancelled = {e["voicemail" if "voicemail" in e else "email"]["from"] for e in events
                     if e.get("voicemail", e.get("email", {})).get("intent") == "cancel"}
        for entry in schedule:  # most arrive a few minutes early, new patients earlier; some bring changes to check
            if entry["patient"] in cancelled:
                continue
            early = rng.randint(15, 20) if entry["type"] == "new_patient" else rng.randint(2, 15)
            t = max(self.opens, parse_clock(entry["at"]) - early * 60)
            arrival: dict[str, Any] = {"patient": entry["patient"]}
            roll = rng.random()
            if entry["type"] == "new_patient":
                arrival["text"] = "Hello, I'm a new patient; my doctor sent a referral."
            elif roll < 0.15:
                arrival["changes"] = {"phone": self.maker.phone()}
            elif roll < 0.25:
                arrival["changes"] = {"address": _dump(self.maker.address())}
            events.append({"at": _clock(t), "arrival": arrival})
        events.extend(self.make_calls())
        for patient_id in self.lookalikes:  # results for look-alike charts, waiting overnight
            events.append({"at": _clock(7 * 3600 + 30 * 60), "overnight": True,
                           "document": {"kind": "lab_result", "patient": patient_id, "from": "lab", "test": "bloodwork"}})
        on_medication = [p for p in self.established if self.by_id[p].medications]
        for _ in range(3 if on_medication else 0):
            patient = self.by_id[rng.choice(on_medication)]
            events.append({"at": _clock(self.opens + rng.randint(1, 8) * 3600), "document": {
                "kind": "renewal", "patient": patient.id, "from": rng.choice(self.pharmacies),
                "medication": rng.choice(patient.medications)}})
        events.extend(self.referrals())
        for w, who in enumerate(self.walk_ins):
            complaint, flags, answers = _WALK_INS[(self.seed + w) % len(_WALK_INS)]
            events.append({"at": _clock(rng.randint(10, 15) * 3600 + 30 * 60),
                           "walk_in": {"patient": who, "complaint": complaint, "red_flags": list(flags), "answers": answers}})
        if level["delay"]:
            events.append({"at": _clock(15 * 3600 + 30 * 60),
                           "doctor_delay": {"doctor": self.doctors[0], "minutes": int(level["delay"])}})
        doctor, date = self.away
        events.append({"at": _clock(rng.choice((10, 11, 13, 14)) * 3600 + rng.choice((0, 15, 30, 45)) * 60),
                       "away_day": {"doctor": doctor, "date": date, "reason": rng.choice(_AWAY_REASONS)}})
        # Overnight events in the order they came in (evening, then early morning), then the day's.
        events.sort(key=lambda e: (0, (parse_clock(e["at"]) - 12 * 3600) % 86400) if e.get("overnight")
                    else (1, parse_clock(e["at"])))
        return events

    def overnight_messages(self, schedule: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """What waits at opening (M1): cancellations of today's visits, urgent messages for a doctor that matter
        before that patient's visit (M3), and routine requests."""
        rng = self.rng
        evening, morning = (lambda: self.overnight_time(True)), (lambda: self.overnight_time(False))
        messages = []
        regulars = [e for e in schedule if e["type"] != "new_patient"]
        later = regulars[len(regulars) // 3:] or regulars
        cancels = rng.sample(later, min(self.amount("cancellations"), max(0, len(regulars) - 1)))
        for k, entry in enumerate(cancels):
            channel = "voicemail" if k == 0 else "email"
            text = rng.choice(_CANCEL_TEXTS).format(at=entry["at"])
            messages.append({"at": _clock(evening() if rng.random() < 0.6 else morning()), "overnight": True,
                             channel: {"from": entry["patient"], "intent": "cancel", "appointment": entry["at"],
                                       "text": text}})
        # Urgent messages concern a patient seen later this morning or afternoon, so the huddle can act on them.
        kept = [e for e in regulars if e not in cancels]
        soon = [e for e in kept if self.arrives + 3600 <= parse_clock(e["at"]) < self.lunch[0]] or kept
        senders = ["lab", *self.referrers]
        for k, entry in enumerate(rng.sample(soon, min(self.amount("urgent_messages"), len(soon)))):
            name = self.by_id[entry["patient"]].name
            matters_by = _clock(max(self.arrives, parse_clock(entry["at"]) - 15 * 60))
            if senders[k % len(senders)] == "lab":
                messages.append({"at": _clock(evening()), "overnight": True, "voicemail": {
                    "from": "lab", "about": entry["patient"], "intent": "urgent", "urgent": True, "for": entry["with"],
                    "matters_by": matters_by,
                    "text": f"The lab calling with a critical result for {name}: {rng.choice(_CRITICAL_RESULTS)}. "
                            "Please have the doctor call us back before seeing the patient today."}})
            else:
                messages.append({"at": _clock(morning()), "overnight": True, "email": {
                    "from": senders[k % len(senders)], "about": entry["patient"], "intent": "urgent", "urgent": True,
                    "for": entry["with"], "matters_by": matters_by,
                    "text": f"Please look at the ECG I faxed for {name} before you see them today; "
                            "I am worried about a new change."}})
        cancelled = {e["patient"] for e in cancels}
        senders_pool = [p for p in self.established if p not in cancelled]
        for intent, channel, text in rng.sample(_ROUTINE_MESSAGES, self.amount("routine_messages")):
            who = self.by_id[rng.choice(senders_pool)]
            if intent == "refill":
                takers = [p for p in senders_pool if self.by_id[p].medications]
                if not takers:
                    continue
                who = self.by_id[rng.choice(takers)]
                text = text.format(med=rng.choice(who.medications))
            messages.append({"at": _clock(evening() if rng.random() < 0.5 else morning()), "overnight": True,
                             channel: {"from": who.id, "intent": intent, "text": text}})
        return messages

    def overnight_time(self, evening: bool) -> int:
        """A time after closing (17:30–23:59) or before opening (5:30–7:59)."""
        quarter = self.rng.randint(17 * 4 + 2, 23 * 4 + 3) if evening else self.rng.randint(5 * 4 + 2, 7 * 4 + 3)
        return quarter * 900 + self.rng.randint(0, 14) * 60

    def referrals(self) -> list[dict[str, Any]]:
        """Referral letters for new patients (M10), one of each urgency (urgent and routine when only two)."""
        rng = self.rng
        urgencies = ("urgent", "semi_urgent", "routine") if len(self.referred) >= 3 else ("urgent", "routine")
        letters = []
        for patient, urgency in zip(self.referred, urgencies, strict=False):
            reason, clues = rng.choice(_REFERRALS[urgency])
            at = 7 * 3600 + rng.randint(0, 50) * 60 if rng.random() < 0.6 else rng.randint(9 * 4, 15 * 4) * 900
            letters.append({"at": _clock(at), **({"overnight": True} if at < self.opens else {}), "document": {
                "kind": "referral", "patient": patient, "from": rng.choice(self.referrers), "urgency": urgency,
                "type": rng.choice(("consult", "new_patient")), "reason": reason, "clues": rng.sample(clues, 2)}})
        return letters

    def make_calls(self) -> list[dict[str, Any]]:
        rng, j = self.rng, self.j
        panel = [self.by_id[p] for p in self.established]  # nobody calls about a patient the clinic has not met yet
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
                    relationship = rng.choice(_RELATIONSHIPS)
                    first = (self.fake.first_name_male() if relationship in ("son", "brother") else
                             self.fake.first_name_female() if relationship == "daughter" else self.fake.first_name())
                    contact = {"name": f"{first} {about.name.split(' ', 1)[1]}", "relationship": relationship,
                               "authorised": rng.random() < 0.3}
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
        return [{"at": _clock(t - t % 60), "call": call} for t, call in zip(times, calls, strict=True)]

    # --- the back office (medical-assistant mode) --------------------------------------------------------------

    def add_back_office(self, schedule: list[dict[str, Any]]) -> None:
        """Vitals for every visit, one in four with one abnormal value (M16); specimens for one in three (M17)."""
        rng = self.back_rng
        n = len(schedule)
        abnormal = set(rng.sample(range(n), max(1, round(n / 4))))
        collected = set(rng.sample(range(n), max(1, round(n / 3))))
        for i, entry in enumerate(schedule):
            patient = self.by_id[entry["patient"]]
            odd = rng.choice(("pulse", "bp", "respirations")) if i in abnormal else None
            entry["vitals"] = _vitals(rng, patient.sex == "female", odd)
            if i in collected:
                kinds = rng.choices(tuple(_SPECIMENS), _SPECIMEN_WEIGHTS, k=rng.choice((1, 1, 1, 2)))
                specimens: dict[str, str] = {}
                for kind in kinds:
                    specimens.setdefault(rng.choice(_SPECIMENS[kind]), kind)
                entry["specimens"] = [{"kind": kind, "test": test} for test, kind in specimens.items()]


def _vitals(rng: random.Random, female: bool, abnormal: str | None) -> dict[str, Any]:
    """A resting adult's vital signs, normal except ``abnormal`` (pulse, bp or respirations), when given.

    Normal values keep inside :mod:`simulator.scenario.ranges` with a margin, and abnormal ones clear it, so no
    value sits on a boundary the trainee could argue about.
    """
    height = min(200, max(145, round(rng.gauss(162 if female else 176, 7))))
    weight = round(rng.uniform(19.5, 33.0) * (height / 100) ** 2, 1)
    pulse, respirations = rng.randint(62, 96), rng.randint(14, 18)
    systolic = rng.randint(104, 134)
    diastolic = rng.randint(64, min(86, systolic - 30))
    if abnormal == "pulse":
        pulse = rng.randint(106, 128)
    elif abnormal == "respirations":
        respirations = rng.randint(22, 28)
    elif abnormal == "bp":
        systolic, diastolic = rng.randint(146, 178), rng.randint(92, 104)
    return {"pulse": pulse, "respirations": respirations, "bp": f"{systolic}/{diastolic}",
            "height_cm": height, "weight_kg": weight}


def _spoil_card(patient: Patient) -> Patient:
    """A card that fails the jurisdiction's check on purpose, marked `invalid: true` as a trap."""
    if patient.health_card is not None:
        card = patient.health_card
        wrong = card.number[:-1] + str((int(card.number[-1]) + 1) % 10)
        return patient.model_copy(update={"health_card": card.model_copy(update={"number": wrong, "invalid": True})})
    if patient.insurance is not None:
        plan = patient.insurance
        return patient.model_copy(update={"insurance": plan.model_copy(update={"member_id": plan.member_id[:4], "invalid": True})})
    return patient
