"""Tests for foi.exemptions: every non-numeric cell form in the domain brief is classified."""

from __future__ import annotations

import dataclasses

import pytest

from foi.exemptions import (
    DISCLOSURE_STATUSES,
    EIR_REGULATION_NAMES,
    FOISA_SECTION_NAMES,
    SECTION_NAMES,
    Classification,
    Exemption,
    classify_non_disclosure,
    section_label,
)

FOIA = "FOIA 2000"
EIR = "EIR 2004"
FOISA = "FOISA 2002"


def test_disclosure_statuses_are_the_agreed_vocabulary() -> None:
    assert DISCLOSURE_STATUSES == (
        "disclosed",
        "withheld",
        "redacted",
        "not_held",
        "not_yet_available",
        "unknown",
    )


@pytest.mark.parametrize(
    ("section", "heading"),
    [
        ("21", "information accessible by other means"),
        ("22", "intended for future publication"),
        ("23", "security bodies"),
        ("24", "national security"),
        ("26", "defence"),
        ("27", "international relations"),
        ("29", "the economy"),
        ("30", "investigations"),
        ("31", "law enforcement"),
        ("35", "formulation of government policy"),
        ("36", "prejudice to effective conduct of public affairs"),
        ("38", "health and safety"),
        ("40", "personal data"),
        ("41", "information provided in confidence"),
        ("42", "legal professional privilege"),
        ("43", "commercial interests"),
    ],
)
def test_section_names_hold_the_foia_headings(section: str, heading: str) -> None:
    assert SECTION_NAMES[section] == heading


def test_section_names_have_no_non_exemption_sections() -> None:
    assert "25" not in SECTION_NAMES  # s.25 is about certificates, not an exemption
    assert "45" not in SECTION_NAMES


@pytest.mark.parametrize(
    ("section", "statute", "label"),
    [
        ("43", FOIA, "s.43 commercial interests"),
        ("24", FOIA, "s.24 national security"),
        ("40", FOIA, "s.40 personal data"),
        ("99", FOIA, "s.99"),
        ("12(5)(e)", EIR, "reg.12(5)(e) confidentiality of commercial or industrial information"),
        ("13", EIR, "reg.13 personal data"),
        ("33", FOISA, "s.33 commercial interests and the economy"),
    ],
)
def test_section_label(section: str, statute: str, label: str) -> None:
    assert section_label(section, statute) == label


def test_section_label_defaults_to_foia() -> None:
    assert section_label("43") == "s.43 commercial interests"


def test_eir_and_foisa_maps_cover_the_commercial_grounds() -> None:
    assert EIR_REGULATION_NAMES["12(5)(e)"].startswith("confidentiality of commercial")
    assert FOISA_SECTION_NAMES["33"] == "commercial interests and the economy"


@pytest.mark.parametrize(
    ("text", "status", "statute", "sections", "basis", "reason"),
    [
        # Stated FOIA sections, in the forms seen in real files.
        (
            "Exempt under Section 43 of the Freedom of Information Act 2000 (Commercial Interests)",
            "withheld",
            FOIA,
            ("43",),
            "stated",
            "commercial interests",
        ),
        (
            "Exempt - Under Section 43 ...",
            "withheld",
            FOIA,
            ("43",),
            "stated",
            "commercial interests",
        ),
        (
            "Section 43 - Commercial interests",
            "withheld",
            FOIA,
            ("43",),
            "stated",
            "commercial interests",
        ),
        (
            "Exempt under Section 24 and 26 of the Freedom of Information Act",
            "withheld",
            FOIA,
            ("24", "26"),
            "stated",
            "national security; defence",
        ),
        ("s.43(2)", "withheld", FOIA, ("43",), "stated", "commercial interests"),
        ("S43", "withheld", FOIA, ("43",), "stated", "commercial interests"),
        ("s 43", "withheld", FOIA, ("43",), "stated", "commercial interests"),
        ("Sec. 43", "withheld", FOIA, ("43",), "stated", "commercial interests"),
        ("section 40(2) personal data", "withheld", FOIA, ("40",), "stated", "personal data"),
        (
            "Sections 40, 41 and 43(2)",
            "withheld",
            FOIA,
            ("40", "41", "43"),
            "stated",
            "personal data; information provided in confidence; commercial interests",
        ),
        ("ss.24/26", "withheld", FOIA, ("24", "26"), "stated", "national security; defence"),
        (
            "s.43(2) and s.43(3)",
            "withheld",
            FOIA,
            ("43",),
            "stated",
            "commercial interests",
        ),
        (
            "Exempt under s.22",
            "withheld",
            FOIA,
            ("22",),
            "stated",
            "intended for future publication",
        ),
        ("Section 22A", "withheld", FOIA, ("22A",), "stated", "research"),
        (
            "Section 35(1)(a) FOIA",
            "withheld",
            FOIA,
            ("35",),
            "stated",
            "formulation of government policy",
        ),
        ("Exempt s.37", "withheld", FOIA, ("37",), "stated", SECTION_NAMES["37"]),
        (
            "Redacted under section 40",
            "redacted",
            FOIA,
            ("40",),
            "stated",
            "personal data",
        ),
        # Inferred sections: no number, but the wording names the ground.
        (
            "Exempt (commercial confidentiality)",
            "withheld",
            FOIA,
            ("43",),
            "inferred",
            "commercial interests",
        ),
        ("Commercially sensitive", "withheld", FOIA, ("43",), "inferred", "commercial interests"),
        ("Commercial in confidence", "withheld", FOIA, ("43",), "inferred", "commercial interests"),
        ("REDACTED PERSONAL DATA", "redacted", FOIA, ("40",), "inferred", "personal data"),
        (
            "Withheld - national security",
            "withheld",
            FOIA,
            ("24",),
            "inferred",
            "national security",
        ),
        (
            "Withheld: personal data and commercial interests",
            "withheld",
            FOIA,
            ("40", "43"),
            "inferred",
            "personal data; commercial interests",
        ),
        # Environmental Information Regulations keep the full regulation number.
        (
            "Exempt under regulation 12(5)(e) of the Environmental Information Regulations 2004",
            "withheld",
            EIR,
            ("12(5)(e)",),
            "stated",
            "confidentiality of commercial or industrial information",
        ),
        (
            "EIR 12(5)(e)",
            "withheld",
            EIR,
            ("12(5)(e)",),
            "stated",
            "confidentiality of commercial or industrial information",
        ),
        ("Reg. 13 EIR", "withheld", EIR, ("13",), "stated", "personal data"),
        (
            "Withheld under the EIR (commercial confidentiality)",
            "withheld",
            EIR,
            ("12(5)(e)",),
            "inferred",
            "confidentiality of commercial or industrial information",
        ),
        ("EIR 12(4)(a)", "not_held", EIR, ("12(4)(a)",), "stated", "information not held"),
        # Freedom of Information (Scotland) Act numbers its sections differently.
        (
            "Exempt under section 33 FOISA",
            "withheld",
            FOISA,
            ("33",),
            "stated",
            "commercial interests and the economy",
        ),
        (
            "Withheld under FOISA (commercial interests)",
            "withheld",
            FOISA,
            ("33",),
            "inferred",
            "commercial interests and the economy",
        ),
    ],
)
def test_classify_with_exemption(
    text: str,
    status: str,
    statute: str,
    sections: tuple[str, ...],
    basis: str,
    reason: str,
) -> None:
    result = classify_non_disclosure(text)
    assert result == Classification(status, Exemption(statute, sections, basis, reason), text)


@pytest.mark.parametrize(
    ("text", "statute"),
    [
        ("Exempt under FOIA", FOIA),
        ("Withheld under the Freedom of Information Act", FOIA),
        ("Exempt under the Environmental Information Regulations", EIR),
    ],
)
def test_statute_without_section_is_kept(text: str, statute: str) -> None:
    result = classify_non_disclosure(text)
    assert result == Classification("withheld", Exemption(statute, (), "stated", None), text)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Withheld", "withheld"),
        ("WITHHELD", "withheld"),
        ("Exempt", "withheld"),
        ("Refused", "withheld"),
        ("Not disclosed", "withheld"),
        ("Confidential", "withheld"),
        ("Exempt under section 45", "withheld"),  # no such exemption: no section kept
        ("REDACTED", "redacted"),
        ("[Redacted]", "redacted"),
        ("Redaction applied", "redacted"),
        ("XXXX", "redacted"),
        ("*****", "redacted"),
        ("Early planning project (not yet passed its business case)", "not_yet_available"),
        ("not yet available", "not_yet_available"),
        ("Not yet known", "not_yet_available"),
        ("TBC", "not_yet_available"),
        ("tbd", "not_yet_available"),
        ("To be confirmed", "not_yet_available"),
        ("Awaiting final account", "not_yet_available"),
        ("The project is not in a position to provide this information", "not_yet_available"),
        ("Not held", "not_held"),
        ("Information not held", "not_held"),
        ("No information held", "not_held"),
        ("The department does not hold this information", "not_held"),
        ("n/a", "unknown"),
        ("NA", "unknown"),
        ("N/A", "unknown"),
        ("#N/A", "unknown"),
        ("n.a.", "unknown"),
        ("(n/a)", "unknown"),
        ("Not applicable", "unknown"),
        ("-", "unknown"),
        ("--", "unknown"),
        ("\u2013", "unknown"),
        ("\u2014", "unknown"),
        ("", "unknown"),
        ("   ", "unknown"),
        ("\u00a0", "unknown"),
        ("\t\n", "unknown"),
        ("Unknown", "unknown"),
        ("None", "unknown"),
        ("NaN", "unknown"),
    ],
)
def test_classify_without_exemption(text: str, status: str) -> None:
    assert classify_non_disclosure(text) == Classification(status, None, text)


def test_none_is_unknown_with_empty_text() -> None:
    assert classify_non_disclosure(None) == Classification("unknown", None, "")


def test_section_43_sentence_is_withheld_not_a_number() -> None:
    result = classify_non_disclosure("Section 43 - Commercial interests")
    assert result is not None
    assert result.status == "withheld"
    assert result.exemption is not None
    assert result.exemption.sections == ("43",)


def test_citation_wins_over_not_held_wording() -> None:
    text = "The project is not in a position to provide this information under section 43"
    result = classify_non_disclosure(text)
    assert result is not None
    assert result.status == "withheld"
    assert result.exemption == Exemption(FOIA, ("43",), "stated", "commercial interests")


def test_original_text_is_kept_verbatim() -> None:
    text = "  Exempt\u00a0under  SECTION 43 "
    result = classify_non_disclosure(text)
    assert result is not None
    assert result.text == text
    assert result.exemption is not None
    assert result.exemption.sections == ("43",)


@pytest.mark.parametrize(
    "text",
    [
        "hello",
        "43",
        "£24m",
        "Ministry of Defence",
        "Section 106 contribution",  # planning law, not FOIA
        "Council's 43 projects",
        "#####",  # Excel's "column too narrow", not a redaction
        "#REF!",
        "nil",
        "See note 4",
        "2017-11-01",
    ],
)
def test_unrecognised_text_returns_none(text: str) -> None:
    assert classify_non_disclosure(text) is None


def test_exemption_label() -> None:
    exemption = Exemption(FOIA, ("24", "26"), "stated", "national security; defence")
    assert exemption.label == "FOIA 2000 s.24 national security, s.26 defence"
    assert Exemption(EIR, (), "stated", None).label == "EIR 2004"


def test_dataclasses_are_frozen() -> None:
    exemption = Exemption(FOIA, ("43",), "stated", "commercial interests")
    classification = Classification("withheld", exemption, "S43")
    with pytest.raises(dataclasses.FrozenInstanceError):
        exemption.statute = "EIR 2004"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        classification.status = "disclosed"  # type: ignore[misc]


@pytest.mark.parametrize(
    "text",
    ["Withheld", "S43", "REDACTED", "TBC", "Not held", "n/a", "", "EIR 12(4)(a)"],
)
def test_statuses_are_in_the_vocabulary_and_never_disclosed(text: str) -> None:
    result = classify_non_disclosure(text)
    assert result is not None
    assert result.status in DISCLOSURE_STATUSES
    assert result.status != "disclosed"
