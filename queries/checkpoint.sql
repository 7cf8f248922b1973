-- checkpoint: write everything in the write-ahead log into the file before it is
-- swapped in (foi.db.rewrite), so the renamed file is complete on its own.
CHECKPOINT;
