-- figure_rows_count: how many rows the Projects filters match, and how many
-- of them are disclosed or withheld, for the caption over the table.
-- Same filters as figure_rows.sql, through the same declared filters (foi/filters.py).
SELECT
    count(*) AS rows,
    count(*) FILTER (WHERE disclosure = 'disclosed') AS disclosed_rows,
    count(*) FILTER (WHERE disclosure IN ('withheld', 'redacted')) AS withheld_rows
FROM figure_keys
    WHERE {filters};
