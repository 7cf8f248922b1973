-- import_payments_subjects: who each payment was paid to, worked out once per
-- distinct supplier number and name as written, rather than once per row.
-- Input: temp table `raw` (import_payments_read.sql) and the lookup `payees`
-- (supplier text as written -> whether the name was disclosed), filled once
-- per distinct text by foi's own parser.
-- A supplier is keyed by its supplier number when the file gives one, else by
-- its name. Disclosed suppliers get a readable id (slug plus a short hash);
-- every redacted or withheld payee shares one id per status, so hidden
-- suppliers are never told apart by a guessable key.
-- {supplier}, {supplier_id}, {organisation} are column names from an
-- allow-list (c0, c1, ...) or NULL.
CREATE OR REPLACE TEMP TABLE subjects AS
WITH firsts AS (
    SELECT
        {supplier_id} AS raw_id,
        {supplier} AS raw_name,
        min(line) AS first_line,
        arg_min(nullif(trim({organisation}), ''), line) AS organisation
    FROM raw
    GROUP BY ALL
),
keyed AS (
    SELECT
        *,
        coalesce(nullif(trim(raw_id), ''), nullif(trim(raw_name), ''), '') AS supplier_key,
        nullif(trim(raw_name), '') AS supplier
    FROM firsts
)
SELECT
    k.raw_id,
    k.raw_name,
    k.supplier,
    k.first_line,
    nullif(trim(left(trim(regexp_replace(lower(k.organisation), '[^a-z0-9]+', '-', 'g'), '-'), 48), '-'), '') AS org_id,
    coalesce(p.status, 'unknown') AS counterparty_status,
    CASE WHEN p.status = 'disclosed'
        THEN 'supplier-'
            || coalesce(nullif(trim(left(trim(regexp_replace(lower(k.supplier_key), '[^a-z0-9]+', '-', 'g'), '-'), 48), '-'), ''), 'x')
            || '-' || left(md5(k.supplier_key), 6)
        ELSE 'supplier-' || coalesce(p.status, 'unknown')
    END AS subject_id
FROM keyed k
LEFT JOIN payees p ON p.text IS NOT DISTINCT FROM k.raw_name;
