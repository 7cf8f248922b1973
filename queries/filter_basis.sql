-- filter_basis: a Projects filter's predicate over figure_keys (declared in foi/filters.py):
-- the figure is on one of the listed bases (payment, budget, whole-life cost, ...).
-- Used only while $basis is set; foi.filters wraps it as ($basis IS NULL OR (...)).
list_contains($basis, basis)
