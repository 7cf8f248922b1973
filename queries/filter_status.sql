-- filter_status: a Projects filter's predicate over figure_keys (declared in foi/filters.py):
-- the figure's project has one of the listed statuses (codes from the dataset's statuses).
-- Used only while $status is set; foi.filters wraps it as ($status IS NULL OR (...)).
list_contains($status, status)
