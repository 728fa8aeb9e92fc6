"""Jurisdictions as data: ID formats, the privacy law, and how drug coverage is requested.

Every place that behaves differently in Ontario and the United States reads a :class:`Jurisdiction` record
from :data:`JURISDICTIONS` instead of testing the code with ``if``. Adding a province or a state is adding a
record here (and its ID check, if it has a new kind).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["Jurisdiction", "JURISDICTIONS", "luhn_check_digit", "luhn_valid", "card_problems", "CARD_STATUSES",
           "card_status", "age_on", "PARENT_RELATIONSHIPS"]

#: Relationships that make a contact a minor's parent or guardian (their default representative, unless a court
#: order limits them).
PARENT_RELATIONSHIPS = frozenset({"mother", "father", "parent", "guardian", "legal guardian", "stepmother",
                                  "stepfather"})


def age_on(born: dt.date, day: dt.date) -> int:
    """Whole years of age on ``day`` of someone born on ``born``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


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
    #: The age at which a patient speaks for themselves: a parent or guardian is, by default, a younger patient's
    #: representative (Ontario's PHIPA: under 16; HIPAA: an unemancipated minor, under 18 in most states).
    minor_until: int = 18

    def rule(self, name: str) -> str:
        """The jurisdiction's reference for rule ``name``, as ``"REFERENCE: what it stands for"``.

        Every jurisdiction holds the same names: ``family``, ``verify_identity``, ``minimum_necessary``,
        ``provider_minimum``, ``treatment``, ``treatment_refused``, ``safeguards``, ``incidental``, ``voicemail``,
        ``chart_access``, ``access``, ``representative`` and ``minor_confidential``. The sentence says what the reference is cited for, in plain words; it is
        not the statute's text. Raises ``KeyError`` for an unknown name.
        """
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
            ("family", "PHIPA s. 29, s. 18(3): health information may be disclosed only with the patient's consent or "
             "as the Act allows; telling a relative or friend generally needs her express consent"),
            ("consent", "PHIPA s. 29, s. 18(3): health information goes to someone outside the circle of care (an "
             "insurer, a lawyer, a neighbour) only with the patient's express consent or as the Act permits"),
            ("verify_identity", "PHIPA s. 12(1): the Act has no general identity-check section, but it requires "
             "reasonable steps against unauthorized disclosure; checking who an unknown requester is, is one"),
            ("minimum_necessary", "PHIPA s. 30(1)-(2): do not use or disclose health information when other "
             "information will do, nor more of it than is reasonably necessary for the purpose"),
            ("provider_minimum", "PHIPA s. 30(1)-(2): the limit to what is reasonably necessary has no exception for "
             "providers; tell a provider only what the care of the patient needs"),
            ("treatment", "PHIPA s. 20(2): a custodian is permitted to assume the patient's implied consent to share "
             "what is needed with providers in her circle of care, unless she has said no"),
            ("treatment_refused", "PHIPA s. 20(2): the Act permits sharing with a treating provider on assumed implied "
             "consent but does not oblige it; refusing breaks no legal duty, yet is poor practice that delays care"),
            ("safeguards", "PHIPA s. 12(1): a custodian must take reasonable steps to protect health information "
             "against theft, loss and unauthorized use or disclosure (a locked screen, the right chart)"),
            ("incidental", "PHIPA s. 12(1): reasonable steps against unauthorized disclosure include not discussing "
             "a patient's health where the waiting room can hear"),
            ("voicemail", "PHIPA s. 30(2), s. 12(1): others may hear a message or greeting, so it says no more than "
             "is needed: the clinic's name, a callback number, the appointment time"),
            ("chart_access", "PHIPA s. 30, s. 12(1): the necessity limit covers use as well as disclosure, so open a "
             "chart only for a task that needs it; reasonable steps guard against unauthorized use"),
            ("access", "PHIPA s. 52: a patient has a right of access to her own health records held by the "
             "custodian, subject to limited exceptions"),
            ("representative", "PHIPA s. 23(1)-(2): a parent may act for a child under 16, but not a parent who has "
             "only a right of access (custody decides, not the word parent)"),
            ("minor_confidential", "PHIPA s. 23(1): a parent does not act for a child on treatment the child decided "
             "on alone under the Health Care Consent Act, so it is not the parent's to be told"),
            ("confidential_communications", "PHIPA s. 12(1): reasonable steps against unauthorized disclosure "
             "include reaching a patient the way she asked to be reached; a call home she asked to avoid can tell "
             "her household"),
        ),
        minor_until=16,
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
            ("family", "45 CFR 164.510(b), 164.502(a): a provider may tell family or friends only what bears on "
             "their part in the patient's care, and only if she agrees or, given the chance, does not object"),
            ("consent", "45 CFR 164.502(a), 164.508: health information goes to a third party (an insurer, a lawyer, "
             "a neighbour) only as the Rule permits or with the patient's written authorization"),
            ("verify_identity", "45 CFR 164.514(h)(1): before disclosing, verify the identity and authority of a "
             "requester the practice does not already know, such as a caller who says she is the patient"),
            ("minimum_necessary", "45 CFR 164.502(b), 164.514(d): use or disclose only the minimum health "
             "information reasonably needed for the purpose at hand"),
            ("provider_minimum", "45 CFR 164.502(b): the treatment exception, 164.502(b)(2)(i), covers only what is "
             "for treatment; billing details or unrelated history are held to the minimum necessary"),
            ("treatment", "45 CFR 164.506(c): a provider is permitted to disclose health information to another "
             "provider for that provider's treatment of the patient, without her written authorization"),
            ("treatment_refused", "45 CFR 164.506(c): the Rule permits disclosure to a treating provider but does "
             "not oblige it; refusing breaks no legal duty, yet is poor practice that delays care"),
            ("safeguards", "45 CFR 164.530(c): a practice must keep reasonable administrative, technical and physical "
             "safeguards on health information (a locked screen, each document on the right chart)"),
            ("incidental", "45 CFR 164.530(c), 164.502(a)(1)(iii): an overheard disclosure is excused only when "
             "reasonable safeguards were in place; symptoms discussed in the waiting room's hearing are not"),
            ("voicemail", "HHS FAQ 198, 45 CFR 164.502(b): messages may be left, limited to the clinic's name, a "
             "callback number and what confirms the appointment, since others may hear them"),
            ("chart_access", "45 CFR 164.502(b), 164.514(d)(2): minimum necessary covers staff uses too; open a "
             "patient's record only when a task of the job needs it"),
            ("access", "45 CFR 164.524: a patient has a right to inspect and get a copy of her own health "
             "information, subject to limited exceptions"),
            ("representative", "45 CFR 164.502(g)(3): a parent is the personal representative of an unemancipated "
             "minor, except where a court order or state law limits that parent's authority"),
            ("minor_confidential", "45 CFR 164.502(g)(3)(i)-(ii): care a minor may lawfully consent to alone is outside "
             "the parent's authority; state law decides what the parent may be told"),
            ("confidential_communications", "45 CFR 164.522(b)(1)(i): a provider must accommodate a patient's "
             "reasonable request to be contacted by other means or at another place, such as her own cell phone "
             "rather than home"),
        ),
        minor_until=18,
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


#: What a card shown at the counter can be found to be (``note_card``): fine, past its expiry date (lapsed
#: insurance), wrong (a number that fails the jurisdiction's check, or marked ``invalid`` as a trap), or not brought.
CARD_STATUSES = ("valid", "expired", "invalid", "forgotten")


def card_status(jurisdiction: Jurisdiction, card: dict[str, str], today: dt.date, forgotten: bool = False) -> str:
    """What a card is (one of :data:`CARD_STATUSES`) from what it shows on ``today``: ``card`` maps the chart's
    card fields without their prefix (``number`` or ``member_id``, ``version``, ``expires``) to their text. (A card
    marked ``invalid`` in a scenario fails its check: ``validate`` refuses one that does not.)"""
    if forgotten:
        return "forgotten"
    number = (card.get("number") or card.get("member_id") or "").replace(" ", "").replace("-", "")
    if number and card_problems(jurisdiction, number, card.get("version")):
        return "invalid"
    try:
        expires = dt.date.fromisoformat(card["expires"]) if card.get("expires") else None
    except ValueError:
        return "invalid"
    return "expired" if expires is not None and expires < today else "valid"
