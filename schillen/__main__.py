"""``python -m schillen``."""

import sys

from schillen.cli import main

sys.exit(main())
