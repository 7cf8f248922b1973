-- console_syntax_tree: the syntax tree of a researcher's statement as JSON, read (never run)
-- by foi.console.check to find every table function, function and table the text names.
SELECT json_serialize_sql($sql);
