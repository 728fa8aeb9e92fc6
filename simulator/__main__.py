"""``python -m simulator`` runs the ``frontdesk`` command."""

from .cli import main

raise SystemExit(main())
