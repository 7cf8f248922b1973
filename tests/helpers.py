"""Helpers the tests share: paths, the shipped dataset's name, CSV reading, AppTest access.

Imported as `from helpers import ...` (pytest puts tests/ on the path); fixtures stay in
conftest.py, and nothing here is a fixture.
"""

from __future__ import annotations

import base64
import csv
import json
import struct
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent


DATA_DIR = ROOT / "data"


DATASET = "met-project-cull"
#: Every dataset `foi build` makes from data/: the curated one and each shipped release.
SHIPPED = sorted([DATASET, *(p.parent.name for p in DATA_DIR.glob("*/datapackage.json"))])


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV as plain strings, read with the csv module (not the code under test)."""
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    """Write rows back with a given header (for corrupting a copy of the data)."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, extrasaction="raise")
        writer.writeheader()
        writer.writerows(rows)


#: Every page's file, for AppTest.switch_page.
PAGE_FILES = {
    "overview": "pages/overview.py",
    "stopped": "pages/stopped.py",
    "gaps": "pages/gaps.py",
    "projects": "pages/projects.py",
    "changes": "pages/changes.py",
    "sources": "pages/sources.py",
    "timeline": "pages/timeline.py",
    "sql": "pages/sql.py",
    "about": "pages/about.py",
    "upload": "pages/upload.py",
}
#: The pages that show the dataset (not the SQL console or the upload form).
PAGES = {k: v for k, v in PAGE_FILES.items() if k not in ("sql", "upload")}


def open_page(name: str, **params: str | list[str]) -> AppTest:
    """Open the app, go to page `name` and load it with the given link parameters."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    if name != "overview":
        at.switch_page(PAGES[name])
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def numbers(values: list | dict) -> list[float]:
    """A plotly array, plain or base64-encoded ('bdata')."""
    if isinstance(values, list):
        return [float(v) for v in values]
    raw = base64.b64decode(values["bdata"])
    code = {"f8": "d", "f4": "f", "i1": "b", "u1": "B", "i2": "h", "u2": "H", "i4": "i", "u4": "I"}
    fmt = code[values["dtype"]]
    return [float(v) for v in struct.unpack(f"<{len(raw) // struct.calcsize(fmt)}{fmt}", raw)]


def trace(spec: dict, name: str) -> dict:
    (found,) = [t for t in spec["data"] if t.get("name") == name]
    return found


def qp(at: AppTest, key: str) -> list[str]:
    """A link parameter's values as a list, however AppTest stores them."""
    value = at.query_params.get(key)
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def text_of(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    return "\n".join(str(p) for p in parts)
