"""Grading: turns a day's facts and the scenario's ground truth into scores and explained findings.

Judgement lives here and only here (DESIGN section 3, rule 3). Each criterion (:mod:`.multitasking`,
:mod:`.accuracy`, :mod:`.privacy`) is a pure function of the scenario and the facts; :mod:`.api` grades a played
day or a replay file; the debrief, scoreboard and exports build on the grade JSON (:mod:`.grade`).
"""

__all__: list[str] = []
