"""State machines: only legal moves, in the vocabulary of practice-management software."""

import pytest
from transitions import MachineError

from frontdesk.simulator.core.machines import VISIT_STATES, call_machine, visit_machine
from frontdesk.simulator.core.world import Visit


def test_a_visit_moves_through_the_flow_board():
    """Arrived → waiting → in exam room → checkout → checked out."""
    machine = visit_machine()
    visit = Visit("chen")
    machine.add_model(visit, initial="arrived")
    for trigger, state in (("check_in", "waiting"), ("call_in", "in_exam_room"), ("finish_visit", "checkout"),
                           ("check_out", "checked_out")):
        getattr(visit, trigger)()
        assert visit.state == state
    machine.remove_model(visit)
    assert visit.state == "checked_out"


@pytest.mark.parametrize("start, trigger", [("waiting", "check_in"), ("checkout", "walk_out"), ("arrived", "call_in")])
def test_illegal_moves_raise(start, trigger):
    """A move the flow does not allow raises (the engine turns it into words for the student)."""
    machine = visit_machine()
    visit = Visit("chen")
    machine.add_model(visit, initial=start)
    with pytest.raises(MachineError):
        getattr(visit, trigger)()


def test_a_call_cannot_be_answered_twice():
    """A call is answered once; holding and resuming go back and forth."""
    from frontdesk.simulator.core.world import Call

    machine = call_machine()
    call = Call("C1", None, 1, 0)  # type: ignore[arg-type]
    machine.add_model(call, initial="ringing")
    call.answer()
    call.hold()
    call.resume()
    with pytest.raises(MachineError):
        call.answer()


def test_states_use_the_flow_board_words():
    """The visit states include the words of real front-desk software."""
    assert {"arrived", "arrived_late", "in_exam_room", "checked_out", "no_show", "cancelled", "left_without_visit",
            "walk_in", "waiting"} <= set(VISIT_STATES)


def test_the_triggers_declared_for_type_checkers_are_the_machines_own():
    """Call and Visit declare, for type checkers, exactly the triggers their state machines add: a new transition
    must be declared too, or the engine's use of it goes unchecked."""
    import ast
    import inspect

    from frontdesk.simulator.core import machines, world

    def declared(cls: type) -> set[str]:
        tree = ast.parse(inspect.getsource(cls))
        guard = next(n for n in ast.walk(tree) if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test))
        return {n.name for n in guard.body if isinstance(n, ast.FunctionDef)}

    assert declared(world.Call) == {t["trigger"] for t in machines._CALL_TRANSITIONS}
    assert declared(world.Visit) == {t["trigger"] for t in machines._VISIT_TRANSITIONS}
