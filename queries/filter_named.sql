-- filter_named: a Projects filter's predicate over figure_keys (declared in foi/filters.py):
-- only named projects: unnamed placeholder rows ("Unnamed stopped project 3") are hidden.
-- Used only while $named is set; foi.filters wraps it as ($named IS NULL OR (...)).
-- $named bound false (rather than NULL) keeps every row too.
named OR NOT $named
