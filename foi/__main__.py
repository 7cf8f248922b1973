"""Entry point for `python -m foi`."""

import sys

from foi.cli import main

sys.exit(main())
