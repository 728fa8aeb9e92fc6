"""Grading: turns a day's facts and the scenario's ground truth into scores and explained findings.

Judgement lives here and only here (DESIGN section 3, rule 3). The criteria arrive with the grading issue;
until then this package holds nothing, and nothing imports it.
"""

__all__: list[str] = []
