-- filter_org: a Projects filter's predicate over figure_keys (declared in foi/filters.py):
-- the figure is about one of the listed organisations.
-- Used only while $org is set; foi.filters wraps it as ($org IS NULL OR (...)).
list_contains($org, org_id)
