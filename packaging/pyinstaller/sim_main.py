"""Frozen entry point of habitat-sim."""
import sys

from habitat_gui.cli import main

if __name__ == "__main__":
    sys.exit(main())
