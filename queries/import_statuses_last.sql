-- import_statuses_last: the last status position a dataset uses, so statuses a new file
-- adds are ordered after the ones it already has.
SELECT coalesce(max(sort_order), 0) FROM statuses WHERE dataset = $dataset;
