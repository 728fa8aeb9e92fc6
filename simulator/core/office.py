"""Opening, the huddle and closing (M1, M3, M15): voicemails and emails, the phone greetings, briefing staff,
and the last inbox check.

Facts say what was done and when, with what the grader needs to judge it (when a message mattered by, when its
patient arrived, what a greeting held), never whether it was right.
"""

from __future__ import annotations

from typing import Any, Callable

from ..scenario.models import Message
from ..scenario.times import format_clock
from . import actions as A
from .desk import Desk
from .frame import Frame
from .inbox import Inbox
from .staff import Staff
from .view import MessageView
from .visits import Visits
from .world import OfficeMessage

__all__ = ["Office"]


class Office:
    """The office's routine: the messages waiting for the desk, the greetings, the huddle, the closing checks."""

    def __init__(self, frame: Frame, desk: Desk, visits: Visits, staff: Staff, inbox: Inbox):
        self.frame = frame
        self.desk = desk
        self.visits = visits
        self.staff = staff
        self.inbox = inbox
        self.messages: dict[str, OfficeMessage] = {}
        #: The phone greetings recorded today, by kind (``day``, ``after_hours``): their pieces.
        self.greetings: dict[str, tuple[str, ...]] = {}
        self.inbox_checked_at: int | None = None

    def actions(self) -> dict[str, Callable[[Any], None]]:
        """The actions this part of the day takes, by action type."""
        return {"review_message": self._do_review_message, "record_greeting": self._do_record_greeting,
                "brief_staff": self._do_brief_staff, "check_inbox": self._do_check_inbox}

    def view(self) -> dict[str, Any]:
        """The office's routine: voicemail and email, the greetings recorded, the last look at the inbox, and
        when the reminder calls are due."""
        messages = tuple(
            MessageView(m.id, m.channel, m.script.from_, m.script.about, m.script.intent, m.script.urgent,
                        m.script.for_, m.script.matters_by, m.script.text, m.script.appointment,
                        m.reviewed_at is not None, tuple(m.briefed_to))
            for m in self.messages.values()
        )
        reminders = self.frame.scenario.reminders
        return {"messages": messages, "greetings": tuple(sorted(self.greetings)), "inbox_checked": self.inbox_checked(),
                "reminders_due": (reminders.due if reminders.due is not None else self.frame.clinic.closes)
                if reminders else None}

    def receive(self, channel: str, body: Message, index: int | None, call: str | None = None) -> None:
        """A voicemail or an email comes in (``index``: its scenario event; ``call``: the call that left it)."""
        count = sum(1 for m in self.messages.values() if m.channel == channel)
        message_id = f"{'V' if channel == 'voicemail' else 'E'}{count + 1}"
        self.messages[message_id] = OfficeMessage(message_id, channel, body, self.frame.now)
        self.frame.record("message_received", "M1", channel=channel, event=index, message=message_id,
                          call=call,
                          sender=body.from_, about=body.about, intent=body.intent, urgent=body.urgent,
                          for_staff=body.for_, text=body.text,
                          matters_by=format_clock(body.matters_by) if body.matters_by is not None else None)
        who = body.about or body.from_
        visit = self.visits.visits.get(who)
        if (body.intent == "cancel" and body.date is None and visit is not None and visit.state == "scheduled"
                and visit.appointment is not None and body.appointment in (None, visit.appointment.at)):
            self.visits.cancel_today(visit, "M2")

    def unreviewed(self) -> list[str]:
        """Messages nobody has gone through yet."""
        return sorted(m.id for m in self.messages.values() if m.reviewed_at is None)

    def inbox_checked(self) -> bool:
        """Whether the inbox was checked at closing (a check in the morning is not the closing check)."""
        return self.inbox_checked_at is not None and self.inbox_checked_at >= self.frame.clinic.closes

    def _message_of(self, message_id: str) -> OfficeMessage:
        message = self.messages.get(message_id)
        if message is None:
            raise A.ActionError(f"There is no voicemail or email {message_id!r}.")
        return message

    def _do_review_message(self, a: A.ReviewMessage) -> None:
        message = self._message_of(a.message)
        if message.reviewed_at is not None:
            raise A.ActionError(f"You already went through {a.message}.")
        if message.channel == "email":
            self.desk.need_screen()
        message.reviewed_at = self.frame.now
        s = message.script
        self.frame.record("message_reviewed", "M1", message=message.id, channel=message.channel,
                          sender=s.from_, about=s.about, intent=s.intent, urgent=s.urgent, for_staff=s.for_,
                          waited=self.frame.now - message.arrived_at)

    def _do_record_greeting(self, a: A.RecordGreeting) -> None:
        if a.greeting not in A.GREETINGS:
            raise A.ActionError(f"Record one of the greetings: {A.words(A.GREETINGS)}.")
        pieces = tuple(dict.fromkeys(a.pieces))  # in the order spoken, each once
        unknown = [p for p in pieces if p not in A.GREETING_PIECES]
        if not pieces or unknown:
            raise A.ActionError(f"A greeting is made of: {A.words(A.GREETING_PIECES)}.")
        names = "patient_message" in pieces
        if names and a.patient not in self.frame.patients:
            raise A.ActionError("Say which patient the message in the greeting is for.")
        self.greetings[a.greeting] = pieces
        mechanic = "M15" if a.greeting == "after_hours" else "M1"
        self.frame.record("greeting_recorded", mechanic, greeting=a.greeting, pieces=list(pieces),
                          patient=a.patient if names else None)
        if names:
            # Anything the whole city can hear by calling the clinic is a disclosure to anyone.
            self.frame.record("patient_information_in_greeting", "M18", greeting=a.greeting, patient=a.patient)

    def _do_brief_staff(self, a: A.BriefStaff) -> None:
        message = self._message_of(a.message)
        if message.reviewed_at is None:
            raise A.ActionError(f"Go through {a.message} yourself before passing it on.")
        member = self.staff.present(a.to)
        if a.to in message.briefed_to:
            raise A.ActionError(f"{member.name} already has {a.message}.")
        message.briefed_to.append(a.to)
        s = message.script
        related = self.visits.visits.get(s.about or s.from_)  # a patient's own message is about themselves
        arrived = related.arrived_at if related is not None and related.arrived_at is not None else None
        self.frame.record("staff_briefed", "M3", to=a.to, role=member.role, message=message.id,
                          urgent=a.urgent, message_urgent=s.urgent, for_staff=s.for_, about=s.about,
                          intent=s.intent,
                          matters_by=format_clock(s.matters_by) if s.matters_by is not None else None,
                          patient_arrived_at=format_clock(arrived) if arrived is not None else None)

    def _do_check_inbox(self, a: A.CheckInbox) -> None:
        self.desk.need_screen()
        self.inbox_checked_at = self.frame.now
        now = self.frame.now
        self.frame.record("inbox_checked", "M15" if now >= self.frame.clinic.closes else "M6",
                          documents_new=self.inbox.unhandled(), messages_unreviewed=self.unreviewed(),
                          referrals_open=sorted(d.id for d in self.inbox.documents.values()
                                                if d.script.kind == "referral" and not d.notified))
