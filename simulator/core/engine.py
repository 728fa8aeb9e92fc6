"""The simulation of one day at the front desk.

:class:`Simulation` owns the clock, the event queue, the fact log and the one seeded ``random.Random``, and
composes the parts of the day, each owning its own state, actions and happenings: the :class:`~.desk.Desk`, the
:class:`~.records.Records`, the later-day :class:`~.appointments.Appointments`, the :class:`~.inbox.Inbox`,
today's :class:`~.visits.Visits`, the :class:`~.backoffice.BackOffice`, the :class:`~.staff.Staff`, the
:class:`~.office.Office` routine, the :class:`~.phones.Phones` and the desk's :class:`~.outbound.OutboundCalls`.

Time moves only through :meth:`Simulation.step` and :meth:`Simulation.advance`; the world changes only through
scenario events, queued happenings and :meth:`Simulation.apply`. Every change is written to the fact log. The
same scenario, seed and actions give the same facts, whether the clock jumps from event to event or steps one
second at a time: all timing is carried by queued happenings (see :class:`~simulator.core.clock.Priority` for
the order within one second), never by counting ticks.
"""

from __future__ import annotations

import random
from collections import Counter
from typing import Any, Callable

from transitions import MachineError

from ..scenario.models import (
    ArrivalEvent,
    AwayDayEvent,
    CallEvent,
    DoctorDelayEvent,
    DocumentEvent,
    EmailEvent,
    Scenario,
    VoicemailEvent,
    WalkInEvent,
)
from ..scenario.times import format_clock
from . import actions as A
from .appointments import Appointments
from .backoffice import BackOffice
from .desk import Desk
from .facts import FactLog
from .frame import Frame
from .happenings import ScenarioEvent
from .inbox import Inbox
from .clock import Priority
from .office import Office
from .outbound import OutboundCalls
from .phones import Phones
from .records import Records
from .staff import Staff
from .visits import Visits

__all__ = ["Simulation", "DAY_LIMIT", "day_start"]

#: How long after closing a day may run before it is ended anyway (a trainee who never finishes their work).
DAY_LIMIT = 6 * 3600


def day_start(scenario: Scenario) -> int:
    """The simulated second a day of ``scenario`` starts at: opening, or earlier, at the first event before it or
    the first staff member in early."""
    return min([scenario.clinic.opens] + [e.at for e in scenario.events if not e.overnight]
               + [m.arrives for m in scenario.clinic.staff if m.arrives is not None])


class Simulation:
    """One day of ``scenario``, driven by its events and by actions, recorded as facts."""

    def __init__(self, scenario: Scenario, seed: int | None = None):
        self.scenario = scenario
        self.seed = scenario.seed if seed is None else seed
        self.rng = random.Random(self.seed)
        self.actions: list[A.Action] = []
        self.frame = frame = Frame(scenario, day_start(scenario))
        # The parts of the day, each built on the ones it reads: the order is the dependency order.
        self.desk = Desk(frame)
        self.records = Records(frame, self.desk)
        self.appointments = Appointments(frame, self.desk)
        self.inbox = Inbox(frame, self.desk, self.records, self.appointments)
        self.visits = Visits(frame, self.desk, self.records, self.appointments)
        self.back_office = BackOffice(frame, self.desk, self.visits, self.records, self.inbox)
        self.staff = Staff(frame, self.visits, self.back_office)
        self.office = Office(frame, self.desk, self.visits, self.staff, self.inbox)
        self.phones = Phones(frame, self.desk, self.records, self.appointments, self.visits, self.staff, self.office)
        self.outbound = OutboundCalls(frame, self.desk, self.phones, self.appointments, self.visits, self.records)
        parts: list[Any] = [self.desk, self.records, self.appointments, self.inbox, self.visits, self.back_office,
                            self.staff, self.office, self.phones, self.outbound]
        self._actions: dict[str, Callable[[Any], None]] = {}
        self._happenings: dict[type, Callable[[Any], None]] = {ScenarioEvent: self._scenario_event}
        for part in parts:
            if hasattr(part, "actions"):
                self._actions.update(part.actions())
            if hasattr(part, "happenings"):
                self._happenings.update(part.happenings())
        self.day_over = False
        self._last_change = frame.now
        self._plan_day()

    # --- the shared frame, to read ----------------------------------------------------------------------------

    @property
    def facts(self) -> FactLog:
        """The day's fact log."""
        return self.frame.facts

    @property
    def now(self) -> int:
        """The current second of the day."""
        return self.frame.now

    @property
    def start(self) -> int:
        """The second the day starts: opening, or the first event before it."""
        return self.frame.start

    # --- time -------------------------------------------------------------------------------------------------

    def next_event_time(self) -> int | None:
        """When the next pending event happens, or ``None`` when nothing is pending."""
        return self.frame.queue.peek_time()

    def step(self) -> bool:
        """Process the next pending event (moving the clock to it). False when nothing is pending."""
        queue = self.frame.queue
        if queue.peek_time() is None:
            return False
        entry = queue.pop()
        self.frame.now = max(self.frame.now, entry.time)
        self._last_change = self.frame.now
        self._happenings[type(entry.payload)](entry.payload)
        return True

    def advance(self, to: int) -> None:
        """Process every event up to and including second ``to``, then set the clock to ``to``."""
        while True:
            t = self.frame.queue.peek_time()
            if t is None or t > to:
                break
            self.step()
        self.frame.now = max(self.frame.now, to)

    @property
    def finished(self) -> bool:
        """True once the clinic has closed and nobody is left to serve: no patient in the clinic, no live call."""
        if self.now < self.scenario.clinic.closes:
            return False
        if self.visits.in_clinic():
            return False
        return not self.phones.live()

    def finish_day(self) -> None:
        """Let the rest of the day happen with no more actions (up to :data:`DAY_LIMIT` after closing), then end it.

        This is how a replay ends once its actions run out, and how a bot's day ends once it is done, so both
        give the same facts.
        """
        limit = self.scenario.clinic.closes + DAY_LIMIT
        while (t := self.frame.queue.peek_time()) is not None and t <= limit:
            self.step()
        self.end_day()

    def end_day(self) -> None:
        """Close the day: record what was left undone. No action is possible after.

        The day ends at closing, or at the last thing that happened after it, whatever second the clock shows:
        a UI or a bot may let the clock run on for a while, and that must not change the facts.
        """
        if self.day_over:
            return
        self.day_over = True
        end = max(self.scenario.clinic.closes, self._last_change)
        ledger = self.appointments.ledger
        self.facts.record(end, "day_ended", "M15", patients_still_here=self.visits.in_clinic(),
                          calls_still_open=self.phones.live(), screen_locked=self.desk.screen_locked,
                          documents_unhandled=self.inbox.unhandled(), messages_unreviewed=self.office.unreviewed(),
                          greetings=sorted(self.office.greetings), inbox_checked=self.office.inbox_checked(),
                          bookings_changed=ledger.held_by(ledger.touched))

    # --- the plan of the day ----------------------------------------------------------------------------------

    def _plan_day(self) -> None:
        s = self.scenario
        frame = self.frame
        # A scenario's own arrival events bring a patient to their visits in time order; those visits get no
        # arrival of their own.
        arrivals = Counter(e.arrival.patient for e in s.events if isinstance(e, ArrivalEvent))
        explicit = {(a.patient, a.at) for p, n in arrivals.items()
                    for a in sorted((a for a in s.schedule if a.patient == p), key=lambda a: a.at)[:n]}
        # Every random choice of the day is drawn here, in a fixed order, before anything happens: what a trainee
        # does can then never shift the dice, and two students given the same seed meet the same day. Each part
        # keeps the dice it uses.
        rng = self.rng
        self.records.lab_delay = {pid: rng.randint(2, 8) * 60 for pid in frame.patients}
        # How each patient answers the desk's calls: picks up or not (busy at work), how long they need to get
        # to the clinic for a freed slot, how they reply to a reminder, and how long their pharmacy takes.
        for pid, p in frame.patients.items():
            picks_up, travel, reply, fax = rng.random() < 0.8, rng.randint(20, 45) * 60, rng.random(), rng.randint(20, 50) * 60
            self.outbound.dice[pid] = (p.answers_phone and picks_up, travel,
                                       "confirm" if reply < 0.8 else ("cancel" if reply < 0.9 else "reschedule"))
            self.records.fax_delay[pid] = fax
        for index, event in enumerate(s.events):
            frame.schedule(self.start if event.overnight else event.at, Priority.SCENARIO, ScenarioEvent(index))
            if isinstance(event, CallEvent):
                self.phones.draw(index, event.call, rng)
            elif isinstance(event, WalkInEvent):
                self.visits.dice[("walk_in", event.walk_in.patient, index)] = self.visits.draw(rng)
        for a in s.schedule:
            self.visits.dice[("booked", a.patient, a.at)] = self.visits.draw(rng)
            if a.no_show or (a.patient, a.at) in explicit:
                self.visits.schedule_arrival(a, None)
                continue
            # Patients come a few minutes early; about one in eight comes a little late.
            if rng.random() < 0.125:
                t = a.at + rng.randint(1, 10) * 60
            else:
                t = a.at - rng.randint(2, 15) * 60
            self.visits.schedule_arrival(a, t)
        booked = {a.patient for a in s.schedule}
        for entry in s.waiting_list:  # anyone given a freed slot today has their visit's dice ready
            if entry.patient not in booked and ("waiting", entry.patient) not in self.visits.dice:
                self.visits.dice[("waiting", entry.patient)] = self.visits.draw(rng)
        self.staff.plan()

    def _scenario_event(self, h: ScenarioEvent) -> None:
        event = self.scenario.events[h.index]
        if isinstance(event, VoicemailEvent):
            self.office.receive("voicemail", event.voicemail, h.index)
        elif isinstance(event, EmailEvent):
            self.office.receive("email", event.email, h.index)
        elif isinstance(event, CallEvent):
            self.phones.ring(event.call, h.index)
        elif isinstance(event, ArrivalEvent):
            self.visits.arrival(event.arrival)
        elif isinstance(event, WalkInEvent):
            self.visits.walk_in(event.walk_in, h.index)
        elif isinstance(event, DoctorDelayEvent):
            self.staff.delay(event.doctor_delay)
        elif isinstance(event, DocumentEvent):
            self.inbox.receive(event.document, h.index)
        elif isinstance(event, AwayDayEvent):
            self.appointments.announce_away(event.away_day)

    # --- actions ----------------------------------------------------------------------------------------------

    def apply(self, action: A.Action) -> None:
        """Take ``action`` at its second: the clock first advances to ``action.t`` (events up to then happen).

        Raises :class:`~simulator.core.actions.ActionError` when the action is not possible then; the action
        itself then changes nothing. A successful action is kept in :attr:`actions`, the replay's list.
        """
        if self.day_over or action.t > self.scenario.clinic.closes + DAY_LIMIT:
            raise A.ActionError("The day is over.")
        if action.t < self.now:
            raise A.ActionError(f"That action is stamped {format_clock(action.t)}, before now ({format_clock(self.now)}).")
        self.advance(action.t)
        handler = self._actions.get(action.type)
        if handler is None:
            raise A.ActionError(f"{action.type} is not something the desk can do yet.")
        if not self.desk.at_desk and action.type != "return_to_desk":
            raise A.ActionError("You are away from the desk; come back first.")
        try:
            handler(action)
        except MachineError as exc:  # handlers check states first; this is a last guard, worded for a person
            raise A.ActionError(f"That cannot be done now ({exc}).") from None
        self.phones.after_action(action)
        self._last_change = self.now
        self.actions.append(action)
