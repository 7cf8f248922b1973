"""What a researcher asks an import to do, and the two ways it can be refused."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from foi.importing.mapping import Mapping

DATASET_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")


UNPARSED_LIMIT = 0.01


class ImportFailed(Exception):
    """An import that did not happen, with the reason (file, row, column, problem)."""


class BadMapping(ImportFailed):
    """A --map override that does not fit the file (a usage error, like a bad option)."""


@dataclass(frozen=True)
class ImportOptions:
    """What the command line or the upload page asked for."""

    dataset: str
    sheet: str | None = None
    header_row: int | None = None
    overrides: dict[str, str] = field(default_factory=dict)
    unit: Decimal | None = None
    basis: str | None = None
    source_title: str | None = None
    source_publisher: str | None = None
    source_url: str | None = None
    source_date: str | None = None
    #: Releases of one series (gmpp) are compared; `as_of` is the date a release describes,
    #: the date of every figure in it unless the file dates its rows.
    series: str | None = None
    as_of: str | None = None
    replace: bool = False
    allow_unparsed: bool = False
    #: A mapping already agreed (the upload page's widgets); used as given, not proposed.
    mapping: Mapping | None = None
