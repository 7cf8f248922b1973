"""What a column's heading says it is: every field scored against keyword phrases.

Researchers' files name the same thing many ways ("Supplier Name", "Payee", "Vendor") and put
long explanations inside header cells, so exact names are useless. Each header is scored
against keyword phrases: most weight on its core (the words before the first preposition, so
"Commentary on the RAG rating" is commentary, not a rating), some on its first line, a little
on the whole text, and a bonus for the phrase that ends on the head noun ("Forecast end date"
is a date, "Forecast whole life cost" a cost).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from foi.importing.mapping import FIELDS

# field -> (phrase, weight): longer, more specific phrases weigh more. "department" is both an
# organisation (a government department in a projects table) and an expense area (a council
# department in a payments file): it leans organisation, so it becomes the expense area only
# when another column is a stronger organisation match ("Body Name", "Organisation").
_PHRASES: dict[str, tuple[tuple[str, float], ...]] = {
    "project": (
        ("project", 1),
        ("project name", 2),
        ("project title", 2),
        ("programme", 1),
        ("programme name", 2),
        ("program", 1),
        ("scheme", 1),
        ("scheme name", 2),
        ("contract name", 2),
        ("contract title", 2),
        ("contract", 0.5),
        ("initiative", 1),
        ("name", 0.5),
    ),
    # The publisher's own identifier of a project: how two releases of one series are matched.
    "project_ref": (
        ("id", 1),
        ("id number", 2),
        ("identifier", 2),
        ("unique id", 2),
        ("project id", 3),
        ("project ref", 3),
        ("project reference", 3),
        ("project code", 3),
        ("project number", 3),
        ("programme id", 3),
        ("programme reference", 3),
        ("scheme id", 3),
        ("scheme reference", 3),
    ),
    "organisation": (
        ("organisation", 2),
        ("organization", 2),
        ("organisation name", 3),
        ("body", 2),
        ("body name", 3),
        ("public body", 3),
        ("council", 2),
        ("authority", 2),
        ("local authority", 3),
        ("department", 1.5),
        ("dept", 1.5),
        ("government department", 3),
        ("agency", 2),
        ("ministry", 2),
        ("trust", 1),
        ("force", 1),
    ),
    "status": (
        ("status", 1),
        ("project status", 2),
        ("stage", 1),
        ("delivery confidence assessment", 3),
        ("delivery confidence", 2),
        ("dca", 2),
        ("rag", 1),
        ("rag rating", 2),
        ("rag status", 2),
        ("rating", 1),
        ("outcome", 1),
        ("confidence", 1),
    ),
    "date": (
        ("date", 1),
        ("payment date", 2),
        ("date paid", 2),
        ("paid date", 2),
        ("transaction date", 2),
        ("invoice date", 2),
        ("posting date", 2),
        ("period", 1),
        ("month", 1),
    ),
    "start_date": (
        ("start date", 3),
        ("start", 1.5),
        ("commencement date", 3),
        ("date started", 3),
    ),
    "end_date": (
        ("end date", 3),
        ("completion date", 3),
        ("finish date", 3),
        ("date completed", 3),
    ),
    "supplier": (
        ("supplier", 1.5),
        ("supplier name", 2.5),
        ("payee", 1.5),
        ("payee name", 2.5),
        ("vendor", 1.5),
        ("vendor name", 2.5),
        ("merchant", 1.5),
        ("merchant name", 2.5),
        ("beneficiary", 1.5),
        ("recipient", 1.5),
        ("creditor", 1.5),
        ("creditor name", 2.5),
        ("contractor", 1),
    ),
    "supplier_id": (
        ("supplier number", 3),
        ("supplier no", 3),
        ("supplier id", 3),
        ("supplier code", 3),
        ("supplier ref", 3),
        ("supplier reference", 3),
        ("vendor number", 3),
        ("vendor no", 3),
        ("vendor id", 3),
        ("vendor code", 3),
        ("creditor number", 3),
        ("creditor id", 3),
        ("payee id", 3),
    ),
    "transaction": (
        ("transaction", 1.5),
        ("transaction number", 3),
        ("transaction no", 3),
        ("transaction id", 3),
        ("transaction ref", 3),
        ("transaction reference", 3),
        ("invoice", 1),
        ("invoice number", 3),
        ("invoice no", 3),
        ("invoice reference", 3),
        ("reference", 1),
        ("ref", 1),
        ("document number", 2),
        ("payment reference", 2),
        ("voucher number", 2),
        ("purchase order number", 2),
    ),
    "expense_type": (
        ("expense type", 2),
        ("expense category", 2),
        ("expenditure type", 2),
        ("expenditure category", 2),
        ("expense description", 2),
        ("account", 1),
        ("account description", 2),
        ("account name", 2),
        ("purpose", 1),
        ("cost type", 2),
        ("spend category", 2),
        ("procurement category", 2),
        ("subjective", 1),
        ("category", 1),
    ),
    "expense_area": (
        ("expense area", 2),
        ("service", 1),
        ("service area", 2),
        ("service division", 2),
        ("directorate", 2),
        ("department", 1),
        ("division", 1),
        ("cost centre", 2),
        ("cost center", 2),
        ("business unit", 2),
    ),
    "amount": (
        ("amount", 1),
        ("net amount", 2),
        ("gross amount", 2),
        ("total amount", 2),
        ("amount paid", 2),
        ("value", 1),
        ("total value", 2),
        ("contract value", 2),
        ("£", 1),
        ("gbp", 1),
        ("cost", 1),
        ("costs", 1),
        ("total cost", 2),
        ("whole life cost", 3),
        ("whole life costs", 3),
        ("wlc", 2),
        ("spend", 1),
        ("spent", 1),
        ("actual spend", 2),
        ("budget", 1),
        ("total budget", 2),
        ("baseline", 1),
        ("forecast", 1),
        ("saving", 1),
        ("savings", 1),
        ("investment", 1),
        ("price", 1),
        ("gross", 1),
        ("net", 1),
        ("vat", 1),
        ("benefit", 1),
        ("benefits", 1),
        ("payment", 1),
    ),
    "notes": (
        ("notes", 1),
        ("note", 1),
        ("comments", 1),
        ("comment", 1),
        ("commentary", 1),
        ("narrative", 1),
        ("explanation", 1),
        ("remarks", 1),
        ("description", 0.5),
        ("additional information", 2),
    ),
}


# Words that start a post-modifier: the header's meaning is in the words before them.
_PREPOSITION_WORDS = (
    "on of for about including excluding inc incl exc excl in per by with at from against to as "
    "since during within"
)


_PREPOSITIONS = frozenset(_PREPOSITION_WORDS.split())


# Trailing tokens that qualify a header rather than name it: units, years, currency.
_QUALIFIER_WORDS = "m k bn million millions thousand thousands 000 000s gbp pounds"


_QUALIFIERS = frozenset(_QUALIFIER_WORDS.split())


_LEAD_TOKENS = 8  # without line breaks, the first words of a header stand for its first line


CORE_WEIGHT = 3


HEAD_BONUS = 2


UNIT_BONUS = 3


@dataclass(frozen=True)
class _Header:
    """A header as word tokens: its core, its first line, all of it, and where its head noun is."""

    core: tuple[str, ...]
    lead: tuple[str, ...]
    whole: tuple[str, ...]
    head: int | None  # index in core of the head noun


def _tokens(text: str) -> tuple[str, ...]:
    """Lowercase words with punctuation removed; "£" stays, so "(£m)" becomes the token "£m"."""
    flat = re.sub(r"['\u2019]", "", text.lower())
    return tuple(re.sub(r"[^a-z0-9£]+", " ", flat).split())


def _first_line(header: str, raw: str | None) -> str | None:
    """The first non-empty line of a multi-line header cell, if the cell had line breaks."""
    for text in (raw, header):
        if text and "\n" in text.strip():
            return next(line for line in text.strip().splitlines() if line.strip())
    return None


def describe_header(header: str, raw: str | None = None) -> _Header:
    """Split a header into core, lead and whole, and find the core's head noun."""
    whole = _tokens(raw if raw else header)
    line = _first_line(header, raw)
    lead = _tokens(line) if line is not None else whole[:_LEAD_TOKENS]
    cut = next((i for i, tok in enumerate(lead) if i > 0 and tok in _PREPOSITIONS), len(lead))
    core = lead[:cut]
    head = None
    for index in range(len(core) - 1, -1, -1):
        token = core[index]
        if not (token.startswith("£") or token.isdigit() or token in _QUALIFIERS):
            head = index
            break
    return _Header(core, lead, whole, head)


def _same(phrase_token: str, token: str) -> bool:
    """Token equality, with "£" matching any pound token ("£m", "£000s")."""
    return token == phrase_token or (phrase_token == "£" and token.startswith("£"))


def _match(tokens: tuple[str, ...], phrase: tuple[str, ...]) -> list[int]:
    """End positions (exclusive) of every occurrence of a phrase in the tokens."""
    size = len(phrase)
    return [
        start + size
        for start in range(len(tokens) - size + 1)
        if all(_same(p, t) for p, t in zip(phrase, tokens[start : start + size], strict=True))
    ]


def _best(tokens: tuple[str, ...], field: str, head: int | None = None) -> tuple[float, bool]:
    """Heaviest phrase of a field found in the tokens, and whether any ends on the head noun."""
    weight, on_head = 0.0, False
    for phrase, phrase_weight in _PHRASES[field]:
        ends = _match(tokens, tuple(phrase.split()))
        if ends:
            weight = max(weight, phrase_weight)
            on_head = on_head or (head is not None and head + 1 in ends)
    return weight, on_head


def header_scores(header: _Header, unit: Decimal) -> dict[str, float]:
    """Score every field a header could be; a field counts only if its first line mentions it."""
    scores: dict[str, float] = {}
    for field in FIELDS:
        core, on_head = _best(header.core, field, header.head)
        lead, _ = _best(header.lead, field)
        whole, _ = _best(header.whole, field)
        if lead == 0 and not (field == "amount" and unit != 1):
            continue
        score = CORE_WEIGHT * core + lead + whole + (HEAD_BONUS if on_head else 0)
        if field == "amount" and unit != 1:
            score += UNIT_BONUS
        scores[field] = score
    return scores
