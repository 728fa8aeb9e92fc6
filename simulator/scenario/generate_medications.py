"""Medication lists a pharmacist would not query: one drug per class, one blood thinner at most, fit for the age.

A list is drawn class by class, never drug by drug, so it cannot hold warfarin with apixaban, two statins, or an
ACE inhibitor with an ARB. Children get the few things children take (an asthma inhaler, an allergy tablet, a
stimulant from school age) or nothing; a patient allergic to aspirin is never on ASA.
"""

from __future__ import annotations

import random

__all__ = ["ADULT_CLASSES", "CHILD_CLASSES", "ANTITHROMBOTICS", "medications_for"]

#: Adult drug classes: drugs of one class are never on one list together. Every anticoagulant and antiplatelet
#: is in one class, ``antithrombotic``, so a list has one blood thinner at most.
ADULT_CLASSES: dict[str, tuple[str, ...]] = {
    "antithrombotic": ("apixaban 5 mg", "warfarin 5 mg", "rivaroxaban 20 mg", "clopidogrel 75 mg", "ASA 81 mg"),
    "statin": ("atorvastatin 20 mg", "rosuvastatin 10 mg"),
    "raas": ("ramipril 5 mg", "perindopril 4 mg", "losartan 50 mg"),
    "beta_blocker": ("metoprolol 25 mg", "bisoprolol 5 mg"),
    "calcium_blocker": ("amlodipine 5 mg",),
    "diuretic": ("furosemide 40 mg", "hydrochlorothiazide 25 mg"),
    "nitrate": ("nitroglycerin spray",),
    "metformin": ("metformin 500 mg",),
    "insulin": ("insulin glargine",),
    "thyroid": ("levothyroxine 50 mcg",),
    "acid": ("pantoprazole 40 mg",),
    "antidepressant": ("sertraline 50 mg", "escitalopram 10 mg"),
    "reliever": ("salbutamol inhaler",),
    "controller": ("fluticasone inhaler",),
    "antihistamine": ("cetirizine 10 mg",),
}
#: The words that name a blood thinner (for checks that read a list back).
ANTITHROMBOTICS = ("apixaban", "warfarin", "rivaroxaban", "dabigatran", "edoxaban", "clopidogrel", "ticagrelor",
                   "prasugrel", "ASA", "aspirin")
#: How often each class is on an adult list, per clinic kind: a cardiology panel is mostly heart medicines.
_ADULT_WEIGHTS: dict[str, dict[str, int]] = {
    "cardiology": {"antithrombotic": 8, "statin": 9, "raas": 8, "beta_blocker": 7, "calcium_blocker": 4,
                   "diuretic": 4, "nitrate": 3, "metformin": 3, "insulin": 1, "thyroid": 2, "acid": 2,
                   "antidepressant": 1},
    "family": {"antithrombotic": 2, "statin": 6, "raas": 6, "beta_blocker": 2, "calcium_blocker": 4, "diuretic": 2,
               "metformin": 5, "insulin": 1, "thyroid": 4, "acid": 4, "antidepressant": 5, "reliever": 3,
               "controller": 1, "antihistamine": 2},
}
_ADULT_WEIGHTS["walk_in"] = _ADULT_WEIGHTS["family"]
_ADULT_WEIGHTS["pediatrics"] = {"antidepressant": 2, "reliever": 4, "controller": 2, "antihistamine": 3, "acid": 1}

#: Children's drug classes, each with the youngest age (years) it is given at and its doses by age.
CHILD_CLASSES: dict[str, tuple[int, tuple[tuple[int, str], ...]]] = {
    "reliever": (1, ((0, "salbutamol inhaler with spacer"),)),
    "controller": (2, ((0, "fluticasone inhaler 50 mcg"), (12, "fluticasone inhaler 125 mcg"))),
    "antihistamine": (2, ((0, "cetirizine 5 mg"), (6, "cetirizine 10 mg"))),
    "stimulant": (6, ((0, "methylphenidate 18 mg"), (13, "methylphenidate 36 mg"))),
    "laxative": (1, ((0, "polyethylene glycol 3350"),)),
    "vitamin_d": (0, ((0, "vitamin D drops 400 IU"),)),
    "epinephrine": (1, ((0, "epinephrine auto-injector 0.15 mg"), (8, "epinephrine auto-injector 0.3 mg"))),
}
_CHILD_WEIGHTS = {"reliever": 5, "controller": 3, "antihistamine": 4, "stimulant": 3, "laxative": 2}


def _how_many(rng: random.Random, age: int, kind: str) -> int:
    """How many regular medications an adult takes: few when young, more with age, more at a heart clinic."""
    if age < 35:
        k = rng.choices((0, 1, 2), (6, 3, 1))[0]
    elif age < 55:
        k = rng.choices((0, 1, 2, 3), (4, 3, 2, 1))[0]
    elif age < 75:
        k = rng.choices((0, 1, 2, 3, 4), (2, 3, 3, 2, 1))[0]
    else:
        k = rng.choices((1, 2, 3, 4, 5), (2, 3, 3, 2, 1))[0]
    if kind == "cardiology" and age >= 40:
        k += 1
    return k


def _draw_classes(rng: random.Random, weights: dict[str, int], k: int) -> list[str]:
    """``k`` different classes, each drawn by weight."""
    pool = dict(weights)
    chosen: list[str] = []
    while pool and len(chosen) < k:
        name = rng.choices(tuple(pool), tuple(pool.values()))[0]
        chosen.append(name)
        del pool[name]
    return chosen


def medications_for(rng: random.Random, age: int, kind: str, allergies: tuple[str, ...]) -> tuple[str, ...]:
    """A plausible regular medication list for a patient of ``age`` at a clinic of ``kind``, sorted.

    Children under one get vitamin D drops or nothing; older children mostly nothing, else one or two classes
    (asthma reliever and controller go together); a child with a peanut allergy carries an epinephrine
    auto-injector. Adults draw classes by the clinic's weights, one drug per class.
    """
    if age < 18:
        if age < 1:
            return ("vitamin D drops 400 IU",) if rng.random() < 0.3 else ()
        chosen = [] if rng.random() < 0.75 else _draw_classes(
            rng, {c: w for c, w in _CHILD_WEIGHTS.items() if CHILD_CLASSES[c][0] <= age}, rng.choice((1, 1, 2)))
        if "controller" in chosen and "reliever" not in chosen:
            chosen.append("reliever")  # a child on a preventer inhaler has a reliever too
        if "peanuts" in allergies:
            chosen.append("epinephrine")
        meds = []
        for name in chosen:
            doses = CHILD_CLASSES[name][1]
            meds.append([dose for start, dose in doses if start <= age][-1])
        return tuple(sorted(set(meds)))
    weights = _ADULT_WEIGHTS[kind]
    classes = _draw_classes(rng, weights, _how_many(rng, age, kind))
    if "insulin" in classes and "metformin" not in classes and "metformin" in weights:
        classes.append("metformin")  # type 2 diabetes on insulin usually keeps metformin
    meds = []
    for name in classes:
        options = ADULT_CLASSES[name]
        if name == "antithrombotic" and "aspirin" in allergies:
            options = tuple(d for d in options if not d.startswith("ASA"))
        meds.append(rng.choice(options))
    return tuple(sorted(meds))
