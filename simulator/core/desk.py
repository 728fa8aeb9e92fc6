"""The trainee's desk (M18 and the counter): the screen, whether the trainee is at the desk, the line of patients
at the counter and who is being served.

Every part of the day that shows patient information on the screen asks :meth:`Desk.need_screen` first: a locked
screen shows nothing until it is unlocked.
"""

from __future__ import annotations

from typing import Any, Callable

from . import actions as A
from .frame import Frame

__all__ = ["Desk"]


class Desk:
    """The screen, the trainee's presence, and the counter: who stands there, in order, and who is served."""

    def __init__(self, frame: Frame):
        self.frame = frame
        self.screen_locked = False
        self.at_desk = True
        #: Patients standing at the counter, in the order they came up.
        self.counter: list[str] = []
        #: The patient being served at the counter.
        self.serving: str | None = None

    def actions(self) -> dict[str, Callable[[Any], None]]:
        """The actions this part of the day takes, by action type."""
        return {"lock_screen": self._do_lock_screen, "unlock_screen": self._do_unlock_screen,
                "leave_desk": self._do_leave_desk, "return_to_desk": self._do_return_to_desk}

    def need_screen(self) -> None:
        """Refuse, in words, anything that needs the screen while it is locked."""
        if self.screen_locked:
            raise A.ActionError("The screen is locked; unlock it first.")

    def step_up(self, patient: str) -> None:
        """``patient`` joins the line at the counter."""
        self.counter.append(patient)

    def step_away(self, patient: str) -> None:
        """``patient`` leaves the counter (served, or gone); they are no longer being served."""
        if patient in self.counter:
            self.counter.remove(patient)
        if self.serving == patient:
            self.serving = None

    def view(self) -> dict[str, Any]:
        """This part of the desk view."""
        return {"serving": self.serving, "screen_locked": self.screen_locked, "at_desk": self.at_desk}

    def _do_lock_screen(self, a: A.LockScreen) -> None:
        if self.screen_locked:
            raise A.ActionError("The screen is already locked.")
        self.screen_locked = True
        self.frame.record("screen_locked", "M15" if self.frame.now >= self.frame.clinic.closes else "M18")

    def _do_unlock_screen(self, a: A.UnlockScreen) -> None:
        if not self.screen_locked:
            raise A.ActionError("The screen is not locked.")
        self.screen_locked = False
        self.frame.record("screen_unlocked", "M18")

    def _do_leave_desk(self, a: A.LeaveDesk) -> None:
        self.at_desk = False
        self.frame.record("desk_left", "M18", screen_locked=self.screen_locked, patients_at_counter=len(self.counter))

    def _do_return_to_desk(self, a: A.ReturnToDesk) -> None:
        if self.at_desk:
            raise A.ActionError("You are already at the desk.")
        self.at_desk = True
        self.frame.record("desk_returned", "M18")
