"""``python -m frontdesk.simulator`` runs the ``frontdesk`` command (``python -m frontdesk`` is shorter)."""

from .cli import main

raise SystemExit(main())
