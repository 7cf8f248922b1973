"""What a mapping is: which column of a file is which field, and what each money column means.

Kept apart from how a mapping is proposed (roles) or overridden (overrides), so the upload
page, the CLI and the import share one definition and can compare two mappings: the same
columns mapped the same way are equal, whatever the explanations attached to them say.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

FIELDS: tuple[str, ...] = (
    "project",
    "project_ref",
    "organisation",
    "status",
    "date",
    "start_date",
    "end_date",
    "supplier",
    "supplier_id",
    "transaction",
    "expense_type",
    "expense_area",
    "amount",
    "notes",
)


SHAPES = ("payments", "projects")

#: Fields only a project table has: a payment file's columns that score for them are its date
#: (an "end date" may be the only date a payment file gives) or play no role.
PROJECT_ONLY = ("project_ref", "start_date", "end_date")


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


def ordered_fields(fields: dict[str, str]) -> dict[str, str]:
    """Fields in the canonical order, so mappings compare and print the same way every time."""
    return {field: fields[field] for field in FIELDS if field in fields}


def unmapped_columns(
    header: Sequence[str], fields: dict[str, str], amounts: Sequence[str]
) -> tuple[str, ...]:
    """Columns that play no role, in file order."""
    used = set(fields.values()) | set(amounts)
    return tuple(column for column in header if column not in used)
