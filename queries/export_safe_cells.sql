-- export_safe_cells: a query's rows with every text cell a spreadsheet would run as a
-- formula made inert, for CSV downloads (OWASP's guidance on CSV injection). A text cell
-- beginning with =, +, -, @, a tab or a carriage return gets a leading apostrophe, so
-- '=HYPERLINK(...)' opens as text; a cell that is a plain number ("-5", "+1,200.50") is
-- left alone, and numeric, date and boolean columns are never touched (a real negative
-- amount stays a number). COLUMNS(*) applies the rule to each column, keeping its name.
-- The query placeholder takes a rendered named query (figure_rows.sql or a console SELECT).
SELECT CASE
    WHEN typeof(COLUMNS(*)) = 'VARCHAR'
        AND regexp_matches(CAST(COLUMNS(*) AS VARCHAR), '^[=+@\t\r-]')
        AND NOT regexp_full_match(CAST(COLUMNS(*) AS VARCHAR), '[+-]?[0-9][0-9,]*([.][0-9]+)?')
    THEN '''' || CAST(COLUMNS(*) AS VARCHAR)
    ELSE CAST(COLUMNS(*) AS VARCHAR)
END
FROM ({query}) AS exported
