"""``python -m casereader`` and the frozen app's entry point."""

import sys

from casereader.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
