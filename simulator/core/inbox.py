"""The inbox (M6, M10): lab results, renewals, faxes and referrals to file, queue or set aside, and referrals to
sort by urgency under the office's guideline, book inside their window and report to the referring physician.

Facts record the urgency the desk chose beside the referral's true urgency and both windows, so the grader can
judge them without re-reading the guideline.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from ..scenario.models import Document
from ..scenario.times import format_clock
from . import actions as A
from .appointments import Appointments
from .desk import Desk
from .frame import Frame
from .happenings import DocumentArrives
from .ledger import Key
from .records import Records
from .view import DocumentView
from .world import InboxDocument

__all__ = ["Inbox"]

_URGENCIES = ("urgent", "semi_urgent", "routine")


class Inbox:
    """The documents that have come in today and what has been done with each."""

    def __init__(self, frame: Frame, desk: Desk, records: Records, appointments: Appointments):
        self.frame = frame
        self.desk = desk
        self.records = records
        self.appointments = appointments
        self.documents: dict[str, InboxDocument] = {}
        appointments.on_unbook.append(self._booking_left)

    def actions(self) -> dict[str, Callable[[Any], None]]:
        """The actions this part of the day takes, by action type."""
        return {"file_document": self._do_file_document, "queue_renewal": self._do_queue_renewal,
                "set_aside_referral": self._do_set_aside_referral, "classify_referral": self._do_classify_referral,
                "book_referral": self._do_book_referral, "notify_referrer": self._do_notify_referrer}

    def happenings(self) -> dict[type, Callable[[Any], None]]:
        """The queued happenings this part of the day handles, by type."""
        return {DocumentArrives: lambda h: self.receive(h.document)}

    def view(self) -> dict[str, Any]:
        """The inbox: each document as the desk reads it (whose it says it is, what it is, what was done)."""
        inbox = []
        for doc in self.documents.values():
            owner = self.frame.patients.get(doc.script.patient)
            booked = f"{doc.booked[0]} {format_clock(doc.booked[2])}" if doc.booked else None
            inbox.append(DocumentView(doc.id, doc.script.kind, doc.status, owner.name if owner else "",
                                      owner.dob.isoformat() if owner else "", doc.script.test, doc.script.from_,
                                      doc.script.reason, tuple(doc.script.clues), doc.urgency, booked, doc.notified,
                                      doc.script.abnormal))
        return {"inbox": tuple(inbox)}

    def receive(self, body: Document, index: int | None = None) -> None:
        """A document lands in the inbox (``index``: the scenario event it came from, if any)."""
        doc_id = f"D{len(self.documents) + 1}"
        self.documents[doc_id] = InboxDocument(doc_id, body, self.frame.now)
        mechanic = {"referral": "M10", "medication_list": "M8"}.get(body.kind, "M6")
        self.frame.record("document_arrived", mechanic, document=doc_id, document_kind=body.kind,
                          belongs_to=body.patient, sender=body.from_, event=index)

    def _booking_left(self, key: Key, moved_to: Key | None) -> None:
        """A referral booked at ``key`` follows its booking when it moves, and is set aside when it is cancelled."""
        for doc in self.documents.values():
            if doc.booked == key:
                doc.booked = moved_to
                if moved_to is None:
                    doc.status = "set_aside"

    def unhandled(self) -> list[str]:
        """Documents nobody has done anything with yet."""
        return sorted(d.id for d in self.documents.values() if d.status == "new")

    # --- documents ---------------------------------------------------------------------------------------

    def _document_of(self, doc_id: str, *kinds: str) -> InboxDocument:
        doc = self.documents.get(doc_id)
        if doc is None:
            raise A.ActionError(f"The inbox has no document {doc_id!r}.")
        if doc.status != "new":
            raise A.ActionError(f"Document {doc_id} is already {doc.status.replace('_', ' ')}.")
        if kinds and doc.script.kind not in kinds:
            raise A.ActionError(f"Document {doc_id} is a {doc.script.kind.replace('_', ' ')}.")
        self.desk.need_screen()
        return doc

    def _do_file_document(self, a: A.FileDocument) -> None:
        doc = self._document_of(a.document)
        if a.patient not in self.records.charts:
            raise A.ActionError(f"{a.patient!r} has no chart to file to.")
        doc.status = "filed"
        if doc.script.kind == "lab_result" and doc.script.test:
            self.records.file_result(a.patient, doc.script.test)
        if doc.script.kind == "medication_list":
            self.records.file_medication_list(a.patient, doc.script.patient)
        # A lab result says whether the lab flagged it, and whether the desk put it before the doctor; other
        # documents carry neither (their facts stay as they were).
        review = ({"flagged": doc.script.abnormal, "for_review": a.for_review}
                  if doc.script.kind == "lab_result" else {})
        self.frame.record("document_filed", "M6", document=doc.id, document_kind=doc.script.kind,
                          filed_to=a.patient, belongs_to=doc.script.patient, test=doc.script.test, **review)

    def _do_queue_renewal(self, a: A.QueueRenewal) -> None:
        doc = self._document_of(a.document, "renewal")
        doc.status = "queued_for_signature"
        self.frame.record("renewal_queued", "M6", document=doc.id, patient=doc.script.patient,
                          medication=doc.script.medication)

    def _do_set_aside_referral(self, a: A.SetAsideReferral) -> None:
        doc = self._document_of(a.document, "referral")
        doc.status = "set_aside"
        self.frame.record("referral_set_aside", "M10", document=doc.id, patient=doc.script.patient,
                          urgency=doc.script.urgency)

    # --- referrals ---------------------------------------------------------------------------------------

    def _referral(self, doc_id: str) -> InboxDocument:
        doc = self.documents.get(doc_id)
        if doc is None:
            raise A.ActionError(f"The inbox has no document {doc_id!r}.")
        if doc.script.kind != "referral":
            raise A.ActionError(f"Document {doc_id} is a {doc.script.kind.replace('_', ' ')}, not a referral.")
        self.desk.need_screen()
        return doc

    def _window(self, urgency: str | None) -> int | None:
        windows: dict[Any, int] = dict(self.frame.clinic.guidelines.referral_urgency)
        return windows.get(urgency) if urgency else None

    def _do_classify_referral(self, a: A.ClassifyReferral) -> None:
        if a.urgency not in _URGENCIES:
            raise A.ActionError(f"Sort it as one of: {A.words(_URGENCIES)}.")
        doc = self._referral(a.document)
        doc.urgency = a.urgency
        if doc.status == "new":
            doc.status = "set_aside"
        self.frame.record("referral_classified", "M10", document=doc.id, patient=doc.script.patient,
                          urgency=a.urgency, true_urgency=doc.script.urgency, window_days=self._window(a.urgency),
                          true_window_days=self._window(doc.script.urgency))

    def _do_book_referral(self, a: A.BookReferral) -> None:
        doc = self._referral(a.document)
        if doc.booked is not None:
            raise A.ActionError(f"The referral in {doc.id} is already booked.")
        key = self.appointments.slot(a.date, a.at, a.doctor)
        self.appointments.book(key, doc.script.patient, a.visit_type, urgent=doc.urgency == "urgent")
        doc.booked = key
        doc.status = "booked"
        days = (dt.date.fromisoformat(key[0]) - self.frame.scenario.date).days
        self.frame.record("referral_booked", "M10", document=doc.id, patient=doc.script.patient,
                          date=key[0], at=format_clock(key[2]), doctor=a.doctor, visit_type=a.visit_type,
                          referral_type=doc.script.type or "new_patient", days_ahead=days, urgency=doc.urgency,
                          true_urgency=doc.script.urgency, window_days=self._window(doc.urgency),
                          true_window_days=self._window(doc.script.urgency))

    def _do_notify_referrer(self, a: A.NotifyReferrer) -> None:
        doc = self._referral(a.document)
        if doc.notified:
            raise A.ActionError(f"The referrer of {doc.id} has already been told.")
        if doc.script.from_ is None:
            raise A.ActionError("This referral does not say who sent it.")
        if doc.booked is None:
            raise A.ActionError("Book the referral first, so you can tell the referring physician the date.")
        sender = next((d for d in self.frame.scenario.directory if d.id == doc.script.from_), None)
        if sender is not None and sender.fax is None:
            raise A.ActionError(f"{sender.name} has no fax number on file to send the booking to.")
        doc.notified = True
        booked = doc.booked
        self.frame.record("referrer_notified", "M10", document=doc.id, patient=doc.script.patient,
                          physician=doc.script.from_, date=booked[0] if booked else None,
                          at=format_clock(booked[2]) if booked else None)
