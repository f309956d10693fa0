"""`python -m lawreview`: the same command as `lawreview`."""

import sys

from .cli import main

sys.exit(main())
