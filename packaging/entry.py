"""Entry point of the bundled executables (both the windowed app and the console CLI)."""

import sys

from dutyroom.cli import main

if __name__ == "__main__":
    sys.exit(main())
