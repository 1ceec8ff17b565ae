"""Frozen entry point of habitat-panel."""
import os
import sys

# A windowed program (Windows, macOS app) has no console: give print() somewhere to go.
if sys.stdout is None:
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (for the life of the process)
if sys.stderr is None:
    sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (for the life of the process)

from habitat_gui.app import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
