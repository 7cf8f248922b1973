"""Propose which column of a disclosure file is which field, by what its header means.

Each heading is scored against keyword phrases (headings), the sample values break ties and
overrule headings that lie (by_content), every column then takes its best field still free,
and the money columns get their bases (amounts). The proposal is only a proposal: --map
FIELD=COLUMN overrides it (overrides), and every amount column says what its money means
(its basis) and the unit its header implies, so "24" under "(£m)" is never read as £24.
"""

from __future__ import annotations

from collections.abc import Sequence

from foi.importing import profile as content
from foi.importing.amounts import basis_of, payment_amount, secondary_basis, shape_of
from foi.importing.by_content import content_roles, sample_profile, with_samples
from foi.importing.headings import describe_header, header_scores
from foi.importing.mapping import (
    FIELDS,
    PROJECT_ONLY,
    AmountColumn,
    Mapping,
    ordered_fields,
    unmapped_columns,
)
from foi.money import unit_from_header

Rows = Sequence[Sequence[str | None]]


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


def _column(rows: Rows, index: int) -> list[str | None]:
    """One column of the sample rows, None where a short row has no cell."""
    return [row[index] if index < len(row) else None for row in rows]


def _heading_scores(
    header: Sequence[str], raws: Sequence[str] | None, rows: Rows
) -> list[dict[str, float]]:
    """Each column's field scores from its heading, with its sample values breaking ties."""
    scores: list[dict[str, float]] = []
    for index, label in enumerate(header):
        raw = raws[index] if raws else None
        unit = unit_from_header(raw or label)
        column_scores = header_scores(describe_header(label, raw), unit)
        with_samples(column_scores, sample_profile(_column(rows, index)), unit)
        scores.append(column_scores)
    return scores


def _amount_columns(
    positions: Sequence[int], header: Sequence[str], raws: Sequence[str] | None, shape: str
) -> tuple[AmountColumn, ...]:
    """The money columns in order, each with its basis and the unit its header implies.

    In a payment file the first is the payment and the others keep bases of their own.
    """

    def column_basis(order: int, i: int) -> str:
        raw = raws[i] if raws else None
        if shape == "payments":
            return "payment" if order == 0 else secondary_basis(raw or header[i])
        return basis_of(header[i], shape, raw)

    return tuple(
        AmountColumn(
            header[i],
            column_basis(order, i),
            unit_from_header(raws[i] if raws else header[i]),
        )
        for order, i in enumerate(positions)
    )


def _payment_fields(fields: dict[str, str]) -> dict[str, str]:
    """The fields as a payment file has them: no project reference or dates, and its date.

    A payment file's only dated column may be headed "Period end date": it is the payment date.
    """
    kept = {field: column for field, column in fields.items() if field not in PROJECT_ONLY}
    if "date" not in kept:
        dated = [fields[f] for f in ("end_date", "start_date") if f in fields]
        if dated:
            kept["date"] = dated[0]
    return ordered_fields(kept)


def propose_mapping(
    header: Sequence[str],
    sample_rows: Rows = (),
    *,
    raw_header: Sequence[str] | None = None,
) -> Mapping:
    """Propose a mapping of fields to the columns of `header` (Sheet.header).

    `raw_header` (Sheet.raw_header) lets the first line of a multi-line header cell count as its
    title; `sample_rows` break ties and name columns whose header says nothing.
    """
    header = list(header)
    raws = list(raw_header) if raw_header is not None and len(raw_header) == len(header) else None
    scores = _heading_scores(header, raws, sample_rows)
    profiles = [content.profile(_column(sample_rows, i)) for i in range(len(header))]
    not_money = content_roles(header, raws, scores, profiles)
    positions, amount_positions = _assign(scores)
    fields = ordered_fields({field: header[i] for field, i in positions.items()})
    as_payments = _payment_fields(fields)
    shape = shape_of(as_payments, [header[i] for i in amount_positions])
    why = None
    if shape == "payments":
        fields = as_payments
        chosen, why = payment_amount(amount_positions, header, sample_rows, scores)
        amount_positions = [chosen] + [i for i in amount_positions if i != chosen]
    elif "transaction" in fields and "project_ref" not in fields:
        # A project table has no transactions: its "Reference" or "Ref" is the project's own.
        fields = ordered_fields(
            {("project_ref" if f == "transaction" else f): c for f, c in fields.items()}
        )
    amounts = _amount_columns(amount_positions, header, raws, shape)
    unmapped = unmapped_columns(header, fields, [a.column for a in amounts])
    return Mapping(fields, amounts, shape, unmapped, tuple(not_money), why)
