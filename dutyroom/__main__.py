import sys

from dutyroom.cli import main

sys.exit(main())
