"""Synthetic patients and whole random days, made with Faker from a seed.

Two entry points: :func:`synthetic_patients` expands a scenario's ``{generate: N}`` entry, and
:func:`generate_day` writes a complete, valid, realistic scenario for ``frontdesk generate``: a day with work in
every mechanic of DESIGN section 2 (M16 and M17 in medical-assistant mode), scaled by difficulty. Both are
deterministic: the same arguments give the same patients and byte-identical YAML. No real person's data is
used: names come from Faker, phone numbers are the fictional 555-01xx range, e-mail addresses use the reserved
``example.com`` domain, and card numbers are random with a valid check digit.

A day is realistic as well as valid: its clinic has a kind (:mod:`.generate_kinds`: family practice, pediatrics,
cardiology, a walk-in clinic) that sets its content and its patients' ages; calls ring at a drawn rate with bursts
and lulls (:mod:`.generate_calls`), each from someone who could make it, in their own words; medication lists are
plausible (:mod:`.generate_medications`) and postal codes serve their towns (:mod:`.generate_places`). Nothing in a
day contradicts anything else: a patient sent to emergency does not come back, nobody phones from the waiting
room, a patient's side is in touch once a day, and critical results are rare.

This is the only module that imports Faker, and only the loader's expansion step and the ``generate`` command
import this module, so headless grading of written-out scenarios never pays for it.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from typing import Any

import yaml
from faker import Faker

from .generate_calls import call_times, poisson
from .generate_kinds import DEFAULT_KIND, KINDS, ClinicKind, WalkInCase, fits, pick
from .generate_medications import medications_for
from .generate_places import METROS, POSTAL_LETTERS, Metro, postal_code
from .jurisdictions import JURISDICTIONS, Jurisdiction, age_on, luhn_check_digit
from .models import WEEKDAYS, Address, Availability, Contact, HealthCard, Insurance, Patient
from .times import parse_clock
from .triage import screening_questions

__all__ = ["synthetic_patients", "generate_day", "DIFFICULTIES", "MODES", "KINDS", "SCHEMA_MODELINE"]

SCHEMA_MODELINE = "# yaml-language-server: $schema=scenario.schema.json"


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
_STREET_KINDS = ("Street", "Avenue", "Road", "Drive", "Crescent", "Court", "Lane", "Boulevard", "Way", "Place")
_PAYERS = ("Evergreen Health Plan", "Summit Mutual Health", "Bluewater Care Alliance", "Prairie Shield Insurance")
_ALLERGIES = ("penicillin", "sulfa drugs", "latex", "codeine", "peanuts", "shellfish", "aspirin", "iodine contrast")
_CHILD_ALLERGIES = ("penicillin", "peanuts", "eggs", "latex", "tree nuts")
_RELATIONSHIPS = ("spouse", "daughter", "son", "ex-spouse", "neighbour", "brother", "caregiver")
#: A minor's parent or guardian on the chart, by how often each one is the contact listed.
_PARENTS = (("mother", 55), ("father", 35), ("guardian", 10))
#: Below this age a child does not phone the clinic or leave messages: a parent does, in their own words.
_CALLS_ON_OWN_FROM = 14
_CANCEL_TEXTS = (
    "I can't make it today; please cancel my appointment.",
    "My car broke down. Please cancel my {at} appointment; I'll call to rebook.",
    "Work travel came up. Please cancel this {at} visit.",
    "I'm in bed with the flu, so I won't come in at {at}. Please cancel.",
    "Family emergency out of town, please cancel my {at} today.",
)
_PARENT_CANCEL_TEXTS = (
    "This is {parent}, {child}'s {rel}. {child} is home sick today, so please cancel the {at} appointment.",
    "Hi, it's {parent}, {child}'s {rel}. Our car won't start; please cancel {child}'s {at} visit and we'll rebook.",
    "{parent} here, {child}'s {rel}. We're out of town for a family emergency; please cancel {child}'s {at} today.",
)
#: Routine overnight messages (M1): (intent, channel, text, the same in a parent's words). ``{med}`` is one of the
#: patient's medications.
_ROUTINE_MESSAGES = (
    ("billing", "voicemail", "A question about a fee for a form I asked for last month.",
     "This is {parent}, {child}'s {rel}, with a question about the fee for {child}'s camp form."),
    ("billing", "email", "I was charged a missed-appointment fee but I did come in. Could someone check?",
     "We were charged a missed-appointment fee for {child}, but we did come in. Could someone check? - {parent}"),
    ("refill", "voicemail", "I'm almost out of my {med}. Could the doctor renew it?",
     "This is {parent}, {child}'s {rel}. {child} is almost out of the {med}; could the doctor renew it?"),
    ("results", "voicemail", "Calling to ask whether my test results are back.",
     "It's {parent}, {child}'s {rel}, asking whether {child}'s test results are back."),
    ("book", "email", "Could I book my next check-up, ideally a morning?",
     "Could we book {child}'s next check-up, ideally after school? - {parent}"),
    ("routine", "email", "I have a new email address; please update my file.",
     "I have a new email address; please update {child}'s file. - {parent}"),
)
#: Specimens collected in the in-house lab (M17): kind → tests, with how often each kind is collected.
_SPECIMENS: dict[str, tuple[str, ...]] = {
    "blood": ("CBC", "lipid panel", "HbA1c", "INR", "electrolytes", "TSH", "creatinine"),
    "urine": ("urinalysis", "urine albumin-to-creatinine ratio", "urine culture"),
    "swab": ("throat swab culture", "COVID-19 PCR", "wound swab culture"),
}
_SPECIMEN_WEIGHTS = (6, 3, 1)
#: A neutral answer to each triage question, for a question a complaint's protocol asks that its case left out.
_PLAIN_ANSWERS = {"onset": "earlier today", "severity": "moderate", "location": "just there", "chest_pain": "no",
                  "breathing": "normal", "bleeding": "no", "fever": "no fever", "dizziness": "no",
                  "medications": "nothing new", "allergies": "none I know of", "history": "nothing serious"}

#: Per difficulty: calls per hour (the mean the day's rate is drawn around, at a one-doctor clinic of 40 patients;
#: see ``_DayMaker.make_calls``), walk-ins, minutes the doctor falls behind, share of visits that overrun, and
#: the traps the day hides: pairs of look-alike charts, impostor callers, and cards that fail their check.
DIFFICULTIES: dict[str, dict[str, float]] = {
    "easy": {"calls_per_hour": 3.0, "walk_ins": 1, "delay": 10, "overrun": 0.05, "lookalikes": 1, "impostors": 0, "bad_cards": 0},
    "normal": {"calls_per_hour": 5.0, "walk_ins": 1, "delay": 20, "overrun": 0.15, "lookalikes": 2, "impostors": 1, "bad_cards": 1},
    "hard": {"calls_per_hour": 7.5, "walk_ins": 2, "delay": 45, "overrun": 0.30, "lookalikes": 3, "impostors": 3, "bad_cards": 2},
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
    """Makes one synthetic patient at a time from a Faker instance and a Random, both seeded.

    ``ages`` are the clinic's age bands (weight, youngest, oldest, most common); ``kind`` picks the medication
    classes its patients take. Every patient under 18 has a parent or guardian on the chart.
    """

    def __init__(self, j: Jurisdiction, fake: Faker, rng: random.Random, day: dt.date, metro: Metro,
                 ages: tuple[tuple[int, int, int, int], ...] = ((1, 18, 92, 55),), kind: str = "family"):
        self.j, self.fake, self.rng, self.day, self.metro = j, fake, rng, day, metro
        self.ages, self.kind = ages, kind
        self._phones = [f"{area}-555-01{n:02d}" for area in metro.area_codes for n in range(100)]
        rng.shuffle(self._phones)

    def phone(self) -> str:
        """A fictional number, each one used once while the pool lasts (then families share, as they do)."""
        if self._phones:
            return self._phones.pop()
        return f"{self.rng.choice(self.metro.area_codes)}-555-01{self.rng.randint(0, 99):02d}"

    def address(self) -> Address:
        """A street in one of the metro's towns, with a postal or ZIP code that serves that town."""
        rng, m = self.rng, self.metro
        street = f"{rng.randint(2, 980)} {self.fake.last_name()} {rng.choice(_STREET_KINDS)}"
        town = rng.choice(m.towns)
        return Address(street=street, city=town.name, region=m.region,
                       postal=postal_code(rng, town, self.j.code == "ON"))

    def card(self) -> dict[str, Any]:
        """An Ontario health card or a US insurance card, valid, expiring some time after the day."""
        expires = self.day + dt.timedelta(days=self.rng.randint(60, 5 * 365))
        if self.j.id_document == "health_card":
            version = "".join(self.rng.choice("ABCDEFGHJKLMNPRSTVWXYZ") for _ in range(self.rng.choice((0, 2, 2, 2))))
            return {"health_card": HealthCard(number=_card_number(self.rng), version=version, expires=expires)}
        letters = "".join(self.rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(3))
        member = letters + "".join(str(self.rng.randint(0, 9)) for _ in range(9))
        return {"insurance": Insurance(payer=self.rng.choice(_PAYERS), member_id=member, expires=expires)}

    def age(self) -> int:
        """An age in years drawn from the clinic's age bands."""
        _, lo, hi, mode = self.rng.choices(self.ages, [band[0] for band in self.ages])[0]
        return min(hi, int(self.rng.triangular(lo, hi + 1, mode)))

    def born(self, age: int) -> dt.date:
        """A date of birth that makes the patient ``age`` on the day."""
        birthday = self.day.replace(year=self.day.year - age) if (self.day.month, self.day.day) != (2, 29) \
            else self.day.replace(year=self.day.year - age, day=28)
        return birthday - dt.timedelta(days=self.rng.randint(1, 360))

    def parent(self, last: str) -> Contact:
        """A child's mother, father or guardian, most often with the child's surname (no phone of their own: the
        desk phones only patients, and a contact's number would draw a warning)."""
        relationship = self.rng.choices([p for p, _ in _PARENTS], [w for _, w in _PARENTS])[0]
        first = (self.fake.first_name_female() if relationship == "mother" else
                 self.fake.first_name_male() if relationship == "father" else self.fake.first_name())
        surname = last if self.rng.random() < 0.8 else self.fake.last_name()
        return Contact(name=f"{first} {surname}", relationship=relationship)

    def make(self, patient_id: str, first: str | None = None, last: str | None = None, sex: str | None = None,
             age: int | None = None) -> Patient:
        """One patient; ``first``, ``last``, ``sex`` and ``age`` are drawn unless given."""
        rng, f = self.rng, self.fake
        sex = sex or rng.choice(("female", "male"))
        first = first or (f.first_name_female() if sex == "female" else f.first_name_male())
        last = last or f.last_name()
        age = self.age() if age is None else age
        email_user = re.sub(r"[^a-z.]", "", f"{first}.{last}".lower())
        pool = _CHILD_ALLERGIES if age < 18 else _ALLERGIES
        allergies = tuple(sorted(rng.sample(pool, k=rng.choice((0, 0, 0, 1, 1, 2)))))
        return Patient(
            id=patient_id,
            name=f"{first} {last}",
            dob=self.born(age),
            sex=sex,
            phone=self.phone(),
            # Young children have no e-mail of their own; the clinic writes to the parent.
            email=f"{email_user}@example.com" if age >= 13 and rng.random() < 0.7 else None,
            address=self.address(),
            allergies=allergies,
            medications=medications_for(rng, age, self.kind, allergies),
            contacts=(self.parent(last),) if age < 18 else (),
            answers_phone=rng.random() < 0.75,
            **self.card(),
        )


    def make_steady(self, patient_id: str, side: random.Random) -> Patient:
        """A `{generate: N}` patient whose draws from ``self.rng`` are the same, in number and order, as before the
        realism rules: the address's postal code and the medication list come from ``side`` instead, so every
        later patient of the entry, and every shipped scenario built on them, stays the same."""
        rng, f = self.rng, self.fake
        sex = rng.choice(("female", "male"))
        first = f.first_name_female() if sex == "female" else f.first_name_male()
        last = f.last_name()
        dob = self.day - dt.timedelta(days=rng.randint(18 * 365, 92 * 365))
        email_user = re.sub(r"[^a-z.]", "", f"{first}.{last}".lower())
        phone = self.phone()
        email = f"{email_user}@example.com" if rng.random() < 0.7 else None
        street = f"{rng.randint(2, 980)} {f.last_name()} {rng.choice(_STREET_KINDS)}"
        if self.j.code == "ON":  # the draws of the old drawn postal code, kept for the stream's sake
            rng.choice(POSTAL_LETTERS), rng.randint(0, 9), rng.randint(1, 9), rng.choice(POSTAL_LETTERS), rng.randint(0, 9)
        else:
            rng.randint(0, 99)
        town = rng.choice(self.metro.towns)
        allergies = tuple(sorted(rng.sample(_ALLERGIES, k=rng.choice((0, 0, 0, 1, 1, 2)))))
        rng.sample(range(_STEADY_MEDICATION_POOL), k=rng.randint(0, 4))  # the old list's draw, likewise
        answers_phone = rng.random() < 0.75
        card = self.card()
        address = Address(street=street, city=town.name, region=self.metro.region,
                          postal=postal_code(side, town, self.j.code == "ON"))
        return Patient(id=patient_id, name=f"{first} {last}", dob=dob, sex=sex, phone=phone, email=email,
                       address=address, allergies=allergies,
                       medications=medications_for(side, age_on(dob, self.day), "family", allergies),
                       answers_phone=answers_phone, **card)


def synthetic_patients(
    jurisdiction: str,
    seed: int,
    entry_index: int,
    count: int,
    number: int,
    taken: set[str],
    day: dt.date,
    kind: str | None = None,
) -> tuple[list[Patient], int]:
    """Make ``count`` patients for the ``{generate: N}`` entry at ``entry_index``.

    Ids continue from ``number`` (``p01``, ``p02``, ...) and skip any id in ``taken``. The patients depend
    only on the scenario's seed, the entry's position and the day, so adding a patient elsewhere in the file
    does not change them. Returns the patients and the last number used.

    Without ``kind`` they are adults (18 to 92), as they always were. With a ``kind`` (``{generate: 30, kind:
    pediatrics}``) they are that kind of clinic's patients, ages and medications included, every child with a
    parent or guardian on the chart; they come from a stream of their own. Their addresses and medication lists follow the generator's realism rules (a postal
    code that serves the town; one drug per class, one blood thinner at most), drawn from a stream of their own so
    that everything else about them — names, birthdays, phones, cards, who answers the phone — stays what shipped
    scenarios were written around.
    """
    j = JURISDICTIONS[jurisdiction]
    mixed = seed * 1_000_003 + entry_index
    if kind is not None:
        clinic = KINDS[kind]
        krng = random.Random(f"frontdesk-generate-kind:{kind}:{mixed}")
        kmaker = _PatientMaker(j, _faker(j.faker_locale, mixed), krng, day, krng.choice(METROS[jurisdiction]),
                               clinic.ages, clinic.name)
        kinded: list[Patient] = []
        while len(kinded) < count:
            number += 1
            if f"p{number:02d}" not in taken:
                kinded.append(kmaker.make(f"p{number:02d}"))
        return kinded, number
    rng = random.Random(mixed)
    maker = _PatientMaker(j, _faker(j.faker_locale, mixed), rng, day, rng.choice(_STEADY_METROS[jurisdiction]))
    made: list[Patient] = []
    while len(made) < count:
        number += 1
        patient_id = f"p{number:02d}"
        if patient_id in taken:
            continue
        made.append(maker.make_steady(patient_id, random.Random(f"frontdesk-patient:{mixed}:{patient_id}")))
    return made, number


#: The metros `{generate: N}` patients live in: the four per jurisdiction there were before Peel was added, in the
#: same order, so a scenario's seed still picks the same one.
_STEADY_METROS = {"ON": tuple(m for m in METROS["ON"] if m.towns[0].name != "Mississauga"), "US": METROS["US"]}
#: How many medications the generator once drew a list from; ``make_steady`` draws as many to keep its stream.
_STEADY_MEDICATION_POOL = 14


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
    seed: int, patients: int = 40, jurisdiction: str = "ON", difficulty: str = "normal", mode: str = "front_desk",
    kind: str = DEFAULT_KIND,
) -> str:
    """A complete random day as scenario YAML. The same arguments always give the same text.

    Every day exercises every front-desk mechanic (M1–M15, M18); ``mode="medical_assistant"`` adds rooming,
    vitals and specimens (M16, M17) to the same day: the front-desk part is identical in both modes. ``kind`` is
    the clinic's kind (see :data:`KINDS`): ``cardiology`` (the default, as before kinds existed), ``family``,
    ``pediatrics`` or ``walk_in``.
    """
    if patients < 12:
        raise ValueError("a generated day needs at least 12 patients")
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; choose one of {', '.join(KINDS)}")
    return _DayMaker(seed, patients, jurisdiction, difficulty, mode, kind).text()


#: What a caller may phone back about when nobody has called them back, and how soon they do.
_CALLED_BACK_ABOUT = {"results": "test results", "speak_to_nurse": "question for the nurse",
                      "refill": "prescription renewal"}
_CALL_BACK_AFTER = 2 * 3600
#: How long a patient is in the building around a booked visit (before it, and after it ends), and how long a
#: walk-in stays: no one phones the desk from its waiting room.
_BEFORE_VISIT, _AFTER_VISIT, _WALK_IN_STAY = 45 * 60, 45 * 60, 150 * 60


class _DayMaker:
    """Builds one generated day, part by part, from one seeded Random and one seeded Faker.

    The order of the parts matters: who is new, on the waiting list or a walk-in is decided before today's
    schedule is filled, and the away day's bookings before the rest of the book, so each later part can leave
    room for the earlier ones. Calls come last: a caller must be free to phone (not in the clinic, not sent to
    emergency, not already in touch today).
    """

    def __init__(self, seed: int, patients: int, jurisdiction: str, difficulty: str, mode: str = "front_desk",
                 kind: str = DEFAULT_KIND):
        self.seed, self.count, self.difficulty, self.mode = seed, patients, difficulty, mode
        self.kind: ClinicKind = KINDS[kind]
        self.j = JURISDICTIONS[jurisdiction]
        self.level = DIFFICULTIES[difficulty]
        self.work = _WORKLOAD[difficulty]
        self.small = patients < _SMALL_PANEL
        # The default kind keeps the seed strings it always had, so its days stay recognisable across versions.
        tag = "" if kind == DEFAULT_KIND else f":{kind}"
        self.rng = random.Random(f"frontdesk-generate:{seed}:{patients}:{jurisdiction}:{difficulty}{tag}")
        # The back office draws from a Random of its own, so a medical-assistant day is the front-desk day of the
        # same seed with rooming work added, not a different day.
        self.back_rng = random.Random(f"frontdesk-generate-back-office:{seed}:{patients}:{jurisdiction}:{difficulty}{tag}")
        self.fake = _faker(self.j.faker_locale, seed)
        self.days = _WORKDAYS + (("sat",) if self.kind.saturday else ())
        # Monday to Thursday: an urgent referral (seen within two days) must have an open day ahead of it. A
        # walk-in clinic open on Saturday is sometimes generated on one (Monday is two days later).
        saturday = self.kind.saturday and self.rng.random() < 0.3
        self.day = dt.date(2026, 1, 5) + dt.timedelta(weeks=self.rng.randint(0, 100),
                                                      days=5 if saturday else self.rng.randint(0, 3))
        self.metro = self.rng.choice(METROS[jurisdiction])
        self.maker = _PatientMaker(self.j, self.fake, self.rng, self.day, self.metro, self.kind.ages, self.kind.name)
        self.opens, self.closes, self.lunch = 8 * 3600, 17 * 3600, (12 * 3600, 13 * 3600)
        self.visit_types = dict(self.kind.visit_types)
        # The appointment book's grid for later days: 9:00 to 16:00 in quarter hours, lunch left free.
        self.grid = [t for t in range(9 * 3600, 16 * 3600, 15 * 60) if not self.lunch[0] <= t < self.lunch[1]]
        self.grid_set = set(self.grid)
        self.phone_lines = 2 if difficulty == "easy" else 3
        self.contacts: dict[str, dict[str, Any]] = {}  # family callers of adults, who also appear on the chart
        self.in_touch: set[str] = set()  # patients (or their family) who have phoned or written today

    def person(self) -> str:
        """A made-up full name."""
        return f"{self.fake.first_name()} {self.fake.last_name()}"

    def amount(self, task: str) -> int:
        """How many of ``task`` the day holds, drawn within the difficulty's range."""
        low, high = self.work[task]
        return self.rng.randint(low, high)

    def age(self, patient_id: str) -> int:
        """A patient's age on the day."""
        return age_on(self.by_id[patient_id].dob, self.day)

    def text(self) -> str:
        """The whole day as YAML."""
        rng, j = self.rng, self.j
        doctor_count = max(self.kind.doctors_at_least, 1 + (self.count >= 80) + (self.difficulty == "hard"))
        # Doctor and nurse come in a little after the desk opens; the huddle (M3) happens then.
        self.arrives = self.opens + rng.choice((15, 30, 30, 45)) * 60
        staff = [{"id": f"dr{i + 1}", "role": "doctor", "name": f"Dr. {self.person()}", "arrives": _clock(self.arrives)}
                 for i in range(doctor_count)]
        staff.append({"id": "nurse", "role": "nurse", "name": self.person(), "arrives": _clock(self.arrives)})
        self.doctors = [s["id"] for s in staff if s["role"] == "doctor"]
        self.doctor_names = {s["id"]: s["name"] for s in staff}
        town = self.metro.towns[0].name
        directory = [
            {"id": "lab", "kind": "lab", "name": f"{self.fake.last_name()} Medical Laboratories", "phone": self.maker.phone()},
            {"id": "pharmacy", "kind": "pharmacy", "name": f"{self.fake.last_name()} Pharmacy",
             "phone": self.maker.phone(), "fax": self.maker.phone()},
            {"id": "referrer", "kind": "physician", "name": f"Dr. {self.person()} (family physician)",
             "phone": self.maker.phone(), "fax": self.maker.phone()},
            {"id": "pharmacy2", "kind": "pharmacy", "name": f"{self.metro.towns[-1].name} Community Pharmacy",
             "phone": self.maker.phone(), "fax": self.maker.phone()},
            {"id": "referrer2", "kind": "physician", "name": f"Dr. {self.person()} (family physician)",
             "phone": self.maker.phone(), "fax": self.maker.phone()},
        ]
        self.names = {d["id"]: d["name"] for d in directory}
        self.hospital = f"{town} General Hospital"
        self.pharmacies = [d["id"] for d in directory if d["kind"] == "pharmacy"]
        self.referrers = [d["id"] for d in directory if d["kind"] == "physician"]
        self.panel = self.make_panel()
        self.cast()
        schedule = self.make_schedule()
        bookings = self.make_bookings()
        self.bookings = bookings
        events = self.make_events(schedule)
        patients = [_dump(p) for p in self.finish_panel()]
        for p in patients:
            if p["id"] in self.contacts:
                p["contacts"] = [dict(self.contacts[p["id"]])]
        clinic: dict[str, Any] = {
            "name": f"{town} {rng.choice(self.kind.titles)}",
            "phone": self.maker.phone(),
            "address": _dump(self.clinic_address()),
            **({"days": list(self.days)} if self.days != _WORKDAYS else {}),
            "opens": _clock(self.opens),
            "closes": _clock(self.closes),
            "lunch": {"from": _clock(self.lunch[0]), "until": _clock(self.lunch[1])},
            "phone_lines": self.phone_lines,
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
                   f"--difficulty {self.difficulty}" + (" --mode medical_assistant" if back_office else "")
                   + (f" --kind {self.kind.name}" if self.kind.name != DEFAULT_KIND else ""))
        kind_id = "" if self.kind.name == DEFAULT_KIND else f"-{self.kind.name.replace('_', '-')}"
        kind_words = {"cardiology": "", "family": " family practice", "pediatrics": " pediatric",
                      "walk_in": " walk-in clinic"}[self.kind.name]
        scenario = {
            "format": 1,
            "id": f"generated-{j.code.lower()}{kind_id}-{self.difficulty}-{self.seed}" + ("-ma" if back_office else ""),
            "title": f"A generated {self.difficulty}{kind_words} day{' in the back office' if back_office else ''} "
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

    def clinic_address(self) -> Address:
        """The clinic's own address, in the metro's first town."""
        town = self.metro.towns[0]
        street = f"{self.rng.randint(10, 990)} {self.fake.last_name()} {self.rng.choice(_STREET_KINDS)}"
        return Address(street=street, city=town.name, region=self.metro.region,
                       postal=postal_code(self.rng, town, self.j.code == "ON"))

    # --- the panel and who plays which part -----------------------------------------------------------------

    def make_panel(self) -> list[Patient]:
        """The clinic's patients, with look-alike pairs (same surname, names a letter apart) spread through it."""
        panel = [self.maker.make(f"p{i + 1:02d}") for i in range(self.count)]
        pairs = self.rng.sample(_LOOKALIKE_NAMES, k=int(self.level["lookalikes"]))
        # Cards spoiled on purpose are the last few ids; look-alikes are anywhere else.
        bad_cards = int(self.level["bad_cards"])
        spots = self.rng.sample(range(self.count - bad_cards), 2 * len(pairs))
        self.lookalikes = []
        self.lookalike_ids: set[str] = set()
        for t, ((first_a, sex_a), (first_b, sex_b)) in enumerate(pairs):
            a, b = spots[2 * t], spots[2 * t + 1]
            last = self.fake.last_name()
            panel[a] = self.maker.make(panel[a].id, first=first_a, last=last, sex=sex_a)
            panel[b] = self.maker.make(panel[b].id, first=first_b, last=last, sex=sex_b)
            self.lookalikes.append(panel[b].id)
            self.lookalike_ids.update((panel[a].id, panel[b].id))
        for k in range(bad_cards):
            index = len(panel) - 1 - k
            panel[index] = _spoil_card(panel[index])
        return panel

    def cast(self) -> None:
        """Decide who is new (seen today, or referred), who walks in, and who waits for a cancellation."""
        rng = self.rng
        new_today = 1 if self.small else self.amount("new_patients")
        referred = 2 if self.small else self.amount("referrals")
        # Look-alike charts stay established: their lab results are filed to charts that exist.
        candidates = [i for i, p in enumerate(self.panel) if p.id not in self.lookalike_ids]
        picks = rng.sample(candidates, new_today + referred)
        for index in picks:
            self.panel[index] = self.panel[index].model_copy(update={"new": True})
        self.new_today = [self.panel[i].id for i in picks[:new_today]]
        self.referred = [self.panel[i].id for i in picks[new_today:]]
        # The first new patient leaves the medication list at home (the pharmacy must send it); one has allergies.
        first = self.panel[picks[0]]
        update: dict[str, Any] = {"brings_medication_list": False}
        if not first.medications:
            update["medications"] = self.some_medications(first)
        self.panel[picks[0]] = first.model_copy(update=update)
        if not any(self.panel[i].allergies for i in picks[:new_today]):
            last = picks[new_today - 1]
            patient = self.panel[last]
            choices = _CHILD_ALLERGIES if age_on(patient.dob, self.day) < 18 else ("penicillin", "sulfa drugs", "latex")
            self.panel[last] = patient.model_copy(update={"allergies": (rng.choice(choices),)})
        self.by_id = {p.id: p for p in self.panel}
        self.established = [p.id for p in self.panel if not p.new]
        pool = list(self.established)
        rng.shuffle(pool)
        # Someone of twelve or more is kept for today's book, and booked first, so a medical assistant has a patient
        # to room even on a small pediatric panel (younger children are not roomed: see add_back_office).
        older = [p for p in pool if self.age(p) >= 12]
        if older:
            pool.remove(older[0])
            pool.append(older[0])
        walk_ins = int(self.level["walk_ins"])
        if self.kind.walk_ins_a_day:  # a walk-in clinic: most of the day walks in, about as many as the rate says
            walk_ins = max(walk_ins, poisson(rng, self.kind.walk_ins_a_day[self.difficulty] * self.count / 40))
        waiting = 3 if self.small else self.amount("waiting_list")
        walk_ins = min(walk_ins, len(pool) // (2 if self.kind.walk_ins_a_day else 3))
        self.walk_ins = pool[:walk_ins]
        self.waiting = pool[walk_ins:walk_ins + waiting]
        self.to_schedule = pool[walk_ins + waiting:]
        if older and self.to_schedule:
            self.to_schedule.insert(0, self.to_schedule.pop())
        # Waiting-list patients answer, all but one: the trainee must move on to the next name (M2).
        self.answers: dict[str, bool] = {p: True for p in self.waiting}
        self.answers[rng.choice(self.waiting)] = False
        # The short form names the patient; the long form also says which visit they wait for.
        self.waiting_list: list[Any] = [
            {"patient": p, "type": "follow_up"} if i == 0 or rng.random() < 0.4 else p
            for i, p in enumerate(self.waiting)
        ]
        self.available: dict[str, tuple[str, ...]] = {}

    def some_medications(self, patient: Patient) -> tuple[str, ...]:
        """A non-empty medication list fit for ``patient`` (for the new patient whose list the pharmacy sends)."""
        age = age_on(patient.dob, self.day)
        for _ in range(20):
            meds = medications_for(self.rng, max(age, 60) if age >= 18 else age, self.kind.name, patient.allergies)
            if meds:
                return meds
        return ("salbutamol inhaler with spacer",) if age < 18 else ("atorvastatin 20 mg",)

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
        """Today's book: new patients at set times, then the kind's share of slots with established patients."""
        rng, kind = self.rng, self.kind
        # A walk-in clinic books a few visits only: fewer than the day's walk-ins, but at least three, so one can be
        # cancelled and its slot offered to the waiting list (M2).
        booked = self.to_schedule[: max(3, len(self.walk_ins) // 2)] if self.kind.walk_ins_a_day else self.to_schedule
        queue = iter(booked)
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
                    age = self.age(newcomer)
                    schedule.append({
                        "at": _clock(t), "patient": newcomer, "with": doctor, "type": "new_patient",
                        "reason": pick(rng, kind.new_reasons, age),
                        "orders": {"follow_up": f"{rng.choice((4, 6))} weeks", "follow_up_type": "follow_up",
                                   "tests": [pick(rng, kind.new_tests, age)]},
                    })
                    t += self.visit_types["new_patient"] * 60
                    continue
                p = next(queue, None) if rng.random() < kind.booked_share else None
                if p is not None:
                    age = self.age(p)
                    entry: dict[str, Any] = {"at": _clock(t), "patient": p, "with": doctor, "type": "follow_up",
                                             "reason": pick(rng, kind.reasons, age)}
                    if rng.random() < 0.2:
                        entry["needs"] = [pick(rng, kind.needs, age)]
                    if rng.random() < self.level["overrun"]:
                        entry["overrun"] = rng.choice((10, 15, 25))
                    entry["orders"] = {"follow_up": f"{rng.choice((2, 4, 6, 12))} weeks"}
                    schedule.append(entry)
                t += 15 * 60
        regulars = [e for e in schedule if e["type"] == "follow_up"]
        if regulars and not any("needs" in e for e in regulars):  # at least one visit needs results (M5)
            regulars[0]["needs"] = [pick(rng, kind.needs, self.age(regulars[0]["patient"]))]
        self.scheduled = {e["patient"] for e in schedule}
        return schedule

    # --- the book of later days ------------------------------------------------------------------------------

    def make_bookings(self) -> list[dict[str, Any]]:
        """Tomorrow's reminder list (M9), the away day (M11) and three weeks after it, at most half full."""
        rng = self.rng
        ahead = [d for d in _open_days_after(self.day, self.days, 10) if 7 <= (d - self.day).days <= 12]
        self.away = (rng.choice(self.doctors), rng.choice(ahead))
        away_doctor, away_date = self.away
        horizon = away_date + dt.timedelta(days=21)
        days = [d for d in _open_days_after(self.day, self.days, 30) if d <= horizon]
        self.reminder_day = days[0]
        self.taken: dict[tuple[dt.date, str], set[int]] = {}
        self.booked_on: dict[dt.date, set[str]] = {}
        bookings: list[dict[str, Any]] = []

        # The away day: urgent bookings first; a few patients can come only on some weekdays.
        movers = rng.sample(self.established, min(self.amount("away_bookings"), len(self.established)))
        urgent = self.amount("away_urgent")
        relaxed = movers[urgent:]
        for p in rng.sample(relaxed, min(self.amount("restricted"), len(relaxed))):
            others = [d for d in self.days if d != WEEKDAYS[away_date.weekday()]]
            chosen = {WEEKDAYS[away_date.weekday()], *rng.sample(others, rng.randint(1, 2))}
            self.available[p] = tuple(d for d in self.days if d in chosen)
        for i, p in enumerate(movers):
            kind = self.kind.long_visit if i >= urgent and rng.random() < 0.2 else "follow_up"
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
                    kind = self.kind.long_visit if rng.random() < 0.1 else "follow_up"
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
        """Everything that happens: messages waiting at opening, arrivals, walk-ins, calls, documents, the
        doctor's delay and the away day, in the order they come."""
        rng, level = self.rng, self.level
        events: list[dict[str, Any]] = self.overnight_messages(schedule)
        cancelled = {(m["from"], m["appointment"]) for e in events for m in (e.get("voicemail") or e.get("email"),)
                     if m and m.get("intent") == "cancel"}
        delay = int(level["delay"]) * 60
        # When each patient is in the building: a patient there does not phone the desk.
        self.busy: dict[str, list[tuple[int, int]]] = {}
        for entry in schedule:  # most arrive a few minutes early, new patients earlier; some bring changes to check
            if (entry["patient"], entry["at"]) in cancelled:
                continue
            at = parse_clock(entry["at"])
            end = at + (self.visit_types[entry["type"]] + entry.get("overrun", 0)) * 60 + delay
            self.busy.setdefault(entry["patient"], []).append((at - _BEFORE_VISIT, end + _AFTER_VISIT))
            early = rng.randint(15, 20) if entry["type"] == "new_patient" else rng.randint(2, 15)
            t = max(self.opens, at - early * 60)
            arrival: dict[str, Any] = {"patient": entry["patient"]}
            roll = rng.random()
            if entry["type"] == "new_patient":
                arrival["text"] = self.first_visit_words(entry["patient"])
            elif roll < 0.15:
                arrival["changes"] = {"phone": self.maker.phone()}
            elif roll < 0.25:
                arrival["changes"] = {"address": _dump(self.maker.address())}
            events.append({"at": _clock(t), "arrival": arrival})
        self.sent_to_emergency: set[str] = set()
        events.extend(self.make_walk_ins())
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
        if level["delay"]:
            events.append({"at": _clock(15 * 3600 + 30 * 60),
                           "doctor_delay": {"doctor": self.doctors[0], "minutes": int(level["delay"])}})
        doctor, date = self.away
        events.append({"at": _clock(rng.choice((10, 11, 13, 14)) * 3600 + rng.choice((0, 15, 30, 45)) * 60),
                       "away_day": {"doctor": doctor, "date": date, "reason": rng.choice(self.kind.away_reasons)}})
        # Overnight events in the order they came in (evening, then early morning), then the day's.
        events.sort(key=lambda e: (0, (parse_clock(e["at"]) - 12 * 3600) % 86400) if e.get("overnight")
                    else (1, parse_clock(e["at"])))
        return events

    def speaker(self, patient_id: str, until: int = _CALLS_ON_OWN_FROM) -> tuple[str, str, str] | None:
        """For a child younger than ``until``, who does not speak to the clinic for themselves: (parent's name,
        relationship, child's first name); else ``None``."""
        patient = self.by_id[patient_id]
        if self.age(patient_id) >= until or not patient.contacts:
            return None
        contact = patient.contacts[0]
        return contact.name, contact.relationship, patient.name.split(" ", 1)[0]

    def first_visit_words(self, patient_id: str) -> str:
        """What a new patient (or a new patient's parent) says at the counter."""
        parent = self.speaker(patient_id)
        if parent is None:
            return "Hello, I'm a new patient; my doctor sent a referral."
        name, relationship, child = parent
        return f"Hello, I'm {name}, {child}'s {relationship}. It's {child}'s first visit here."

    def overnight_messages(self, schedule: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """What waits at opening (M1): cancellations of today's visits, urgent messages for a doctor that matter
        before that patient's visit (M3), and routine requests. A patient who wrote or phoned in is in touch for
        the day: they do not call again."""
        rng = self.rng
        evening, morning = (lambda: self.overnight_time(True)), (lambda: self.overnight_time(False))
        messages = []
        regulars = [e for e in schedule if e["type"] != "new_patient"]
        later = regulars[len(regulars) // 3:] or regulars
        cancels = rng.sample(later, min(self.amount("cancellations"), max(0, len(regulars) - 1)))
        for k, entry in enumerate(cancels):
            channel = "voicemail" if k == 0 else "email"
            parent = self.speaker(entry["patient"], until=18)  # a parent manages a minor's visits and bills
            if parent is None:
                text = rng.choice(_CANCEL_TEXTS).format(at=entry["at"])
            else:
                text = rng.choice(_PARENT_CANCEL_TEXTS).format(parent=parent[0], rel=parent[1], child=parent[2],
                                                               at=entry["at"])
            self.in_touch.add(entry["patient"])
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
                    "text": f"The lab calling with a critical result for {name}: {self.critical_result(entry['patient'])}. "
                            "Please have the doctor call us back before seeing the patient today."}})
            else:
                what = "the ECG" if self.kind.name == "cardiology" else "the blood results"
                messages.append({"at": _clock(morning()), "overnight": True, "email": {
                    "from": senders[k % len(senders)], "about": entry["patient"], "intent": "urgent", "urgent": True,
                    "for": entry["with"], "matters_by": matters_by,
                    "text": f"Please look at {what} I faxed for {name} before you see them today; "
                            "I am worried about a new change."}})
        cancelled = {e["patient"] for e in cancels}
        senders_pool = [p for p in self.established if p not in cancelled and p not in self.walk_ins]
        for intent, channel, text, parent_text in rng.sample(_ROUTINE_MESSAGES, self.amount("routine_messages")):
            pool = [p for p in senders_pool if p not in self.in_touch and (intent != "refill" or self.by_id[p].medications)]
            if not pool:
                continue
            who = self.by_id[rng.choice(pool)]
            parent = self.speaker(who.id, until=18)
            words = text if parent is None else parent_text
            words = words.format(med=rng.choice(who.medications) if who.medications else "",
                                 parent=parent[0] if parent else "", rel=parent[1] if parent else "",
                                 child=parent[2] if parent else "")
            self.in_touch.add(who.id)
            messages.append({"at": _clock(evening() if rng.random() < 0.5 else morning()), "overnight": True,
                             channel: {"from": who.id, "intent": intent, "text": words}})
        return messages

    def critical_result(self, patient_id: str) -> str:
        """A critical value the lab phones through, one that fits the patient (an INR only for warfarin)."""
        meds = " ".join(self.by_id[patient_id].medications)
        fitting = [c for c in self.kind.critical if not c[2] or c[2] in meds]
        on, us, _ = self.rng.choice(fitting)
        return on if self.j.code == "ON" else us

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
            reason, clues = rng.choice(self.kind.referrals[urgency])
            at = 7 * 3600 + rng.randint(0, 50) * 60 if rng.random() < 0.6 else rng.randint(9 * 4, 15 * 4) * 900
            letters.append({"at": _clock(at), **({"overnight": True} if at < self.opens else {}), "document": {
                "kind": "referral", "patient": patient, "from": rng.choice(self.referrers), "urgency": urgency,
                "type": rng.choice(("consult", "new_patient")), "reason": reason, "clues": rng.sample(clues, 2)}})
        return letters

    # --- walk-ins -------------------------------------------------------------------------------------------

    def make_walk_ins(self) -> list[dict[str, Any]]:
        """Walk-ins (M12), each with a complaint that fits their age. Red flags mean emergency: that patient is
        gone for the day. A walk-in clinic has many, most in the morning; no doctor is named (a shared queue)."""
        rng = self.rng
        many = bool(self.kind.walk_ins_a_day)
        red_share = 0.12 if many else 0.34
        events = []
        for who in self.walk_ins:
            if many:
                hour = rng.choices(range(8, 16), [1.6, 1.4, 1.1, 0.9, 0.6, 1.2, 1.0, 0.8])[0]
                t = hour * 3600 + rng.randint(15 if hour == 8 else 0, 59) * 60
            else:
                t = rng.randint(10, 15) * 3600 + 30 * 60
            case = self.walk_in_case(self.age(who), rng.random() < red_share)
            questions = screening_questions(case.complaint)
            answers = {**{q: _PLAIN_ANSWERS[q] for q in questions}, **case.answers}
            if case.red_flags:
                self.sent_to_emergency.add(who)
            else:
                self.busy.setdefault(who, []).append((t, t + _WALK_IN_STAY))
            events.append({"at": _clock(t), "walk_in": {"patient": who, "complaint": case.complaint,
                                                        "red_flags": list(case.red_flags), "answers": answers}})
        return events

    def walk_in_case(self, age: int, red: bool) -> WalkInCase:
        """A case of the kind's walk-ins that fits ``age``, with red flags or without as asked when one fits."""
        fitting = [c for c in self.kind.walk_ins if fits(c, age)] or list(self.kind.walk_ins)
        wanted = [c for c in fitting if bool(c.red_flags) == red] or fitting
        return self.rng.choice(wanted)

    # --- the phones -----------------------------------------------------------------------------------------

    def make_calls(self) -> list[dict[str, Any]]:
        """The day's calls (M7): times from :func:`call_times`, then for each a caller who could make it."""
        rng = self.rng
        # Each more doctor, and a bigger panel, bring more calls, though less than in proportion: the panel in a
        # scenario is the part of the practice the day touches, not all of it.
        size = (1 + 0.35 * (len(self.doctors) - 1)) * (self.count / 40) ** 0.5
        per_hour = self.level["calls_per_hour"] * self.kind.call_rate * size
        # A panel has only so many people to phone (each patient's side once, a call back now and then, a provider
        # about some): the rate keeps within that, so the day keeps its shape instead of running out of callers
        # by noon. A bigger panel (--patients) makes a busier day possible.
        callers = sum(1 for p in self.established if p not in self.in_touch and p not in self.sent_to_emergency)
        self.impatience = {"easy": 0.15, "normal": 0.3, "hard": 0.5}[self.difficulty]  # who calls back, if asked
        reach = callers * (1 + 0.5 * self.impatience) + (0.8 if self.difficulty == "hard" else 0.5) * len(self.established)
        per_hour = min(per_hour, 0.9 * reach * 3600 / (self.closes - self.opens))
        self.called_by_provider: set[str] = set()
        self.may_call_back: dict[str, tuple[int, dict[str, Any]]] = {}
        self.critical_calls = {"am": 0, "pm": 0}
        calls: list[dict[str, Any]] = []
        times = call_times(rng, self.opens, self.closes, per_hour, self.phone_lines)
        # Impostors ring in the first two thirds of the day, while the panel still has people free to pretend to be.
        early = range(max(1, len(times) * 2 // 3)) if times else range(0)
        impostors = set(rng.sample(early, min(int(self.level["impostors"]), len(early))))
        for i, t in enumerate(times):
            call = self.impostor_call(t) if i in impostors else self.one_call(t)
            if call is not None:
                calls.append({"at": _clock(t), "call": call})
        return calls

    def free_to_phone(self, t: int) -> list[str]:
        """Established patients who could phone at ``t``: not in the building, not sent to emergency, not in
        touch already today."""
        return [p for p in self.established
                if p not in self.in_touch and p not in self.sent_to_emergency
                and not any(a <= t <= b for a, b in self.busy.get(p, ()))]

    def one_call(self, t: int) -> dict[str, Any] | None:
        """A call at ``t`` from whoever could make it, or ``None`` when nobody could."""
        rng = self.rng
        # A harder day has more providers on the line (their requests are the ones that matter most).
        more = {"easy": 1.0, "normal": 1.0, "hard": 1.6}[self.difficulty]
        weights = {"personal": 13.0, "pharmacist": 2.0 * more, "er_nurse": 0.8, "physician": 1.0 * more, "lab": 0.6}
        for _ in range(4):
            kind = rng.choices(tuple(weights), tuple(weights.values()))[0]
            call = self.personal_call(t) if kind == "personal" else self.provider_call(t, kind)
            if call is not None:
                return call
            weights.pop(kind)  # nobody of that kind could call now: try another kind
            if not weights:
                break
        return None

    def personal_call(self, t: int) -> dict[str, Any] | None:
        """A patient, a young patient's parent, or an adult patient's relative phoning about the patient; now and
        then (or when nobody else is free) someone calling back about a message left hours ago."""
        rng = self.rng
        free = self.free_to_phone(t)
        waiting = [p for p, (t0, _) in self.may_call_back.items()
                   if t - t0 >= _CALL_BACK_AFTER and p not in self.sent_to_emergency
                   and not any(a <= t <= b for a, b in self.busy.get(p, ()))]
        if waiting and (not free or rng.random() < 0.12):
            return self.call_back(rng.choice(waiting))
        if not free:
            return None
        p = self.by_id[rng.choice(free)]
        self.in_touch.add(p.id)
        call = self.first_call(p)
        if call["wants"] in _CALLED_BACK_ABOUT and rng.random() < self.impatience:  # the impatient call back
            self.may_call_back[p.id] = (t, call)
        return call

    def call_back(self, patient_id: str) -> dict[str, Any]:
        """The same caller again, about the same thing: they left a message and nobody has called them back."""
        _, first = self.may_call_back.pop(patient_id)
        who, about = first["name"], _CALLED_BACK_ABOUT[first["wants"]]
        if first["caller"] == "patient":
            topic = f"my {about}"
        else:
            child = self.by_id[patient_id].name.split(" ", 1)[0]
            who, topic = f"{who}, {child}'s {first['relationship']},", f"{child}'s {about}"
        return {**first, "text": f"Hi, it's {who} again, calling back: I called earlier about {topic} and haven't "
                                 "heard back yet."}

    def first_call(self, p: Patient) -> dict[str, Any]:
        """The call a patient's side makes about ``p``: the patient, a parent for a young child, or a relative."""
        rng = self.rng
        age, first = self.age(p.id), p.name.split(" ", 1)[0]
        their = "her" if p.sex == "female" else "his"
        parent = self.speaker(p.id)
        if parent is not None:
            name, relationship, child = parent
            options = ["book", "results", "speak_to_nurse"] + (["refill"] if p.medications else [])
            wants = rng.choice(options)
            opener = f"Hi, this is {name}, {child}'s {relationship}."
            text = {
                "book": f"{opener} Could we book {child}'s next check-up? After school is best.",
                "results": f"{opener} Are {child}'s test results back yet?",
                "speak_to_nurse": f"{opener} {child} has had a fever since last night. Could I ask the nurse whether "
                                  "we should come in?",
                "refill": f"{opener} {child} is nearly out of the {rng.choice(p.medications) if p.medications else ''}; "
                          "could the doctor renew it?",
            }[wants]
            return {"caller": "family", "name": name, "about": p.id, "wants": wants, "relationship": relationship,
                    "text": text}
        if age >= 18 and rng.random() < 0.2:
            contact = self.contacts.get(p.id)
            if contact is None:
                relationship = rng.choice(_RELATIONSHIPS)
                given = (self.fake.first_name_male() if relationship in ("son", "brother") else
                         self.fake.first_name_female() if relationship == "daughter" else self.fake.first_name())
                contact = {"name": f"{given} {p.name.split(' ', 1)[1]}", "relationship": relationship,
                           "authorised": rng.random() < 0.3}
                self.contacts[p.id] = contact
            return {"caller": "family", "name": contact["name"], "about": p.id, "wants": "results",
                    "relationship": contact["relationship"], "authorised": contact["authorised"],
                    "text": f"Hi, I'm {contact['name']}, {first}'s {contact['relationship']}. Could you tell me how "
                            f"{their} tests came out?"}
        later = [b for b in self.bookings if b["patient"] == p.id and b["date"] != self.away[1]]
        teen = age < 18  # a teenager phones about their own visits; the bills go to a parent
        options = ["book", "reschedule", "results"] + ([] if teen else ["billing"]) \
            + (["refill"] if p.medications else []) + (["confirm"] if later else [])
        wants = rng.choice(options)
        doctor = self.doctor_names[self.doctors[0]]
        call: dict[str, Any] = {"caller": "patient", "name": p.name, "about": p.id, "wants": wants}
        if wants == "confirm":
            day = later[0]["date"]
            call["date"] = day
            call["text"] = f"Hi, it's {p.name}. Just confirming my appointment on {day:%A, %B} {day.day}."
        else:
            test = pick(rng, self.kind.needs, age)
            call["text"] = {
                "book": f"Hi, this is {p.name}. I'd like to book a follow-up with {doctor}, a morning if possible.",
                "reschedule": f"Hello, it's {p.name}. I need to move my next appointment; "
                              f"{'I have an exam at school that day' if teen else 'something came up at work'}.",
                "results": f"Hi, {p.name} calling. I had my {test} done last week. Are the results back?",
                "billing": f"Hi, it's {p.name}. I have a question about a bill I got from the clinic.",
                "refill": f"Hello, this is {p.name}. I'm nearly out of my "
                          f"{rng.choice(p.medications) if p.medications else ''}; could the doctor renew it?",
            }[wants]
        return call

    def impostor_call(self, t: int) -> dict[str, Any] | None:
        """Someone claiming to be an adult patient, or a young child's parent, after results (M18): they fail the
        identity check. A pediatric panel has few adults, so there the impostor mostly claims to be the parent."""
        free = self.free_to_phone(t)
        adults = [p for p in free if self.age(p) >= 18]
        children = [p for p in free if self.speaker(p) is not None]
        if adults and (not children or self.rng.random() < 0.5 or self.kind.name != "pediatrics"):
            p = self.by_id[self.rng.choice(adults)]
            self.in_touch.add(p.id)
            return {"caller": "patient", "name": p.name, "about": p.id, "wants": "results", "impostor": True,
                    "verification": "wrong",
                    "text": f"Hi, this is {p.name}. I'm calling for my test results; can you just read them to me?"}
        if not children:
            return None
        p = self.by_id[self.rng.choice(children)]
        self.in_touch.add(p.id)
        name, relationship, child = self.speaker(p.id) or ("", "", "")
        return {"caller": "family", "name": name, "about": p.id, "wants": "results", "relationship": relationship,
                "impostor": True, "verification": "wrong",
                "text": f"Hi, I'm {name}, {child}'s {relationship}. What did {child}'s tests show? Just read them to me."}

    def provider_call(self, t: int, kind: str) -> dict[str, Any] | None:
        """A pharmacist, an emergency nurse, a physician or the lab calling about a patient, once per patient."""
        rng, j = self.rng, self.j
        pool = [p for p in self.established if p not in self.called_by_provider and p not in self.sent_to_emergency]
        if kind == "pharmacist":
            pool = [p for p in pool if self.by_id[p].medications]
        elif kind == "er_nurse":
            # The patient is in the emergency department: nobody who is booked, walks in or has phoned today, and
            # nobody the desk will phone today (the waiting list, tomorrow's reminders, the away day's moves).
            phoned = set(self.waiting) | {b["patient"] for b in self.bookings
                                          if b["date"] in (self.reminder_day, self.away[1])}
            pool = [p for p in self.free_to_phone(t) if p not in self.busy and p not in self.walk_ins
                    and p not in self.called_by_provider and p not in phoned]
        elif kind == "lab":
            half = "am" if t < self.lunch[0] else "pm"
            if self.critical_calls[half]:
                return None  # one critical result a half-day at most: they are rare
        if not pool:
            return None
        p = self.by_id[rng.choice(pool)]
        self.called_by_provider.add(p.id)
        caller = self.person()
        if kind == "pharmacist":
            med = rng.choice(p.medications)
            pharmacy = self.names[rng.choice(self.pharmacies)]
            need = ("I need the Limited Use code to bill it" if j.drug_coverage_request == "limited_use_code"
                    else "the plan needs a prior authorization for it")
            return {"caller": "pharmacist", "name": caller, "about": p.id, "wants": j.drug_coverage_request,
                    "text": f"Hi, this is {caller} at {pharmacy}. I have a prescription for {med} for {p.name}; {need}."}
        if kind == "er_nurse":
            self.in_touch.add(p.id)  # in the emergency department: no call of theirs today
            self.sent_to_emergency.add(p.id)
            return {"caller": "er_nurse", "name": caller, "about": p.id, "wants": "medication_list", "urgent": True,
                    "text": f"This is {caller}, a nurse in the emergency department at {self.hospital}. {p.name} is "
                            "here with us; can you give me the current medication list?"}
        if kind == "physician":
            doctor = self.doctor_names[self.doctors[0]]
            return {"caller": "physician", "name": f"Dr. {caller}", "about": p.id, "wants": "speak_to_doctor",
                    "text": f"Hello, this is Dr. {caller}. I'm seeing our mutual patient {p.name} and would like a "
                            f"quick word with {doctor}."}
        self.critical_calls["am" if t < self.lunch[0] else "pm"] += 1
        born = p.dob
        return {"caller": "lab", "name": caller, "about": p.id, "wants": "critical_result", "urgent": True,
                "text": f"This is {caller} at {self.names['lab']} with a critical result for {p.name}, born "
                        f"{born:%B} {born.day}, {born.year}: {self.critical_result(p.id)}. The doctor needs it now."}

    # --- the back office (medical-assistant mode) --------------------------------------------------------------

    def add_back_office(self, schedule: list[dict[str, Any]]) -> None:
        """Vitals for every visit, one in four with one abnormal value (M16); specimens for one in three (M17).

        Only patients 12 and older are roomed by the assistant: the reference ranges the briefing is judged on
        (``ranges.py``) are an adult's, and a toddler's normal pulse or breathing would read as abnormal there.
        """
        rng = self.back_rng
        roomed = [e for e in schedule if self.age(e["patient"]) >= 12]
        n = len(roomed)
        abnormal = set(rng.sample(range(n), max(1, round(n / 4)))) if n else set()
        collected = set(rng.sample(range(n), max(1, round(n / 3)))) if n else set()
        for i, entry in enumerate(roomed):
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
