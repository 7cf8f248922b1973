"""Propose which column of a disclosure file is which field, by what its header means.

Researchers' files name the same thing many ways ("Supplier Name", "Payee", "Vendor") and put
long explanations inside header cells ("Baseline Whole Life Cost (£m)\\n(including
non-Government costs)\\nThe baseline figure is ..."), so exact names are useless. Each header is
scored against keyword phrases: most weight on its core (the words before the first preposition,
so "Commentary on the RAG rating" is commentary, not a rating), some on its first line, a little
on the whole text, and a bonus for the phrase that ends on the head noun ("Forecast end date"
is a date, "Forecast whole life cost" a cost). Sample values break ties. The proposal is only a
proposal: --map FIELD=COLUMN overrides it, and every amount column says what its money means
(its basis) and the unit its header implies, so "24" under "(£m)" is never read as £24.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from foi.importing import profile as content
from foi.importing.header import looks_like_date
from foi.money import parse_amount, unit_from_header
from foi.vocab import BASES

FIELDS: tuple[str, ...] = (
    "project",
    "organisation",
    "status",
    "date",
    "supplier",
    "supplier_id",
    "transaction",
    "expense_type",
    "expense_area",
    "amount",
    "notes",
)
SHAPES = ("payments", "projects")

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
SAMPLE_BONUS = 1
WEAK_SCORE = 3  # a column known only from its values: weaker than any header match
STRONG_AMOUNT = 9  # an amount header this clear is never overruled by its sample values
CONSTANT_ROWS = 5  # one value on this many rows or more: a constant, not a name or an id

# Basis rules in order; the first whose phrase is in the header wins. "spend" is a payment in a
# payments file and money already spent in a projects table.
_SPEND = "spend"
_BASIS_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("benefits", ("benefit", "benefits")),
    ("whole_life_cost", ("whole life", "wlc")),
    ("contract_value", ("contract value", "value of contract", "contract price", "contract sum")),
    ("savings", ("saving", "savings")),
    ("investment", ("investment", "invested")),
    ("forecast_cost", ("forecast", "projected")),
    ("budget", ("baseline", "budget")),
    (_SPEND, ("spend", "spent", "actual", "paid", "expenditure", "outturn")),
)


class MappingError(ValueError):
    """A --map override that cannot be applied, with what to write instead."""


@dataclass(frozen=True)
class AmountColumn:
    """A column of money: what the money means (a key of BASES) and the header's multiplier."""

    column: str
    basis: str
    unit: Decimal


@dataclass(frozen=True)
class Mapping:
    """Which column is which field; amounts may be several, every other field one column."""

    fields: dict[str, str]  # field -> column header (every field but "amount")
    amounts: tuple[AmountColumn, ...]
    shape: str  # "payments" (one row per payment) or "projects"
    unmapped: tuple[str, ...]
    # The two below explain the mapping; they are not part of it, so mappings that map the
    # same columns the same way are equal whatever their explanations say.
    #: (column, why it is not money) for every numeric column that is not an amount
    not_money: tuple[tuple[str, str], ...] = dataclasses.field(default=(), compare=False)
    #: payment files: why the first amount column is the payment (the others keep own bases)
    amount_why: str | None = dataclasses.field(default=None, compare=False)


@dataclass(frozen=True)
class _Header:
    """A header as word tokens: its core, its first line, all of it, and where its head noun is."""

    core: tuple[str, ...]
    lead: tuple[str, ...]
    whole: tuple[str, ...]
    head: int | None  # index in core of the head noun


@dataclass(frozen=True)
class _Profile:
    """What a column's sample values look like."""

    dates: bool
    money: bool
    text: bool
    only_integers: bool


# --- reading a header -----------------------------------------------------------------------


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


def _describe(header: str, raw: str | None = None) -> _Header:
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


def _header_scores(header: _Header, unit: Decimal) -> dict[str, float]:
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


# --- reading sample values ------------------------------------------------------------------


def _profile(values: Sequence[str | None]) -> _Profile | None:
    """Mostly dates, mostly money, or mostly words; None when there is nothing to look at.

    Non-disclosures ("Exempt under Section 43", "REDACTED") are neutral: an amount column full of
    them is still an amount column. Percentages are not money.
    """
    filled = [value.strip() for value in values if value is not None and value.strip()]
    if not filled:
        return None
    dates = money = words = percents = 0
    integers = True
    for value in filled:
        if looks_like_date(value):
            dates += 1
            continue
        parsed = parse_amount(value)
        if parsed.status == "disclosed" and parsed.is_percent:
            percents += 1
        elif parsed.status == "disclosed":
            money += 1
            integers = integers and value.isdigit()
        elif parsed.status == "unparsed":
            words += 1
    return _Profile(
        dates=dates >= 0.8 * len(filled),
        money=money > 0 and money >= 0.8 * (money + words + dates + percents),
        text=words > 0.5 * len(filled),
        only_integers=integers,
    )


def _with_samples(scores: dict[str, float], profile: _Profile | None, unit: Decimal) -> None:
    """Let values break ties, veto a weak amount header over words, and name bare columns.

    A plain-integer column with no telling header is left alone: it is more likely an ID than
    money.
    """
    if profile is None:
        return
    amount = scores.get("amount")
    if amount is not None and profile.text and amount < STRONG_AMOUNT and unit == 1:
        del scores["amount"]
    if profile.money and "amount" in scores:
        scores["amount"] += SAMPLE_BONUS
    if profile.dates and "date" in scores:
        scores["date"] += SAMPLE_BONUS
    if not scores:
        if profile.dates:
            scores["date"] = WEAK_SCORE
        elif profile.money and not profile.only_integers:
            scores["amount"] = WEAK_SCORE


# --- proposing ------------------------------------------------------------------------------


def _assign(scores: list[dict[str, float]]) -> tuple[dict[str, int], list[int]]:
    """Give each column its best field still free, strongest matches first; amounts can repeat."""
    ranked = sorted(
        (-score, column, FIELDS.index(field), field)
        for column, fields in enumerate(scores)
        for field, score in fields.items()
    )
    fields: dict[str, int] = {}
    amounts: list[int] = []
    used: set[int] = set()
    for _, column, _, field in ranked:
        if column in used or (field != "amount" and field in fields):
            continue
        used.add(column)
        if field == "amount":
            amounts.append(column)
        else:
            fields[field] = column
    return fields, sorted(amounts)


def _shape(fields: dict[str, str], amount_headers: Sequence[str]) -> str:
    """Payments: a supplier, a date or transaction number, and an amount that is a payment.

    Several money columns (Gross, VAT and Net) do not make a file a project table: one row a
    payment is a payment file. Without a date or transaction column (some quarterly files have
    neither), a supplier and an amount with no project column is still one. A table whose money is all contract values, budgets or
    whole-life costs is a project table even when it names suppliers and dates.
    """
    if "supplier" not in fields:
        return "projects"
    if not ("date" in fields or "transaction" in fields) and "project" in fields:
        return "projects"
    if any(_basis(h, "payments") == "payment" for h in amount_headers):
        return "payments"
    return "projects"


def _secondary_basis(header: str) -> str:
    """The basis of a payment file's money column that is not the payment itself."""
    words = set(content.heading_words(header))
    if words & {"gross", "incl", "including", "inclusive", "inc"}:
        return "gross_of_vat"
    if words & {"net", "excl", "excluding", "exclusive", "exc", "excludes"}:
        return "net_of_vat"
    if "vat" in words or "tax" in words:
        return "vat"
    return "other_money"


def _vat_split(
    positions: Sequence[int], header: Sequence[str], rows: Sequence[Sequence[str | None]]
) -> tuple[int, int, int, int, int] | None:
    """(gross, net, vat, rows agreeing, rows compared) when one column is the sum of two others.

    Read from the values, not the headings: Gross = Net + VAT to the penny on nine rows in
    ten where all three are numbers. Net is the larger of the two parts over the sample.
    """
    if len(positions) < 3:
        return None
    values = {
        i: [content.number(row[i] if i < len(row) else None) for row in rows] for i in positions
    }
    best = None
    for gross in positions:
        for a in positions:
            for b in positions:
                if len({gross, a, b}) < 3 or a > b:
                    continue
                both = [
                    (g, x, y)
                    for g, x, y in zip(values[gross], values[a], values[b], strict=True)
                    if g is not None and x is not None and y is not None
                ]
                agree = sum(1 for g, x, y in both if g == x + y)
                if both and agree >= 0.9 * len(both) and any(g for g, _, _ in both):
                    big = sum(abs(x) for _, x, _ in both) >= sum(abs(y) for _, _, y in both)
                    net, vat = (a, b) if big else (b, a)
                    if best is None or agree > best[3]:
                        best = (gross, net, vat, agree, len(both))
    return best


def _payment_amount(
    positions: Sequence[int],
    header: Sequence[str],
    rows: Sequence[Sequence[str | None]],
    scores: Sequence[dict[str, float]],
) -> tuple[int, str]:
    """Which money column of a payment file is the payment, and why, in the report's words."""
    names = [header[i] for i in positions]
    if len(positions) == 1:
        return positions[0], f"'{names[0]}' is the only money column"
    split = _vat_split(positions, header, rows)
    if split is not None:
        gross, net, vat, agree, compared = split
        return gross, (
            f"'{header[gross]}' = '{header[net]}' + '{header[vat]}' on {agree:,} of "
            f"{compared:,} rows, so '{header[gross]}' is the money paid, VAT included; "
            f"'{header[net]}' and '{header[vat]}' are kept as bases of their own, never added "
            "to it (choose another with --map amount:payment=COLUMN)"
        )
    candidates = [i for i in positions if _secondary_basis(header[i]) != "vat"] or list(positions)
    nonzero = [
        i
        for i in candidates
        if any(content.number(row[i] if i < len(row) else None) for row in rows)
    ]
    candidates = nonzero or candidates
    chosen = max(candidates, key=lambda i: (scores[i].get("amount", 0), -i))
    others = ", ".join(f"'{header[i]}'" for i in positions if i != chosen)
    return chosen, (
        f"'{header[chosen]}' has the strongest amount heading among the money columns; "
        f"{others} {'is' if len(positions) == 2 else 'are'} kept as bases of their own, never "
        "added to it (choose another with --map amount:payment=COLUMN)"
    )


def _content_roles(
    header: Sequence[str],
    raws: Sequence[str] | None,
    scores: list[dict[str, float]],
    profiles: Sequence[content.ColumnProfile | None],
) -> list[tuple[str, str]]:
    """Let the values overrule the headings: money, suppliers and identifiers by content.

    Returns (column, why) for every numeric column that is not money.
    """
    not_money: list[tuple[str, str]] = []
    for index, label in enumerate(header):
        raw = raws[index] if raws else label
        unit = unit_from_header(raw)
        prof = profiles[index]
        why = content.not_money_reason(raw, prof, unit)
        column_scores = scores[index]
        if why is not None:
            column_scores.pop("amount", None)
            not_money.append((label, why))
        elif content.head_noun(raw) in content.ID_NOUNS and unit == 1:
            column_scores.pop("amount", None)  # "VAT Registration Number": words, not money
        elif (
            content.money_shaped(prof)
            and "amount" not in column_scores
            and prof is not None
            and (content.says_money(raw) or prof.pence or prof.pounds)
            and not {"date", "transaction", "supplier_id"} & column_scores.keys()
        ):
            column_scores["amount"] = WEAK_SCORE
    _suppliers_by_content(scores, profiles)
    return not_money


def _suppliers_by_content(
    scores: list[dict[str, float]], profiles: Sequence[content.ColumnProfile | None]
) -> None:
    """The supplier is the column that holds names, whatever its heading says.

    A "Supplier ID" column holding the same word on every row (or codes) is no supplier; a
    column headed "Supplier ID(T)" that holds the names is one.
    """

    def holds_names(i: int) -> bool:
        prof = profiles[i]
        return prof is not None and prof.distinct > 1 and content.name_share(prof) >= 0.5

    for i, column_scores in enumerate(scores):
        prof = profiles[i]
        constant = prof is not None and prof.distinct <= 1 and prof.filled >= CONSTANT_ROWS
        if constant:  # "Redacted" on every row: it names no one
            column_scores.pop("supplier", None)
            column_scores.pop("supplier_id", None)
    named = [i for i, sc in enumerate(scores) if "supplier" in sc and holds_names(i)]
    best_supplier = max(
        (i for i, sc in enumerate(scores) if "supplier" in sc),
        key=lambda i: scores[i]["supplier"],
        default=None,
    )
    if best_supplier is not None and holds_names(best_supplier):
        scores[best_supplier].pop("supplier_id", None)  # names, so not an identifier
        return
    ids = [i for i, sc in enumerate(scores) if "supplier_id" in sc and holds_names(i)]
    pick = max(named or ids, key=lambda i: content.name_share(profiles[i]), default=None)
    if pick is None:
        return
    top = max(max(sc.values(), default=0) for sc in scores) + 1
    scores[pick]["supplier"] = top
    scores[pick].pop("supplier_id", None)
    if best_supplier is not None and best_supplier != pick:
        scores[best_supplier].pop("supplier", None)


def _basis(header: str, shape: str, raw: str | None = None) -> str:
    """What an amount column's money means, from its first line, else its whole header text."""
    described = _describe(header, raw)
    for tokens in (described.lead, described.whole):
        text = f" {' '.join(tokens)} "
        for basis, phrases in _BASIS_RULES:
            if any(f" {phrase} " in text for phrase in phrases):
                if basis == _SPEND:
                    return "payment" if shape == "payments" else "spent_to_date"
                return basis
    return "payment" if shape == "payments" else "unspecified"


def _ordered(fields: dict[str, str]) -> dict[str, str]:
    """Fields in the canonical order, so mappings compare and print the same way every time."""
    return {field: fields[field] for field in FIELDS if field in fields}


def _unmapped(
    header: Sequence[str], fields: dict[str, str], amounts: Sequence[str]
) -> tuple[str, ...]:
    """Columns that play no role, in file order."""
    used = set(fields.values()) | set(amounts)
    return tuple(column for column in header if column not in used)


def propose_mapping(
    header: Sequence[str],
    sample_rows: Sequence[Sequence[str | None]] = (),
    *,
    raw_header: Sequence[str] | None = None,
) -> Mapping:
    """Propose a mapping of fields to the columns of `header` (Sheet.header).

    `raw_header` (Sheet.raw_header) lets the first line of a multi-line header cell count as its
    title; `sample_rows` break ties and name columns whose header says nothing.
    """
    header = list(header)
    raws = list(raw_header) if raw_header is not None and len(raw_header) == len(header) else None
    scores: list[dict[str, float]] = []
    for index, label in enumerate(header):
        raw = raws[index] if raws else None
        unit = unit_from_header(raw or label)
        column_scores = _header_scores(_describe(label, raw), unit)
        values = [row[index] if index < len(row) else None for row in sample_rows]
        _with_samples(column_scores, _profile(values), unit)
        scores.append(column_scores)
    profiles = [
        content.profile([row[i] if i < len(row) else None for row in sample_rows])
        for i in range(len(header))
    ]
    not_money = _content_roles(header, raws, scores, profiles)
    positions, amount_positions = _assign(scores)
    fields = _ordered({field: header[i] for field, i in positions.items()})
    shape = _shape(fields, [header[i] for i in amount_positions])
    why = None
    if shape == "payments":
        chosen, why = _payment_amount(amount_positions, header, sample_rows, scores)
        amount_positions = [chosen] + [i for i in amount_positions if i != chosen]

    def basis_of(order: int, i: int) -> str:
        raw = raws[i] if raws else None
        if shape == "payments":
            return "payment" if order == 0 else _secondary_basis(raw or header[i])
        return _basis(header[i], shape, raw)

    amounts = tuple(
        AmountColumn(
            header[i],
            basis_of(order, i),
            unit_from_header(raws[i] if raws else header[i]),
        )
        for order, i in enumerate(amount_positions)
    )
    unmapped = _unmapped(header, fields, [a.column for a in amounts])
    return Mapping(fields, amounts, shape, unmapped, tuple(not_money), why)


# --- overrides ------------------------------------------------------------------------------


def _field_key(key: str) -> tuple[str, str | None]:
    """Split "amount:whole_life_cost" into field and basis, rejecting unknown names."""
    field, _, basis = key.strip().lower().partition(":")
    if field not in FIELDS:
        raise MappingError(f"unknown field '{field}'; fields are: {', '.join(FIELDS)}")
    if not basis:
        return field, None
    if field != "amount":
        raise MappingError(f"only amount takes a basis ('{key}'); use amount:BASIS=COLUMN")
    if basis not in BASES:
        raise MappingError(f"unknown basis '{basis}'; bases are: {', '.join(BASES)}")
    return field, basis


def parse_map_args(items: list[str]) -> dict[str, str]:
    """Turn repeated --map FIELD=COLUMN options into {FIELD: COLUMN}, rejecting bad syntax."""
    overrides: dict[str, str] = {}
    for item in items:
        key, sep, column = item.partition("=")
        if not sep or not key.strip() or not column.strip():
            raise MappingError(f"--map expects FIELD=COLUMN (e.g. supplier=#5), got '{item}'")
        field, basis = _field_key(key)
        name = f"{field}:{basis}" if basis else field
        if name in overrides:
            raise MappingError(f"--map gives {name} twice ('{overrides[name]}' and '{column}')")
        overrides[name] = column.strip()
    return overrides


def _fold(text: str) -> str:
    """Header text compared the way a person types it: whitespace folded, case ignored."""
    return re.sub(r"\s+", " ", text).strip().casefold()


def _listing(header: Sequence[str]) -> str:
    """Columns as "#1 'Body Name', #2 'Date'", long explanations shortened."""
    shown = []
    for number, column in enumerate(header, start=1):
        text = re.sub(r"\s+", " ", column).strip()
        shown.append(f"#{number} '{text if len(text) <= 40 else text[:37] + '...'}'")
    return ", ".join(shown)


def resolve_column(spec: str, header: Sequence[str]) -> int:
    """0-based index of the column a --map value names: "#3", the exact header, or a prefix.

    A prefix is matched ignoring case and whitespace and must be unique, so "net" finds
    "Net Amount" but "amount" does not guess between "Amount" and "Amount (2)" unless one of
    them is exactly "amount".
    """
    text = spec.strip()
    number = re.fullmatch(r"#(\d+)", text)
    if number:
        position = int(number.group(1))
        if not 1 <= position <= len(header):
            raise MappingError(f"there is no column {text}; the file has {len(header)} columns")
        return position - 1
    for matches in (
        [i for i, column in enumerate(header) if column in (spec, text)],
        [i for i, column in enumerate(header) if _fold(column) == _fold(text)],
        [i for i, column in enumerate(header) if _fold(column).startswith(_fold(text))],
    ):
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            several = _listing([header[i] for i in matches])
            raise MappingError(
                f"'{text}' matches several columns ({several}); give more of the name or the "
                "column number, e.g. #" + str(matches[0] + 1)
            )
    raise MappingError(f"'{text}' matches no column; the columns are: {_listing(header)}")


def _check_override_values(basis: str | None, unit: Decimal | None) -> None:
    """Reject a basis outside the vocabulary or a unit that is not a positive multiplier."""
    if basis is not None and basis not in BASES:
        raise MappingError(f"unknown basis '{basis}'; bases are: {', '.join(BASES)}")
    if unit is not None and (not Decimal(unit).is_finite() or Decimal(unit) <= 0):
        raise MappingError(f"unit must be a positive multiplier such as 1000000, got {unit}")


def apply_overrides(
    mapping: Mapping,
    overrides: dict[str, str],
    header: Sequence[str],
    *,
    basis: str | None = None,
    unit: Decimal | None = None,
) -> Mapping:
    """Apply --map overrides to a proposal; `basis` and `unit` then apply to every amount column.

    "FIELD=-" removes a field ("amount=-" every amount column, "amount:budget=-" those of that
    basis); removals happen first, so "amount=-" with "amount:payment=Net" keeps only "Net". A
    column plays one role: mapping it to a field takes it from any other. Bases proposed
    automatically are recomputed when the overrides change the shape.
    """
    _check_override_values(basis, unit)
    header = list(header)
    plan = [(_field_key(key), column) for key, column in overrides.items()]
    fields = dict(mapping.fields)
    amounts = {a.column: a for a in mapping.amounts}
    for (field, only_basis), column in plan:
        if column.strip() != "-":
            continue
        if field != "amount":
            fields.pop(field, None)
        else:
            amounts = {c: a for c, a in amounts.items() if only_basis not in (None, a.basis)}
    explicit: dict[str, str] = {}
    claimed: dict[str, str] = {}
    for (field, field_basis), spec in plan:
        if spec.strip() == "-":
            continue
        column = header[resolve_column(spec, header)]
        role = f"{field}:{field_basis}" if field_basis else field
        if column in claimed:
            raise MappingError(f"column '{column}' is given for both {claimed[column]} and {role}")
        claimed[column] = role
        fields = {f: c for f, c in fields.items() if c != column}
        if field == "amount":
            if field_basis:
                explicit[column] = field_basis
            amounts.setdefault(column, AmountColumn(column, "", unit_from_header(column)))
        else:
            amounts.pop(column, None)
            fields[field] = column
    fields = _ordered(fields)
    shape = _shape(fields, [c for c in header if c in amounts])
    settled = [
        _settle(amounts[c], mapping.shape, shape, basis or explicit.get(c), unit)
        for c in header
        if c in amounts
    ]
    why = None
    if shape == "payments" and settled:
        settled, why = _payment_first(settled, explicit, mapping)
    unmapped = _unmapped(header, fields, [a.column for a in settled])
    not_money = tuple((c, w) for c, w in mapping.not_money if c not in amounts)
    return Mapping(fields, tuple(settled), shape, unmapped, not_money, why)


def _payment_first(
    amounts: list[AmountColumn], explicit: dict[str, str], proposal: Mapping
) -> tuple[list[AmountColumn], str]:
    """Put the payment amount first (basis payment) and give every other its own basis.

    The researcher's amount:payment=COLUMN wins, then the proposal's choice, then the first
    money column left.
    """
    chosen = next((a for a in amounts if explicit.get(a.column) == "payment"), None)
    why = f"'{chosen.column}' was chosen as the payment with --map" if chosen else ""
    if chosen is None and proposal.shape == "payments" and proposal.amounts:
        chosen = next((a for a in amounts if a.column == proposal.amounts[0].column), None)
        why = proposal.amount_why or ""
    if chosen is None:
        chosen = next((a for a in amounts if a.basis == "payment"), amounts[0])
        why = f"'{chosen.column}' is the first money column"
    ordered = [AmountColumn(chosen.column, "payment", chosen.unit)]
    for a in amounts:
        if a.column == chosen.column:
            continue
        own = (
            a.basis if a.basis != "payment" or a.column in explicit else _secondary_basis(a.column)
        )
        ordered.append(AmountColumn(a.column, "payment" if own == "payment" else own, a.unit))
    if sum(a.basis == "payment" for a in ordered) > 1:
        raise MappingError(
            "a payment file has one payment amount; give the others a basis of their own, "
            "e.g. --map amount:vat=COLUMN"
        )
    return ordered, why


def _settle(
    amount: AmountColumn, old_shape: str, shape: str, basis: str | None, unit: Decimal | None
) -> AmountColumn:
    """Final basis and unit of one amount column after overrides.

    An explicit basis wins; a new column, or one whose basis was the automatic choice for the
    old shape, gets the automatic choice for the new shape; any other basis is kept.
    """
    if basis is None:
        automatic_before = _basis(amount.column, old_shape)
        if not amount.basis or (shape != old_shape and amount.basis == automatic_before):
            basis = _basis(amount.column, shape)
        else:
            basis = amount.basis
    return AmountColumn(amount.column, basis, Decimal(unit) if unit is not None else amount.unit)
