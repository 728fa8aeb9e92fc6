"""The world's moving parts: calls, visits, documents, messages, bookings and the doctors.

These are the engine's own mutable records. Nothing outside :mod:`simulator.core` changes them: UIs and bots
read the frozen snapshots of :mod:`simulator.core.view`, and act only through actions. Calls and visits are
also the models of the state machines in :mod:`simulator.core.machines` (their ``state`` attribute).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from ..scenario.models import Appointment, Call as CallScript, Document as DocumentScript, Message, Orders, WalkIn
from .clock import Scheduled

__all__ = ["Call", "Visit", "InboxDocument", "OfficeMessage", "BookEntry", "Doctor", "RING_SECONDS",
           "PURPOSE_MECHANICS"]

#: The mechanic an outbound call serves, by its purpose.
PURPOSE_MECHANICS = {"waiting_list": "M2", "reminder": "M9", "reschedule": "M11"}

#: A phone rings once every six seconds.
RING_SECONDS = 6


@dataclass(eq=False)
class Call:
    """One incoming call, from the moment its line rings."""

    id: str
    script: CallScript
    line: int
    rang_at: int
    state: str = "ringing"
    answered_at: int | None = None
    held_since: int | None = None
    verified: bool = False
    identifiers_asked: tuple[str, ...] = ()
    handled: bool = False
    timeout: Scheduled | None = None
    #: Seconds of patience on hold left for this caller (one budget per call), and whether they leave a
    #: voicemail if they give up while ringing: both drawn when the day is planned.
    hold_left: int = 0
    leaves_voicemail: bool = False
    #: A call the desk placed (to a patient), and why; it starts answered or at the voicemail beep.
    outbound: bool = False
    purpose: str | None = None
    #: For a reminder or a move notice: the later-day booking (date, doctor, start) the call is about.
    booking: tuple[str, str, int] | None = None
    #: Whether the desk has the chart of the patient the call is about open during it (it can read what the doctor
    #: recorded there, such as a Limited Use code).
    chart_seen: bool = False
    #: The chart the desk opened last during this call (the caller's patient's, or another the desk picked).
    chart_opened: str | None = None

    @property
    def mechanic(self) -> str:
        """The mechanic this call's facts belong to: the phones (M7), or the purpose of an outbound call."""
        return PURPOSE_MECHANICS.get(self.purpose or "", "M7")

    if TYPE_CHECKING:  # the triggers the call machine (machines.py) adds to each call; a test keeps them in step
        def answer(self) -> bool:
            """Ringing to active: the desk picks up."""
        def hold(self) -> bool:
            """Active to on hold."""
        def resume(self) -> bool:
            """On hold to active: the desk takes the call back."""
        def hang_up(self) -> bool:
            """Active, on hold or on voicemail to ended."""
        def give_up(self) -> bool:
            """Ringing or on hold to abandoned: the caller hangs up."""

    def rings(self, now: int) -> int:
        """How many times it has rung by ``now`` (the first ring is at once)."""
        end = self.answered_at if self.answered_at is not None else now
        return (end - self.rang_at) // RING_SECONDS + 1


@dataclass(eq=False)
class Visit:
    """A patient's visit today: booked, or a walk-in. ``state`` follows :data:`~.machines.VISIT_STATES`."""

    patient: str
    appointment: Appointment | None = None
    walk_in: WalkIn | None = None
    #: ``None`` for the patient's first visit of the day, its time ``"HH:MM"`` for a later one
    #: (:mod:`simulator.scenario.visits`).
    tag: str | None = None
    #: A walk-in's scenario event.
    event: int | None = None
    #: The visit's dice, drawn when the day is planned: patience (seconds), visit-length factor, patience at checkout.
    dice: tuple[float, float, int] = (0.0, 1.0, 0)
    state: str = "scheduled"
    arrived_at: int | None = None
    at_counter_since: int = 0
    identifiers_confirmed: tuple[str, ...] = ()
    checked_in_at: int | None = None
    informed: bool = False
    informed_at: int | None = None
    patience_left: float = 0.0
    patience_since: int = 0
    timeout: Scheduled | None = None
    orders: Orders | None = None
    booked: list[str] = field(default_factory=list)
    triage_asked: list[str] = field(default_factory=list)
    nurse_decision: str | None = None
    seen_next: bool = False
    #: The patient came without their health or insurance card (the scenario's ``forgot_card``).
    forgot_card: bool = False
    #: Medical-assistant mode: when the patient was roomed, what was recorded, and the specimens' labels.
    roomed_at: int | None = None
    vitals_recorded: bool = False
    briefed: bool = False
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)
    specimens_sent: set[str] = field(default_factory=set)

    if TYPE_CHECKING:  # the triggers the visit machine (machines.py) adds to each visit; a test keeps them in step
        def check_in(self) -> bool:
            """Arrived (on time or late) to waiting."""
        def admit_walk_in(self) -> bool:
            """A walk-in to waiting, to be seen by the doctor."""
        def refer_to_emergency(self) -> bool:
            """A walk-in to sent to emergency."""
        def room(self) -> bool:
            """Waiting to roomed (medical-assistant mode)."""
        def call_in(self) -> bool:
            """Waiting or roomed to in the exam room: the doctor calls the patient in."""
        def finish_visit(self) -> bool:
            """In the exam room to checkout: the doctor is done."""
        def check_out(self) -> bool:
            """Checkout to checked out."""
        def walk_out(self) -> bool:
            """Arrived, a walk-in or waiting to left without a visit."""
        def leave_at_checkout(self) -> bool:
            """Checkout to left after the visit, never checked out."""

    @property
    def mark(self) -> dict[str, str]:
        """What the facts of this visit carry to tell it from the patient's other visits today: nothing for the
        first, ``{"visit": "HH:MM"}`` for a later one."""
        return {"visit": self.tag} if self.tag else {}

    @property
    def order_key(self) -> tuple[int, int, str]:
        """The order the doctor sees waiting patients in: walk-ins the nurse sent in first, then by appointment
        time, then walk-ins admitted without asking the nurse."""
        if self.appointment is not None:
            return (1, self.appointment.at, self.patient)
        return (0 if self.seen_next else 2, self.checked_in_at or 0, self.patient)


@dataclass(eq=False)
class InboxDocument:
    """A document in the inbox and what has been done with it."""

    id: str
    script: DocumentScript
    arrived_at: int
    status: str = "new"  # new, filed, queued_for_signature, set_aside, booked
    #: Referrals: the urgency the desk gave it, where it was booked, and whether the referrer was told.
    urgency: str | None = None
    booked: tuple[str, str, int] | None = None
    notified: bool = False


@dataclass(eq=False)
class OfficeMessage:
    """A voicemail or an email waiting for the desk (M1), and what has been done with it."""

    id: str
    channel: str
    script: Message
    arrived_at: int
    reviewed_at: int | None = None
    briefed_to: list[str] = field(default_factory=list)


class BookEntry(NamedTuple):
    """One appointment in the book of later days."""

    patient: str
    minutes: int
    visit_type: str
    urgent: bool = False


@dataclass(eq=False)
class Doctor:
    """A doctor's day: present from ``arrives``, away in windows, behind by delays, seeing one patient at a time."""

    id: str
    name: str
    arrives: int
    away: tuple[tuple[int, int], ...]
    #: When they leave today (``None``: once the last patient is seen).
    leaves: int | None = None
    busy_until: int = 0
    with_patient: str | None = None
    visit_end: Scheduled | None = None

    def free_from(self, now: int) -> int:
        """The first second from ``now`` on at which the doctor could call a patient in."""
        t = max(now, self.arrives, self.busy_until)
        for start, end in sorted(self.away):
            if start <= t < end:
                t = end
        return t
