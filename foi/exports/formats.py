"""Every download format, declared once: what it is called, how it is served and written.

The Projects buttons, the SQL console's buttons, `python -m foi export --format`, the
temporary file DuckDB writes and the zip's data package all read this one table, so a
format's label, media type and COPY options cannot differ from one place to the next.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExportFormat:
    """One download format.

    `copy_options` is what goes in `COPY (...) TO path (<here>)` when DuckDB writes the
    file itself; None when Python writes it (XLSX through xlsxwriter, the zip around a
    CSV). `media_type` is what the browser is told the file is (Streamlit's `mime`).
    """

    name: str
    extension: str
    media_type: str
    label: str
    copy_options: str | None = None
    #: Text cells a spreadsheet would run as a formula get a leading apostrophe
    #: (queries/export_safe_cells.sql): CSV opens straight into Excel or Sheets.
    formula_safe: bool = False

    @property
    def written_by_duckdb(self) -> bool:
        """True when DuckDB's COPY writes the whole file, exact decimals and ISO dates."""
        return self.copy_options is not None


#: Every format, in the order the Projects page shows its buttons.
REGISTRY: tuple[ExportFormat, ...] = (
    ExportFormat(
        name="csv",
        extension="csv",
        media_type="text/csv",
        label="CSV",
        copy_options="FORMAT csv, HEADER true, DELIMITER ','",
        formula_safe=True,
    ),
    ExportFormat(
        name="xlsx",
        extension="xlsx",
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        label="Excel (.xlsx)",
    ),
    ExportFormat(
        name="parquet",
        extension="parquet",
        media_type="application/vnd.apache.parquet",
        label="Parquet",
        copy_options="FORMAT parquet",
    ),
    ExportFormat(
        name="json",
        extension="json",
        media_type="application/json",
        label="JSON",
        copy_options="FORMAT json, ARRAY true",
    ),
    ExportFormat(
        name="zip",
        extension="zip",
        media_type="application/zip",
        label="Zip with datapackage.json",
    ),
)

BY_NAME: dict[str, ExportFormat] = {f.name: f for f in REGISTRY}

#: Format names, in button order.
FORMATS: tuple[str, ...] = tuple(BY_NAME)

#: The formats DuckDB writes straight to a file of any size (the CLI, the SQL console).
COPY_FORMATS: tuple[str, ...] = tuple(f.name for f in REGISTRY if f.written_by_duckdb)

#: name -> media type, for callers that only need what to tell the browser.
MEDIA_TYPES: dict[str, str] = {f.name: f.media_type for f in REGISTRY}


def format_of(name: str) -> ExportFormat:
    """The format called `name`, or ValueError naming the ones there are."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise ValueError(
            f"unknown export format {name!r}; expected one of {', '.join(FORMATS)}"
        ) from None


def copy_format(name: str) -> ExportFormat:
    """The format called `name` if DuckDB can write it alone, else ValueError naming those."""
    fmt = BY_NAME.get(name)
    if fmt is None or not fmt.written_by_duckdb:
        raise ValueError(f"unknown format {name!r}; expected one of {', '.join(COPY_FORMATS)}")
    return fmt
