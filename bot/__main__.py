"""`python -m bot` is the same as `rebound`."""

import sys

from bot.runtime.cli import main

sys.exit(main())
