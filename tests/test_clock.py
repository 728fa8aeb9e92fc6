"""The event queue: a repeatable order of what happens next."""

from frontdesk.simulator.core.clock import EventQueue, Priority


def test_time_then_priority_then_push_order():
    """Entries pop by time, then priority, then the order they were pushed in."""
    q = EventQueue()
    q.push(10, Priority.DISPATCH, "d")
    q.push(10, Priority.FINISH, "f")
    q.push(5, Priority.TIMEOUT, "t")
    q.push(10, Priority.FINISH, "f2")
    assert [q.pop().kind for _ in range(4)] == ["t", "f", "f2", "d"]


def test_cancelled_entries_are_skipped():
    """A cancelled entry never pops, and the next time ignores it."""
    q = EventQueue()
    first = q.push(1, Priority.SCENARIO, "a")
    q.push(2, Priority.SCENARIO, "b")
    q.cancel(first)
    q.cancel(None)
    assert q.peek_time() == 2 and q.pop().kind == "b" and q.peek_time() is None and len(q) == 0


def test_cancelling_the_entry_being_handled_leaves_the_count_right():
    """Cancelling an entry after it popped (as a handler may) never makes the queue's length negative."""
    q = EventQueue()
    entry = q.push(1, Priority.TIMEOUT, "x")
    assert q.pop() is entry
    q.cancel(entry)
    assert len(q) == 0 and q.peek_time() is None
