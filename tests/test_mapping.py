"""Tests for foi.importing.roles: proposals for real-looking headers, and --map overrides."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from pathlib import Path

import pytest

from foi.importing.mapping import FIELDS, AmountColumn, Mapping, MappingError
from foi.importing.overrides import apply_overrides, parse_map_args, resolve_column
from foi.importing.read import read_table
from foi.importing.roles import propose_mapping
from foi.vocab import BASES

MILLION = Decimal(1_000_000)
ONE = Decimal(1)

# Government Major Projects Portfolio, as in the IPA annual report data tables.
GMPP_RAW = (
    "Project Name",
    "Department",
    "Delivery Confidence Assessment",
    "Start Date",
    "Baseline Whole Life Cost (£m)\n(including non-Government costs)\nThe baseline figure is "
    "the whole life cost agreed at the last approval point, including costs borne by other "
    "bodies.",
    "Forecast Whole Life Cost (£m)",
    "Variance (%)",
    "Departmental commentary on actions planned or taken on the IPA RAG rating",
    "Total Budget\n2017-18 (£m)",
    "Forecast\n2017-18 (£m)",
    "Departmental Narrative",
)
GMPP = tuple(re.sub(r"\s+", " ", label).strip() for label in GMPP_RAW)
GMPP_ROWS = (
    (
        "Crossrail",
        "DfT",
        "Amber",
        "2009-07-01",
        "14800.5",
        "15400",
        "4%",
        "The programme has rebaselined.",
        "1,200",
        "1,350",
        "Variance due to re-phasing.",
    ),
    (
        "Smart Meters",
        "BEIS",
        "Red",
        "2011-03-01",
        "Exempt under Section 43 of the Freedom of Information Act 2000 (Commercial Interests)",
        "Section 43 - Commercial interests",
        "n/a",
        "Actions are in hand.",
        "REDACTED",
        "Withheld",
        "",
    ),
)

# A council "spending over £500" file under the Local Government Transparency Code.
COUNCIL = (
    "Body Name",
    "Date",
    "Transaction Number",
    "Net Amount",
    "Supplier Name",
    "Expense Type",
    "Expense Area",
    "Supplier Number",
)
COUNCIL_ROWS = (
    (
        "Example Borough Council",
        "01/11/2017",
        "100234",
        "1,329,075.00",
        "Acme Ltd",
        "Capital works",
        "Highways",
        "5001",
    ),
    (
        "Example Borough Council",
        "02/11/2017",
        "100235",
        "£33.73",
        "REDACTED PERSONAL DATA",
        "Care packages",
        "Adult Social Care",
        "",
    ),
)

GMPP_MAPPING = Mapping(
    fields={
        "project": "Project Name",
        "organisation": "Department",
        "status": "Delivery Confidence Assessment",
        "start_date": "Start Date",
        "notes": "Departmental commentary on actions planned or taken on the IPA RAG rating",
    },
    amounts=(
        AmountColumn(GMPP[4], "whole_life_cost", MILLION),
        AmountColumn("Forecast Whole Life Cost (£m)", "whole_life_cost", MILLION),
        AmountColumn("Total Budget 2017-18 (£m)", "fy_baseline", MILLION),
        AmountColumn("Forecast 2017-18 (£m)", "fy_forecast", MILLION),
    ),
    shape="projects",
    unmapped=("Variance (%)", "Departmental Narrative"),
)

COUNCIL_MAPPING = Mapping(
    fields={
        "organisation": "Body Name",
        "date": "Date",
        "supplier": "Supplier Name",
        "supplier_id": "Supplier Number",
        "transaction": "Transaction Number",
        "expense_type": "Expense Type",
        "expense_area": "Expense Area",
    },
    amounts=(AmountColumn("Net Amount", "payment", ONE),),
    shape="payments",
    unmapped=(),
)


# --- proposals ------------------------------------------------------------------------------


def test_major_projects_table() -> None:
    assert propose_mapping(GMPP) == GMPP_MAPPING


def test_major_projects_table_with_raw_headers_and_samples() -> None:
    assert propose_mapping(GMPP, GMPP_ROWS, raw_header=GMPP_RAW) == GMPP_MAPPING


def test_council_payments_file() -> None:
    assert propose_mapping(COUNCIL) == COUNCIL_MAPPING
    assert propose_mapping(COUNCIL, COUNCIL_ROWS) == COUNCIL_MAPPING


def test_fields_come_in_canonical_order() -> None:
    shuffled = tuple(reversed(COUNCIL))
    mapping = propose_mapping(shuffled)
    assert list(mapping.fields) == [
        "organisation",
        "date",
        "supplier",
        "supplier_id",
        "transaction",
        "expense_type",
        "expense_area",
    ]
    assert mapping.fields == COUNCIL_MAPPING.fields


def test_department_is_the_organisation_when_there_is_no_other() -> None:
    mapping = propose_mapping(("Project", "Department", "Cost (£m)"))
    assert mapping.fields == {"project": "Project", "organisation": "Department"}


def test_department_is_the_expense_area_beside_a_body_name() -> None:
    header = ("Body Name", "Department", "Payment Date", "Supplier", "Amount")
    mapping = propose_mapping(header)
    assert mapping.fields == {
        "organisation": "Body Name",
        "date": "Payment Date",
        "supplier": "Supplier",
        "expense_area": "Department",
    }
    assert mapping.shape == "payments"


def test_other_names_for_the_same_fields() -> None:
    header = (
        "Council",
        "Date Paid",
        "Payee",
        "Vendor ID",
        "Invoice Number",
        "Purpose",
        "Service",
        "£",
        "Comments",
    )
    mapping = propose_mapping(header)
    assert mapping == Mapping(
        fields={
            "organisation": "Council",
            "date": "Date Paid",
            "supplier": "Payee",
            "supplier_id": "Vendor ID",
            "transaction": "Invoice Number",
            "expense_type": "Purpose",
            "expense_area": "Service",
            "notes": "Comments",
        },
        amounts=(AmountColumn("£", "payment", ONE),),
        shape="payments",
        unmapped=(),
    )


def test_commentary_about_a_rating_is_notes_not_status() -> None:
    header = (
        "Project",
        "Departmental commentary on actions planned or taken on the IPA RAG rating",
    )
    assert propose_mapping(header).fields == {"project": "Project", "notes": header[1]}


def test_head_noun_decides_between_date_and_amount() -> None:
    mapping = propose_mapping(("Project", "Forecast end date", "Forecast cost"))
    assert mapping.fields == {"project": "Project", "end_date": "Forecast end date"}
    assert mapping.amounts == (AmountColumn("Forecast cost", "forecast_cost", ONE),)


def test_long_explanations_do_not_outvote_the_first_line() -> None:
    explained = (
        "Delivery Confidence Assessment The project's budget and cost are assessed by the "
        "department against the whole life cost"
    )
    mapping = propose_mapping(("Project", explained))
    assert mapping.fields == {"project": "Project", "status": explained}
    assert mapping.amounts == ()


@pytest.mark.parametrize(
    ("header", "basis", "unit"),
    [
        ("Baseline Whole Life Cost (£m)", "whole_life_cost", MILLION),
        ("Forecast whole life cost (£m)", "whole_life_cost", MILLION),
        ("WLC £m", "whole_life_cost", MILLION),
        ("Baseline (£m)", "budget", MILLION),
        ("Total Budget 2017-18 (£m)", "fy_baseline", MILLION),
        ("Forecast 2017-18 (£000s)", "fy_forecast", Decimal(1000)),
        ("Contract Value", "contract_value", ONE),
        ("Estimated savings £k", "savings", Decimal(1000)),
        ("Investment (£bn)", "investment", Decimal(1_000_000_000)),
        ("Spend to date (£)", "spent_to_date", ONE),
        ("Actual spend 2016-17", "spent_to_date", ONE),
        ("Cost", "unspecified", ONE),
        ("Value", "unspecified", ONE),
    ],
)
def test_basis_and_unit_in_a_projects_table(header: str, basis: str, unit: Decimal) -> None:
    mapping = propose_mapping(("Project", header))
    assert mapping.amounts == (AmountColumn(header, basis, unit),)
    assert mapping.shape == "projects"
    assert basis in BASES


@pytest.mark.parametrize(
    ("header", "basis"),
    [
        ("Amount", "payment"),
        ("Net Amount", "payment"),
        ("Value (£)", "payment"),
        ("Amount paid", "payment"),
        ("Spend", "payment"),
    ],
)
def test_basis_in_a_payments_file(header: str, basis: str) -> None:
    mapping = propose_mapping(("Supplier Name", "Payment Date", header))
    assert mapping.shape == "payments"
    assert mapping.amounts == (AmountColumn(header, basis, ONE),)


def test_contract_values_with_suppliers_and_dates_are_not_payments() -> None:
    # A register of contracts names suppliers and dates too; its money is contract values,
    # which must never be summed as payments.
    mapping = propose_mapping(("Supplier Name", "Payment Date", "Contract Value"))
    assert mapping.shape == "projects"
    assert mapping.amounts == (AmountColumn("Contract Value", "contract_value", ONE),)


def test_two_money_columns_still_make_a_payment_file() -> None:
    # One row a payment is a payment file even with several money columns: exactly one is
    # the payment, and the other keeps a basis of its own, never added to it.
    header = ("Body Name", "Date", "Supplier Name", "Net Amount", "Gross Amount")
    mapping = propose_mapping(header)
    assert mapping.shape == "payments"
    assert mapping.amounts == (
        AmountColumn("Net Amount", "payment", ONE),
        AmountColumn("Gross Amount", "gross_of_vat", ONE),
    )
    assert "Net Amount" in (mapping.amount_why or "")


def test_payments_without_a_date_need_no_project_column() -> None:
    # Some quarterly files have no date: a supplier and an amount are still payments,
    # unless a project column says the rows are projects.
    assert propose_mapping(("Supplier Name", "Amount")).shape == "payments"
    assert propose_mapping(("Project", "Supplier Name", "Amount")).shape == "projects"
    assert propose_mapping(("Project", "Supplier Name", "Transaction No", "Amount")).shape == (
        "payments"
    )


def test_sample_values_name_columns_whose_header_says_nothing() -> None:
    header = ("column_1", "column_2", "column_3", "column_4")
    rows = [
        ("£1,200.50", "2017-11-01", "1001", "Acme"),
        ("(3,000)", "Nov-17", "1002", "Bolt"),
        ("Exempt under Section 43", "01/12/2017", "1003", "Cogs"),
    ]
    mapping = propose_mapping(header, rows)
    assert mapping.fields == {"date": "column_2"}
    assert mapping.amounts == (AmountColumn("column_1", "unspecified", ONE),)
    # Plain integers with no telling header are more likely IDs than money.
    assert mapping.unmapped == ("column_3", "column_4")


def test_words_under_a_weak_amount_header_veto_it() -> None:
    header = ("Project", "Budget Holder", "Cost (£m)")
    rows = [("A", "Jane Smith", "Exempt"), ("B", "John Doe", "Not yet known to us")]
    mapping = propose_mapping(header, rows)
    assert mapping.amounts == (AmountColumn("Cost (£m)", "unspecified", MILLION),)
    assert mapping.unmapped == ("Budget Holder",)
    # Without samples the header alone makes it an amount.
    assert [a.column for a in propose_mapping(header).amounts] == ["Budget Holder", "Cost (£m)"]


def test_sample_dates_break_a_tie() -> None:
    header = ("Project", "Period", "Month")
    rows = [("A", "Q3", "Nov-17"), ("B", "Q4", "Dec-17")]
    assert propose_mapping(header).fields["date"] == "Period"
    assert propose_mapping(header, rows).fields["date"] == "Month"


def test_unrecognised_columns_are_unmapped() -> None:
    mapping = propose_mapping(("Supplier Name", "VAT Registration Number", "Colour"))
    assert mapping == Mapping(
        {"supplier": "Supplier Name"}, (), "projects", ("VAT Registration Number", "Colour")
    )


def test_mapping_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        COUNCIL_MAPPING.shape = "projects"  # type: ignore[misc]


def test_proposal_from_a_file_read_by_read_table(tmp_path: Path) -> None:
    path = tmp_path / "gmpp.csv"
    path.write_text(
        "Major projects, September 2017\n\n"
        + ",".join(f'"{label}"' for label in GMPP_RAW)
        + "\n"
        + "\n".join(",".join(f'"{cell}"' for cell in row) for row in GMPP_ROWS)
        + "\n",
        encoding="utf-8",
    )
    sheet = read_table(path)
    assert sheet.header == GMPP
    assert propose_mapping(sheet.header, sheet.rows, raw_header=sheet.raw_header) == GMPP_MAPPING


# --- parse_map_args -------------------------------------------------------------------------


def test_parse_map_args() -> None:
    assert parse_map_args(
        ["supplier=Payee", " Amount:Whole_Life_Cost = #5", "notes=-", "project=A=B"]
    ) == {"supplier": "Payee", "amount:whole_life_cost": "#5", "notes": "-", "project": "A=B"}
    assert parse_map_args([]) == {}


@pytest.mark.parametrize(
    ("items", "message"),
    [
        (["supplier"], "--map expects FIELD=COLUMN (e.g. supplier=#5), got 'supplier'"),
        (["supplier="], "--map expects FIELD=COLUMN (e.g. supplier=#5), got 'supplier='"),
        (["=Payee"], "--map expects FIELD=COLUMN (e.g. supplier=#5), got '=Payee'"),
        (
            ["payee=Payee"],
            "unknown field 'payee'; fields are: " + ", ".join(FIELDS),
        ),
        (
            ["amount:cost=#3"],
            "unknown basis 'cost'; bases are: " + ", ".join(BASES),
        ),
        (
            ["supplier:payment=#3"],
            "only amount takes a basis ('supplier:payment'); use amount:BASIS=COLUMN",
        ),
        (
            ["supplier=Payee", "Supplier=Vendor"],
            "--map gives supplier twice ('Payee' and 'Vendor')",
        ),
    ],
)
def test_parse_map_args_errors(items: list[str], message: str) -> None:
    with pytest.raises(MappingError) as info:
        parse_map_args(items)
    assert str(info.value) == message
    assert isinstance(info.value, ValueError)


# --- resolve_column -------------------------------------------------------------------------

HEADER = ("Body Name", "Amount", "Amount (2)", "Net Amount", "Supplier Name", "Supplier Number")


@pytest.mark.parametrize(
    ("spec", "index"),
    [
        ("Body Name", 0),
        ("body name", 0),
        ("  BODY   name ", 0),
        ("amount", 1),
        ("Amount (2)", 2),
        ("net", 3),
        ("supplier na", 4),
        ("#1", 0),
        ("#6", 5),
    ],
)
def test_resolve_column(spec: str, index: int) -> None:
    assert resolve_column(spec, HEADER) == index


def test_resolve_column_multi_line_header_by_its_cleaned_prefix() -> None:
    assert resolve_column("baseline whole", GMPP_RAW) == 4
    assert resolve_column("Baseline Whole Life Cost (£m) (including", GMPP_RAW) == 4


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("#0", "there is no column #0; the file has 6 columns"),
        ("#7", "there is no column #7; the file has 6 columns"),
        (
            "supplier",
            "'supplier' matches several columns (#1 'Supplier Name', #2 'Supplier Number'); give "
            "more of the name or the column number, e.g. #5",
        ),
        (
            "Payee",
            "'Payee' matches no column; the columns are: #1 'Body Name', #2 'Amount', "
            "#3 'Amount (2)', #4 'Net Amount', #5 'Supplier Name', #6 'Supplier Number'",
        ),
    ],
)
def test_resolve_column_errors(spec: str, message: str) -> None:
    with pytest.raises(MappingError) as info:
        resolve_column(spec, HEADER)
    assert str(info.value) == message


def test_resolve_column_shortens_long_headers_in_messages() -> None:
    with pytest.raises(MappingError) as info:
        resolve_column("Payee", GMPP[3:5])
    assert str(info.value) == (
        "'Payee' matches no column; the columns are: #1 'Start Date', "
        "#2 'Baseline Whole Life Cost (£m) (includ...'"
    )


# --- apply_overrides ------------------------------------------------------------------------


def test_override_a_field_by_column_number_and_remove_one() -> None:
    mapping = apply_overrides(GMPP_MAPPING, {"notes": "#11", "start_date": "-"}, GMPP)
    assert mapping.fields == {
        "project": "Project Name",
        "organisation": "Department",
        "status": "Delivery Confidence Assessment",
        "notes": "Departmental Narrative",
    }
    assert mapping.unmapped == (
        "Start Date",
        "Variance (%)",
        "Departmental commentary on actions planned or taken on the IPA RAG rating",
    )
    assert mapping.amounts == GMPP_MAPPING.amounts


def test_override_moves_a_column_from_one_role_to_another() -> None:
    mapping = apply_overrides(COUNCIL_MAPPING, {"expense_area": "Body Name"}, COUNCIL)
    assert "organisation" not in mapping.fields
    assert mapping.fields["expense_area"] == "Body Name"
    assert mapping.unmapped == ("Expense Area",)


def test_override_adds_an_amount_with_a_basis() -> None:
    mapping = apply_overrides(GMPP_MAPPING, {"amount:unspecified": "variance"}, GMPP)
    assert [(a.column, a.basis, a.unit) for a in mapping.amounts] == [
        (GMPP[4], "whole_life_cost", MILLION),
        ("Forecast Whole Life Cost (£m)", "whole_life_cost", MILLION),
        ("Variance (%)", "unspecified", ONE),
        ("Total Budget 2017-18 (£m)", "fy_baseline", MILLION),
        ("Forecast 2017-18 (£m)", "fy_forecast", MILLION),
    ]
    assert mapping.unmapped == ("Departmental Narrative",)


def test_override_sets_the_basis_of_an_existing_amount() -> None:
    mapping = apply_overrides(GMPP_MAPPING, {"amount:budget": "Baseline"}, GMPP)
    assert mapping.amounts[0] == AmountColumn(GMPP[4], "budget", MILLION)
    assert mapping.amounts[1:] == GMPP_MAPPING.amounts[1:]


def test_override_takes_a_field_column_into_amounts() -> None:
    mapping = apply_overrides(COUNCIL_MAPPING, {"amount": "Supplier Number"}, COUNCIL)
    assert "supplier_id" not in mapping.fields
    # Still one row a payment: the proposal's payment stays first, the new column has its own
    # basis and is never added to the payments.
    assert mapping.amounts == (
        AmountColumn("Net Amount", "payment", ONE),
        AmountColumn("Supplier Number", "other_money", ONE),
    )
    assert mapping.shape == "payments"


def test_remove_all_amounts_then_keep_one() -> None:
    header = ("Body Name", "Date", "Supplier Name", "Net Amount", "Gross Amount")
    proposed = propose_mapping(header)
    assert [a.basis for a in proposed.amounts] == ["payment", "gross_of_vat"]
    mapping = apply_overrides(proposed, {"amount": "-", "amount:payment": "net"}, header)
    assert mapping.amounts == (AmountColumn("Net Amount", "payment", ONE),)
    assert mapping.shape == "payments"
    assert mapping.unmapped == ("Gross Amount",)


def test_remove_amounts_of_one_basis() -> None:
    mapping = apply_overrides(GMPP_MAPPING, {"amount:whole_life_cost": "-"}, GMPP)
    assert [a.basis for a in mapping.amounts] == ["fy_baseline", "fy_forecast"]
    assert mapping.unmapped[:2] == (GMPP[4], "Forecast Whole Life Cost (£m)")


def test_shape_change_recomputes_automatic_bases_only() -> None:
    header = ("Project", "Supplier Name", "Amount", "Net Amount")
    proposed = propose_mapping(header)
    assert proposed.shape == "projects"
    assert [a.basis for a in proposed.amounts] == ["unspecified", "unspecified"]
    assert apply_overrides(proposed, {"date": "-"}, header) == proposed
    mapping = apply_overrides(proposed, {"transaction": "Amount"}, header)
    assert mapping.shape == "payments"
    assert mapping.amounts == (AmountColumn("Net Amount", "payment", ONE),)


def test_basis_and_unit_apply_to_every_amount() -> None:
    mapping = apply_overrides(GMPP_MAPPING, {}, GMPP, basis="whole_life_cost", unit=Decimal(1000))
    assert {(a.basis, a.unit) for a in mapping.amounts} == {("whole_life_cost", Decimal(1000))}
    assert len(mapping.amounts) == 4
    assert mapping.fields == GMPP_MAPPING.fields


def test_no_overrides_change_nothing() -> None:
    assert apply_overrides(COUNCIL_MAPPING, {}, COUNCIL) == COUNCIL_MAPPING


@pytest.mark.parametrize(
    ("overrides", "kwargs", "message"),
    [
        ({"payee": "#1"}, {}, "unknown field 'payee'; fields are: " + ", ".join(FIELDS)),
        ({"supplier": "Payee"}, {}, "'Payee' matches no column; the columns are: "),
        ({"supplier": "supplier"}, {}, "'supplier' matches several columns (#1 'Supplier Name'"),
        (
            {"supplier": "Supplier Name", "project": "#5"},
            {},
            "column 'Supplier Name' is given for both supplier and project",
        ),
        ({}, {"basis": "cost"}, "unknown basis 'cost'; bases are: "),
        ({}, {"unit": Decimal(0)}, "unit must be a positive multiplier such as 1000000, got 0"),
        ({}, {"unit": Decimal("NaN")}, "unit must be a positive multiplier such as 1000000, got"),
    ],
)
def test_apply_overrides_errors(
    overrides: dict[str, str], kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(MappingError) as info:
        apply_overrides(COUNCIL_MAPPING, overrides, COUNCIL, **kwargs)  # type: ignore[arg-type]
    assert str(info.value).startswith(message)
