"""What a generated clinic sees, by kind: family practice, pediatrics, cardiology or a walk-in clinic.

Each :class:`ClinicKind` holds the clinical content a day draws from — the clinic's name, visit types, reasons for
visits, tests, referral letters, walk-in complaints, critical results — and the shape of its day: how old its
patients are, how many visits are booked and how many walk in, whether it opens on Saturday. Every text is tagged
with the ages it fits (``lo``–``hi`` years), so a toddler is never booked for a blood pressure review.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TypeVar

__all__ = ["ClinicKind", "WalkInCase", "KINDS", "DEFAULT_KIND", "fits", "pick"]

DEFAULT_KIND = "cardiology"

T = TypeVar("T")
#: A text and the ages (years, inclusive) it fits.
Aged = tuple[str, int, int]


@dataclass(frozen=True)
class WalkInCase:
    """A walk-in's complaint in their own (or their parent's) words, red flags, and answers to triage questions."""

    complaint: str
    red_flags: tuple[str, ...]
    answers: dict[str, str]
    lo: int = 0
    hi: int = 120


@dataclass(frozen=True)
class ClinicKind:
    """The clinical content and the shape of a day at one kind of clinic."""

    name: str
    titles: tuple[str, ...]
    visit_types: dict[str, int]
    long_visit: str  # the longer booked visit of later days (a consult, a physical, a well-child visit)
    reasons: tuple[Aged, ...]
    new_reasons: tuple[Aged, ...]
    new_tests: tuple[Aged, ...]
    needs: tuple[Aged, ...]
    referrals: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]
    walk_ins: tuple[WalkInCase, ...]
    critical: tuple[tuple[str, str, str], ...]  # (Ontario text, US text, a drug the patient must take or "")
    away_reasons: tuple[str, ...]
    ages: tuple[tuple[int, int, int, int], ...]  # (weight, youngest, oldest, most common) age bands
    booked_share: float = 0.8  # how full today's book is
    doctors_at_least: int = 1
    walk_ins_a_day: dict[str, int] = field(default_factory=dict)  # empty: the difficulty's few walk-ins
    saturday: bool = False
    call_rate: float = 1.0  # calls compared with a family practice of the same size


def fits(item: Aged | WalkInCase, age: int) -> bool:
    """Whether ``item`` fits a patient of ``age`` years."""
    lo, hi = (item.lo, item.hi) if isinstance(item, WalkInCase) else (item[1], item[2])
    return lo <= age <= hi


def pick(rng: random.Random, items: tuple[Aged, ...], age: int) -> str:
    """A text of ``items`` that fits ``age`` (when none does, the one meant for the nearest age)."""
    fitting = [i for i in items if fits(i, age)]
    if not fitting:
        nearest = min(max(i[1] - age, age - i[2]) for i in items)
        fitting = [i for i in items if max(i[1] - age, age - i[2]) == nearest]
    return rng.choice(fitting)[0]


_ADULT_WALK_INS = (
    WalkInCase("chest pain since this morning", ("pain spreads to the left arm", "short of breath"),
               {"onset": "about three hours ago", "chest_pain": "yes, a heavy pressure",
                "breathing": "a little short of breath"}, 35),
    WalkInCase("sudden weakness in my arm and my speech is slurred", ("face drooping on one side", "started 40 minutes ago"),
               {"onset": "40 minutes ago, all at once", "dizziness": "a little", "severity": "I can't lift my arm"}, 45),
    WalkInCase("a headache that came on all at once", ("the worst headache of my life", "hit like a thunderclap"),
               {"onset": "an hour ago", "dizziness": "yes", "severity": "the worst of my life"}, 18),
    WalkInCase("sore throat and fever for two days", (),
               {"onset": "two days ago", "breathing": "normal", "fever": "38.2 last night", "severity": "sore to swallow"}),
    WalkInCase("twisted my ankle playing soccer", (),
               {"onset": "last night", "severity": "can walk on it, it hurts", "location": "outside of the left ankle"}, 8, 60),
    WalkInCase("burning when I pee", (),
               {"onset": "yesterday", "fever": "no fever", "severity": "mild, but annoying"}, 14),
    WalkInCase("cough for a week", (),
               {"onset": "a week ago", "breathing": "fine at rest", "fever": "no fever now"}),
    WalkInCase("itchy rash on my arms since yesterday", (),
               {"onset": "yesterday morning", "fever": "no", "severity": "itchy, not painful"}),
    WalkInCase("ear pain since last night", (),
               {"onset": "last night", "fever": "a little warm", "severity": "throbbing"}),
    WalkInCase("lower back pain after lifting boxes", (),
               {"onset": "two days ago", "severity": "sore when I bend", "location": "low back, no pain down the legs"}, 18),
    WalkInCase("pink eye since this morning", (),
               {"onset": "this morning", "fever": "no", "severity": "crusty and red, vision fine"}),
)
_HEART_WALK_INS = (
    _ADULT_WALK_INS[0],
    WalkInCase("racing heart and light-headed", (),
               {"onset": "an hour ago", "chest_pain": "no", "breathing": "normal"}, 18),
    WalkInCase("ran out of my blood pressure pills", (),
               {"onset": "two days without them", "chest_pain": "no", "breathing": "normal",
                "medications": "amlodipine 5 mg", "history": "high blood pressure for ten years"}, 30),
    WalkInCase("ankle swelling for a few days", (),
               {"onset": "three or four days", "severity": "mild", "location": "both ankles",
                "breathing": "normal", "allergies": "none"}, 40),
)
_CHILD_WALK_INS = (
    WalkInCase("my baby has a fever and is very sleepy", ("hard to wake up", "only two months old with a fever"),
               {"onset": "since this morning", "fever": "39.4 under the arm", "severity": "barely feeding"}, 0, 0),
    WalkInCase("wheezing and struggling to breathe", ("ribs pulling in with every breath", "too breathless to talk"),
               {"onset": "an hour ago", "breathing": "very fast and noisy", "fever": "no"}, 2, 12),
    WalkInCase("swallowed some of grandma's pills", ("may have taken several heart pills", "getting drowsy"),
               {"onset": "half an hour ago", "medications": "grandma's heart pills", "history": "healthy"}, 1, 5),
    WalkInCase("ear pain and fever since last night", (),
               {"onset": "last night", "fever": "38.5", "severity": "crying on and off"}, 1, 10),
    WalkInCase("sore throat and fever", (),
               {"onset": "yesterday", "breathing": "normal", "fever": "38.3", "severity": "not eating much"}, 3, 17),
    WalkInCase("a rash on the tummy since yesterday", (),
               {"onset": "yesterday", "fever": "no", "severity": "not itchy, playing normally"}, 0, 12),
    WalkInCase("cough and runny nose for a week", (),
               {"onset": "a week ago", "breathing": "normal", "fever": "none now"}, 0, 17),
    WalkInCase("fell off the monkey bars and hurt the wrist", (),
               {"onset": "at recess today", "severity": "won't use that hand", "location": "left wrist"}, 4, 14),
    WalkInCase("vomiting since last night", (),
               {"onset": "last night", "bleeding": "no blood", "severity": "keeping sips of water down"}, 1, 17),
    WalkInCase("pink eye since this morning", (),
               {"onset": "this morning", "fever": "no", "severity": "red and crusty"}, 1, 17),
)
_FAMILY_REFERRALS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "urgent": (
        ("follow-up after an emergency visit for chest pain", ("seen in emergency last night", "needs review within "
         "48 hours", "new blood pressure medication started")),
        ("hospital discharge after pneumonia", ("discharged yesterday on oral antibiotics", "oxygen 93% at discharge",
                                                "needs a check within two days")),
        ("very high blood sugar found in emergency", ("blood sugar very high in emergency yesterday",
                                                      "started on metformin yesterday", "needs review within two days")),
    ),
    "semi_urgent": (
        ("blood pressure not controlled", ("around 165/100 on two readings", "no symptoms", "started a new pill")),
        ("low mood, transferring care", ("low mood for two months", "no thoughts of self-harm", "started sertraline")),
        ("new diabetes diagnosis", ("HbA1c 8.1", "no symptoms", "wants diabetes teaching")),
    ),
    "routine": (
        ("transfer of care after a move", ("moved to the area last month", "stable, no active problems",
                                           "needs a family doctor")),
        ("stable thyroid condition", ("on levothyroxine for years", "TSH normal in the spring", "no symptoms")),
        ("knee pain", ("knee pain for a year", "walks daily", "no swelling or locking")),
    ),
}

KINDS: dict[str, ClinicKind] = {
    "cardiology": ClinicKind(
        name="cardiology",
        titles=("Cardiology", "Heart Clinic", "Cardiology Associates"),
        visit_types={"follow_up": 15, "new_patient": 30, "urgent": 15, "consult": 30},
        long_visit="consult",
        reasons=(("blood pressure review", 18, 120), ("chest tightness on exertion", 30, 120), ("palpitations", 18, 120),
                 ("follow-up after echocardiogram", 18, 120), ("medication review", 18, 120),
                 ("shortness of breath climbing stairs", 30, 120), ("ankle swelling", 40, 120),
                 ("lipid results review", 18, 120), ("annual check-up", 18, 120), ("dizziness when standing", 18, 120)),
        new_reasons=(("referred for a heart murmur", 18, 120), ("referred for palpitations", 18, 120),
                     ("referred for high blood pressure", 18, 120), ("referred for shortness of breath on exertion", 18, 120),
                     ("referred for an abnormal ECG", 18, 120), ("referred for high cholesterol", 18, 120)),
        new_tests=(("echocardiogram", 0, 120), ("Holter monitor", 0, 120), ("stress test", 18, 120)),
        needs=(("bloodwork", 0, 120), ("lipid panel", 0, 120), ("ECG", 0, 120), ("echocardiogram report", 0, 120),
               ("HbA1c", 0, 120), ("chest X-ray report", 0, 120)),
        referrals={
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
                ("high blood pressure", ("blood pressure around 170/100 despite two medications",
                                         "no headache or chest pain", "kidney function normal")),
            ),
            "routine": (
                ("known heart murmur", ("murmur unchanged for years", "no symptoms", "review requested before dental surgery")),
                ("stable angina", ("chest tightness only on heavy exertion, unchanged for a year",
                                   "well controlled on current medication", "no symptoms at rest")),
                ("high cholesterol", ("strong family history of heart disease", "no symptoms", "stable on a statin for years")),
                ("assessment before surgery", ("knee replacement planned in four months", "no heart symptoms",
                                               "walks two kilometres a day without trouble")),
            ),
        },
        walk_ins=_HEART_WALK_INS,
        critical=(("a potassium of 6.4", "a potassium of 6.4", ""), ("an INR of 5.8", "an INR of 5.8", "warfarin"),
                  ("a raised troponin", "a raised troponin", ""), ("a hemoglobin of 68", "a hemoglobin of 6.8", "")),
        away_reasons=("cardiology conference", "hospital teaching day", "a course in echocardiography",
                      "a family wedding", "on call at the hospital"),
        ages=((1, 40, 92, 70),),
    ),
    "family": ClinicKind(
        name="family",
        titles=("Family Practice", "Family Medicine", "Family Health Centre"),
        visit_types={"follow_up": 15, "new_patient": 30, "urgent": 15, "consult": 30, "physical": 30},
        long_visit="physical",
        reasons=(("blood pressure review", 30, 120), ("diabetes check", 35, 120), ("annual physical", 18, 120),
                 ("medication review", 40, 120), ("mood follow-up", 16, 120), ("sore knee", 30, 120),
                 ("test results review", 18, 120), ("thyroid review", 25, 120), ("asthma check", 3, 120),
                 ("well-baby visit", 0, 1), ("childhood immunizations", 0, 5), ("school physical", 5, 17),
                 ("back pain follow-up", 20, 120), ("cholesterol review", 35, 120)),
        new_reasons=(("new to the area, needs a family doctor", 0, 120), ("transferring care from a retiring doctor", 2, 120),
                     ("newborn's first visit", 0, 0), ("new resident health check", 18, 120)),
        new_tests=(("bloodwork", 2, 120), ("chest X-ray", 18, 120), ("abdominal ultrasound", 18, 120),
                   ("hearing test", 0, 17)),
        needs=(("bloodwork", 0, 120), ("HbA1c", 30, 120), ("lipid panel", 30, 120), ("TSH", 18, 120),
               ("ultrasound report", 18, 120), ("immunization record", 0, 17)),
        referrals=_FAMILY_REFERRALS,
        walk_ins=_ADULT_WALK_INS + _CHILD_WALK_INS[3:],
        critical=(("a potassium of 6.4", "a potassium of 6.4", ""), ("an INR of 5.8", "an INR of 5.8", "warfarin"),
                  ("a hemoglobin of 68", "a hemoglobin of 6.8", ""),
                  ("a glucose of 27 mmol/L", "a glucose of 490 mg/dL", "")),
        away_reasons=("a medical conference", "hospital teaching day", "a family wedding", "on call at the hospital",
                      "a course in office procedures"),
        ages=((18, 0, 17, 6), (82, 18, 92, 48)),
    ),
    "pediatrics": ClinicKind(
        name="pediatrics",
        titles=("Pediatrics", "Children's Clinic", "Pediatric Associates"),
        visit_types={"follow_up": 15, "new_patient": 30, "urgent": 15, "consult": 30, "well_child": 30},
        long_visit="well_child",
        reasons=(("well-baby visit", 0, 1), ("18-month well-child visit", 1, 2), ("immunizations", 0, 6),
                 ("asthma review", 2, 17), ("ADHD medication review", 6, 17), ("ear infection recheck", 0, 8),
                 ("growth check", 0, 17), ("eczema follow-up", 0, 12), ("sports physical", 10, 19),
                 ("constipation follow-up", 1, 12), ("teen health check", 12, 19), ("allergy follow-up", 2, 19)),
        new_reasons=(("newborn's first visit", 0, 0), ("referred for asthma", 2, 17),
                     ("moved here, needs a pediatrician", 0, 19), ("referred for growth concerns", 1, 17)),
        new_tests=(("bloodwork", 1, 19), ("urine test", 2, 19), ("hearing test", 0, 19), ("chest X-ray", 2, 19)),
        needs=(("bloodwork", 1, 19), ("urine culture", 1, 19), ("hearing test report", 0, 19),
               ("growth chart from the previous clinic", 0, 19), ("allergy test results", 2, 19)),
        referrals={
            "urgent": (
                ("poor weight gain in an infant", ("dropped from the 50th to below the 3rd percentile",
                                                   "feeding poorly for two weeks", "fewer wet diapers")),
                ("possible new diabetes", ("drinking and peeing all the time for two weeks", "lost 3 kg this month",
                                           "high blood sugar on a finger-prick test")),
                ("fainting during sports", ("fainted twice during soccer", "palpitations before fainting",
                                            "family history of sudden death")),
            ),
            "semi_urgent": (
                ("asthma not controlled", ("two emergency visits for wheeze this winter", "night cough three times a week",
                                           "no hospital admissions")),
                ("developmental concerns", ("not yet walking at 18 months", "says no words yet", "hearing test normal")),
                ("heart murmur", ("new murmur heard at a check-up", "growing well", "no fainting or breathlessness")),
            ),
            "routine": (
                ("ADHD assessment", ("teacher reports trouble focusing for two years", "no safety concerns",
                                     "doing well socially")),
                ("constipation", ("hard stools for a year", "growing well", "no blood in the stool")),
                ("bedwetting", ("wets the bed most nights at age seven", "dry during the day", "no other symptoms")),
                ("short stature", ("following the 3rd percentile since birth", "parents are short", "healthy otherwise")),
            ),
        },
        walk_ins=_CHILD_WALK_INS,
        critical=(("a hemoglobin of 62", "a hemoglobin of 6.2", ""), ("a potassium of 6.8", "a potassium of 6.8", ""),
                  ("a positive blood culture", "a positive blood culture", ""),
                  ("a glucose of 25 mmol/L", "a glucose of 450 mg/dL", "")),
        away_reasons=("a pediatrics conference", "newborn nursery duty at the hospital", "a family wedding",
                      "on call at the children's hospital"),
        ages=((30, 0, 1, 0), (35, 2, 9, 4), (30, 10, 17, 13), (5, 18, 19, 18)),
        call_rate=1.25,  # parents phone about fevers, forms and immunization records
    ),
    "walk_in": ClinicKind(
        name="walk_in",
        titles=("Walk-In Clinic", "Walk-In and Family Clinic", "Medical Walk-In Clinic"),
        visit_types={"follow_up": 15, "new_patient": 30, "urgent": 15, "consult": 30},
        long_visit="consult",
        reasons=(("test results review", 14, 120), ("stitches removal", 3, 120), ("recheck of an infection", 0, 120),
                 ("blood pressure recheck", 30, 120), ("medication renewal", 18, 120), ("form completion", 16, 120)),
        new_reasons=(("first visit to the clinic", 0, 120), ("new to the area", 0, 120)),
        new_tests=(("chest X-ray", 12, 120), ("bloodwork", 2, 120), ("urine culture", 2, 120)),
        needs=(("X-ray report", 0, 120), ("urine culture", 0, 120), ("bloodwork", 0, 120)),
        referrals=_FAMILY_REFERRALS,
        walk_ins=_ADULT_WALK_INS + _CHILD_WALK_INS[3:],
        critical=(("a potassium of 6.4", "a potassium of 6.4", ""), ("a hemoglobin of 68", "a hemoglobin of 6.8", ""),
                  ("a positive blood culture", "a positive blood culture", "")),
        away_reasons=("a medical conference", "a family wedding", "a course in emergency procedures"),
        ages=((14, 1, 17, 6), (86, 18, 85, 34)),
        booked_share=0.15,
        doctors_at_least=2,
        walk_ins_a_day={"easy": 10, "normal": 14, "hard": 18},
        saturday=True,
        call_rate=0.7,  # few booked patients to call about; people just come in
    ),
}
