"""Jurisdictions as data: ID formats, the privacy law, and how drug coverage is requested.

Every place that behaves differently in Ontario and the United States reads a :class:`Jurisdiction` record
from :data:`JURISDICTIONS` instead of testing the code with ``if``. Adding a province or a state is adding a
record here (and its ID check, if it has a new kind).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Jurisdiction", "JURISDICTIONS", "luhn_check_digit", "luhn_valid", "card_problems"]


def luhn_check_digit(digits: str) -> int:
    """The mod-10 (Luhn) check digit that makes ``digits + check`` valid."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:  # rightmost payload digit is doubled, since the check digit will sit to its right
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10


def luhn_valid(number: str) -> bool:
    """True when ``number`` is all digits and its last digit is the mod-10 check digit of the rest."""
    return number.isdigit() and len(number) >= 2 and luhn_check_digit(number[:-1]) == int(number[-1])


@dataclass(frozen=True)
class Jurisdiction:
    """What differs between jurisdictions, as plain values the loader, engine and grader read."""

    code: str
    name: str
    privacy_law: str
    privacy_law_full: str
    #: The patient document the desk checks at every visit: ``health_card`` or ``insurance``.
    id_document: str
    id_document_label: str
    id_number_pattern: str
    id_number_hint: str
    #: Whether the ID number carries a mod-10 check digit.
    id_check_digit: bool
    version_code_pattern: str | None
    #: The call request a pharmacist makes when a drug needs the payer's approval.
    drug_coverage_request: str
    drug_coverage_label: str
    region_label: str
    postal_pattern: str
    postal_hint: str
    faker_locale: str
    #: Rule references the grader cites, keyed by the rule's short name.
    rules: tuple[tuple[str, str], ...]

    def rule(self, name: str) -> str:
        """The jurisdiction's reference for rule ``name`` (e.g. ``verify_identity``)."""
        return dict(self.rules)[name]


JURISDICTIONS: dict[str, Jurisdiction] = {
    "ON": Jurisdiction(
        code="ON",
        name="Ontario",
        privacy_law="PHIPA",
        privacy_law_full="Personal Health Information Protection Act, 2004 (Ontario)",
        id_document="health_card",
        id_document_label="OHIP health card",
        id_number_pattern=r"^\d{10}$",
        id_number_hint="10 digits, the last a mod-10 check digit (e.g. 1234567897)",
        id_check_digit=True,
        version_code_pattern=r"^[A-Z]{0,2}$",
        drug_coverage_request="limited_use_code",
        drug_coverage_label="Limited Use code",
        region_label="province",
        postal_pattern=r"^[A-Z]\d[A-Z] ?\d[A-Z]\d$",
        postal_hint="like M4B 1B3",
        faker_locale="en_CA",
        rules=(
            ("verify_identity", "PHIPA s. 29: disclose only with consent or as the Act permits; confirm who is asking"),
            ("minimum_necessary", "PHIPA s. 30: collect, use and disclose no more than is reasonably necessary"),
            ("circle_of_care", "PHIPA s. 20(2): implied consent within the circle of care for the patient's care"),
            ("safeguards", "PHIPA s. 12: take reasonable steps to protect health information"),
        ),
    ),
    "US": Jurisdiction(
        code="US",
        name="United States",
        privacy_law="HIPAA",
        privacy_law_full="Health Insurance Portability and Accountability Act of 1996, Privacy Rule (45 CFR 164)",
        id_document="insurance",
        id_document_label="insurance card",
        id_number_pattern=r"^[A-Z0-9]{6,15}$",
        id_number_hint="6 to 15 letters and digits (e.g. XKD482913377)",
        id_check_digit=False,
        version_code_pattern=None,
        drug_coverage_request="prior_authorization",
        drug_coverage_label="prior authorization",
        region_label="state",
        postal_pattern=r"^\d{5}(-\d{4})?$",
        postal_hint="like 02134 or 02134-1234",
        faker_locale="en_US",
        rules=(
            ("verify_identity", "45 CFR 164.514(h): verify the identity and authority of the person asking"),
            ("minimum_necessary", "45 CFR 164.502(b): limit disclosures to the minimum necessary"),
            ("treatment", "45 CFR 164.506(c): disclosures to a provider for treatment are permitted"),
            ("voicemail", "HHS FAQ 198: messages may be left, limited to what is needed to confirm the appointment"),
            ("safeguards", "45 CFR 164.530(c): reasonable safeguards against incidental disclosure"),
        ),
    ),
}


def card_problems(jurisdiction: Jurisdiction, number: str, version: str | None = None) -> list[tuple[str, str]]:
    """Everything wrong with an ID number (and version code) under ``jurisdiction``, as ``(field, message)``
    pairs where ``field`` is ``number`` or ``version``; empty when the card is valid."""
    problems = []
    if not re.match(jurisdiction.id_number_pattern, number):
        problems.append(("number", f"{number!r} is not a valid {jurisdiction.id_document_label} number: {jurisdiction.id_number_hint}"))
    elif jurisdiction.id_check_digit and not luhn_valid(number):
        expected = luhn_check_digit(number[:-1])
        problems.append((
            "number",
            f"{number!r} fails the {jurisdiction.id_document_label} check digit (the last digit would be {expected}); "
            "mark the card `invalid: true` if this is a trap on purpose",
        ))
    if version is not None and jurisdiction.version_code_pattern and not re.match(jurisdiction.version_code_pattern, version):
        problems.append(("version", f"version code {version!r} must be 0 to 2 capital letters"))
    return problems
