"""``python -m frontdesk`` runs the ``frontdesk`` command."""

from .simulator.cli import main

raise SystemExit(main())
