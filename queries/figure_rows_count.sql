-- figure_rows_count: how many rows the Projects filters match, and how many
-- of them are disclosed or withheld, for the caption over the table.
-- Same parameters and filters as figure_rows.sql.
SELECT
    count(*) AS rows,
    count(*) FILTER (WHERE disclosure = 'disclosed') AS disclosed_rows,
    count(*) FILTER (WHERE disclosure IN ('withheld', 'redacted')) AS withheld_rows
FROM figure_rows
WHERE dataset = $dataset
    AND ($status IS NULL OR list_contains($status, status))
    AND ($org IS NULL OR list_contains($org, org_id))
    AND ($basis IS NULL OR list_contains($basis, basis))
    AND ($disclosure IS NULL OR list_contains($disclosure, coalesce(disclosure, 'no_figure')))
    AND ($exemption IS NULL OR list_has_any($exemption, string_split(exemption_sections, ';')))
    AND ($q IS NULL OR contains(
        lower(concat_ws(' ', name, claim, counterparty, category, area, reference,
            source_publisher, source_id, original_text)),
        lower($q)))
    AND ($min IS NULL OR amount_gbp >= $min)
    AND ($max IS NULL OR amount_gbp <= $max)
    AND (NOT coalesce($named_only, false) OR named);
