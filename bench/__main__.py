"""Entry point of `python -m bench` (and of `make bench`)."""

from ._cli import main

raise SystemExit(main())
