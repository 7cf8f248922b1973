"""What each column of a Projects download holds, in words a reader of the file needs.

One dict, read by the zip's Table Schema, the SQL console's catalogue and the tests
that check every exported column is described.
"""

#: What each column of `figure_rows.sql` holds, for the zip's Table Schema.
COLUMN_DESCRIPTIONS: dict[str, str] = {
    "level": "Whether the row is about one project or about a group of projects.",
    "subject_id": "project_id or group_id of the project or group the row is about.",
    "name": "Project name, or a placeholder label for a project a source counts but does "
    "not name; for groups, the label and the member count the source gives.",
    "project_ref": "The publisher's own id for the project (a GMPP ID), when the file gives one.",
    "named": "False for placeholder rows standing in for projects a source counts but does "
    "not name.",
    "status": "Status code (stopped, corrective_action, ...) from the dataset's vocabulary.",
    "status_label": "The status as shown to readers.",
    "org_id": "Short id of the organisation the project belongs to.",
    "organisation": "Name of the organisation the project belongs to.",
    "figure_id": "Id of the figure; empty for a project with no figure at all.",
    "basis": "What the money means (spent_to_date, contract_value, budget, ...). Figures of "
    "different bases must not be added together.",
    "disclosure": "Whether the amount was disclosed, withheld, redacted, ...; no_figure when "
    "the project has no figure at all.",
    "qualifier": "exact, approximate ('about'), lower_bound ('more than'), upper_bound "
    "('up to') or range.",
    "amount_gbp": "Amount in pounds; empty when it was not disclosed (a withheld figure is "
    "not a zero).",
    "period": "Period the amount covers, when the source gives one.",
    "counterparty": "Supplier named with the figure, or the project's supplier.",
    "counterparty_status": "Whether the supplier's name was disclosed, redacted or withheld "
    "(payment files).",
    "category": "Expense type or category, when the source gives one.",
    "area": "Expense area or service, when the source gives one.",
    "reference": "Transaction or invoice number, when the source gives one.",
    "exemption_statute": "Statute of the exemption cited for withholding (FOIA 2000, EIR 2004).",
    "exemption_sections": "Section(s) of the exemption, separated by ';'.",
    "exemption_basis": "Whether the source stated the section or it was inferred from the "
    "reason given.",
    "exemption_reason": "The reason the body gave for withholding, in our words.",
    "original_text": "The amount as the source wrote it.",
    "as_of": "Date the amount applies to, when known.",
    "source_id": "Id of the source the row comes from (see the package's sources).",
    "source_publisher": "Who published the source.",
    "source_url": "Where to read the source.",
    "locator": "Where in the source the fact is.",
    "claim": "What the source says, in our words.",
}
