"""Who may be told about a patient, read from the neutral consent facts the engine records with each disclosure
and each refusal: one rule for the privacy criterion (a disclosure to someone who may not know) and the accuracy
criterion (a refusal of someone who may).

In order: what the scenario says of this caller (``authorised``) decides; an impostor may know nothing; the
patient and a provider caring for them may know; a minor's parent or guardian may know as the minor's
representative, unless a court order limits them or the minor has care of their own the law keeps from them;
anyone else only when the chart lists them as someone the patient allows.
"""

from __future__ import annotations

from typing import Any

from .lines import PROVIDERS

__all__ = ["may_know", "why_not"]


def may_know(f: Any) -> bool:
    """Whether the caller of fact ``f`` (a ``disclosure`` or a ``request_declined``) may be told about the patient."""
    if f.get("authorised") is not None:
        return bool(f.get("authorised"))
    if f.get("impostor"):
        return False
    if f.get("caller") in PROVIDERS or f.get("caller") == "patient":
        return True
    if f.get("minor") and f.get("listed_contact") and (f.get("representative") or f.get("court_order")):
        return bool(f.get("representative")) and not f.get("confidential_care")
    return bool(f.get("contact_authorised"))


def why_not(f: Any) -> str | None:
    """For a caller who may not know about a minor although they are the minor's parent or guardian: the rule
    that says so (``representative`` when a court order limits them, ``minor_confidential`` for the minor's own
    care); ``None`` for any other caller."""
    if f.get("authorised") is not None or not f.get("minor") or not f.get("listed_contact"):
        return None
    if f.get("court_order"):
        return "representative"
    if f.get("representative") and f.get("confidential_care"):
        return "minor_confidential"
    return None
