"""Write a seeded, realistic council payment file, for benchmarks and load tests.

Real "spend over £500" files have a few suppliers paid very often and a long
tail paid once (a Zipf-like spread), amounts from £500 to millions, credit
notes, and about 2% of rows whose supplier reads "REDACTED PERSONAL DATA".
The same seed always writes the same file, so a benchmark is repeatable.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

COLUMNS = (
    "Service",
    "Expense Category",
    "Date",
    "Transaction Number",
    "Amount",
    "Supplier Number",
    "Supplier Name",
)
SERVICES = (
    "Adult Social Care",
    "Children's Services",
    "Highways",
    "Housing",
    "Waste Management",
    "Libraries",
    "Planning",
    "Finance",
    "Public Health",
    "Schools",
)
CATEGORIES = (
    "Agency Staff",
    "Building Maintenance",
    "Consultancy",
    "Equipment",
    "IT Software",
    "Professional Fees",
    "Residential Care",
    "Transport",
    "Utilities",
    "Grants",
)
_WORDS = (
    "North",
    "City",
    "Premier",
    "Civic",
    "Allied",
    "Greenway",
    "Apex",
    "Crown",
    "Harbour",
    "Summit",
    "Meridian",
    "Oak",
)
_KINDS = ("Ltd", "Services Ltd", "Group plc", "LLP", "Trust", "Contractors Ltd", "Care Ltd")
REDACTED = "REDACTED PERSONAL DATA"


def supplier_names(count: int, rng: np.random.Generator) -> np.ndarray:
    """Plausible, distinct supplier names."""
    first = rng.choice(_WORDS, count)
    second = rng.choice(_WORDS, count)
    kind = rng.choice(_KINDS, count)
    return np.array(
        [
            f"{a} {b} {k} {i:05d}"
            for i, (a, b, k) in enumerate(zip(first, second, kind, strict=True))
        ]
    )


def payments(rows: int, seed: int = 2016, suppliers: int = 20_000, offset: int = 0) -> pa.Table:
    """Payment rows `offset`.. as an Arrow table of text columns (as a council publishes them).

    Supplier names depend on the seed only, so batches of one file share them.
    """
    names = supplier_names(suppliers, np.random.default_rng(seed))
    rng = np.random.default_rng([seed, offset])
    # Zipf-like: supplier k is paid with probability proportional to 1 / (k + 1) ** 1.1.
    weights = 1.0 / np.arange(1, suppliers + 1) ** 1.1
    who = rng.choice(suppliers, size=rows, p=weights / weights.sum())
    supplier = names[who].astype(object)
    supplier_no = np.char.add("S", (who + 100_000).astype(str)).astype(object)
    redacted = rng.random(rows) < 0.02
    supplier[redacted] = REDACTED
    supplier_no[redacted] = ""
    # Amounts: log-uniform from £500 to £5m, in pence; 1% credit notes.
    pence = np.exp(rng.uniform(np.log(50_000), np.log(500_000_000), rows)).astype(np.int64)
    pence[rng.random(rows) < 0.01] *= -1
    amount = np.array([f"{p // 100 if p >= 0 else -(-p // 100)}.{abs(p) % 100:02d}" for p in pence])
    days = rng.integers(0, 365 * 3, rows)
    dates = (np.datetime64("2015-04-01") + days.astype("timedelta64[D]")).astype(str)
    transaction = np.char.add("T", (np.arange(rows) + offset + 5_000_000).astype(str))
    return pa.table(
        {
            "Service": rng.choice(SERVICES, rows),
            "Expense Category": rng.choice(CATEGORIES, rows),
            "Date": dates,
            "Transaction Number": transaction,
            "Amount": amount,
            "Supplier Number": supplier_no.astype(str),
            "Supplier Name": supplier.astype(str),
        }
    )


def write_payments(path: Path, rows: int, seed: int = 2016) -> Path:
    """Write `rows` payments as a UTF-8 CSV with a header."""
    path.parent.mkdir(parents=True, exist_ok=True)
    batch = 250_000
    with pacsv.CSVWriter(path, payments(1, seed).schema) as writer:
        for start in range(0, rows, batch):
            writer.write_table(payments(min(batch, rows - start), seed, offset=start))
    return path
