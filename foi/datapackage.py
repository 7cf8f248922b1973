"""Read a Frictionless Data Package of CSV files and check every cell against its schema.

The package's `datapackage.json` is the single statement of what each column
holds (type, required, allowed values, keys), so the same file documents the
data for readers and drives validation here. Every problem is reported with
the file, the row (as a spreadsheet numbers it: the header is row 1), the
column and what is wrong, and checking carries on so one run lists them all.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

Row = dict[str, Any]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located precisely enough to fix by hand."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column!r}"
        return f"{where}: {self.message}"


class ValidationFailed(Exception):
    """Raised with every problem found, so a build can refuse as a whole."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Table:
    """A validated resource: typed rows plus the row number each came from."""

    name: str
    path: Path
    schema: dict[str, Any]
    rows: list[Row] = field(default_factory=list)
    line_of: list[int] = field(default_factory=list)

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.schema["fields"]]


@dataclass
class Package:
    """A loaded package: its descriptor and its validated tables by resource name."""

    path: Path
    descriptor: dict[str, Any]
    tables: dict[str, Table]
    #: Published files the build loads through the importer (a resource with "foi:import"):
    #: (path, what the resource says of its source).
    imports: list[tuple[Path, dict[str, Any]]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.descriptor["name"])


_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}


def cast_cell(value: str, type_: str) -> Any:
    """Turn one CSV cell into its Table Schema type; raise ValueError saying why not.

    An empty cell is None (a missing value), never 0 or "".
    """
    text = value.strip()
    if text == "":
        return None
    if type_ == "string":
        return text
    if type_ == "integer":
        if not re.fullmatch(r"[-+]?\d+", text):
            raise ValueError(f"{value!r} is not a whole number")
        if not -(2**31) <= int(text) < 2**31:
            raise ValueError(f"{value!r} is too large (the database holds 32-bit integers)")
        return int(text)
    if type_ == "number":
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number (write 24000000, not £24m)") from None
        if not number.is_finite():
            raise ValueError(f"{value!r} is not a finite number")
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -2:
            raise ValueError(f"{value!r} has fractions of a penny (2 decimal places at most)")
        return number
    if type_ == "boolean":
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise ValueError(f"{value!r} is not true or false")
    if type_ == "date":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{value!r} is not a date in YYYY-MM-DD form") from None
    raise ValueError(f"unsupported field type {type_!r} in the schema")


def _check_constraints(value: Any, spec: dict[str, Any]) -> str | None:
    """Return what is wrong with a typed value under the field's constraints, if anything."""
    c = spec.get("constraints", {})
    if value is None:
        return "is required but empty" if c.get("required") else None
    if "enum" in c and value not in c["enum"]:
        return f"{value!r} is not one of: {', '.join(map(str, c['enum']))}"
    if "pattern" in c and not re.fullmatch(c["pattern"], str(value)):
        return f"{value!r} does not match the pattern {c['pattern']}"
    if "minimum" in c and value < Decimal(str(c["minimum"])):
        return f"{value} is below the minimum {c['minimum']}"
    if "maximum" in c and value > Decimal(str(c["maximum"])):
        return f"{value} is above the maximum {c['maximum']}"
    return None


def read_table(path: Path, name: str, schema: dict[str, Any], problems: list[Problem]) -> Table:
    """Read and type one CSV; append a Problem for every bad header or cell."""
    table = Table(name=name, path=path, schema=schema)
    label = path.name
    if not path.exists():
        problems.append(Problem(label, None, None, "file is missing"))
        return table
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        problems.append(Problem(label, line, None, f"is not UTF-8 text ({exc.reason})"))
        return table
    reader = csv.reader(text.splitlines(keepends=True))
    header = next(reader, None)
    if header is None:
        problems.append(Problem(label, 1, None, "file is empty: the header row is missing"))
        return table
    specs = {f["name"]: f for f in schema["fields"]}
    for col in header:
        if col not in specs:
            problems.append(Problem(label, 1, col, "unknown column (not in datapackage.json)"))
    for col in specs:
        if col not in header:
            problems.append(Problem(label, 1, col, "column is missing"))
    for row_number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                Problem(
                    label, row_number, None, f"has {len(cells)} cells, header has {len(header)}"
                )
            )
            continue
        row: Row = {}
        for col, cell in zip(header, cells, strict=True):
            spec = specs.get(col)
            if spec is None:
                continue
            try:
                value = cast_cell(cell, spec.get("type", "string"))
            except ValueError as exc:
                problems.append(Problem(label, row_number, col, str(exc)))
                continue
            problem = _check_constraints(value, spec)
            if problem:
                problems.append(Problem(label, row_number, col, problem))
            row[col] = value
        for col in specs:
            row.setdefault(col, None)
        table.rows.append(row)
        table.line_of.append(row_number)
    return table


def _check_keys(tables: dict[str, Table], problems: list[Problem]) -> None:
    """Primary keys unique; foreign keys point at rows that exist."""
    for table in tables.values():
        pk = table.schema.get("primaryKey")
        if pk:
            seen: dict[Any, int] = {}
            for row, line in zip(table.rows, table.line_of, strict=True):
                key = row.get(pk)
                if key is None:
                    continue
                if key in seen:
                    problems.append(
                        Problem(
                            table.path.name,
                            line,
                            pk,
                            f"duplicate id {key!r} (first on row {seen[key]})",
                        )
                    )
                else:
                    seen[key] = line
        for fk in table.schema.get("foreignKeys", []):
            col, ref = fk["fields"], fk["reference"]
            target = tables.get(ref["resource"])
            if target is None:
                continue
            known = {r.get(ref["fields"]) for r in target.rows}
            for row, line in zip(table.rows, table.line_of, strict=True):
                value = row.get(col)
                if value is not None and value not in known:
                    problems.append(
                        Problem(
                            table.path.name,
                            line,
                            col,
                            f"unknown {ref['resource']} id {value!r} (not in {target.path.name})",
                        )
                    )


def _resource_problem(resource: Any, directory: Path) -> str | None:
    """Why a resource entry cannot be read, or None when it is usable."""
    if not isinstance(resource, dict):
        return "is not an object"
    for key in ("name", "path"):
        if not isinstance(resource.get(key), str) or not resource[key]:
            return f"has no {key}"
    schema = resource.get("schema")
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        return f"{resource['name']!r} has no schema with fields"
    for spec in schema["fields"]:
        if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
            return f"{resource['name']!r} has a field without a name"
    target = (directory / resource["path"]).resolve()
    if directory.resolve() not in target.parents:
        return f"{resource['name']!r} points outside the data folder ({resource['path']!r})"
    return None


def _import_problem(resource: dict[str, Any], directory: Path) -> str | None:
    """Why a published file the build imports cannot be used, or None."""
    path = resource.get("path")
    if not isinstance(path, str) or not path:
        return "has no path"
    target = (directory / path).resolve()
    if directory.resolve() not in target.parents:
        return f"{path!r} points outside the data folder"
    if not target.is_file():
        return f"{path!r} is missing"
    return None


def load_package(directory: Path) -> tuple[Package, list[Problem]]:
    """Load `directory/datapackage.json` and every CSV it lists, collecting problems."""
    descriptor_path = directory / "datapackage.json"
    problems: list[Problem] = []
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValidationFailed(
            [Problem(str(descriptor_path), None, None, "file is missing")]
        ) from None
    except json.JSONDecodeError as exc:
        raise ValidationFailed(
            [Problem(descriptor_path.name, exc.lineno, None, f"is not valid JSON: {exc.msg}")]
        ) from None
    if not isinstance(descriptor.get("name"), str) or not descriptor["name"]:
        problems.append(Problem(descriptor_path.name, None, "name", "the package needs a name"))
    tables: dict[str, Table] = {}
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        resources = []
        problems.append(
            Problem(descriptor_path.name, None, "resources", "needs a list of resources")
        )
    imports: list[tuple[Path, dict[str, Any]]] = []
    for number, resource in enumerate(resources, start=1):
        if isinstance(resource, dict) and isinstance(resource.get("foi:import"), dict):
            why = _import_problem(resource, directory)
            if why:
                problems.append(
                    Problem(descriptor_path.name, None, "resources", f"resource {number}: {why}")
                )
            else:
                imports.append((directory / resource["path"], resource["foi:import"]))
            continue
        why = _resource_problem(resource, directory)
        if why:
            problems.append(
                Problem(descriptor_path.name, None, "resources", f"resource {number}: {why}")
            )
            continue
        path = directory / resource["path"]
        tables[resource["name"]] = read_table(path, resource["name"], resource["schema"], problems)
    _check_keys(tables, problems)
    package = Package(path=directory, descriptor=descriptor, tables=tables, imports=imports)
    return package, problems
