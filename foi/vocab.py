"""The fixed vocabularies: what each basis, disclosure status and qualifier means.

Statuses vary by dataset (they live in the `statuses` table); these do not,
because the arithmetic depends on them: figures of different bases are never
added, and only `disclosed` figures carry an amount.
"""

from __future__ import annotations

#: basis -> (label, what the money means)
BASES: dict[str, tuple[str, str]] = {
    "spent_to_date": (
        "Spent to date",
        "Money already spent or paid out when the source was written.",
    ),
    "contract_value": ("Contract value", "The value of a contract as let, over its whole term."),
    "budget": ("Budget", "Money set aside or approved, whether or not spent."),
    "fy_baseline": (
        "Financial-year baseline",
        "The budget approved for one financial year (a year's slice, not the whole project).",
    ),
    "fy_forecast": (
        "Financial-year forecast",
        "What the body expects to spend in one financial year; set against its baseline.",
    ),
    "whole_life_cost": ("Whole-life cost", "The forecast cost over the project's whole life."),
    "forecast_cost": ("Forecast cost", "An estimate of a cost still to come, such as a delay."),
    "savings": ("Savings", "Money a programme is expected to save, not to spend."),
    "investment": ("Investment", "Money to be invested in a programme."),
    "payment": ("Payment", "One payment to a supplier, as in a transparency file."),
    "net_of_vat": (
        "Net of VAT",
        "A payment before VAT, from a file whose payment column is another (Gross, say).",
    ),
    "gross_of_vat": (
        "Gross, VAT included",
        "A payment with VAT, from a file whose payment column is another (Net, say).",
    ),
    "vat": ("VAT", "The VAT on a payment, kept apart from the payment: never added to it."),
    "other_money": (
        "Other money",
        "A money column of a payment file that is not the payment itself.",
    ),
    "benefits": (
        "Benefits",
        "Benefits a project is expected to deliver: money, but not a cost, never added to one.",
    ),
    "unspecified": (
        "Unspecified",
        "The source gives an amount ('worth £24m') without saying what it measures.",
    ),
}

#: disclosure status -> (label, meaning)
DISCLOSURES: dict[str, tuple[str, str]] = {
    "disclosed": ("Disclosed", "The amount was published."),
    "withheld": ("Withheld", "The body refused to give it and cited (or implied) an exemption."),
    "redacted": ("Redacted", "Blanked out with no reason given."),
    "not_held": ("Not held", "The body says it does not hold the information."),
    "not_yet_available": ("Not yet available", "Not yet known, e.g. a project in early planning."),
    "unknown": ("Unknown", "The cell was blank or said n/a; nothing was disclosed."),
    "no_figure": ("No figure", "No source gives any amount for this project."),
}

QUALIFIERS: dict[str, str] = {
    "exact": "as stated",
    "approximate": "about",
    "lower_bound": "more than",
    "upper_bound": "up to",
    "range": "range",
}


def basis_label(basis: str | None) -> str:
    """Readable name of a basis; unknown codes are shown as they are."""
    if basis is None:
        return "—"
    return BASES.get(basis, (basis, ""))[0]


def disclosure_label(status: str | None) -> str:
    """Readable name of a disclosure status."""
    if status is None:
        return DISCLOSURES["no_figure"][0]
    return DISCLOSURES.get(status, (status, ""))[0]
