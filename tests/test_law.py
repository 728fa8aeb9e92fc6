"""Law references as data: every jurisdiction names the same rules, and each citation says what it is cited for
(DESIGN section 6, Grading: "Law references are data per jurisdiction and must say what they are cited for")."""

import re

import pytest

from frontdesk.simulator.scenario.jurisdictions import JURISDICTIONS

#: The rule names the grader cites, the same in every jurisdiction.
NAMES = {
    "family", "consent", "verify_identity", "minimum_necessary", "provider_minimum", "treatment", "treatment_refused",
    "safeguards", "incidental", "voicemail", "chart_access", "access", "representative", "minor_confidential",
    "confidential_communications",
}

#: Every citation in full, with the section it must name, so a reviewer reads them all in one place.
CITATIONS = [
    # Ontario, PHIPA
    ("ON", "family", "s. 29",
     "PHIPA s. 29, s. 18(3): health information may be disclosed only with the patient's consent or as the Act "
     "allows; telling a relative or friend generally needs her express consent"),
    ("ON", "consent", "s. 29",
     "PHIPA s. 29, s. 18(3): health information goes to someone outside the circle of care (an insurer, a lawyer, a "
     "neighbour) only with the patient's express consent or as the Act permits"),
    ("ON", "verify_identity", "s. 12",
     "PHIPA s. 12(1): the Act has no general identity-check section, but it requires reasonable steps against "
     "unauthorized disclosure; checking who an unknown requester is, is one"),
    ("ON", "minimum_necessary", "s. 30(1)-(2)",
     "PHIPA s. 30(1)-(2): do not use or disclose health information when other information will do, nor more of it "
     "than is reasonably necessary for the purpose"),
    ("ON", "provider_minimum", "s. 30",
     "PHIPA s. 30(1)-(2): the limit to what is reasonably necessary has no exception for providers; tell a provider "
     "only what the care of the patient needs"),
    ("ON", "treatment", "s. 20(2)",
     "PHIPA s. 20(2): a custodian is permitted to assume the patient's implied consent to share what is needed with "
     "providers in her circle of care, unless she has said no"),
    ("ON", "treatment_refused", "s. 20(2)",
     "PHIPA s. 20(2): the Act permits sharing with a treating provider on assumed implied consent but does not "
     "oblige it; refusing breaks no legal duty, yet is poor practice that delays care"),
    ("ON", "safeguards", "s. 12(1)",
     "PHIPA s. 12(1): a custodian must take reasonable steps to protect health information against theft, loss and "
     "unauthorized use or disclosure (a locked screen, the right chart)"),
    ("ON", "incidental", "s. 12(1)",
     "PHIPA s. 12(1): reasonable steps against unauthorized disclosure include not discussing a patient's health "
     "where the waiting room can hear"),
    ("ON", "voicemail", "s. 30",
     "PHIPA s. 30(2), s. 12(1): others may hear a message or greeting, so it says no more than is needed: the "
     "clinic's name, a callback number, the appointment time"),
    ("ON", "chart_access", "s. 30",
     "PHIPA s. 30, s. 12(1): the necessity limit covers use as well as disclosure, so open a chart only for a task "
     "that needs it; reasonable steps guard against unauthorized use"),
    ("ON", "access", "s. 52",
     "PHIPA s. 52: a patient has a right of access to her own health records held by the custodian, subject to "
     "limited exceptions"),
    ("ON", "representative", "s. 23(1)-(2)",
     "PHIPA s. 23(1)-(2): a parent may act for a child under 16, but not a parent who has only a right of access "
     "(custody decides, not the word parent)"),
    ("ON", "minor_confidential", "s. 23(1)",
     "PHIPA s. 23(1): a parent does not act for a child on treatment the child decided on alone under the Health "
     "Care Consent Act, so it is not the parent's to be told"),
    ("ON", "confidential_communications", "s. 12(1)",
     "PHIPA s. 12(1): reasonable steps against unauthorized disclosure include reaching a patient the way she asked "
     "to be reached; a call home she asked to avoid can tell her household"),
    # United States, HIPAA Privacy Rule
    ("US", "family", "164.510(b)",
     "45 CFR 164.510(b), 164.502(a): a provider may tell family or friends only what bears on their part in the "
     "patient's care, and only if she agrees or, given the chance, does not object"),
    ("US", "consent", "164.508",
     "45 CFR 164.502(a), 164.508: health information goes to a third party (an insurer, a lawyer, a neighbour) only "
     "as the Rule permits or with the patient's written authorization"),
    ("US", "verify_identity", "164.514(h)",
     "45 CFR 164.514(h)(1): before disclosing, verify the identity and authority of a requester the practice does "
     "not already know, such as a caller who says she is the patient"),
    ("US", "minimum_necessary", "164.502(b)",
     "45 CFR 164.502(b), 164.514(d): use or disclose only the minimum health information reasonably needed for the "
     "purpose at hand"),
    ("US", "provider_minimum", "164.502(b)(2)(i)",
     "45 CFR 164.502(b): the treatment exception, 164.502(b)(2)(i), covers only what is for treatment; billing "
     "details or unrelated history are held to the minimum necessary"),
    ("US", "treatment", "164.506(c)",
     "45 CFR 164.506(c): a provider is permitted to disclose health information to another provider for that "
     "provider's treatment of the patient, without her written authorization"),
    ("US", "treatment_refused", "164.506(c)",
     "45 CFR 164.506(c): the Rule permits disclosure to a treating provider but does not oblige it; refusing breaks "
     "no legal duty, yet is poor practice that delays care"),
    ("US", "safeguards", "164.530(c)",
     "45 CFR 164.530(c): a practice must keep reasonable administrative, technical and physical safeguards on health "
     "information (a locked screen, each document on the right chart)"),
    ("US", "incidental", "164.530(c)",
     "45 CFR 164.530(c), 164.502(a)(1)(iii): an overheard disclosure is excused only when reasonable safeguards were "
     "in place; symptoms discussed in the waiting room's hearing are not"),
    ("US", "voicemail", "HHS FAQ 198",
     "HHS FAQ 198, 45 CFR 164.502(b): messages may be left, limited to the clinic's name, a callback number and what "
     "confirms the appointment, since others may hear them"),
    ("US", "chart_access", "164.514(d)(2)",
     "45 CFR 164.502(b), 164.514(d)(2): minimum necessary covers staff uses too; open a patient's record only when "
     "a task of the job needs it"),
    ("US", "access", "164.524",
     "45 CFR 164.524: a patient has a right to inspect and get a copy of her own health information, subject to "
     "limited exceptions"),
    ("US", "representative", "164.502(g)(3)",
     "45 CFR 164.502(g)(3): a parent is the personal representative of an unemancipated minor, except where a court "
     "order or state law limits that parent's authority"),
    ("US", "minor_confidential", "164.502(g)(3)(i)-(ii)",
     "45 CFR 164.502(g)(3)(i)-(ii): care a minor may lawfully consent to alone is outside the parent's authority; "
     "state law decides what the parent may be told"),
    ("US", "confidential_communications", "164.522(b)",
     "45 CFR 164.522(b)(1)(i): a provider must accommodate a patient's reasonable request to be contacted by other "
     "means or at another place, such as her own cell phone rather than home"),
]


def rule(jurisdiction: str, name: str) -> str:
    """The citation ``jurisdiction`` gives for rule ``name``."""
    return JURISDICTIONS[jurisdiction].rule(name)


@pytest.mark.parametrize("jurisdiction", ["ON", "US"])
def test_every_jurisdiction_names_exactly_the_graders_rules(jurisdiction):
    """Ontario and the US hold the same rule names, no more and no fewer, each once, so no finding lacks a
    reference in one jurisdiction and no stale name lingers."""
    names = [name for name, _ in JURISDICTIONS[jurisdiction].rules]
    assert len(names) == len(set(names))
    assert set(names) == NAMES


def test_the_citation_table_covers_every_rule():
    """The table below lists every (jurisdiction, rule) pair once, so none goes unreviewed."""
    pairs = [(code, name) for code, name, _, _ in CITATIONS]
    assert len(pairs) == len(set(pairs))
    assert set(pairs) == {(code, name) for code in ("ON", "US") for name in NAMES}


@pytest.mark.parametrize("jurisdiction, name, section, text", CITATIONS)
def test_each_citation_names_its_section_and_says_what_it_is_for(jurisdiction, name, section, text):
    """Each reference reads "REFERENCE: sentence", names the section it rests on, and is short enough to sit beside a
    finding (under 200 characters)."""
    cited = rule(jurisdiction, name)
    assert cited == text
    assert section in cited
    reference, sentence = cited.split(": ", 1)
    law = "PHIPA" if jurisdiction == "ON" else "HHS FAQ|45 CFR"
    assert re.match(law, reference)
    assert sentence[:1].islower() and not sentence.endswith(".")
    assert len(cited) < 200


def test_family_disclosures_cite_the_family_rule_not_verification():
    """HIPAA family disclosures rest on 164.510(b), not 164.514(h) (whose verification duty excepts 164.510)."""
    assert "164.510(b)" in rule("US", "family")
    assert "164.514(h)" not in rule("US", "family")


@pytest.mark.parametrize("name", ["family", "verify_identity"])
def test_phipa_is_not_quoted_as_saying_confirm_who_is_asking(name):
    """PHIPA s. 29 does not say "confirm who is asking"; the verification rule cites s. 12(1) and says that the Act has
    no general identity-check section."""
    assert "confirm who is asking" not in rule("ON", name).lower()
    assert "no general identity-check section" in rule("ON", "verify_identity")


@pytest.mark.parametrize("jurisdiction", ["ON", "US"])
@pytest.mark.parametrize("name", ["treatment", "treatment_refused"])
def test_disclosure_to_a_treating_provider_is_permitted_not_required(jurisdiction, name):
    """The treatment sections permit a disclosure to a treating provider; they do not oblige it."""
    cited = rule(jurisdiction, name).lower()
    assert "permit" in cited
    assert "must disclose" not in cited and "required" not in cited and "must" not in cited


@pytest.mark.parametrize("jurisdiction", ["ON", "US"])
def test_refusing_a_treating_provider_is_a_failure_of_practice_not_of_a_legal_duty(jurisdiction):
    """Refusing a treating provider breaks no legal duty; the finding names it as practice that delays care."""
    cited = rule(jurisdiction, "treatment_refused")
    assert "no legal duty" in cited and "delays care" in cited


def test_overheard_conversations_cite_reasonable_safeguards():
    """HHS treats overheard (incidental) disclosures under reasonable safeguards, 164.530(c), not minimum necessary
    (164.502(b)) alone."""
    assert "164.530(c)" in rule("US", "incidental")
    assert "164.502(a)(1)(iii)" in rule("US", "incidental")


def test_an_unknown_rule_name_is_a_key_error():
    """Asking for a rule no jurisdiction holds (such as the retired ``circle_of_care``) raises KeyError."""
    for code in ("ON", "US"):
        with pytest.raises(KeyError):
            rule(code, "circle_of_care")
