"""Facts: append-only, immutable, with a digest equal to the SHA-256 of the JSON-lines file."""

import hashlib

import pytest

from frontdesk.simulator.core.facts import FactLog


def test_digest_is_the_sha256_of_the_jsonl_text():
    """facts_sha256 is exactly the SHA-256 of what `--facts` writes."""
    log = FactLog()
    log.record(30, "call_rang", "M7", call="C1", line=1)
    log.record(31, "call_answered", "M7", call="C1", rings=1)
    assert log.sha256 == hashlib.sha256(log.jsonl().encode()).hexdigest()
    assert log.jsonl().splitlines()[0] == '{"call":"C1","kind":"call_rang","line":1,"mechanic":"M7","t":30}'


def test_details_are_frozen_and_plain():
    """Lists become tuples; values that are not plain JSON are refused; mechanics must exist."""
    log = FactLog()
    fact = log.record(1, "x", "M4", fields=["a", "b"])
    assert fact.get("fields") == ("a", "b")
    with pytest.raises(TypeError):
        log.record(1, "x", "M4", bad=object())
    with pytest.raises(ValueError):
        log.record(1, "x", "M99")
