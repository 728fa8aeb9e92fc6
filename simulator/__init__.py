"""Front Desk: a training simulator for medical office assistants.

Installed as :mod:`frontdesk.simulator` (from the repository's ``simulator/`` folder): the scenario format
(:mod:`.scenario`), the engine (:mod:`.core`), the bots, the game window and the ``frontdesk`` command
(:mod:`.cli`). Grading is its sibling, :mod:`frontdesk.grading`.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
