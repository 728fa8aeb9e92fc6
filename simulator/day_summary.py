"""A day in numbers: neutral counts from the facts (judging them is the grader's work)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .core.engine import Simulation
from .scenario.summary import scenario_digest
from .scenario.times import format_clock

__all__ = ["day_summary", "format_summary"]


def day_summary(sim: Simulation) -> dict[str, Any]:
    """Counts of what happened during ``sim``'s day, keyed by plain names."""
    kinds = Counter(f.kind for f in sim.facts)
    answered = sim.facts.of_kind("call_answered")
    rings = [f.get("rings") for f in answered]
    ended = sim.facts.of_kind("day_ended")
    return {
        "patients_seen": kinds["visit_ended"],
        # A patient back for a later visit the same day is seen again; those visits are counted apart here.
        "return_visits": sum(1 for f in sim.facts.of_kind("visit_ended") if f.get("visit")),
        "walk_outs": kinds["patient_left_without_visit"],
        "left_before_checkout": kinds["patient_left_before_checkout"],
        "patients_checked_in": kinds["patient_checked_in"],
        "walk_ins": kinds["walk_in_arrived"],
        "calls": kinds["call_rang"] + kinds["call_got_busy_signal"],
        "calls_answered": len(answered),
        "calls_abandoned": kinds["call_abandoned"],
        "calls_busy_signal": kinds["call_got_busy_signal"],
        "mean_rings_to_answer": round(sum(rings) / len(rings), 2) if rings else None,
        "disclosures": kinds["disclosure"],
        "requests_declined": kinds["request_declined"],
        "chart_updates": kinds["chart_updated"],
        "results_missing_at_visit": kinds["results_missing_at_visit"],
        "documents_arrived": kinds["document_arrived"],
        "documents_handled": len({f.get("document") for f in sim.facts.of_kind(
            "document_filed", "renewal_queued", "referral_set_aside", "referral_classified")}),
        "follow_ups_booked": kinds["follow_up_booked"],
        "tests_booked": kinds["test_booked"],
        "messages_reviewed": kinds["message_reviewed"],
        "greetings_recorded": kinds["greeting_recorded"],
        "staff_briefed": kinds["staff_briefed"],
        "slots_freed": kinds["slot_freed"],
        "slots_filled": kinds["slot_filled"],
        "calls_placed": kinds["call_placed"],
        "voicemails_left_for_patients": kinds["voicemail_message_left"],
        "charts_created": kinds["chart_created"],
        "referrals_booked": kinds["referral_booked"],
        "referrers_notified": kinds["referrer_notified"],
        "bookings_moved": kinds["booking_moved"],
        "patients_roomed": kinds["patient_roomed"],
        "vitals_recorded": kinds["vitals_recorded"],
        "specimens_sent": kinds["specimen_sent"],
        "actions": len(sim.actions),
        "facts": len(sim.facts),
        "day_ended": format_clock(ended[-1].t) if ended else None,
    }


def format_summary(sim: Simulation, summary: dict[str, Any]) -> str:
    """The summary as a small readable table."""
    s = sim.scenario
    width = max(len(k) for k in summary)
    rows = [f"{s.title} ({s.id}), seed {sim.seed}", ""]
    rows += [f"  {k.replace('_', ' '):<{width}}  {'-' if v is None else v}" for k, v in summary.items()]
    rows += ["", f"  scenario_sha256  {scenario_digest(s)}", f"  facts_sha256     {sim.facts.sha256}"]
    return "\n".join(rows)
