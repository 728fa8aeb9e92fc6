"""Assignment codes: what a student types to play the day their instructor assigned them.

``frontdesk assign`` gives each student on a roster a code such as ``7K3P-Q9XA-M2D4-HT6C``. The code carries what
the game needs and nothing personal:

- the scenario (20 bits of its SHA-256), so the game finds it among the shipped and local scenarios;
- the assignment (20 random bits, the same for the whole class), so a replay names the assignment it was for;
- the student's seed (30 bits), derived by the instructor from a secret key, the assignment and the student's id
  (:mod:`grading.assignments`), so each student's day has its own dice and nobody can choose a better one;
- 10 check bits over all of the above *and* the student's id, so a mistyped code, or a code typed with another
  student's id, is refused before the day starts.

The game needs no key to read a code; only the instructor, who holds the key, can make one that
``frontdesk grade`` accepts for a given student. Codes are written in Crockford's base 32 (no I, L, O or U), read
in any case, with or without the dashes, and with I/L read as 1 and O as 0.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

__all__ = ["AssignmentCode", "CodeError", "assigned_scenario", "assignment_id", "decode_code", "encode_code",
           "normal_student", "plain_code", "scenario_tag"]

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_READ = {"I": 1, "L": 1, "O": 0}
_TAG_BITS, _NONCE_BITS, _SEED_BITS, _CHECK_BITS = 20, 20, 30, 10
_LENGTH = (_TAG_BITS + _NONCE_BITS + _SEED_BITS + _CHECK_BITS) // 5  # 16 characters
#: The largest seed a code can carry (seeds are drawn below it).
MAX_SEED = (1 << _SEED_BITS) - 1


class CodeError(ValueError):
    """A code that cannot be used; the message says why, for the student."""


@dataclass(frozen=True)
class AssignmentCode:
    """What a code says: the scenario's tag, the assignment's nonce and the student's seed."""

    tag: int
    nonce: int
    seed: int

    @property
    def assignment_suffix(self) -> str:
        """The assignment's nonce as four characters (an assignment's id is ``<scenario id>-<these>``)."""
        return _chars(self.nonce, _NONCE_BITS // 5)


def assignment_id(scenario_id: str, code: AssignmentCode) -> str:
    """The id of the assignment a code belongs to: the scenario's id and the assignment's four characters."""
    return f"{scenario_id}-{code.assignment_suffix}"


def plain_code(code: str) -> str:
    """A code as typed, as it compares: upper case, no dashes or spaces, I and L read as 1 and O as 0."""
    return "".join(str(_READ.get(ch, ch)) if ch in "ILO" else ch for ch in code.upper() if ch not in "- \t")


def normal_student(student: str) -> str:
    """A student id as codes and rosters compare it: trimmed, case-folded."""
    return student.strip().casefold()


def scenario_tag(scenario_sha256: str) -> int:
    """The 20 bits of a scenario's digest that a code carries."""
    return int(scenario_sha256[:5], 16)


def _chars(value: int, n: int) -> str:
    return "".join(_ALPHABET[(value >> (5 * (n - 1 - i))) & 31] for i in range(n))


def _check(student: str, payload: int) -> int:
    text = f"{normal_student(student)}\0{payload}".encode()
    return int.from_bytes(hashlib.sha256(text).digest()[:2], "big") >> (16 - _CHECK_BITS)


def encode_code(tag: int, nonce: int, seed: int, student: str) -> str:
    """The code for ``student`` to play seed ``seed`` of the assignment ``nonce`` on the scenario ``tag``."""
    if not (0 <= tag < 1 << _TAG_BITS and 0 <= nonce < 1 << _NONCE_BITS and 0 <= seed <= MAX_SEED):
        raise ValueError("a code's scenario tag, assignment or seed is out of range")
    payload = (tag << (_NONCE_BITS + _SEED_BITS)) | (nonce << _SEED_BITS) | seed
    text = _chars((payload << _CHECK_BITS) | _check(student, payload), _LENGTH)
    return "-".join(text[i:i + 4] for i in range(0, _LENGTH, 4))


def decode_code(code: str, student: str | None) -> AssignmentCode:
    """Read a code typed by ``student``; :class:`CodeError` says what is wrong in words."""
    if not student or not student.strip():
        raise CodeError("Type your student ID first: an assignment code is made for one student.")
    chars = list(plain_code(code))
    if len(chars) != _LENGTH:
        raise CodeError(f"An assignment code has {_LENGTH} letters and digits (like 7K3P-Q9XA-M2D4-HT6C); "
                        f"this one has {len(chars)}.")
    bad = sorted({ch for ch in chars if ch not in _ALPHABET})
    if bad:
        raise CodeError(f"An assignment code has no {', '.join(bad)} in it: check what you typed.")
    value = 0
    for ch in chars:
        value = (value << 5) | _ALPHABET.index(ch)
    payload, check = value >> _CHECK_BITS, value & ((1 << _CHECK_BITS) - 1)
    if _check(student, payload) != check:
        raise CodeError(f"This code does not work with student ID {student.strip()!r}: check the code and your ID "
                        "(a code works only with the ID it was made for).")
    return AssignmentCode(payload >> (_NONCE_BITS + _SEED_BITS), (payload >> _SEED_BITS) & ((1 << _NONCE_BITS) - 1),
                          payload & MAX_SEED)


def assigned_scenario(code: AssignmentCode, folders: Iterable[Path] = (), files: Iterable[str | Path] = (),
                      shipped: bool = True) -> Path | None:
    """The scenario file a code is for: among ``files``, the shipped scenarios (unless not ``shipped``) and the
    ``*.yaml`` in ``folders``, as the menu lists them (the first whose digest carries the code's tag); ``None``
    when there is none."""
    from .scenario import ScenarioError, load_scenario
    from .scenario.shipped import shipped_scenarios
    from .scenario.summary import scenario_digest

    candidates = [Path(f) for f in files] + (shipped_scenarios() if shipped else [])
    candidates += [p for folder in folders if Path(folder).is_dir() for p in sorted(Path(folder).glob("*.yaml"))]
    for path in candidates:
        try:
            if scenario_tag(scenario_digest(load_scenario(path))) == code.tag:
                return path
        except (ScenarioError, OSError):
            continue  # a broken file is not the one assigned
    return None
