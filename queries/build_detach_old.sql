-- build_detach_old: let go of the previous database before the new file is swapped in.
DETACH old;
