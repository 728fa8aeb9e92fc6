"""State machines for a patient's visit and for a phone call, built with ``transitions``.

One :class:`~transitions.Machine` serves all visits and one serves all calls. A model joins its machine when it
becomes active (a patient walks in, a phone rings) and leaves it when it is done: ``add_model`` checks
membership in a list, so a machine holding every patient of a 4,000-patient day would spend its time there.

State names follow practice-management software (OpenEMR's flow board, OpenMRS), so a student's words carry over
to the real thing. Illegal moves raise ``MachineError``; the engine turns that into an ``ActionError`` whose
message a student understands, using :data:`VISIT_STATE_WORDS` and :data:`CALL_STATE_WORDS`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from transitions import Machine

if TYPE_CHECKING:  # the library's own stubs name the shape of a transition
    from transitions.core import TransitionConfigDict

__all__ = [
    "VISIT_STATES",
    "VISIT_STATE_WORDS",
    "CALL_STATES",
    "CALL_STATE_WORDS",
    "visit_machine",
    "call_machine",
]

VISIT_STATES = (
    "scheduled",
    "cancelled",
    "no_show",
    "arrived",
    "arrived_late",
    "walk_in",
    "waiting",
    "roomed",
    "in_exam_room",
    "checkout",
    "checked_out",
    "left_after_visit",
    "left_without_visit",
    "sent_to_emergency",
)

#: How each visit state reads after a patient's name: "Robert Chen is already checked in".
VISIT_STATE_WORDS = {
    "scheduled": "has not arrived yet",
    "cancelled": "cancelled this visit",
    "no_show": "did not come",
    "arrived": "is at the counter, not yet checked in",
    "arrived_late": "is at the counter (late), not yet checked in",
    "walk_in": "is at the counter without an appointment",
    "waiting": "is already checked in and in the waiting room",
    "roomed": "is in an exam room, waiting for the doctor",
    "in_exam_room": "is with the doctor",
    "checkout": "is at the counter for checkout",
    "checked_out": "has already checked out",
    "left_after_visit": "left after the visit without checking out",
    "left_without_visit": "has left without being seen",
    "sent_to_emergency": "was sent to emergency",
}

_VISIT_TRANSITIONS: list[TransitionConfigDict] = [
    {"trigger": "check_in", "source": ["arrived", "arrived_late"], "dest": "waiting"},
    {"trigger": "admit_walk_in", "source": "walk_in", "dest": "waiting"},
    {"trigger": "refer_to_emergency", "source": "walk_in", "dest": "sent_to_emergency"},
    {"trigger": "room", "source": "waiting", "dest": "roomed"},
    {"trigger": "call_in", "source": ["waiting", "roomed"], "dest": "in_exam_room"},
    {"trigger": "finish_visit", "source": "in_exam_room", "dest": "checkout"},
    {"trigger": "check_out", "source": "checkout", "dest": "checked_out"},
    {"trigger": "walk_out", "source": ["arrived", "arrived_late", "walk_in", "waiting"], "dest": "left_without_visit"},
    {"trigger": "leave_at_checkout", "source": "checkout", "dest": "left_after_visit"},
]

CALL_STATES = ("ringing", "active", "on_hold", "voicemail", "ended", "abandoned")

CALL_STATE_WORDS = {
    "ringing": "is still ringing",
    "active": "is already answered",
    "on_hold": "is on hold",
    "voicemail": "reached voicemail",
    "ended": "has ended",
    "abandoned": "was abandoned: the caller hung up",
}

_CALL_TRANSITIONS: list[TransitionConfigDict] = [
    {"trigger": "answer", "source": "ringing", "dest": "active"},
    {"trigger": "hold", "source": "active", "dest": "on_hold"},
    {"trigger": "resume", "source": "on_hold", "dest": "active"},
    {"trigger": "hang_up", "source": ["active", "on_hold", "voicemail"], "dest": "ended"},
    {"trigger": "give_up", "source": ["ringing", "on_hold"], "dest": "abandoned"},
]


def visit_machine() -> Machine:
    """A machine for visits; add a visit with ``add_model(visit, initial=state)`` when it becomes active."""
    return Machine(model=None, states=list(VISIT_STATES), transitions=_VISIT_TRANSITIONS, initial="scheduled",
                   auto_transitions=False)


def call_machine() -> Machine:
    """A machine for calls; add a call when its line starts ringing."""
    return Machine(model=None, states=list(CALL_STATES), transitions=_CALL_TRANSITIONS, initial="ringing",
                   auto_transitions=False)
