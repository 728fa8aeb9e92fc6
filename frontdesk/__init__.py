"""Front Desk: a training simulator for medical office assistants, installed as one package.

The code lives in two subpackages: :mod:`frontdesk.simulator` (the scenario format, the engine, the bots, the
game window and the ``frontdesk`` command) and :mod:`frontdesk.grading` (judgement: grades, reports, the
scoreboard, exports). In the repository they are the top-level folders ``simulator/`` and ``grading/``; the
shipped scenarios (``scenarios/``) and assets (``assets/``) install as ``frontdesk.simulator.shipped`` and
``frontdesk.simulator.assets`` (docs/architecture.md records the mapping).
"""

from .simulator import __version__

__all__ = ["__version__"]
