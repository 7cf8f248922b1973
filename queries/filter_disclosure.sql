-- filter_disclosure: a Projects filter's predicate over figure_keys (declared in foi/filters.py):
-- the figure's disclosure is one of the listed ones; 'no_figure' picks projects
-- with no figure at all.
-- Used only while $disclosure is set; foi.filters wraps it as ($disclosure IS NULL OR (...)).
list_contains($disclosure, disclosure)
