-- figure_rows: one page of the Projects table, filtered, sorted and paged in
-- the database so a large dataset never travels whole to the browser.
-- Every filter is a bound parameter; NULL means "no filter" (see the macro
-- figure_rows_filtered in schema.sql for what each one does):
--   $status, $org, $basis, $disclosure, $exemption: lists of allowed values
--     ('no_figure' in $disclosure picks projects with no figure at all)
--   $q: text searched in name, claim, supplier, category, area, reference and source
--   $min, $max: amount range in pounds (rows without an amount drop out when set)
--   $named_only: true hides unnamed placeholder rows
-- {order_by} is replaced by an allow-listed sort (foi/state.py SORTS).
SELECT *
FROM figure_rows_filtered($dataset, $status, $org, $basis, $disclosure, $exemption, $q, $min, $max, $named_only)
ORDER BY {order_by}
LIMIT $limit OFFSET $offset;
