"""Load a payment file set-based: one figure per payment, one subject per supplier.

Each money column is loaded in its own pass: the payment first, then any VAT, Net or Gross
column under a basis of its own, never added to the payments. Suppliers whose names were kept
back share one subject per status, so the withheld share is one sum.
"""

from __future__ import annotations

import duckdb

from foi.importing.classify import amount_lookup, payee_and_day_lookups
from foi.importing.options import ImportOptions
from foi.importing.report import ImportReport, tally_loaded
from foi.importing.stream import Job, stream_file
from foi.queries import fill, load_sql, next_fact_id
from foi.vocab import basis_label


def load_payments(
    con: duckdb.DuckDBPyConnection, job: Job, options: ImportOptions, report: ImportReport
) -> None:
    """Load a payment file with set-based SQL; foi parses each distinct text once."""
    sheet, mapping = job.sheet, job.mapping
    fname = job.path.name
    identifiers = stream_file(con, job, report)
    amount = mapping.amounts[0]

    def sql(name: str) -> str:
        return fill(load_sql(name), **identifiers)

    fast = load_sql("import_payments_fast")
    days_done = False
    for order, amount in enumerate(mapping.amounts):
        identifiers["amount"] = f"c{sheet.header.index(amount.column)}"
        identifiers["fast"] = fill(fast, amount=identifiers["amount"])
        found: dict[str, list[str | None]] = {"amount": [], "supplier": [], "date": []}
        for kind, text in con.execute(sql("import_payments_texts")).fetchall():
            found[kind].append(text)
        amount_lookup(con, found["amount"], amount.unit)
        if not days_done:
            payee_and_day_lookups(con, found["supplier"], found["date"], report, fname)
            params = {"dataset": options.dataset, "source_id": job.source_id, "file": fname}
            con.execute(sql("import_payments_subjects"))
            con.execute(sql("import_payments_orgs"), {"dataset": options.dataset})
            con.execute(sql("import_payments_suppliers"), params)
            days_done = True
        # A file name cannot smuggle a placeholder into the locator the view fills in.
        shown = fname.replace("{row}", "(row)")
        what = "Payment" if order == 0 else f"{basis_label(amount.basis)} of the payment"
        # Each figure carries its row in `line`, so the table need not keep file order, and
        # without that promise DuckDB writes the rows from both cores at once.
        con.execute(load_sql("import_unordered"))
        con.execute(
            sql("import_payments_load"),
            {
                "dataset": options.dataset,
                "source_id": job.source_id,
                "first_fact": next_fact_id(con),
                "unit": amount.unit,
                "basis": amount.basis,
                "suffix": "" if order == 0 else f"-c{order + 1}",
                "locator": f"{shown}, row {{row}}, column {amount.column!r}",
                "claim": f"{what} on row {{row}} of {shown}.",
            },
        )
        con.execute(load_sql("import_ordered"))
        tally_loaded(con, report, amount, fname, params, primary=order == 0)
    con.execute(load_sql("import_raw_drop"))
