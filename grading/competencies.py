"""Competency checklists: which competencies each student has shown, with the rubric line that shows it
(DESIGN section 6: "an instructor can export a competency checklist, not only a number").

Every graded rubric line carries competency *tags* (:data:`TAGS`), short words for what the line exercises. This
module holds, as data, two competency frameworks a front-desk day gives evidence for, and which tags evidence which
competency (:data:`TAG_COMPETENCIES`):

- :data:`MAERB`: psychomotor (``P``) and affective (``A``) competencies of the CAAHEP/MAERB Core Curriculum for
  medical assistants, under their published codes. Only codes whose number and wording could be checked against a
  published copy of the curriculum are listed, and the copies found number them as the **2015** Core Curriculum
  does; titles are given in our words where the published wording is longer. Tags with no checked MAERB
  competency yet are named in :data:`MAERB_GAPS`.
- :data:`ONTARIO`: an Ontario health-office set, ``ON-MOA-1`` …, written for this product in the words of the
  program outcomes Ontario colleges teach medical office assistants (scheduling, telephone, health records,
  PHIPA, OHIP health cards, the health care team, specimens, urgent situations). It is *not* an official list.

:func:`checklist` turns graded attempts into one :class:`Row` per student and competency: *demonstrated*,
*not yet* or *not assessed*, each naming the scenario, attempt and rubric line behind it. It is a pure function
of the attempts (their grade JSON's ``lines`` and ``competent``); it reads no file and no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

__all__ = ["TAGS", "Competency", "MAERB", "ONTARIO", "FRAMEWORKS", "TAG_COMPETENCIES", "MAERB_GAPS",
           "DEMONSTRATED", "NOT_YET", "NOT_ASSESSED", "STATUSES", "Row", "GradedAttempt", "checklist",
           "competency"]

#: The competency tags a rubric line may carry (DESIGN section 6), in a fixed order.
TAGS: tuple[str, ...] = ("phone", "messages", "schedule", "privacy", "sensitivity", "identity", "records", "team",
                         "vitals", "specimens", "triage", "procedures", "insurance")


@dataclass(frozen=True)
class Competency:
    """One competency of a framework: its ``code`` (``VI.P.1``, ``ON-MOA-3``), its ``title``, and the
    ``framework`` it belongs to (:data:`MAERB` or :data:`ONTARIO`'s name)."""

    framework: str
    code: str
    title: str


_MAERB_NAME = "CAAHEP/MAERB"
_ONTARIO_NAME = "Ontario MOA"

#: CAAHEP/MAERB Core Curriculum competencies a front-desk day exercises, in the curriculum's order. Codes and
#: wording as published in MAERB master competency checklists and textbook competency checklists (2015 Core
#: Curriculum numbering); a title in our words where the published one lists sub-items. V.P.6, V.P.7, VI.P.3 and
#: X.P.2 are the codes the project's grading issue (issue 10) names for telephone technique, telephone messages,
#: creating a medical record and HIPAA release of information: a program on another edition checks them there.
MAERB: tuple[Competency, ...] = (
    Competency(_MAERB_NAME, "I.P.1", "Measure and record vital signs (blood pressure, temperature, pulse, "
                                     "respirations, height, weight, pulse oximetry)"),
    Competency(_MAERB_NAME, "I.P.3", "Perform patient screening using established protocols"),
    Competency(_MAERB_NAME, "I.P.11", "Obtain specimens and perform CLIA-waived tests"),
    Competency(_MAERB_NAME, "V.A.1", "Demonstrate empathy, active listening and nonverbal communication"),
    Competency(_MAERB_NAME, "V.P.6", "Demonstrate professional telephone techniques"),
    Competency(_MAERB_NAME, "V.P.7", "Document telephone messages accurately"),
    Competency(_MAERB_NAME, "VI.P.1", "Manage appointment schedule using established priorities"),
    Competency(_MAERB_NAME, "VI.P.3", "Create a patient's medical record"),
    Competency(_MAERB_NAME, "VI.P.7", "Input patient data utilizing a practice management system"),
    Competency(_MAERB_NAME, "VIII.P.1", "Interpret information on an insurance card"),
    Competency(_MAERB_NAME, "VIII.P.2", "Verify eligibility for services including documentation"),
    Competency(_MAERB_NAME, "X.P.2", "Apply HIPAA rules in regard to privacy and release of information"),
)

#: An Ontario health-office program-outcome set, written for this product (not an official list): what Ontario
#: colleges' medical office assistant programs teach a graduate to do at the front desk.
ONTARIO: tuple[Competency, ...] = (
    Competency(_ONTARIO_NAME, "ON-MOA-1", "Manage appointment scheduling by urgency, provider and patient "
                                          "availability"),
    Competency(_ONTARIO_NAME, "ON-MOA-2", "Communicate professionally by telephone: answer promptly, manage "
                                          "holds, handle each call to its end"),
    Competency(_ONTARIO_NAME, "ON-MOA-3", "Take, document and route messages accurately and on time"),
    Competency(_ONTARIO_NAME, "ON-MOA-4", "Create and maintain health records; file each document on the right "
                                          "chart"),
    Competency(_ONTARIO_NAME, "ON-MOA-5", "Apply PHIPA when collecting, using and disclosing personal health "
                                          "information"),
    Competency(_ONTARIO_NAME, "ON-MOA-6", "Confirm a patient's identity with two identifiers before acting on "
                                          "their record"),
    Competency(_ONTARIO_NAME, "ON-MOA-7", "Validate OHIP health cards and apply billing basics (Limited Use "
                                          "codes, prior authorization)"),
    Competency(_ONTARIO_NAME, "ON-MOA-8", "Communicate with the health care team, passing urgent information to "
                                          "the physician or nurse at once"),
    Competency(_ONTARIO_NAME, "ON-MOA-9", "Follow infection-control practice and handle and label specimens "
                                          "correctly"),
    Competency(_ONTARIO_NAME, "ON-MOA-10", "Recognize and respond to urgent situations and red flags"),
    Competency(_ONTARIO_NAME, "ON-MOA-11", "Measure and record vital signs"),
    Competency(_ONTARIO_NAME, "ON-MOA-12", "Communicate with patients with discretion and tact, keeping them "
                                           "informed"),
    Competency(_ONTARIO_NAME, "ON-MOA-13", "Follow office routines and safeguards: opening and closing the "
                                           "office, locking the workstation"),
)

#: Both frameworks, in the order a checklist lists them.
FRAMEWORKS: tuple[tuple[Competency, ...], ...] = (MAERB, ONTARIO)

#: Each tag → the competency codes (in both frameworks) a rubric line with that tag gives evidence for.
TAG_COMPETENCIES: dict[str, tuple[str, ...]] = {
    "phone": ("V.P.6", "ON-MOA-2"),
    "messages": ("V.P.7", "ON-MOA-3"),
    "schedule": ("VI.P.1", "ON-MOA-1"),
    "privacy": ("X.P.2", "ON-MOA-5"),
    "sensitivity": ("V.A.1", "ON-MOA-12"),
    "identity": ("ON-MOA-6",),
    "records": ("VI.P.3", "VI.P.7", "ON-MOA-4"),
    "team": ("ON-MOA-8",),
    "vitals": ("I.P.1", "ON-MOA-11"),
    "specimens": ("I.P.11", "ON-MOA-9"),
    "triage": ("I.P.3", "ON-MOA-10"),
    "procedures": ("ON-MOA-13",),
    "insurance": ("VIII.P.1", "VIII.P.2", "ON-MOA-7"),
}

#: Tags with no MAERB competency in :data:`MAERB` yet: the competencies they evidence (reporting to the provider,
#: patient identification, office safeguards) are left out until their codes are checked against the current MAERB
#: Core Curriculum. Adding one means a :data:`MAERB` entry, its code under the tag here, and the tag removed from
#: this set.
MAERB_GAPS: frozenset[str] = frozenset({"identity", "team", "procedures"})

DEMONSTRATED = "demonstrated"
NOT_YET = "not yet"
NOT_ASSESSED = "not assessed"
#: A checklist row's possible statuses.
STATUSES: tuple[str, ...] = (DEMONSTRATED, NOT_YET, NOT_ASSESSED)

_BY_CODE: dict[str, Competency] = {c.code: c for framework in FRAMEWORKS for c in framework}


def competency(code: str) -> Competency:
    """The competency with ``code`` in either framework (``KeyError`` when there is none)."""
    return _BY_CODE[code]


class GradedAttempt(Protocol):
    """What :func:`checklist` reads of an attempt (:class:`grading.scoreboard.Attempt` has it all)."""

    @property
    def student(self) -> str:
        """The student's id (``""`` when the attempt was recorded without one: nobody to credit)."""

    @property
    def scenario(self) -> str:
        """The id of the scenario the attempt played."""

    @property
    def graded_at(self) -> str:
        """When the attempt was graded (ISO 8601, UTC): the order a student's attempts are read in."""

    @property
    def replay_sha256(self) -> str:
        """The SHA-256 of the attempt's replay file, which names the attempt as evidence."""

    @property
    def grade(self) -> Mapping[str, Any] | None:
        """The whole grade JSON, whose rubric ``lines`` are the evidence; ``None`` when it was not kept."""


@dataclass(frozen=True)
class Row:
    """One student's standing on one competency, and the evidence for it.

    ``status`` is one of :data:`STATUSES`. For *demonstrated*, the evidence is the demonstrating attempt and one
    of its earned lines; for *not yet*, the student's latest attempt that assessed the competency and its first
    line not earned; for *not assessed*, the evidence fields are empty. ``line`` is the rubric line's ``key``,
    ``evidence`` its ``what``.
    """

    student: str
    framework: str
    competency: str
    title: str
    status: str
    scenario: str = ""
    graded_at: str = ""
    replay_sha256: str = ""
    line: str = ""
    evidence: str = ""


# -- the checklist -------------------------------------------------------------------------------------------


def _tags_of(code: str) -> frozenset[str]:
    return frozenset(tag for tag, codes in TAG_COMPETENCIES.items() if code in codes)


_COMPETENCY_TAGS: dict[str, frozenset[str]] = {code: _tags_of(code) for code in _BY_CODE}


def _lines(attempt: GradedAttempt) -> list[Mapping[str, Any]]:
    """The rubric lines of an attempt's grade; none for a grade without ``lines`` (older scoreboard rows)."""
    grade = attempt.grade
    lines = grade.get("lines") if isinstance(grade, Mapping) else None
    if not isinstance(lines, Sequence) or isinstance(lines, (str, bytes)):
        return []
    return [line for line in lines if isinstance(line, Mapping)]


def _line_tags(line: Mapping[str, Any]) -> frozenset[str]:
    tags = line.get("tags")
    if not isinstance(tags, Sequence) or isinstance(tags, (str, bytes)):
        return frozenset()
    return frozenset(t for t in tags if isinstance(t, str))


def _earned(line: Mapping[str, Any]) -> bool:
    """Whether a line was fully earned: its ``status`` says so (or, without one, ``earned`` is 1)."""
    status = line.get("status")
    if status is not None:
        return bool(status == "earned")
    try:
        return float(line.get("earned", 0)) >= 1.0
    except (TypeError, ValueError):
        return False


def _competent(attempt: GradedAttempt) -> bool:
    grade = attempt.grade
    return not (isinstance(grade, Mapping) and grade.get("competent") is False)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _row(student: str, comp: Competency, status: str, attempt: GradedAttempt | None = None,
         line: Mapping[str, Any] | None = None, note: str = "") -> Row:
    if attempt is None or line is None:
        return Row(student, comp.framework, comp.code, comp.title, status)
    return Row(student, comp.framework, comp.code, comp.title, status, scenario=_text(attempt.scenario),
               graded_at=_text(attempt.graded_at), replay_sha256=_text(attempt.replay_sha256),
               line=_text(line.get("key")), evidence=_text(line.get("what")) + note)


def _standing(student: str, comp: Competency, attempts: Sequence[GradedAttempt]) -> Row:
    """One competency for one student, from their attempts in the order they were graded."""
    tags = _COMPETENCY_TAGS[comp.code]
    assessed: list[tuple[GradedAttempt, list[Mapping[str, Any]]]] = []
    for attempt in attempts:
        mine = [line for line in _lines(attempt) if _line_tags(line) & tags]
        if mine:
            assessed.append((attempt, mine))
    if not assessed:
        return _row(student, comp, NOT_ASSESSED)
    for attempt, mine in assessed:  # the first attempt that demonstrated it
        if _competent(attempt) and all(_earned(line) for line in mine):
            return _row(student, comp, DEMONSTRATED, attempt, mine[0])
    attempt, mine = assessed[-1]
    missed = next((line for line in mine if not _earned(line)), None)
    if missed is not None:
        return _row(student, comp, NOT_YET, attempt, missed)
    # Every line earned, but the day had a critical error: it does not count.
    return _row(student, comp, NOT_YET, attempt, mine[0],
                note=" (earned, but the day had a critical error: not yet competent)")


def checklist(attempts: Iterable[GradedAttempt]) -> list[Row]:
    """A competency checklist: one :class:`Row` per student and competency of every framework.

    A competency is *demonstrated* when some attempt of the student has lines evidencing it (through
    :data:`TAG_COMPETENCIES`) and every one of them fully earned, in a day not marked ``competent: false`` (a
    critical error); *not yet* when some attempt has such a line but none demonstrates it; *not assessed* when no
    attempt has a line for it. Every attempt counts, not only the best: evidence can come from any day. A grade
    without ``lines`` (recorded before rubric lines were kept) assesses nothing. Attempts without a student id are
    left out: there is no one to credit.

    Rows are ordered by student, then framework (:data:`FRAMEWORKS` order), then competency in its framework's
    own order.
    """
    by_student: dict[str, list[tuple[str, int, GradedAttempt]]] = {}
    for i, attempt in enumerate(attempts):
        if attempt.student:
            by_student.setdefault(attempt.student, []).append((_text(attempt.graded_at), i, attempt))
    rows: list[Row] = []
    for student in sorted(by_student):
        mine = [attempt for _, _, attempt in sorted(by_student[student], key=lambda t: (t[0], t[1]))]
        for framework in FRAMEWORKS:
            rows.extend(_standing(student, comp, mine) for comp in framework)
    return rows
