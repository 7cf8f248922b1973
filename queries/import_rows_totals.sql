-- import_rows_totals: unlabelled total rows in a payment file. A row with an
-- amount but no supplier and no date whose amount equals the sum of the rows
-- above it (since the previous such row, or since the top of the file) is a
-- subtotal or a grand total, not a payment. Returns (line, amount, rows summed).
-- Input: temp tables `raw` and `skipped` (import_rows_skipped.sql). {amount},
-- {supplier} and {date} are column names from an allow-list (c0, c1, ...) or NULL.
WITH valued AS (
    SELECT
        line,
        TRY_CAST(regexp_replace(regexp_replace(trim({amount}), '[£,\s]', '', 'g'),
            '^\((.*)\)$', '-\1') AS DECIMAL(38, 2)) AS amount,
        nullif(trim({supplier}), '') IS NULL AND nullif(trim({date}), '') IS NULL AS bare
    FROM raw
    WHERE line NOT IN (SELECT line FROM skipped)
),
runs AS (
    SELECT
        *,
        coalesce(sum(CASE WHEN bare THEN 1 ELSE 0 END) OVER (
            ORDER BY line ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS run,
        coalesce(sum(CASE WHEN NOT bare THEN amount END) OVER (
            ORDER BY line ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS above,
        count(CASE WHEN NOT bare THEN 1 END) OVER (
            ORDER BY line ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS rows_above
    FROM valued
),
sums AS (
    SELECT run, sum(amount) AS run_sum, count(*) AS run_rows
    FROM runs
    WHERE NOT bare
    GROUP BY run
)
SELECT r.line, r.amount, CASE WHEN r.amount = s.run_sum THEN s.run_rows ELSE r.rows_above END
FROM runs r
LEFT JOIN sums s ON s.run = r.run
WHERE r.bare AND r.amount IS NOT NULL AND r.amount <> 0
    AND ((r.amount = s.run_sum AND s.run_rows >= 2) OR (r.amount = r.above AND r.rows_above >= 2))
ORDER BY r.line;
