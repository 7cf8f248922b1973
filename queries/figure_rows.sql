-- figure_rows: one page of the Projects table, or (with $limit NULL) every
-- row for a download, filtered, sorted and paged in the database so a large
-- dataset never travels whole to the browser.
-- Two steps: the filters, sort and page run on the lean figure_keys, then only the rows kept are
-- joined to their details, labels and sources. Sorting a million payments
-- reads a few columns; fetching the shown 50 reads them all.
-- The filters placeholder below is replaced by the filters declared in foi/filters.py: this
-- dataset, and for each filter "($name IS NULL OR (its predicate))", the
-- predicate read from queries/filter_<name>.sql. Every filter value is a bound
-- parameter named as in the link ($status, $org, $q, $min, ...); NULL means
-- "no filter".
--   $limit, $offset: the page (a download binds $limit NULL: every row)
-- {order_by} is replaced by an allow-listed sort (foi/state.py SORTS); the
-- same sort orders the page and the download.
WITH shown AS (
    SELECT *
    FROM figure_keys
    WHERE {filters}
    ORDER BY {order_by}, fact_id
    LIMIT $limit OFFSET $offset
)
SELECT
    k.level, k.subject_id, k.name, p.ref AS project_ref, k.named, k.status, st.label AS status_label,
    k.org_id, o.name AS organisation,
    d.figure_id, k.basis, k.disclosure, d.qualifier, k.amount_gbp, d.period,
    coalesce(d.counterparty, p.supplier) AS counterparty, d.counterparty_status,
    k.category, k.area, d.reference,
    d.exemption_statute, k.exemption_sections, d.exemption_basis, d.exemption_reason,
    d.original_text, d.as_of, k.source_id,
    s.publisher AS source_publisher, s.url AS source_url,
    coalesce(d.locator, p.locator) AS locator,
    coalesce(d.claim, p.claim) AS claim
FROM shown k
LEFT JOIN figure_details d ON d.fact_id = k.fact_id
LEFT JOIN projects p ON k.level = 'project' AND p.dataset = $dataset AND p.project_id = k.subject_id
LEFT JOIN statuses st ON st.dataset = $dataset AND st.status = k.status
LEFT JOIN organisations o ON o.dataset = $dataset AND o.org_id = k.org_id
LEFT JOIN sources s ON s.dataset = $dataset AND s.source_id = k.source_id
ORDER BY {order_by}, k.fact_id;
