"""Classify cells that carry a reason for non-disclosure instead of an amount.

A withheld figure is a fact about the disclosure (which statute and section were cited, and
whether the citation was stated or inferred by us), not a zero and not a blank. This module turns
the free text public bodies put in numeric columns into that fact, or admits it cannot (None), so
the importer can report the cell instead of silently dropping it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DISCLOSURE_STATUSES = (
    "disclosed",
    "withheld",
    "redacted",
    "not_held",
    "not_yet_available",
    "unknown",
)

FOIA = "FOIA 2000"
EIR = "EIR 2004"
FOISA = "FOISA 2002"

STATED = "stated"
INFERRED = "inferred"

# Headings of the Freedom of Information Act 2000 refusal grounds (s.12, s.14) and Part II
# exemptions, so a bare "s.43" can be shown to a reader as what it means.
SECTION_NAMES: dict[str, str] = {
    "12": "cost of compliance exceeds appropriate limit",
    "14": "vexatious or repeated requests",
    "21": "information accessible by other means",
    "22": "intended for future publication",
    "22A": "research",
    "23": "security bodies",
    "24": "national security",
    "26": "defence",
    "27": "international relations",
    "28": "relations within the United Kingdom",
    "29": "the economy",
    "30": "investigations",
    "31": "law enforcement",
    "32": "court records",
    "33": "audit functions",
    "34": "parliamentary privilege",
    "35": "formulation of government policy",
    "36": "prejudice to effective conduct of public affairs",
    "37": "communications with the Royal Family and honours",
    "38": "health and safety",
    "39": "environmental information",
    "40": "personal data",
    "41": "information provided in confidence",
    "42": "legal professional privilege",
    "43": "commercial interests",
    "44": "prohibitions on disclosure",
}

# Environmental Information Regulations 2004 exceptions: the useful identifier is the full
# paragraph ("12(5)(e)"), because "regulation 12" alone covers every exception.
EIR_REGULATION_NAMES: dict[str, str] = {
    "12(4)(a)": "information not held",
    "12(4)(b)": "manifestly unreasonable request",
    "12(4)(c)": "request formulated in too general a manner",
    "12(4)(d)": "material in the course of completion",
    "12(4)(e)": "internal communications",
    "12(5)(a)": "international relations, defence, national security or public safety",
    "12(5)(b)": "course of justice",
    "12(5)(c)": "intellectual property rights",
    "12(5)(d)": "confidentiality of proceedings",
    "12(5)(e)": "confidentiality of commercial or industrial information",
    "12(5)(f)": "interests of the person who provided the information",
    "12(5)(g)": "protection of the environment",
    "13": "personal data",
}

# Freedom of Information (Scotland) Act 2002 numbers its exemptions differently (s.33 is
# commercial interests there, audit functions in FOIA), so it needs its own headings.
FOISA_SECTION_NAMES: dict[str, str] = {
    "12": "cost of compliance exceeds appropriate limit",
    "14": "vexatious or repeated requests",
    "25": "information otherwise accessible",
    "26": "prohibitions on disclosure",
    "27": "intended for future publication",
    "28": "relations within the United Kingdom",
    "29": "formulation of Scottish Administration policy",
    "30": "prejudice to effective conduct of public affairs",
    "31": "national security and defence",
    "32": "international relations",
    "33": "commercial interests and the economy",
    "34": "investigations",
    "35": "law enforcement",
    "36": "confidentiality",
    "37": "court records",
    "38": "personal information",
    "39": "health, safety and the environment",
    "40": "audit functions",
    "41": "communications with the Royal Family and honours",
}

_NAMES_BY_STATUTE: dict[str, dict[str, str]] = {
    FOIA: SECTION_NAMES,
    EIR: EIR_REGULATION_NAMES,
    FOISA: FOISA_SECTION_NAMES,
}


@dataclass(frozen=True)
class Exemption:
    """A cited (or inferred) legal ground for not disclosing a figure."""

    statute: str  # e.g. "FOIA 2000"
    sections: tuple[str, ...]  # e.g. ("43",) or ("24", "26"); EIR keeps "12(5)(e)"
    basis: str  # "stated" or "inferred"
    reason: str | None  # e.g. "commercial interests"

    @property
    def label(self) -> str:
        """Short human label such as "FOIA 2000 s.24 national security, s.26 defence"."""
        if not self.sections:
            return self.statute
        parts = ", ".join(section_label(s, self.statute) for s in self.sections)
        return f"{self.statute} {parts}"


@dataclass(frozen=True)
class Classification:
    """What a non-numeric cell says about the figure that should have been there."""

    status: str  # one of DISCLOSURE_STATUSES
    exemption: Exemption | None
    text: str  # the original text, unmodified


def section_label(section: str, statute: str = FOIA) -> str:
    """Label a section for display ("s.43 commercial interests") so readers need no statute."""
    names = _NAMES_BY_STATUTE.get(statute, {})
    prefix = "reg." if statute == EIR else "s."
    name = names.get(section)
    return f"{prefix}{section} {name}" if name else f"{prefix}{section}"


# --- text patterns --------------------------------------------------------------------------

_WS = re.compile(r"\s+")

_UNKNOWN_TOKENS = frozenset(
    {
        "",
        "n/a",
        "na",
        "n.a.",
        "n.a",
        "#n/a",
        "n/k",
        "nk",
        "-",
        "--",
        "---",
        "\u2013",
        "\u2014",
        "?",
        "not applicable",
        "not known",
        "unknown",
        "not available",
        "unavailable",
        "none",
        "null",
        "nan",
        "blank",
    }
)

_KEYWORD = r"(?:sections?|sect\.?|secs?\.?|ss?\.?|regulations?|regs?\.?|r\.)"
_CITE_NUM = r"\d{1,2}(?:a(?![a-z]))?(?!\d)(?:\s?\(\s?[0-9a-z]{1,4}\s?\))*"
_CITE_NUM_RE = re.compile(_CITE_NUM)
_CITATION = re.compile(
    rf"(?<![\w'\u2019]){_KEYWORD}\s*"
    rf"(?P<list>{_CITE_NUM}(?:\s*(?:,|&|/|\+|\band\b|\bor\b)\s*(?:{_KEYWORD}\s*)?{_CITE_NUM})*)"
)
_EIR_BARE = re.compile(r"(?<![\w(])12\s?\(\s?[45]\s?\)\s?\(\s?[a-g]\s?\)")
_EIR_MENTION = re.compile(
    r"\beirs?\b|environmental information regulations?|\bregulations?\s*\d|\bregs?\.?\s*\d"
)
_FOISA_MENTION = re.compile(r"\bfoisa\b|\bfoi\s?\(s\)\s?a\b|freedom of information \(scotland\)")
_FOIA_MENTION = re.compile(r"\bfoia\b|\bfoi\b|freedom of information act")

_FOIA_VALID = frozenset({"12", "14", "22A"} | {str(n) for n in range(21, 45)} - {"25"})
_FOISA_VALID = frozenset({"12", "14"} | {str(n) for n in range(25, 42)})
_EIR_VALID = frozenset({"12", "13"})

_REDACTED = re.compile(r"\bredact(?:ed|ion|ions)?\b|^[*x\u2588\u25a0]{2,}$")
_WITHHELD = re.compile(
    r"\bwithh(?:e|o)ld(?:ing)?\b|\bexempt(?:ed|ion|ions)?\b|\brefused\b|\bnot disclosed\b"
    r"|\bundisclosed\b|\bnot (?:be )?released\b|\bconfidential(?:ity)?\b|\bsensitive\b"
)
_NOT_HELD = re.compile(
    r"\bnot held\b|\bno (?:information|data|records?) (?:is |are )?held\b"
    r"|\bdo(?:es)? not hold\b|\bnot recorded\b"
)
_NOT_YET = re.compile(
    r"\bnot yet\b|\bearly planning\b|\btb[cd]\b|\bto be (?:confirmed|determined|agreed|announced)\b"
    r"|\bawaiting\b|\bpending\b"
    # "not in a position to provide" (GMPP): the project cannot give the figure yet, which is
    # not the body saying it holds no such information.
    r"|\bnot in a position to provide\b"
)
# Phrases strong enough to mean "withheld" on their own, even without "exempt" or "withheld".
_WITHHELD_ALONE = re.compile(
    r"\bcommercial(?:ly)? (?:sensitiv\w*|confiden\w*|interests?|in confidence)\b"
    r"|\bpersonal (?:data|information|details)\b"
)

# (pattern, section per statute): used only when no section is cited, hence basis "inferred".
_INFERENCES: tuple[tuple[re.Pattern[str], dict[str, str]], ...] = (
    (re.compile(r"\bcommercial(?:ly)?\b"), {FOIA: "43", EIR: "12(5)(e)", FOISA: "33"}),
    (
        re.compile(r"\bpersonal (?:data|information|details)\b"),
        {FOIA: "40", EIR: "13", FOISA: "38"},
    ),
    (re.compile(r"\bnational security\b"), {FOIA: "24", EIR: "12(5)(a)", FOISA: "31"}),
    (re.compile(r"\bdefence\b"), {FOIA: "26", EIR: "12(5)(a)", FOISA: "31"}),
    (re.compile(r"\binternational relations\b"), {FOIA: "27", EIR: "12(5)(a)", FOISA: "32"}),
    (re.compile(r"\b(?:future|intended for) publication\b"), {FOIA: "22", FOISA: "27"}),
    (
        re.compile(
            r"\b(?:formulation|development) of (?:government )?policy\b|\bpolicy formulation\b"
        ),
        {FOIA: "35", FOISA: "29"},
    ),
    (re.compile(r"\bconduct of public affairs\b"), {FOIA: "36", FOISA: "30"}),
    (
        re.compile(r"\b(?:provided|given|obtained) in confidence\b|\bbreach of confidence\b"),
        {FOIA: "41", FOISA: "36"},
    ),
    (
        re.compile(r"\blegal (?:professional )?privilege\b"),
        {FOIA: "42", EIR: "12(5)(b)", FOISA: "36"},
    ),
    (re.compile(r"\bhealth and safety\b"), {FOIA: "38", EIR: "12(5)(a)", FOISA: "39"}),
    (re.compile(r"\blaw enforcement\b"), {FOIA: "31", EIR: "12(5)(b)", FOISA: "35"}),
    (re.compile(r"\b(?:reasonably )?accessible by other means\b"), {FOIA: "21", FOISA: "25"}),
    (re.compile(r"\bthe economy\b"), {FOIA: "29", FOISA: "33"}),
    (re.compile(r"\bsecurity bodies\b"), {FOIA: "23"}),
)


# --- helpers --------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    """Case-fold and collapse all whitespace (incl. non-breaking) so patterns stay simple."""
    return _WS.sub(" ", text).strip().casefold()


def _is_unknown(norm: str) -> bool:
    """True for the placeholders that mean "no value here" without saying why."""
    return norm.strip(" \"'()[]") in _UNKNOWN_TOKENS


def _detect_statute(norm: str) -> tuple[str, bool]:
    """Return (statute, named_explicitly); FOIA is the default because it covers most bodies."""
    if _EIR_MENTION.search(norm) or _EIR_BARE.search(norm):
        return EIR, True
    if _FOISA_MENTION.search(norm):
        return FOISA, True
    return FOIA, bool(_FOIA_MENTION.search(norm))


def _normalise_citation(raw: str, statute: str) -> str | None:
    """Reduce "43(2)" to "43" (EIR keeps "12(5)(e)"); None when it is no refusal ground."""
    compact = re.sub(r"\s", "", raw)
    base_match = re.match(r"\d{1,2}a?", compact)
    if base_match is None:
        return None
    base = base_match.group(0).upper()
    subs = re.findall(r"\(([0-9a-z]+)\)", compact[base_match.end() :])
    if statute == EIR:
        if base == "12" and len(subs) >= 2 and subs[0] in ("4", "5"):
            return f"12({subs[0]})({subs[1]})"
        return base if base in _EIR_VALID else None
    valid = _FOISA_VALID if statute == FOISA else _FOIA_VALID
    return base if base in valid else None


def _cited_sections(norm: str, statute: str) -> tuple[str, ...]:
    """All sections cited in the text, normalised, in order of appearance, without repeats."""
    found: list[tuple[int, str]] = []
    for match in _CITATION.finditer(norm):
        offset = match.start("list")
        for num in _CITE_NUM_RE.finditer(match.group("list")):
            found.append((offset + num.start(), num.group(0)))
    if statute == EIR:
        found.extend((m.start(), m.group(0)) for m in _EIR_BARE.finditer(norm))
    sections: list[str] = []
    for _, raw in sorted(found):
        section = _normalise_citation(raw, statute)
        if section is not None and section not in sections:
            sections.append(section)
    return tuple(sections)


def _reason(sections: tuple[str, ...], statute: str) -> str | None:
    """Join the headings of the known sections; None when none is known."""
    names = _NAMES_BY_STATUTE.get(statute, {})
    known = [names[s] for s in sections if s in names]
    return "; ".join(known) if known else None


def _inferred_sections(norm: str, statute: str) -> tuple[str, ...]:
    """Sections implied by the wording ("commercial confidentiality" -> 43), in text order."""
    hits: list[tuple[int, str]] = []
    for pattern, by_statute in _INFERENCES:
        match = pattern.search(norm)
        if match and statute in by_statute:
            hits.append((match.start(), by_statute[statute]))
    sections: list[str] = []
    for _, section in sorted(hits):
        if section not in sections:
            sections.append(section)
    return tuple(sections)


def _exemption(norm: str) -> Exemption | None:
    """Build the exemption from cited sections, else from wording, else from the statute alone."""
    statute, named = _detect_statute(norm)
    cited = _cited_sections(norm, statute)
    if cited:
        return Exemption(statute, cited, STATED, _reason(cited, statute))
    inferred = _inferred_sections(norm, statute)
    if inferred:
        return Exemption(statute, inferred, INFERRED, _reason(inferred, statute))
    if named:
        return Exemption(statute, (), STATED, None)
    return None


def _status_for_citation(norm: str, exemption: Exemption) -> str:
    """Withheld by default; redacted if the cell says so; EIR 12(4)(a) means not held."""
    if _REDACTED.search(norm):
        return "redacted"
    if exemption.statute == EIR and exemption.sections == ("12(4)(a)",):
        return "not_held"
    return "withheld"


# --- public API -----------------------------------------------------------------------------


def classify_non_disclosure(text: str | None) -> Classification | None:
    """Classify a cell that is not a number; None when it looks like no non-disclosure form.

    Returning None (rather than guessing "unknown") lets the caller report the cell as unparsed,
    because an unrecognised sentence in a money column is something a person should look at.
    """
    original = "" if text is None else text
    norm = _normalise(original)
    if _is_unknown(norm):
        return Classification("unknown", None, original)

    statute, _ = _detect_statute(norm)
    if _cited_sections(norm, statute):
        exemption = _exemption(norm)
        assert exemption is not None  # cited sections always give an exemption
        return Classification(_status_for_citation(norm, exemption), exemption, original)
    if _REDACTED.search(norm):
        return Classification("redacted", _exemption(norm), original)
    if _WITHHELD.search(norm):
        return Classification("withheld", _exemption(norm), original)
    if _NOT_HELD.search(norm):
        return Classification("not_held", None, original)
    if _NOT_YET.search(norm):
        return Classification("not_yet_available", None, original)
    if _WITHHELD_ALONE.search(norm):
        return Classification("withheld", _exemption(norm), original)
    return None
