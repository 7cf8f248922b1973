-- figure_rows: one page of the Projects table, filtered, sorted and paged in
-- the database so a large dataset never travels whole to the browser.
-- Every filter is a bound parameter; NULL means "no filter".
--   $status, $org, $basis, $disclosure, $exemption: lists of allowed values
--     ('no_figure' in $disclosure picks projects with no figure at all)
--   $q: text searched in name, claim, supplier, category, area, reference and source
--   $min, $max: amount range in pounds (rows without an amount drop out when set)
--   $named_only: true hides unnamed placeholder rows
-- {order_by} is replaced by an allow-listed sort (foi/filters.py).
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
ORDER BY {order_by}
LIMIT $limit OFFSET $offset;
