-- console_count: how many rows a researcher's checked SELECT gives in all, for "n rows; page
-- 1 of m". {query} is their text, checked as for console_page.
SELECT count(*) AS n FROM (
{query}
) AS result;
