"""Actions: a closed set of typed records that survive a trip through JSON."""

import dataclasses

import pytest

from frontdesk.simulator.core.actions import ACTION_TYPES, action_from_dict, action_to_dict

#: A sample value for each field type the actions use (annotations are strings: the module postpones them).
SAMPLE = {"int": 3, "float": 71.5, "str": "x", "bool": True, "tuple[str, ...]": ("name", "dob")}


def _sample(cls):
    return cls(t=100, **{f.name: SAMPLE[f.type] for f in dataclasses.fields(cls) if f.name != "t"})


@pytest.mark.parametrize("kind", sorted(ACTION_TYPES))
def test_every_action_round_trips_through_json(kind):
    """Each action type turns into plain data and back into an equal action."""
    action = _sample(ACTION_TYPES[kind])
    data = action_to_dict(action)
    assert data["type"] == kind and data["t"] == 100
    assert action_from_dict(data) == action


@pytest.mark.parametrize(
    "data, words",
    [
        ({"t": 1, "type": "fly"}, "unknown action type"),
        ({"t": 1, "type": "answer_call", "line": 1, "colour": "red"}, "unknown field"),
        ({"t": 1, "type": "answer_call", "line": "one"}, "line"),
        ({"t": 1, "type": "answer_call", "line": "1"}, "whole number"),
        ({"t": True, "type": "lock_screen"}, "whole number"),
        ({"t": 1, "type": "answer_call"}, "line"),
        ([1, 2], "JSON object"),
    ],
)
def test_damaged_actions_are_explained(data, words):
    """A damaged stored action says what is wrong with it."""
    with pytest.raises(ValueError, match=words):
        action_from_dict(data)
