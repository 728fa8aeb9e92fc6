"""Opening, the huddle and closing (M1, M3, M15): messages, greetings, briefing staff, the last inbox check.

A mixin of :class:`~simulator.core.engine.Simulation`: each ``_do_<action>`` method takes one action. Facts say
what was done and when, with what the grader needs to judge it (when a message mattered by, when its patient
arrived, what a greeting held), never whether it was right.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..scenario.times import format_clock
from . import actions as A

if TYPE_CHECKING:
    from .world import OfficeMessage

__all__ = ["OfficeRoutine"]


class OfficeRoutine:
    """Actions of the office's routine: reviewing messages, recording greetings, the huddle, closing checks."""

    def _message_of(self: Any, message_id: str) -> "OfficeMessage":
        message = self.messages.get(message_id)
        if message is None:
            raise A.ActionError(f"There is no voicemail or email {message_id!r}.")
        return message

    def _do_review_message(self: Any, a: A.ReviewMessage) -> None:
        message = self._message_of(a.message)
        if message.reviewed_at is not None:
            raise A.ActionError(f"You already went through {a.message}.")
        if message.channel == "email":
            self._need_screen()
        message.reviewed_at = self.now
        s = message.script
        self.facts.record(self.now, "message_reviewed", "M1", message=message.id, channel=message.channel,
                          sender=s.from_, about=s.about, intent=s.intent, urgent=s.urgent, for_staff=s.for_,
                          waited=self.now - message.arrived_at)

    def _do_record_greeting(self: Any, a: A.RecordGreeting) -> None:
        if a.greeting not in A.GREETINGS:
            raise A.ActionError(f"Record one of the greetings: {A.words(A.GREETINGS)}.")
        pieces = tuple(dict.fromkeys(a.pieces))  # in the order spoken, each once
        unknown = [p for p in pieces if p not in A.GREETING_PIECES]
        if not pieces or unknown:
            raise A.ActionError(f"A greeting is made of: {A.words(A.GREETING_PIECES)}.")
        names = "patient_message" in pieces
        if names and a.patient not in self.patients:
            raise A.ActionError("Say which patient the message in the greeting is for.")
        self.desk.greetings[a.greeting] = pieces
        mechanic = "M15" if a.greeting == "after_hours" else "M1"
        self.facts.record(self.now, "greeting_recorded", mechanic, greeting=a.greeting, pieces=list(pieces),
                          patient=a.patient if names else None)
        if names:
            # Anything the whole city can hear by calling the clinic is a disclosure to anyone.
            self.facts.record(self.now, "patient_information_in_greeting", "M18", greeting=a.greeting,
                              patient=a.patient)

    def _is_present(self: Any, member: Any) -> bool:
        """Whether a staff member is in the office now: arrived, and not out."""
        arrives = member.arrives if member.arrives is not None else self.scenario.clinic.opens
        return self.now >= arrives and not any(w.from_ <= self.now < w.until for w in member.away)

    def _staff_present(self: Any, staff_id: str) -> Any:
        member = next((m for m in self.scenario.clinic.staff if m.id == staff_id), None)
        if member is None:
            raise A.ActionError(f"Nobody on staff has the id {staff_id!r}.")
        arrives = member.arrives if member.arrives is not None else self.scenario.clinic.opens
        if self.now < arrives:
            raise A.ActionError(f"{member.name} is not in yet (arrives at {format_clock(arrives)}).")
        away = next((w for w in member.away if w.from_ <= self.now < w.until), None)
        if away is not None:
            raise A.ActionError(f"{member.name} is out until {format_clock(away.until)}.")
        return member

    def _do_brief_staff(self: Any, a: A.BriefStaff) -> None:
        message = self._message_of(a.message)
        if message.reviewed_at is None:
            raise A.ActionError(f"Go through {a.message} yourself before passing it on.")
        member = self._staff_present(a.to)
        if a.to in message.briefed_to:
            raise A.ActionError(f"{member.name} already has {a.message}.")
        message.briefed_to.append(a.to)
        s = message.script
        related = self.visits.get(s.about or s.from_)  # a patient's own message is about themselves
        arrived = related.arrived_at if related is not None and related.arrived_at is not None else None
        self.facts.record(self.now, "staff_briefed", "M3", to=a.to, role=member.role, message=message.id,
                          urgent=a.urgent, message_urgent=s.urgent, for_staff=s.for_, about=s.about,
                          intent=s.intent,
                          matters_by=format_clock(s.matters_by) if s.matters_by is not None else None,
                          patient_arrived_at=format_clock(arrived) if arrived is not None else None)

    def _do_check_inbox(self: Any, a: A.CheckInbox) -> None:
        self._need_screen()
        self.desk.inbox_checked_at = self.now
        self.facts.record(self.now, "inbox_checked", "M15" if self.now >= self.scenario.clinic.closes else "M6",
                          documents_new=sorted(d.id for d in self.inbox.values() if d.status == "new"),
                          messages_unreviewed=sorted(m.id for m in self.messages.values() if m.reviewed_at is None),
                          referrals_open=sorted(d.id for d in self.inbox.values()
                                                if d.script.kind == "referral" and not d.notified))
