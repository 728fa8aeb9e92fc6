"""Front Desk: a training simulator for medical office assistants.

Packages: :mod:`simulator.scenario` (the scenario format), and the ``frontdesk`` command in
:mod:`simulator.cli`. Grading lives in the separate top-level package :mod:`grading`.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
