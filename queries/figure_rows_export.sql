-- figure_rows_export: every row the Projects filters match, for download.
-- The same rows (the macro figure_rows_filtered in schema.sql) and sort as
-- figure_rows.sql, without LIMIT and OFFSET, so a file holds exactly the rows
-- the reader sees on all pages, in the order shown. foi/exports.py wraps this
-- statement in COPY (...) TO ..., so the trailing semicolon is stripped there.
-- Every filter is a bound parameter; NULL means "no filter". {order_by} is
-- replaced by the same allow-listed sort the table uses.
SELECT *
FROM figure_rows_filtered($dataset, $status, $org, $basis, $disclosure, $exemption, $q, $min, $max, $named_only)
ORDER BY {order_by};
