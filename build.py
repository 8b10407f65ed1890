"""Build the book: a thin shim over :mod:`samizdat.cli` so ``python build.py`` works from a checkout."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from samizdat.cli import main

if __name__ == "__main__":
    main()
