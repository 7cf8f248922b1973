-- statuses: the dataset's status vocabulary in display order, with the
-- palette role that colours it.
SELECT status, label, sort_order, role, description
FROM statuses
WHERE dataset = $dataset
ORDER BY sort_order, status;
