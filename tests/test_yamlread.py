"""Reading YAML as an instructor means it, and refusing hostile files quickly without running anything."""

import time

import pytest

from frontdesk.simulator.scenario.yamlread import MAX_BYTES, YamlReadError, read_yaml


def read(text: str):
    """``text`` read as YAML, with positions."""
    return read_yaml(text.encode("utf-8"))


def test_yaml_1_1_traps_stay_strings():
    """`10:15`, `ON`, `NO`, `yes` and `0712345677` stay exactly as written (no sexagesimal, booleans or octal)."""
    data = read("at: 10:15\nj: ON\nname: NO\nok: yes\ncard: 0712345677\nzip: 02134\nx: 1e3\n").data
    assert data == {"at": "10:15", "j": "ON", "name": "NO", "ok": "yes", "card": "0712345677", "zip": "02134", "x": "1e3"}


def test_nulls_are_none_but_quoted_nulls_are_text():
    """An empty value or `null`/`~` is no value; a quoted "null" is the word null."""
    data = read('a:\nb: null\nc: ~\nd: "null"\ne: ""\n').data
    assert data == {"a": None, "b": None, "c": None, "d": "null", "e": ""}


def test_positions_of_values_and_keys():
    """Every value and key remembers its 1-based line and column."""
    located = read("format: 1\npatients:\n  - {id: chen, dob: 1958-04-12}\n")
    assert located.values[("patients", 0, "dob")] == (3, 21)
    assert located.keys[("patients", 0, "dob")] == (3, 16)
    assert located.position(("patients", 0, "missing")) == (3, 5)


def test_duplicate_keys_are_refused_with_both_lines():
    """A key written twice is an error that names the line of the first one."""
    with pytest.raises(YamlReadError) as caught:
        read("id: a\ntitle: x\nid: b\n")
    assert caught.value.line == 3 and "first on line 1" in caught.value.message


def test_python_tags_are_refused_and_nothing_runs(tmp_path):
    """`!!python/object/apply` is refused at its position; the command it names is never run."""
    marker = tmp_path / "ran"
    text = f"x: !!python/object/apply:os.system ['touch {marker}']\n"
    with pytest.raises(YamlReadError, match="tag") as caught:
        read(text)
    assert caught.value.line == 1 and not marker.exists()


@pytest.mark.parametrize("text", ["x: !custom 3\n", "x: !!binary aGVsbG8=\n", "x: !!set {a, b}\n"])
def test_other_tags_are_refused(text):
    """Only plain YAML values are allowed; any tag that could build something else is an error."""
    with pytest.raises(YamlReadError, match="tag"):
        read(text)


def test_billion_laughs_is_refused_quickly():
    """An alias bomb is refused in well under a second, without expanding it."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefgh"[i]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    start = time.perf_counter()
    with pytest.raises(YamlReadError, match="aliases"):
        read("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 1.0


def test_aliases_used_sparingly_are_fine():
    """Reusing an anchor a few times is ordinary YAML and works."""
    data = read("base: &b {type: follow_up}\none: *b\ntwo: *b\n").data
    assert data["one"] == data["two"] == {"type": "follow_up"}


def test_recursive_alias_is_refused():
    """An alias inside the thing it names would never end; it is an error."""
    with pytest.raises(YamlReadError):
        read("a: &a [1, *a]\n")


def test_merge_keys_are_refused():
    """`<<` merges mean different things in YAML 1.1 and 1.2; the loader refuses them clearly."""
    with pytest.raises(YamlReadError, match="merge"):
        read("base: &b {x: 1}\nother:\n  <<: *b\n")


def test_too_large_input_is_refused_before_parsing():
    """Input over the size cap is refused by its size alone."""
    start = time.perf_counter()
    with pytest.raises(YamlReadError, match="MB"):
        read_yaml(b"#" * (MAX_BYTES + 1))
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize(
    "raw, words",
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"# only a comment\n", "only comments"),
        (b"\x00\x01\x02\xff\xfe", "not a text file"),
        (b"\xff\xfe\xfa garbage", "UTF-8"),
        (b"a: [1, 2\n", "not valid YAML"),
        (b"a: 1\n---\nb: 2\n", "one document"),
        (b"[" * 200_000, "deep"),
        (b"- " * 100_000 + b"x", "deep"),
        (b"x: *nothing\n", "names no anchor"),
    ],
)
def test_unreadable_files_give_one_clear_problem(raw, words):
    """Empty, binary, broken or absurdly nested input gives a single readable problem."""
    start = time.perf_counter()
    with pytest.raises(YamlReadError) as caught:
        read_yaml(raw)
    assert time.perf_counter() - start < 1.0
    assert words in caught.value.message
    assert "\n" not in caught.value.message


def test_control_character_is_placed_and_named():
    """A control character pasted from a word processor is reported at its own line and column."""
    with pytest.raises(YamlReadError) as caught:
        read_yaml(b"a: 1\nb: x\x0by\n")
    assert (caught.value.line, caught.value.column) == (2, 5) and "U+000B" in caught.value.message


def test_latin1_byte_is_placed():
    """A byte that is not UTF-8 is reported where it is, with advice to save as UTF-8."""
    with pytest.raises(YamlReadError) as caught:
        read_yaml("a: 1\nb: caf\xe9\n".encode("latin-1"))
    assert (caught.value.line, caught.value.column) == (2, 7) and "UTF-8" in caught.value.message


def test_utf16_is_recognised():
    """A file saved as UTF-16 ("Unicode" in Notepad) is named as such."""
    with pytest.raises(YamlReadError, match="UTF-16"):
        read_yaml("a: 1\n".encode("utf-16"))


def test_unclosed_braces_get_advice():
    """A colon inside unquoted text in braces gets advice about quoting, not a bare parser message."""
    with pytest.raises(YamlReadError, match="in quotes"):
        read_yaml(b"a: {reason: note: blood pressure}\n")


def test_a_huge_text_cannot_be_multiplied_by_aliases():
    """Aliases of one long anchored text count by its size, so a small file cannot expand to gigabytes."""
    text = "a: &big " + "x" * 500_000 + "\nb: [" + ", ".join(["*big"] * 2000) + "]\n"
    with pytest.raises(YamlReadError, match="aliases"):
        read_yaml(text.encode())
