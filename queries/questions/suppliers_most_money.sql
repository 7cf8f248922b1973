-- Which suppliers are named with the most money?
-- The supplier is the one named with the figure itself; a supplier a payment file redacted
-- is "(redacted)". Each basis is kept apart (a payment, a contract value and spend to date
-- are different money). In a payment file each row is one payment, so `total_gbp` is what
-- was paid; in a compiled dataset two sources may repeat one amount, so read `largest_gbp`
-- and `figures` beside it.
WITH answer AS (
    SELECT
        coalesce(
            f.counterparty,
            CASE WHEN f.counterparty_status IN ('redacted', 'withheld') THEN '(redacted)' END
        ) AS supplier,
        f.basis,
        count(*) AS figures,
        sum(f.amount_gbp) AS total_gbp,
        max(f.amount_gbp) AS largest_gbp,
        count(DISTINCT f.source_id) AS sources
    FROM figures f
    WHERE f.disclosure = 'disclosed' AND f.amount_gbp IS NOT NULL
        AND (f.counterparty IS NOT NULL OR f.counterparty_status IN ('redacted', 'withheld'))
    GROUP BY ALL
    ORDER BY total_gbp DESC, supplier
    LIMIT 50
)
SELECT * FROM answer
UNION ALL BY NAME
SELECT 'No figure in this dataset names a supplier.' AS nothing_found
WHERE NOT EXISTS (FROM answer)
ORDER BY total_gbp DESC, supplier
