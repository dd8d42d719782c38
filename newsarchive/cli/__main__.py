"""``python -m newsarchive.cli``."""

from . import main

main()
