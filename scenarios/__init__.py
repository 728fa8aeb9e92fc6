"""The shipped scenarios. Installed as the package ``simulator.shipped`` so that ``pip install`` alone brings them.

This file exists only so that every kind of install (wheel or editable) can find the folder; see
:func:`simulator.scenario.shipped.shipped_scenarios`.
"""
