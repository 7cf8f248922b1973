-- filter_area: a Projects filter's predicate over figure_keys (declared in foi/filters.py):
-- the payment's expense area or service is one of the listed ones.
-- Used only while $area is set; foi.filters wraps it as ($area IS NULL OR (...)).
list_contains($area, area)
