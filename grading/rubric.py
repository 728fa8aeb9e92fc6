"""The rubric as data: how many points each kind of check is worth, the competency each rubric line trains,
and the privacy rule each kind of finding cites in each jurisdiction.

Competency tags use the wording of medical-assisting curricula, so an instructor can export a competency
checklist as well as a number. Rule references come from :mod:`simulator.scenario.jurisdictions`, the one
place that knows the law of each jurisdiction.
"""

from __future__ import annotations

from simulator.scenario.jurisdictions import JURISDICTIONS

__all__ = ["POINTS", "COMPETENCIES", "rule_for"]

#: Points a check of each weight is worth. A privacy breach, a walk-out or an abandoned call costs the most; a slow
#: answer the least.
POINTS = {"breach": 3.0, "major": 3.0, "task": 2.0, "step": 1.0}

#: Competency tag of each rubric line (the ``tag`` of a check).
COMPETENCIES = {
    "phone": "perform telephone techniques: answer promptly, route and take messages",
    "schedule": "manage the appointment schedule using established priorities",
    "privacy": "protect patient privacy and confidentiality (release information only as the law allows)",
    "sensitivity": "display sensitivity: discuss personal matters discreetly and keep patients informed",
    "identity": "verify patient identity with two identifiers",
    "records": "maintain accurate patient records",
    "team": "communicate urgent information to the health care team in time",
    "vitals": "obtain and record vital signs, and report abnormal values",
    "specimens": "collect and label specimens with two identifiers",
    "triage": "recognise urgent situations and follow the triage protocol",
    "procedures": "follow the office's opening and closing procedures",
}

#: Which of the jurisdiction's rules a finding about each subject cites (see jurisdictions.py ``rules``).
_RULES = {
    "verify": "verify_identity",
    "minimum": "minimum_necessary",
    "care": {"ON": "circle_of_care", "US": "treatment"},
    "voicemail": {"ON": "minimum_necessary", "US": "voicemail"},
    "safeguards": "safeguards",
}


def rule_for(subject: str, jurisdiction: str) -> str | None:
    """The rule reference for ``subject`` (verify, minimum, care, voicemail, safeguards) in ``jurisdiction``."""
    name = _RULES.get(subject)
    if isinstance(name, dict):
        name = name.get(jurisdiction)
    if name is None:
        return None
    return dict(JURISDICTIONS[jurisdiction].rules).get(name)
