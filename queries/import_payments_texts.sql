-- import_payments_texts: the distinct texts foi's own parsers must read, so a
-- million rows cost one parse per distinct value: amounts that are not plain
-- numbers (trimmed, as the figure keeps them), supplier names and dates (as
-- written; the parsers trim). Input: temp table `raw` (import_payments_read.sql).
-- {amount}, {supplier}, {date} are column names from an allow-list, or NULL.
SELECT 'amount' AS kind, coalesce(trim({amount}), '') AS text FROM raw WHERE fast IS NULL GROUP BY ALL
UNION ALL
SELECT 'supplier', {supplier} FROM raw GROUP BY ALL
UNION ALL
SELECT 'date', {date} FROM raw GROUP BY ALL;
