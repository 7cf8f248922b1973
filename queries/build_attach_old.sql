-- build_attach_old: the previous database, read-only, so datasets this build does not
-- rebuild (a researcher's import) are carried across into the new file.
ATTACH $path AS old (READ_ONLY);
