-- schema: the disclosure data model.
--
-- Every table carries `dataset`, so one database file holds several named
-- datasets side by side (the shipped `met-project-cull` and whatever a
-- researcher imports). Every fact row carries `source_id` and `locator`, so
-- every number on screen can be traced to the passage it came from.

CREATE TABLE datasets (
    dataset       VARCHAR PRIMARY KEY,  -- short name used in URLs: ?dataset=met-project-cull
    title         VARCHAR NOT NULL,
    description   VARCHAR,
    licence       VARCHAR,              -- licence of the compiled dataset
    licence_url   VARCHAR,
    is_default    BOOLEAN NOT NULL DEFAULT false,
    built_at      TIMESTAMP,            -- when this build loaded it
    series        VARCHAR,              -- releases of one series are compared: gmpp
    as_of         DATE                  -- the date the release describes: 2023-03-31
);

CREATE TABLE sources (
    dataset       VARCHAR NOT NULL,
    source_id     VARCHAR NOT NULL,     -- e.g. REG-2016-03-24
    publisher     VARCHAR NOT NULL,
    published     VARCHAR NOT NULL,     -- ISO date, or YYYY-MM when only the month is known
    published_date DATE,                -- first day of `published`, for sorting
    kind          VARCHAR NOT NULL,     -- news_report, written_answer, decision_notice, ...
    title         VARCHAR NOT NULL,
    url           VARCHAR,
    notes         VARCHAR,
    PRIMARY KEY (dataset, source_id)
);

CREATE TABLE organisations (
    dataset       VARCHAR NOT NULL,
    org_id        VARCHAR NOT NULL,
    name          VARCHAR NOT NULL,
    kind          VARCHAR,
    PRIMARY KEY (dataset, org_id)
);

-- The status vocabulary is per dataset: stopped / corrective action / live
-- here, Red / Amber / Green in a delivery-confidence file. `role` picks the
-- colour from the one palette the app uses everywhere.
CREATE TABLE statuses (
    dataset       VARCHAR NOT NULL,
    status        VARCHAR NOT NULL,
    label         VARCHAR NOT NULL,
    sort_order    INTEGER NOT NULL,
    role          VARCHAR NOT NULL,     -- stopped, corrective, live, completed, other
    description   VARCHAR,
    PRIMARY KEY (dataset, status)
);

-- A group is a set of projects that a source describes as a whole
-- ("20 projects were stopped"). `member_count` is the count the source gives;
-- the build checks that the project rows (named plus unnamed placeholders)
-- add up to it. Groups nest through parent_id.
CREATE TABLE groups (
    dataset       VARCHAR NOT NULL,
    group_id      VARCHAR NOT NULL,
    label         VARCHAR NOT NULL,
    status        VARCHAR,              -- the status every member shares, if any
    parent_id     VARCHAR,
    member_count  INTEGER NOT NULL,
    source_id     VARCHAR NOT NULL,
    locator       VARCHAR NOT NULL,
    claim         VARCHAR NOT NULL,
    PRIMARY KEY (dataset, group_id)
);

-- A project, programme or contract. Unnamed members of a group are explicit
-- placeholder rows (named = false) so that counts reconcile.
CREATE TABLE projects (
    dataset       VARCHAR NOT NULL,
    project_id    VARCHAR NOT NULL,
    name          VARCHAR NOT NULL,     -- for placeholders: "Unnamed stopped project 4 of 17"
    named         BOOLEAN NOT NULL,
    org_id        VARCHAR,
    group_id      VARCHAR,              -- the innermost group it belongs to, if any
    status        VARCHAR,
    category      VARCHAR,
    supplier      VARCHAR,
    related_id    VARCHAR,              -- another project this one may be
    relation      VARCHAR,              -- how sure: "likely the same project (not confirmed)"
    source_id     VARCHAR,
    locator       VARCHAR,
    claim         VARCHAR,
    ref           VARCHAR,              -- the publisher's own id: how releases are matched
    start_date    DATE,
    end_date      DATE,
    PRIMARY KEY (dataset, project_id)
);

-- Every non-blank cell of every record of an imported project table, as printed,
-- so that nothing a release says (narratives, a second rating, a variance in %)
-- is lost because no field took it. `column_no` is 1-based.
CREATE TABLE project_cells (
    dataset       VARCHAR NOT NULL,
    project_id    VARCHAR NOT NULL,
    column_no     INTEGER NOT NULL,
    header        VARCHAR NOT NULL,
    value         VARCHAR NOT NULL,
    source_id     VARCHAR NOT NULL,
    locator       VARCHAR NOT NULL      -- file, row and column
);

-- One amount about one project or one group. A withheld figure is a row with
-- a NULL amount and disclosure = 'withheld': a fact about the disclosure, not
-- a zero. Figures of different bases are never added together.
-- Read it through the view `figures` below: rows loaded from a file's rows
-- (payments) keep their row number in `line`, no figure_id, and a locator and
-- claim with a `{row}` placeholder, so a million payments do not store a
-- million near-identical sentences; the view writes the row number in.
CREATE TABLE figure_facts (
    dataset            VARCHAR NOT NULL,
    figure_id          VARCHAR,              -- NULL when row-located: source_id || '-r' || line
    subject_type       VARCHAR NOT NULL,     -- project or group
    subject_id         VARCHAR NOT NULL,
    basis              VARCHAR NOT NULL,     -- spent_to_date, contract_value, budget, ...
    disclosure         VARCHAR NOT NULL,     -- disclosed, withheld, redacted, not_held, ...
    qualifier          VARCHAR NOT NULL,     -- exact, approximate, lower_bound, upper_bound, range
    amount_gbp         DECIMAL(18, 2),
    amount_low_gbp     DECIMAL(18, 2),
    amount_high_gbp    DECIMAL(18, 2),
    period             VARCHAR,              -- e.g. "over three years", "per year"
    counterparty       VARCHAR,              -- supplier named with this figure, if any
    counterparty_status VARCHAR,             -- disclosed, redacted, withheld... (payment files)
    category           VARCHAR,              -- expense type, when a file gives one
    area               VARCHAR,              -- expense area or service
    reference          VARCHAR,              -- transaction or invoice number
    exemption_statute  VARCHAR,              -- FOIA 2000, EIR 2004
    exemption_sections VARCHAR,              -- "43", or "24;26"
    exemption_basis    VARCHAR,              -- stated or inferred
    exemption_reason   VARCHAR,              -- the reason the body gave, in our words
    original_text      VARCHAR,              -- the text as the source printed it
    as_of              DATE,
    source_id          VARCHAR NOT NULL,
    locator            VARCHAR NOT NULL,     -- with {row} when `line` is set
    claim              VARCHAR NOT NULL,     -- with {row} when `line` is set
    line               INTEGER,              -- row in the source file, for row-located figures
    fact_id            BIGINT NOT NULL       -- unique in the file: how figure_keys points back here
    -- No PRIMARY KEY: figure ids are checked unique by the build's validation
    -- and made unique by the importer; an index over millions of imported
    -- payments would double the import time and serve no query.
);

-- Every figure, with row-located locators and claims written out in full.
CREATE VIEW figures AS
SELECT
    dataset, coalesce(figure_id, source_id || '-r' || line) AS figure_id,
    subject_type, subject_id, basis, disclosure, qualifier,
    amount_gbp, amount_low_gbp, amount_high_gbp, period, counterparty,
    counterparty_status, category, area, reference, exemption_statute,
    exemption_sections, exemption_basis, exemption_reason, original_text, as_of,
    source_id,
    CASE WHEN line IS NULL THEN locator ELSE replace(locator, '{row}', CAST(line AS VARCHAR)) END AS locator,
    CASE WHEN line IS NULL THEN claim ELSE replace(claim, '{row}', CAST(line AS VARCHAR)) END AS claim,
    line,
    fact_id
FROM figure_facts;

CREATE TABLE events (
    dataset        VARCHAR NOT NULL,
    event_id       VARCHAR NOT NULL,
    event_date     DATE NOT NULL,           -- first day of the period when only month or year is known
    date_precision VARCHAR NOT NULL,        -- day, month or year
    title          VARCHAR NOT NULL,
    project_id     VARCHAR,
    source_id      VARCHAR NOT NULL,
    locator        VARCHAR NOT NULL,
    claim          VARCHAR NOT NULL,
    PRIMARY KEY (dataset, event_id)
);

-- Declared disagreements: two sources (or two passages of one) giving
-- different values for the same thing. Both sides are kept.
CREATE TABLE discrepancies (
    dataset         VARCHAR NOT NULL,
    discrepancy_id  VARCHAR NOT NULL,
    subject_type    VARCHAR NOT NULL,     -- project or group
    subject_id      VARCHAR NOT NULL,
    aspect          VARCHAR NOT NULL,     -- count, amount, supplier, meaning
    what_differs    VARCHAR NOT NULL,
    value_a         VARCHAR NOT NULL,
    source_a        VARCHAR NOT NULL,
    locator_a       VARCHAR NOT NULL,
    figure_a        VARCHAR,
    value_b         VARCHAR NOT NULL,
    source_b        VARCHAR NOT NULL,
    locator_b       VARCHAR NOT NULL,
    figure_b        VARCHAR,
    note            VARCHAR,
    PRIMARY KEY (dataset, discrepancy_id)
);

-- Every project that belongs to a group, directly or through a nested group:
-- "stopped or corrected" (37) holds the 20 stopped and the 17 corrected.
CREATE VIEW group_members AS
WITH RECURSIVE tree(dataset, ancestor, group_id) AS (
    SELECT dataset, group_id, group_id FROM groups
    UNION ALL
    SELECT g.dataset, t.ancestor, g.group_id
    FROM groups g JOIN tree t ON g.dataset = t.dataset AND g.parent_id = t.group_id
)
SELECT t.dataset, t.ancestor AS group_id, p.project_id, p.named
FROM tree t
JOIN projects p ON p.dataset = t.dataset AND p.group_id = t.group_id;

-- The Projects page's rows come in two layers, so that filtering, counting and
-- sorting a million payments touches only the columns they need:
--   figure_keys     one lean row per figure (project or group level), plus one
--                   row for each project with no figure at all, so nothing
--                   counted is invisible: the columns the filters, sorts and
--                   facets use, and `fact_id`, pointing back to figure_facts.
--                   A table, filled by queries/figure_keys_fill.sql whenever a
--                   dataset is built or imported: a pre-join of projects and
--                   figures, so no page pays for that join again;
--   figure_details  every column of one figure, by `fact_id` (a view).
-- figure_rows.sql filters and pages figure_keys, then fetches the details of
-- the rows shown only. The view figure_rows joins the two in full, for the SQL
-- console and for anyone reading the data by hand.
CREATE TABLE figure_keys (
    dataset            VARCHAR NOT NULL,
    level              VARCHAR NOT NULL,     -- project or group
    subject_id         VARCHAR NOT NULL,
    name               VARCHAR,
    name_key           VARCHAR,              -- name for sorting: "project 2" before "project 10"
    named              BOOLEAN,
    status             VARCHAR,
    org_id             VARCHAR,
    fact_id            BIGINT,               -- NULL for a project with no figure
    basis              VARCHAR,
    disclosure         VARCHAR NOT NULL,     -- no_figure for a project with no figure
    amount_gbp         DECIMAL(18, 2),
    exemption_sections VARCHAR,
    category           VARCHAR,
    area               VARCHAR,
    counterparty       VARCHAR,              -- the figure's supplier, else the project's
    claim              VARCHAR,              -- as stored: a payment's reads "row {row}"
    source_id          VARCHAR
);

CREATE VIEW figure_details AS
SELECT
    fact_id,
    coalesce(figure_id, source_id || '-r' || line) AS figure_id,
    qualifier, period, counterparty, counterparty_status, reference, exemption_statute,
    exemption_basis, exemption_reason, original_text, as_of,
    CASE WHEN line IS NULL THEN locator ELSE replace(locator, '{row}', CAST(line AS VARCHAR)) END AS locator,
    CASE WHEN line IS NULL THEN claim ELSE replace(claim, '{row}', CAST(line AS VARCHAR)) END AS claim
FROM figure_facts;

-- Every row of the Projects table with every column: figure_keys and
-- figure_details joined in full, with labels, organisation and source.
CREATE VIEW figure_rows AS
SELECT
    k.dataset, k.level, k.subject_id, k.name, p.ref AS project_ref, k.named, k.status,
    st.label AS status_label, k.org_id, o.name AS organisation,
    d.figure_id, k.basis, k.disclosure, d.qualifier, k.amount_gbp, d.period,
    coalesce(d.counterparty, p.supplier) AS counterparty, d.counterparty_status,
    k.category, k.area, d.reference,
    d.exemption_statute, k.exemption_sections, d.exemption_basis, d.exemption_reason,
    d.original_text, d.as_of, k.source_id,
    s.publisher AS source_publisher, s.url AS source_url,
    coalesce(d.locator, p.locator) AS locator,
    coalesce(d.claim, p.claim) AS claim
FROM figure_keys k
LEFT JOIN figure_details d ON d.fact_id = k.fact_id
LEFT JOIN projects p ON k.level = 'project' AND p.dataset = k.dataset AND p.project_id = k.subject_id
LEFT JOIN statuses st ON st.dataset = k.dataset AND st.status = k.status
LEFT JOIN organisations o ON o.dataset = k.dataset AND o.org_id = k.org_id
LEFT JOIN sources s ON s.dataset = k.dataset AND s.source_id = k.source_id;

-- What each table, view and column holds, kept in the file itself so that anyone reading
-- it (the SQL console's schema browser, through duckdb_columns().comment; a researcher,
-- through duckdb_tables(), duckdb_views() or duckdb_columns()) reads the same words.
-- The column comments repeat the notes beside the columns above.

COMMENT ON COLUMN datasets.dataset IS 'short name used in URLs: ?dataset=met-project-cull';
COMMENT ON COLUMN datasets.licence IS 'licence of the compiled dataset';
COMMENT ON COLUMN datasets.built_at IS 'when this build loaded it';
COMMENT ON COLUMN datasets.series IS 'releases of one series are compared: gmpp';
COMMENT ON COLUMN datasets.as_of IS 'the date the release describes: 2023-03-31';

COMMENT ON COLUMN sources.source_id IS 'e.g. REG-2016-03-24';
COMMENT ON COLUMN sources.published IS 'ISO date, or YYYY-MM when only the month is known';
COMMENT ON COLUMN sources.published_date IS 'first day of `published`, for sorting';
COMMENT ON COLUMN sources.kind IS 'news_report, written_answer, decision_notice, ...';

COMMENT ON TABLE statuses IS 'The status vocabulary, per dataset: stopped / corrective action / live here, Red / Amber / Green in a delivery-confidence file. `role` picks the colour from the one palette the app uses everywhere.';
COMMENT ON COLUMN statuses.role IS 'stopped, corrective, live, completed, other';

COMMENT ON TABLE groups IS 'A set of projects that a source describes as a whole ("20 projects were stopped"). `member_count` is the count the source gives; the build checks that the project rows (named plus unnamed placeholders) add up to it. Groups nest through parent_id.';
COMMENT ON COLUMN groups.status IS 'the status every member shares, if any';

COMMENT ON TABLE projects IS 'A project, programme or contract. Unnamed members of a group are explicit placeholder rows (named = false) so that counts reconcile.';
COMMENT ON COLUMN projects.name IS 'for placeholders: "Unnamed stopped project 4 of 17"';
COMMENT ON COLUMN projects.group_id IS 'the innermost group it belongs to, if any';
COMMENT ON COLUMN projects.related_id IS 'another project this one may be';
COMMENT ON COLUMN projects.relation IS 'how sure: "likely the same project (not confirmed)"';
COMMENT ON COLUMN projects.ref IS 'the publisher''s own id: how releases are matched';

COMMENT ON TABLE project_cells IS 'Every non-blank cell of every record of an imported project table, as printed, so that nothing a release says (narratives, a second rating, a variance in %) is lost because no field took it. `column_no` is 1-based.';
COMMENT ON COLUMN projects.start_date IS 'when the project started, as its release gives it';
COMMENT ON COLUMN projects.end_date IS 'when the project is due to end, as its release gives it';
COMMENT ON COLUMN project_cells.dataset IS 'the release the cell is in';
COMMENT ON COLUMN project_cells.project_id IS 'the project (row) the cell belongs to';
COMMENT ON COLUMN project_cells.column_no IS 'the column, counted from 1';
COMMENT ON COLUMN project_cells.header IS 'the column header as the file printed it';
COMMENT ON COLUMN project_cells.value IS 'the cell as printed: a narrative, a rating, a percentage';
COMMENT ON COLUMN project_cells.source_id IS 'the file the cell is in (sources.source_id)';
COMMENT ON COLUMN project_cells.locator IS 'file, row and column';

COMMENT ON TABLE figure_facts IS 'One amount about one project or one group, as stored; read it through the view `figures`. A withheld figure is a row with a NULL amount and disclosure = ''withheld'': a fact about the disclosure, not a zero. Figures of different bases are never added together. Rows loaded from a file''s rows (payments) keep their row number in `line` and a locator and claim with a `{row}` placeholder.';
COMMENT ON COLUMN figure_facts.figure_id IS 'NULL when row-located: source_id || ''-r'' || line';
COMMENT ON COLUMN figure_facts.subject_type IS 'project or group';
COMMENT ON COLUMN figure_facts.basis IS 'spent_to_date, contract_value, budget, ...';
COMMENT ON COLUMN figure_facts.disclosure IS 'disclosed, withheld, redacted, not_held, ...';
COMMENT ON COLUMN figure_facts.qualifier IS 'exact, approximate, lower_bound, upper_bound, range';
COMMENT ON COLUMN figure_facts.period IS 'e.g. "over three years", "per year"';
COMMENT ON COLUMN figure_facts.counterparty IS 'supplier named with this figure, if any';
COMMENT ON COLUMN figure_facts.counterparty_status IS 'disclosed, redacted, withheld... (payment files)';
COMMENT ON COLUMN figure_facts.category IS 'expense type, when a file gives one';
COMMENT ON COLUMN figure_facts.area IS 'expense area or service';
COMMENT ON COLUMN figure_facts.reference IS 'transaction or invoice number';
COMMENT ON COLUMN figure_facts.exemption_statute IS 'FOIA 2000, EIR 2004';
COMMENT ON COLUMN figure_facts.exemption_sections IS '"43", or "24;26"';
COMMENT ON COLUMN figure_facts.exemption_basis IS 'stated or inferred';
COMMENT ON COLUMN figure_facts.exemption_reason IS 'the reason the body gave, in our words';
COMMENT ON COLUMN figure_facts.original_text IS 'the text as the source printed it';
COMMENT ON COLUMN figure_facts.locator IS 'with {row} when `line` is set';
COMMENT ON COLUMN figure_facts.claim IS 'with {row} when `line` is set';
COMMENT ON COLUMN figure_facts.line IS 'row in the source file, for row-located figures';
COMMENT ON COLUMN figure_facts.fact_id IS 'unique in the file: how figure_keys points back here';

COMMENT ON VIEW figures IS 'Every figure, with row-located locators and claims written out in full.';

COMMENT ON COLUMN events.event_date IS 'first day of the period when only month or year is known';
COMMENT ON COLUMN events.date_precision IS 'day, month or year';

COMMENT ON TABLE discrepancies IS 'Declared disagreements: two sources (or two passages of one) giving different values for the same thing. Both sides are kept.';
COMMENT ON COLUMN discrepancies.subject_type IS 'project or group';
COMMENT ON COLUMN discrepancies.aspect IS 'count, amount, supplier, meaning';

COMMENT ON VIEW group_members IS 'Every project that belongs to a group, directly or through a nested group: "stopped or corrected" (37) holds the 20 stopped and the 17 corrected.';

COMMENT ON TABLE figure_keys IS 'One lean row per figure (project or group level), plus one row for each project with no figure at all: the columns the Projects page''s filters, sorts and facets use, and `fact_id`, pointing back to figure_facts. Filled by queries/figure_keys_fill.sql whenever a dataset is built or imported.';
COMMENT ON COLUMN figure_keys.level IS 'project or group';
COMMENT ON COLUMN figure_keys.name_key IS 'The name as it sorts: lower case, every run of digits zero-padded, so "project 2 of 13" comes before "project 10 of 13".';
COMMENT ON COLUMN figure_keys.fact_id IS 'NULL for a project with no figure';
COMMENT ON COLUMN figure_keys.disclosure IS 'no_figure for a project with no figure';
COMMENT ON COLUMN figure_keys.counterparty IS 'the figure''s supplier, else the project''s';
COMMENT ON COLUMN figure_keys.claim IS 'as stored: a payment''s reads "row {row}"';

COMMENT ON VIEW figure_details IS 'Every column of one figure, by `fact_id`: the details the Projects page fetches for the rows it shows.';

COMMENT ON VIEW figure_rows IS 'Every row of the Projects table with every column: figure_keys and figure_details joined in full, with labels, organisation and source.';
