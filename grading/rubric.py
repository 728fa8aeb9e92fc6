"""The rubric as data: harm classes and what each is worth, the competency each rubric line trains, the findings
that are critical errors, and the privacy rule each kind of finding cites in each jurisdiction.

A criterion's score has two parts, both fixed before anyone plays (see ``docs/grading.md``):

- **share**: each rubric line is worth its harm class's ``points``; the criterion scores the share of its lines'
  points earned, so a day with nothing done scores nothing;
- **deduction**: each finding that loses points also costs its harm class's ``deduction``, in score points, the
  same in every scenario, so the same mistake costs about the same on a short day as on a long one.

Competency tags are short words (``phone``, ``privacy`` …); :mod:`grading.competencies` maps them onto the
CAAHEP/MAERB and Ontario competency lists. Rule references come from
:mod:`simulator.scenario.jurisdictions`, the one place that knows the law of each jurisdiction.
"""

from __future__ import annotations

from dataclasses import dataclass

from frontdesk.simulator.scenario.jurisdictions import JURISDICTIONS

__all__ = ["Harm", "HARM", "HARM_CLASSES", "COMPETENCIES", "CRITICAL_ERRORS", "rule_for"]


@dataclass(frozen=True)
class Harm:
    """A harm class: what a rubric line of this class is worth, and what a finding of this class costs on top."""

    name: str
    points: float
    deduction: float
    meaning: str


#: The harm classes, worst first. Patient safety is critical; a privacy finding's class follows what was said and
#: to whom; phone timing follows the caller's urgency.
HARM: dict[str, Harm] = {h.name: h for h in (
    Harm("critical", 8.0, 20.0, "patient safety, or clinical information to someone not entitled to it"),
    Harm("major", 4.0, 8.0, "care delayed, an urgent caller kept waiting, a patient walking out, a safeguard missed"),
    Harm("moderate", 2.0, 3.0, "a routine task left undone or done wrong"),
    Harm("minor", 1.0, 1.0, "a step of good practice: a quick answer, a greeting, a detail"),
)}
#: Harm class names, worst first.
HARM_CLASSES = tuple(HARM)

#: Competency tag of each rubric line, in words (the ``tags`` of a line).
COMPETENCIES = {
    "phone": "perform telephone techniques: answer promptly, hold briefly, route the call",
    "messages": "take, document and pass on messages accurately",
    "schedule": "manage the appointment schedule using established priorities",
    "privacy": "protect patient privacy and confidentiality (release information only as the law allows)",
    "sensitivity": "display sensitivity: discuss personal matters discreetly and keep patients informed",
    "identity": "verify patient identity with two identifiers",
    "records": "create and maintain accurate patient records",
    "team": "communicate urgent information to the health care team in time",
    "vitals": "obtain and record vital signs, and report abnormal values",
    "specimens": "collect and label specimens with two identifiers",
    "triage": "recognise urgent situations and follow the triage protocol",
    "procedures": "follow the office's opening and closing procedures and safeguards",
    "insurance": "check health cards and insurance, and handle coverage requests",
}

#: The findings that make a day "not yet competent", whatever its total (a skills checklist's critical steps).
CRITICAL_ERRORS = {
    "red_flag_kept": "a walk-in with red flags kept in the waiting room instead of sent to emergency",
    "clinical_disclosure": "clinical information (results, a diagnosis, medications, records) told to someone "
                           "unverified or not entitled to it",
    "wrong_chart": "a lab result or clinical document filed to another patient's chart",
    "mislabelled_specimen": "a specimen labelled with another patient's identifiers",
    "care_request_unanswered": "a treating provider's request, or a lab's critical result, not brought to the doctor "
                               "(or answered) as the patient's care needs",
    "urgent_referral_late": "an urgent referral not booked inside its window",
}

#: Which of the jurisdiction's rules a finding about each subject cites (see jurisdictions.py ``rules``).
_RULES = {
    "family": "family",
    "consent": "consent",
    "verify": "verify_identity",
    "minimum": "minimum_necessary",
    "provider_minimum": "provider_minimum",
    "care": "treatment",
    "care_refused": "treatment_refused",
    "voicemail": "voicemail",
    "safeguards": "safeguards",
    "incidental": "incidental",
    "chart_access": "chart_access",
    "access": "access",
    "representative": "representative",
    "minor_confidential": "minor_confidential",
    "confidential_communications": "confidential_communications",
}


def rule_for(subject: str, jurisdiction: str) -> str | None:
    """The rule reference for ``subject`` (one of ``_RULES``) in ``jurisdiction``, or ``None``."""
    name = _RULES.get(subject)
    if name is None:
        return None
    return dict(JURISDICTIONS[jurisdiction].rules).get(name)
