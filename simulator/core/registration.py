"""New-patient registration (M8): creating the chart of a first-time patient, and asking their pharmacy for the
medication list they did not bring.

A mixin of :class:`~simulator.core.engine.Simulation`. The chart starts empty; the trainee types each field with
``update_chart`` (demographics, the health card or insurance, allergies). A typed ID number is checked the way the
jurisdiction checks it, and the result is part of the fact.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..scenario.jurisdictions import JURISDICTIONS, card_problems
from ..scenario.models import Document
from . import actions as A
from .clock import Priority

__all__ = ["Registration"]



class Registration:
    """Actions of registering a first-time patient."""

    def _do_register_patient(self: Any, a: A.RegisterPatient) -> None:
        self._serving(a.patient, "arrived", "arrived_late", "walk_in")
        if a.patient in self.charts:
            raise A.ActionError(f"{self.patients[a.patient].name} already has a chart.")
        self._need_screen()
        dict.__setitem__(self.charts, a.patient, {})
        self.registered.add(a.patient)
        self.facts.record(self.now, "chart_created", "M8", patient=a.patient)

    def _card_check(self: Any, field: str, value: str) -> dict[str, Any]:
        """For a typed ID field: what the jurisdiction's check finds, as codes (``pattern``, ``check_digit``,
        ``version``, ``expired``, ``not_a_date``); an empty list when it passes. No other field gets one."""
        j = JURISDICTIONS[self.scenario.jurisdiction]
        if field == f"{j.id_document}.{'number' if j.id_document == 'health_card' else 'member_id'}":
            number = value.replace(" ", "").replace("-", "")
            return {"card_check": ["check_digit" if "check digit" in message else "pattern"
                                   for _, message in card_problems(j, number)]}
        if field == "health_card.version" and j.version_code_pattern:
            return {"card_check": [] if re.match(j.version_code_pattern, value.strip().upper()) else ["version"]}
        if field == f"{j.id_document}.expires":
            try:
                expired = dt.date.fromisoformat(value.strip()) < self.scenario.date
            except ValueError:
                return {"card_check": ["not_a_date"]}
            return {"card_check": ["expired"] if expired else []}
        return {}

    def _do_request_medication_list(self: Any, a: A.RequestMedicationList) -> None:
        patient = self.patients.get(a.patient)
        if patient is None:
            raise A.ActionError(f"No patient has the id {a.patient!r}.")
        if a.patient not in self.charts:
            raise A.ActionError(f"{patient.name} has no chart yet; register them first.")
        if not patient.pharmacy:
            raise A.ActionError(f"{patient.name} has no pharmacy on file; ask which one they use.")
        self._need_screen()
        fax = self._phone_draws[a.patient][3]
        document = Document.model_construct(kind="medication_list", patient=a.patient, from_=patient.pharmacy,
                                            title=f"Medication list: {patient.name}")
        self._queue.push(self.now + fax, Priority.SCENARIO, "document_arrives", document)
        self.facts.record(self.now, "medication_list_requested", "M8", patient=a.patient, pharmacy=patient.pharmacy,
                          brought_list=patient.brings_medication_list)
