-- import_payments_texts: the distinct texts foi's own parsers must read, so a
-- million rows cost one parse per distinct value: amounts that are not plain
-- numbers (trimmed, as the figure keeps them), supplier names and dates (as
-- written; the parsers trim). Input: temp table `raw` (import_payments_read.sql).
-- {amount}, {supplier}, {date} are column names from an allow-list, or NULL.
SELECT DISTINCT 'amount' AS kind, coalesce(trim({amount}), '') AS text FROM raw WHERE ({fast}) IS NULL
UNION ALL
SELECT DISTINCT 'supplier', {supplier} FROM raw
UNION ALL
SELECT DISTINCT 'date', {date} FROM raw;
