"""Allow `python -m doorajar`."""

from doorajar.cli import main

main()
