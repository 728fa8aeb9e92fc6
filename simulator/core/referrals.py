"""Referrals (M10): sorting each by urgency under the office's guideline, booking it inside its window, and
telling the referring physician.

A mixin of :class:`~simulator.core.engine.Simulation`. Facts record the urgency the desk chose beside the
referral's true urgency and both windows, so the grader can judge them without re-reading the guideline.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..scenario.times import format_clock
from . import actions as A
from .world import InboxDocument

__all__ = ["Referrals"]

_URGENCIES = ("urgent", "semi_urgent", "routine")


class Referrals:
    """Actions on referral documents."""

    def _referral(self: Any, doc_id: str) -> InboxDocument:
        doc = self.inbox.get(doc_id)
        if doc is None:
            raise A.ActionError(f"The inbox has no document {doc_id!r}.")
        if doc.script.kind != "referral":
            raise A.ActionError(f"Document {doc_id} is a {doc.script.kind.replace('_', ' ')}, not a referral.")
        self._need_screen()
        return doc

    def _window(self: Any, urgency: str | None) -> int | None:
        return self.scenario.clinic.guidelines.referral_urgency.get(urgency) if urgency else None

    def _do_classify_referral(self: Any, a: A.ClassifyReferral) -> None:
        if a.urgency not in _URGENCIES:
            raise A.ActionError(f"Sort it as one of: {A.words(_URGENCIES)}.")
        doc = self._referral(a.document)
        doc.urgency = a.urgency
        if doc.status == "new":
            doc.status = "set_aside"
        self.facts.record(self.now, "referral_classified", "M10", document=doc.id, patient=doc.script.patient,
                          urgency=a.urgency, true_urgency=doc.script.urgency, window_days=self._window(a.urgency),
                          true_window_days=self._window(doc.script.urgency))

    def _do_book_referral(self: Any, a: A.BookReferral) -> None:
        doc = self._referral(a.document)
        if doc.booked is not None:
            raise A.ActionError(f"The referral in {doc.id} is already booked.")
        key = self._slot(a.date, a.at, a.doctor)
        self._book(key, doc.script.patient, a.visit_type, urgent=doc.urgency == "urgent")
        doc.booked = key
        doc.status = "booked"
        days = (dt.date.fromisoformat(key[0]) - self.scenario.date).days
        self.facts.record(self.now, "referral_booked", "M10", document=doc.id, patient=doc.script.patient,
                          date=key[0], at=format_clock(key[2]), doctor=a.doctor, visit_type=a.visit_type,
                          referral_type=doc.script.type or "new_patient", days_ahead=days, urgency=doc.urgency,
                          true_urgency=doc.script.urgency, window_days=self._window(doc.urgency),
                          true_window_days=self._window(doc.script.urgency))

    def _do_notify_referrer(self: Any, a: A.NotifyReferrer) -> None:
        doc = self._referral(a.document)
        if doc.notified:
            raise A.ActionError(f"The referrer of {doc.id} has already been told.")
        if doc.script.from_ is None:
            raise A.ActionError("This referral does not say who sent it.")
        if doc.booked is None:
            raise A.ActionError("Book the referral first, so you can tell the referring physician the date.")
        doc.notified = True
        booked = doc.booked
        self.facts.record(self.now, "referrer_notified", "M10", document=doc.id, patient=doc.script.patient,
                          physician=doc.script.from_, date=booked[0] if booked else None,
                          at=format_clock(booked[2]) if booked else None)
