-- import_projects_texts: the distinct texts of a project table that foi reads
-- once each (amounts of one column, names, statuses and dates), in file order
-- for statuses. {amount}, {name}, {status}, {date}, {start_date}, {end_date} are
-- allow-listed column names or NULL.
SELECT 'amount' AS kind, coalesce(trim({amount}), '') AS text, min(line) FROM raw GROUP BY ALL
UNION ALL
SELECT 'name', nullif(trim({name}), ''), min(line) FROM raw GROUP BY ALL
UNION ALL
SELECT 'status', nullif(trim({status}), ''), min(line) FROM raw GROUP BY ALL
UNION ALL
SELECT 'date', {date}, min(line) FROM raw GROUP BY ALL
UNION ALL
SELECT 'date', {start_date}, min(line) FROM raw GROUP BY ALL
UNION ALL
SELECT 'date', {end_date}, min(line) FROM raw GROUP BY ALL
ORDER BY 1, 3;
