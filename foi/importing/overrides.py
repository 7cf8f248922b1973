"""Apply a researcher's --map FIELD=COLUMN overrides to a proposed mapping.

The proposal is only a proposal: a researcher names a column by number ("#3"), by its header
or by a unique prefix, removes a role with "FIELD=-", and gives an amount a basis with
"amount:BASIS=COLUMN". Every override that cannot be applied is a MappingError saying what to
write instead, never a silent guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from foi.importing.amounts import basis_of, secondary_basis, shape_of
from foi.importing.mapping import (
    FIELDS,
    AmountColumn,
    Mapping,
    MappingError,
    ordered_fields,
    unmapped_columns,
)
from foi.money import unit_from_header
from foi.vocab import BASES


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
    fields = ordered_fields(fields)
    shape = shape_of(fields, [c for c in header if c in amounts])
    settled = [
        _settle(amounts[c], mapping.shape, shape, basis or explicit.get(c), unit)
        for c in header
        if c in amounts
    ]
    why = None
    if shape == "payments" and settled:
        settled, why = _payment_first(settled, explicit, mapping)
    unmapped = unmapped_columns(header, fields, [a.column for a in settled])
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
        own = a.basis if a.basis != "payment" or a.column in explicit else secondary_basis(a.column)
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
        automatic_before = basis_of(amount.column, old_shape)
        if not amount.basis or (shape != old_shape and amount.basis == automatic_before):
            basis = basis_of(amount.column, shape)
        else:
            basis = amount.basis
    return AmountColumn(amount.column, basis, Decimal(unit) if unit is not None else amount.unit)
