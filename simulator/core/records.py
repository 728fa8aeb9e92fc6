"""The clinic's records (M4, M5, M8): charts, the results on file, new patients' registration, and the details
each patient gives the desk today.

A chart starts as the scenario's truth before today (:func:`~simulator.scenario.charts.chart_record`); what a
patient says at the counter may differ (an address changed since), and the trainee types corrections with
``update_chart``. A typed ID number is checked the way the jurisdiction checks it, and what the check found is
part of the fact.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Callable

from ..scenario.charts import CHART_FIELDS, EMPTY_LIST, chart_record, flatten_changes
from ..scenario.jurisdictions import JURISDICTIONS, card_problems
from ..scenario.models import Document, Patient
from . import actions as A
from .clock import Priority
from .desk import Desk
from .frame import Frame
from .happenings import DocumentArrives, ResultsArrive

__all__ = ["Records", "Charts"]


class Charts(dict[str, dict[str, str]]):
    """Charts by patient id, each built the first time it is read: a 4,000-patient panel costs only the charts
    the day touches. First-time patients have no chart."""

    def __init__(self, patients: dict[str, Patient]):
        super().__init__()
        self._patients = patients

    def __missing__(self, patient: str) -> dict[str, str]:
        p = self._patients.get(patient)
        if p is None or p.new:
            raise KeyError(patient)
        chart = self[patient] = chart_record(p)
        return chart

    def __contains__(self, patient: object) -> bool:
        if dict.__contains__(self, patient):
            return True
        p = self._patients.get(patient) if isinstance(patient, str) else None
        return p is not None and not p.new

    def get(self, patient: str, default: Any = None) -> Any:
        """The chart of ``patient``, or ``default`` when they have none."""
        try:
            return self[patient]
        except KeyError:
            return default


class Records:
    """Charts, results on file, registrations, and what each patient says about themselves today."""

    def __init__(self, frame: Frame, desk: Desk):
        self.frame = frame
        self.desk = desk
        self.patients = frame.patients
        self.charts: dict[str, dict[str, str]] = Charts(self.patients)
        self.results_on_file: dict[str, set[str]] = {pid: set(p.results_on_file) for pid, p in self.patients.items()}
        #: First-time patients whose chart the desk created today.
        self.registered: set[str] = set()
        #: What each patient who came today said had changed (nested, as the scenario writes it).
        self.presented: dict[str, dict[str, Any]] = {}
        #: Every chart edit of the day: patient → [(second, field)].
        self.edits: dict[str, list[tuple[int, str]]] = {}
        # Dice, drawn when the day is planned: how long the lab takes to send results, and each patient's pharmacy
        # to fax a medication list.
        self.lab_delay: dict[str, int] = {}
        self.fax_delay: dict[str, int] = {}

    def actions(self) -> dict[str, Callable[[Any], None]]:
        """The actions this part of the day takes, by action type."""
        return {"update_chart": self._do_update_chart, "request_medication_list": self._do_request_medication_list}

    def happenings(self) -> dict[type, Callable[[Any], None]]:
        """The queued happenings this part of the day handles, by type."""
        return {ResultsArrive: self._results_arrive}

    # --- what a patient says -------------------------------------------------------------------------------

    def presents(self, patient: str, changes: dict[str, Any]) -> None:
        """``patient`` is at the clinic today and tells the desk what changed since their chart was written."""
        self.presented[patient] = changes

    def stated_details(self, patient: str) -> dict[str, str]:
        """What ``patient`` tells the desk when asked: their true details today, chart fields by name."""
        p = self.patients[patient]
        details = chart_record(p)
        if p.new and not p.brings_medication_list:
            details.pop("medications", None)  # left the list at home: the pharmacy has it
        if patient in self.presented:
            details.update({k: v for k, v in flatten_changes(self.presented[patient]).items() if k in CHART_FIELDS})
        return details

    def changed_fields(self, patient: str) -> dict[str, str]:
        """The chart fields whose true value today differs from what the chart says (none without a chart)."""
        if patient not in self.charts:
            return {}  # a first-time patient: there is no chart yet to compare with
        chart = self.charts[patient]
        return {k: v for k, v in self.stated_details(patient).items() if chart.get(k) != v}

    def edited_since(self, patient: str, since: int) -> list[str]:
        """The chart fields of ``patient`` typed into from second ``since`` on, sorted, each once."""
        return sorted({f for t, f in self.edits.get(patient, ()) if t >= since})

    def register(self, patient: str) -> None:
        """Create the (empty) chart of a first-time patient."""
        dict.__setitem__(self.charts, patient, {})
        self.registered.add(patient)

    def file_result(self, patient: str, test: str) -> None:
        """A result of ``test`` is on ``patient``'s chart."""
        self.results_on_file[patient].add(test)

    def file_medication_list(self, chart: str, owner: str) -> None:
        """The medication list of ``owner`` (as the pharmacy faxed it) is written into ``chart``."""
        meds = self.patients[owner].medications
        self.charts[chart]["medications"] = "; ".join(meds) if meds else EMPTY_LIST["medications"]

    # --- actions ---------------------------------------------------------------------------------------------

    def _do_update_chart(self, a: A.UpdateChart) -> None:
        if a.patient not in self.charts:
            raise A.ActionError(f"{a.patient!r} has no chart to update.")
        if a.field not in CHART_FIELDS:
            raise A.ActionError(f"Charts have no field {a.field!r}.")
        self.desk.need_screen()
        before = self.charts[a.patient].get(a.field)
        self.charts[a.patient][a.field] = a.value
        self.edits.setdefault(a.patient, []).append((self.frame.now, a.field))
        self.frame.record("chart_updated", "M8" if a.patient in self.registered else "M4", patient=a.patient,
                          field=a.field, value=a.value, before=before, **self.card_check(a.field, a.value))

    def card_check(self, field: str, value: str) -> dict[str, Any]:
        """For a typed ID field: what the jurisdiction's check finds, as codes (``pattern``, ``check_digit``,
        ``version``, ``expired``, ``not_a_date``); an empty list when it passes. No other field gets one."""
        j = JURISDICTIONS[self.frame.scenario.jurisdiction]
        if field == f"{j.id_document}.{'number' if j.id_document == 'health_card' else 'member_id'}":
            number = value.replace(" ", "").replace("-", "")
            return {"card_check": ["check_digit" if "check digit" in message else "pattern"
                                   for _, message in card_problems(j, number)]}
        if field == "health_card.version" and j.version_code_pattern:
            return {"card_check": [] if re.match(j.version_code_pattern, value.strip().upper()) else ["version"]}
        if field == f"{j.id_document}.expires":
            try:
                expired = dt.date.fromisoformat(value.strip()) < self.frame.scenario.date
            except ValueError:
                return {"card_check": ["not_a_date"]}
            return {"card_check": ["expired"] if expired else []}
        return {}

    def _results_arrive(self, h: ResultsArrive) -> None:
        self.results_on_file[h.patient].add(h.test)
        self.frame.record("results_received", "M5", patient=h.patient, test=h.test)

    def _do_request_medication_list(self, a: A.RequestMedicationList) -> None:
        patient = self.patients.get(a.patient)
        if patient is None:
            raise A.ActionError(f"No patient has the id {a.patient!r}.")
        if a.patient not in self.charts:
            raise A.ActionError(f"{patient.name} has no chart yet; register them first.")
        if not patient.pharmacy:
            raise A.ActionError(f"{patient.name} has no pharmacy on file; ask which one they use.")
        pharmacy = next((d for d in self.frame.scenario.directory if d.id == patient.pharmacy), None)
        if pharmacy is not None and pharmacy.fax is None:
            raise A.ActionError(f"{pharmacy.name} has no fax number on file to send the list to.")
        self.desk.need_screen()
        document = Document.model_construct(kind="medication_list", patient=a.patient, from_=patient.pharmacy,
                                            title=f"Medication list: {patient.name}")
        self.frame.schedule(self.frame.now + self.fax_delay[a.patient], Priority.SCENARIO, DocumentArrives(document))
        self.frame.record("medication_list_requested", "M8", patient=a.patient, pharmacy=patient.pharmacy,
                          brought_list=patient.brings_medication_list)
