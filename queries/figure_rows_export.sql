-- figure_rows_export: every row the Projects filters match, for download.
-- The same columns, filters and sort as figure_rows.sql, without LIMIT and
-- OFFSET, so a file holds exactly the rows the reader sees on all pages, in
-- the order shown. Keep the WHERE clause identical to figure_rows.sql's (a
-- test compares them byte for byte). foi/exports.py wraps this statement in
-- COPY (...) TO ..., so the trailing semicolon is stripped there.
-- Every filter is a bound parameter; NULL means "no filter" (see
-- figure_rows.sql for what each one holds). {order_by} is replaced by the
-- same allow-listed sort the table uses.
SELECT
    level, subject_id, name, named, status, status_label, org_id, organisation,
    figure_id, basis, coalesce(disclosure, 'no_figure') AS disclosure, qualifier,
    amount_gbp, period, counterparty, counterparty_status, category, area, reference,
    exemption_statute, exemption_sections,
    exemption_basis, exemption_reason, original_text, as_of,
    source_id, source_publisher, source_url, locator, claim
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
    AND (NOT coalesce($named_only, false) OR named)
ORDER BY {order_by};
