-- import_rows_skipped: the rows of a file that are not records, each with its reason.
-- Input: temp table `raw` (one row a record after the header: `line` is its row
-- number in the file, c0, c1, ... its cells as text). Nothing is dropped
-- silently: every row this names is counted in the import report, with the
-- reason, and shown on the upload page.
-- {cells} is the list of cell columns ([c0, c1, ...]); {amount}, {supplier},
-- {date} and {name} are column names from an allow-list (c0, c1, ...) or NULL.
-- $truncated is the row of a last record cut short (no closing line break and
-- fewer cells than the header), else NULL; $payments says the file is one row
-- a payment, where a row without an amount is not a payment; $beyond lists the
-- rows whose only cells are filler past the header's last column.
CREATE OR REPLACE TEMP TABLE skipped AS
WITH shaped AS (
    SELECT
        line,
        list_filter({cells}, lambda x: nullif(trim(x), '') IS NOT NULL) AS filled,
        nullif(trim({amount}), '') AS amount_text,
        nullif(trim({supplier}), '') AS supplier,
        nullif(trim({date}), '') AS day,
        nullif(trim({name}), '') AS name
    FROM raw
),
ruled AS (
    SELECT
        line,
        filled,
        CASE
            WHEN len(filled) = 0 AND list_contains($beyond, line)
                THEN 'filler: nothing in the header''s columns, only #N/A or the like past them'
            WHEN len(filled) = 0 THEN 'blank row'
            WHEN list_bool_and(list_transform(filled, lambda x: list_contains($errors, lower(trim(x)))))
                THEN 'filler: nothing but spreadsheet errors such as #N/A'
            WHEN line = $truncated
                THEN 'truncated final record: the file ends part-way through this row'
            WHEN list_bool_or(list_transform(filled, lambda x: regexp_full_match(lower(trim(x)),
                    '(grand |sub[- ]?|overall |report |page |running )?totals?( for .*| paid| amount| spend| value| \(.*\))?:?')))
                THEN 'a total row, not a record'
            WHEN len(filled) = 1 AND amount_text IS NULL AND name IS NULL
                THEN 'a note line (one cell and no amount), such as a copyright or source line'
            WHEN $payments AND amount_text IS NULL AND supplier IS NULL AND day IS NULL
                THEN 'filler: no date, supplier or amount'
            WHEN $payments AND amount_text IS NULL THEN 'no amount'
            WHEN $payments AND list_contains($errors, lower(amount_text)) THEN 'no amount (a spreadsheet error)'
        END AS reason
    FROM shaped
)
SELECT line, reason, left(array_to_string(filled, ' | '), 200) AS text
FROM ruled
WHERE reason IS NOT NULL;
