"""The ``frontdesk`` command (also ``python -m frontdesk``).

Each sub-command is a small function that returns an exit code. Problems a user can fix (a bad scenario, a
missing file) print one clear message and exit non-zero; they never show a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, Callable, Iterable, Sequence

from . import __version__

__all__ = ["main", "build_parser"]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70


def _out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text if text.endswith("\n") else text + "\n")


def cmd_validate(args: argparse.Namespace) -> int:
    """Check scenario files; print one ``path:line:col: message`` line per problem, and one
    ``path:line:col: warning: message`` line per part of a valid file that will have no effect."""
    from .scenario import ScenarioError, describe, read_scenario, scenario_warnings

    from pathlib import Path

    failed = False
    for name in args.scenarios:
        path = _scenario_path(name)
        if not Path(path).exists():
            failed = True
            _out(_no_such_scenario(name))
            continue
        try:
            scenario, located = read_scenario(path)
            warnings = scenario_warnings(scenario, located, str(path))
        except ScenarioError as exc:
            failed = True
            for problem in exc.problems:
                _out(str(problem))
            continue
        except Exception as exc:  # noqa: BLE001 - one file's bug must not hide the other files' results
            if os.environ.get("FRONTDESK_DEBUG"):
                raise
            failed = True
            _out(f"{path}:1:1: internal error while checking this file ({type(exc).__name__}: {exc}); please report it")
            continue
        for warning in warnings:
            _out(str(warning))
        failed = failed or bool(warnings and args.strict)
        verdict = f"ok, with {len(warnings)} warning{'s' if len(warnings) != 1 else ''}" if warnings else "ok"
        _out(f"{path}: {verdict}" if not args.summary else f"{path}: {verdict}\n{describe(scenario)}")
    return EXIT_PROBLEMS if failed else EXIT_OK


def _scenario_path(text: str) -> str:
    """A scenario argument as a path: a file, or the id of a shipped scenario (``tutorial``, ``laura-day``) or of
    one in ``my-scenarios/`` or ``scenarios/`` here (as ``frontdesk scenarios`` lists them)."""
    from .scenario.catalog import find_scenario

    found = find_scenario(text)
    return str(found) if found is not None else text


def _no_such_scenario(text: str) -> str:
    """Why ``text`` names no scenario, in one line."""
    from pathlib import Path

    if Path(text).suffix or len(Path(text).parts) > 1:
        return f"{text}:1:1: no such file"
    return (f"{text}: no such file, and no shipped or local scenario has that id "
            "(`frontdesk scenarios` lists them)")


def _load_or_report(path: str) -> Any:
    """The scenario at ``path`` (or the shipped scenario of that id), or ``None`` after printing its problems to
    stderr."""
    from pathlib import Path

    from .scenario import ScenarioError, load_scenario

    found = _scenario_path(path)
    if not Path(found).exists():
        _err(_no_such_scenario(path))
        return None
    try:
        return load_scenario(found)
    except ScenarioError as exc:
        _err(str(exc))
        return None


def cmd_scenarios(args: argparse.Namespace) -> int:
    """List the scenarios this computer has, course by course in teaching order: the shipped course, then each of
    my-scenarios/ and scenarios/ here (ordered by its course.json when it has one)."""
    from .scenario.catalog import day_text, list_scenarios, where
    from .scenario.shipped import default_folders

    entries = list_scenarios(default_folders())
    rows = [("STEP", "ID", "TITLE", "WHERE (LAW)", "DIFFICULTY", "DAY · PATIENTS BOOKED", "MODE", "FROM")]
    broken = []
    for e in entries:
        source = "shipped" if not e.local else str(e.path)
        if e.scenario is None:
            broken.append(f"{e.path}: cannot be opened: {e.problem} (frontdesk validate {e.path} lists every problem)")
            continue
        s = e.scenario
        rows.append((str(e.step), s.id, s.title, where(s), s.difficulty, day_text(s), s.mode.replace("_", " "), source))
    if args.json:
        _out(json.dumps([{"id": e.scenario.id, "title": e.scenario.title, "jurisdiction": e.scenario.jurisdiction,
                          "difficulty": e.scenario.difficulty, "day": day_text(e.scenario), "mode": e.scenario.mode,
                          "shipped": not e.local, "path": str(e.path),
                          "course": e.course.title if e.course is not None else None, "step": e.step}
                         for e in entries if e.scenario is not None]))
    else:
        from frontdesk.grading.scoreboard import printable

        widths = [max(len(printable(r[i])) for r in rows) for i in range(len(rows[0]) - 1)]
        _out("\n".join("  ".join(printable(c).ljust(w) for c, w in zip(r, widths, strict=False)) + "  "
                       + printable(r[-1]) for r in rows))
        if not any(e.local for e in entries):
            _out("\nYour own scenarios: put .yaml files in a my-scenarios/ folder here; they are listed too.")
    courses = dict.fromkeys(e.course for e in entries if e.course is not None)
    for course in courses:  # a course file's problem: its folder is still listed, so it is not a failure
        for problem in course.problems:
            _err(f"{course.folder}/{problem}" if course.folder is not None else problem)
    for line in broken:
        _err(line)
    return EXIT_PROBLEMS if broken else EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    """Print the scenario as the engine reads it: normalised JSON, defaults filled, patients expanded."""
    scenario = _load_or_report(args.scenario)
    if scenario is None:
        return EXIT_PROBLEMS
    if args.rubric:
        from frontdesk.grading.text import format_rubric, rubric_json

        _out(json.dumps(rubric_json(scenario), indent=2, ensure_ascii=False) if args.json else format_rubric(scenario))
        return EXIT_OK
    _out(json.dumps(scenario.model_dump(mode="json", by_alias=True), indent=2, ensure_ascii=False))
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """Print (or write) the scenario JSON Schema."""
    from .scenario.schema import schema_text

    if args.out:
        from .files import write_atomic

        try:
            write_atomic(args.out, schema_text())
        except OSError as exc:
            _err(f"frontdesk schema: cannot write {args.out}: {exc.strerror or exc}")
            return EXIT_PROBLEMS
        _err(f"wrote {args.out}")
    else:
        sys.stdout.write(schema_text())
    return EXIT_OK


def cmd_generate(args: argparse.Namespace) -> int:
    """Print a random, valid, realistic day as scenario YAML."""
    if not 12 <= args.patients <= 10_000:
        _err("frontdesk generate: --patients must be between 12 and 10000")
        return EXIT_USAGE
    if args.seed < 0:
        _err("frontdesk generate: --seed must be 0 or more")
        return EXIT_USAGE
    try:
        from .scenario.generate import generate_day
    except ImportError as exc:
        _err(f"frontdesk generate: making a day needs the authoring extra ({exc.name or exc} is missing): "
             "pip install 'frontdesk[authoring]'")
        return EXIT_PROBLEMS

    sys.stdout.write(generate_day(args.seed, args.patients, args.jurisdiction, args.difficulty, mode=args.mode,
                                  kind=args.kind))
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    """Play a day headless with a bot, or re-play a recorded attempt, and report it."""
    from .bots import make_bot, play_day
    from .core import Simulation
    from .day_summary import day_summary, format_summary
    from .files import write_atomic
    from .replay import ReplayError, read_replay, replay_of, replay_simulation, write_replay

    scenario = _load_or_report(args.scenario)
    if scenario is None:
        return EXIT_PROBLEMS
    student = args.student
    bot_name = args.bot
    replay = None
    try:
        if args.replay:
            replay = read_replay(args.replay)
            bot_name = replay.bot
            if args.seed is not None and args.seed != replay.seed:
                _err(f"frontdesk run: {args.replay} was recorded with seed {replay.seed}; drop --seed to re-play it")
                return EXIT_USAGE
            sim = replay_simulation(replay, scenario, args.replay)
            student = replay.student if args.student is None else args.student
        else:
            seed = scenario.seed if args.seed is None else args.seed
            sim = play_day(Simulation(scenario, seed), make_bot(args.bot, scenario, seed))
    except ReplayError as exc:
        _err(str(exc))
        return EXIT_PROBLEMS
    try:
        if args.replay_out:
            # A re-played attempt keeps what it was played for and when (its assignment, code and trace).
            kept = {} if replay is None else {"assignment": replay.assignment, "code": replay.code,
                                              "trace": replay.trace}
            pace = scenario.pace if replay is None or replay.pace is None else replay.pace
            write_replay(args.replay_out, replay_of(sim, student=student, pace=pace, bot=bot_name, **kept))
        if args.facts:
            write_atomic(args.facts, sim.facts.jsonl())
    except OSError as exc:
        _err(f"frontdesk run: cannot write {exc.filename}: {exc.strerror or exc}")
        return EXIT_PROBLEMS
    from frontdesk.grading.api import grade_simulation
    from frontdesk.grading.text import format_grade

    summary = day_summary(sim)
    grade = grade_simulation(sim, student).to_json()
    if args.json:
        _out(json.dumps({**grade, "summary": summary}))
    else:
        _out(format_summary(sim, summary) + "\n\n" + format_grade(grade, findings=12))
    return EXIT_OK


def _progress(label: str) -> Callable[[int, int], None]:
    """A progress bar on stderr for batches that take more than a couple of seconds (or FRONTDESK_PROGRESS=1)."""
    import time

    start = time.monotonic()
    forced = os.environ.get("FRONTDESK_PROGRESS") == "1"
    shown = [False]

    def show(done: int, total: int) -> None:
        if not (forced or (sys.stderr.isatty() and time.monotonic() - start > 2.0)):
            return
        width = 30
        filled = round(width * done / total) if total else width
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        shown[0] = True
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def cmd_grade(args: argparse.Namespace) -> int:
    """Re-play each replay on its scenario and grade it; reports and scoreboard rows as asked."""
    from pathlib import Path

    from frontdesk.grading.batch import collect, grade_many
    from frontdesk.grading.scoreboard import Scoreboard, ScoreboardError, printable
    from frontdesk.grading.text import format_batch_header, format_batch_line, format_grade

    paths = collect(args.replays)
    if not paths:
        _err("frontdesk grade: no replay files found (give .json files or folders holding them)")
        return EXIT_PROBLEMS
    if _use_key_file(args, "grade"):
        return EXIT_PROBLEMS
    if args.assignment:
        from frontdesk.grading.assignments import AssignmentError, load_assignment

        try:
            for folder in args.assignment:
                load_assignment(folder)
        except AssignmentError as exc:
            _err(f"frontdesk grade: {exc}")
            return EXIT_PROBLEMS
    board = None
    if not args.no_db:
        try:
            board = Scoreboard(args.db or None)
        except ScoreboardError as exc:
            _err(f"frontdesk grade: {exc}")
            return EXIT_PROBLEMS
    report_dir = Path(args.report) if args.report else None
    if report_dir is not None:
        try:
            report_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            _err(f"frontdesk grade: cannot make the report folder {report_dir}: {exc.strerror or exc}")
            return EXIT_PROBLEMS
    _tidy(report_dir)
    grades, failed, written = [], 0, set[str]()
    rows: list[str] = []
    handed_in: list[Any] = []  # the students' days, compared with each other once the batch is graded
    graded_outcomes: list[Any] = []
    try:
        for outcome in grade_many(paths, args.jobs, tuple(_scenario_path(x) for x in args.scenario or ()),
                                  report_dir is not None,
                                  _progress("grading"), tuple(args.assignment or ())):
            # A replay's file name, and whatever its messages quote of it, are a student's text: shown safely.
            where = printable(outcome.path)
            if outcome.grade is None:
                failed += 1
                said = printable(str(outcome.error))
                _err(f"\r\033[Kfrontdesk grade: {said}" if sys.stderr.isatty() else f"frontdesk grade: {said}")
                continue
            grades.append(outcome.grade)
            graded_outcomes.append(outcome)
            if outcome.bot is None:
                handed_in.append(outcome)
            for flag in outcome.flags:
                _err(f"frontdesk grade: {where}: look at it: {printable(flag)}")
            if outcome.bot is not None:
                from frontdesk.grading.integrity import bot_mark

                _err(f"frontdesk grade: {where} {printable(bot_mark(outcome.bot))}, not a student's: graded, but not "
                     "put on the scoreboard")
            elif outcome.bot_match is not None and not args.allow_bot_match:
                _err(f"frontdesk grade: {where} {printable(outcome.bot_match.describe())}: graded, but not put on "
                     "the scoreboard (--allow-bot-match records it)")
            elif board is not None and outcome.replay_sha256:
                board.record(outcome.grade, outcome.replay_sha256, scenario_title=outcome.scenario_title)
            if report_dir is not None and outcome.report_html is not None:
                from frontdesk.grading.report import write_report  # only with --report: it brings the picture's code

                write_report(_report_path(report_dir, outcome.path, written), outcome.report_html)
            rows.append(format_batch_line(outcome.path, outcome.grade))
    except ScoreboardError as exc:
        _err(f"frontdesk grade: {printable(str(exc))}")
        return EXIT_PROBLEMS
    except OSError as exc:  # a debrief's name is made from a replay's
        _err(f"frontdesk grade: cannot write {printable(str(exc.filename))}: {exc.strerror or exc}")
        return EXIT_PROBLEMS
    finally:
        if board is not None:
            board.close()
    # The table comes after the batch, so the progress bar (on the same terminal) never runs through it.
    if args.json:
        if len(paths) > 1:
            _out(json.dumps(grades))
        elif grades:
            _out(json.dumps(grades[0]))
    elif len(paths) == 1 and grades:
        _out(format_grade(grades[0]))
    elif rows:
        _out("\n".join([format_batch_header(), *rows]))
    if len(paths) > 1:
        _err(f"graded {len(grades)} of {len(paths)} replays" + (f"; {failed} could not be graded" if failed else ""))
        if _similarity(handed_in, report_dir):
            return EXIT_PROBLEMS
    if report_dir is not None and _flags_csv(graded_outcomes, report_dir):
        return EXIT_PROBLEMS
    return EXIT_PROBLEMS if failed else EXIT_OK


def _tidy(report_dir: Any) -> None:
    """Remove what an earlier grade killed mid-write left behind: temporary files in the caches and the data folder,
    and of debriefs and CSV files in the report folder (only those: the folder is the user's)."""
    from .files import clean_app_folders, clean_leftovers

    clean_app_folders()
    if report_dir is not None:
        clean_leftovers(report_dir, "*.html")
        clean_leftovers(report_dir, "*.csv")


def _use_key_file(args: argparse.Namespace, command: str) -> bool:
    """Use ``--key-file`` (when given) as the instructor key for this command and its workers; True (after saying
    why) when it cannot be read."""
    if not getattr(args, "key_file", None):
        return False
    from frontdesk.grading.assignments import AssignmentError, use_key_file

    try:
        use_key_file(args.key_file)
    except AssignmentError as exc:
        _err(f"frontdesk {command}: {exc}")
        return True
    return False


def _report_csv(report_dir: Any, name: str, header: list[str], rows: Iterable[Sequence[str]]) -> bool:
    """Write the CSV ``name`` beside the debriefs, every cell neutralised (a file name or a student id is a
    student's text: never a formula once the CSV is opened); True, after saying why, when it cannot be written."""
    import csv
    import io
    from pathlib import Path

    from frontdesk.grading.exports import neutralise

    from .files import write_atomic

    text = io.StringIO()
    out = csv.writer(text, lineterminator="\r\n")
    out.writerow(header)
    out.writerows([neutralise(cell) for cell in row] for row in rows)
    try:
        write_atomic(Path(report_dir) / name, text.getvalue())
    except OSError as exc:
        _err(f"frontdesk grade: cannot write {Path(report_dir) / name}: {exc.strerror or exc}")
        return True
    return False


def _flags_csv(outcomes: list[Any], report_dir: Any) -> bool:
    """Write ``flags.csv`` beside the debriefs: each signal about a graded day (a bot's mark, a match with a bot's
    day, a missing or odd real-time trace, an unchecked assignment), one row each; True when it cannot be written."""
    from pathlib import Path

    from frontdesk.grading.integrity import bot_mark

    rows = []
    for o in outcomes:
        said = list(o.flags)
        if o.bot is not None:
            said.insert(0, f"it {bot_mark(o.bot)}")
        elif o.bot_match is not None:
            said.insert(0, f"it {o.bot_match.describe()}")
        rows += [[Path(o.path).name, o.grade.get("student") or "", flag] for flag in said]
    return _report_csv(report_dir, "flags.csv", ["replay", "student", "flag"], rows)


def cmd_assign(args: argparse.Namespace) -> int:
    """Give each student on a roster their own day of a scenario: an assignment folder with a code each."""
    from pathlib import Path

    from frontdesk.grading.assignments import AssignmentError, key_path, load_key, make_assignment, read_roster

    path = _scenario_path(args.scenario)
    scenario = _load_or_report(path)
    if scenario is None:
        return EXIT_PROBLEMS
    from .scenario.shipped import shipped_dir

    shipped = Path(path).resolve().parent == shipped_dir().resolve()
    out = Path(args.out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        _err(f"frontdesk assign: {out} already exists and is not an empty folder; choose a new folder")
        return EXIT_PROBLEMS
    new_key = args.key_file is None and not key_path().exists()
    try:
        roster = read_roster(args.roster)
        key = load_key(args.key_file, create=args.key_file is None)
        assignment = make_assignment(scenario, Path(path), roster, Path(args.out), key, title=args.title,
                                     shipped=shipped)
    except AssignmentError as exc:
        _err(f"frontdesk assign: {exc}")
        return EXIT_PROBLEMS
    from frontdesk.grading.scoreboard import printable

    width = max(len(printable(e.student)) for e in assignment.students)
    _out(f"assignment {assignment.id}: {scenario.title}, for {len(assignment.students)} students")
    _out("\n".join(f"  {printable(e.student):<{width}}  {e.code}" for e in assignment.students))
    _out(f"wrote {args.out}: assignment.json (your record: keep it), codes.csv (one code per student), and a note "
         "for each student in students/")
    if assignment.scenario_file:
        _out(f"students also need {Path(args.out) / assignment.scenario_file} in a my-scenarios folder")
    _out(f"grade their replays with: frontdesk grade --assignment {args.out} REPLAYS...")
    if new_key:
        _out(f"made your instructor key, {key_path()}: it makes and checks every code; keep it private, back it up, "
             "and never put it on a student's computer")
    return EXIT_OK


def _similarity(handed_in: list[Any], report_dir: Any) -> bool:
    """List pairs of near-identical days in the batch (a flag for the instructor, never an automatic zero), and
    with --report write them to ``similarity.csv`` beside the debriefs; True when that file cannot be written."""
    from pathlib import Path

    from frontdesk.grading.integrity import similar_pairs
    from frontdesk.grading.scoreboard import printable

    names = {f"{o.grade.get('student') or '?'} ({Path(o.path).name})": o for o in handed_in}
    pairs = similar_pairs({n: o.fingerprint for n, o in names.items()},
                          {n: str(o.grade.get("facts_sha256")) for n, o in names.items()},
                          {n: o.gap_fingerprint for n, o in names.items()})
    if pairs:
        _err("similar days (look at them; a flag, not a verdict):")
        for a, b, share, same in pairs:
            _err(f"  {printable(a)}  ~  {printable(b)}: {share:.0%} of actions identical"
                 + (", the same facts digest" if same else ""))
    if report_dir is None:
        return False
    return _report_csv(report_dir, "similarity.csv", ["first", "second", "identical_actions", "same_facts"],
                       [[a, b, f"{share:.2f}", "yes" if same else "no"] for a, b, share, same in pairs])


#: A debrief's name keeps at most this many bytes of its replay's name, so that with a digest, a number and
#: ``.html`` it stays within the 255 bytes of a file name (a longer one used to end the batch part way).
_REPORT_STEM_BYTES = 200


def _report_path(folder: Any, replay: str, written: set[str]) -> Any:
    """A debrief's file: the replay's name (cut by bytes to fit), or when another replay's debrief or a file of the
    user's has it, that name and a digest of the replay's path (same-named replays from different folders each
    keep their own); a debrief of the same replay from an earlier run is replaced. ``written`` holds the names
    written in this batch, in lower case: where case is ignored, ``A.html`` and ``a.html`` are one file."""
    import itertools

    from frontdesk.grading.report import replay_key

    from .files import fit_bytes

    key = replay_key(replay)
    stem = fit_bytes(os.path.splitext(os.path.basename(replay))[0], _REPORT_STEM_BYTES)
    tagged = f"{stem}-{key[:8]}"
    for name in itertools.chain([stem, tagged], (f"{tagged}-{n}" for n in itertools.count(2))):
        candidate = folder / f"{name}.html"
        if candidate.name.casefold() in written:
            continue
        if candidate.exists() and _debrief_of(candidate) not in (key, ""):
            continue  # the user's own file, or the debrief of another replay: never replaced
        written.add(candidate.name.casefold())
        return candidate
    raise AssertionError("unreachable: the names never run out")


def _debrief_of(path: Any) -> str | None:
    """The replay a debrief file says it is of (``""`` for a debrief from before they said), or ``None`` when the
    file is not a debrief (or cannot be read)."""
    import re

    from frontdesk.grading.report import REPLAY_META

    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            head = handle.read(2048)
    except OSError:
        return None
    if 'name="generator" content="frontdesk' not in head:
        return None
    found = re.search(f'<meta name="{REPLAY_META}" content="([0-9a-f]+)">', head)
    return found.group(1) if found else ""


def cmd_scoreboard(args: argparse.Namespace) -> int:
    """Print the best attempt per student (per scenario)."""
    from frontdesk.grading.scoreboard import Scoreboard, ScoreboardError, format_table

    if _use_key_file(args, "scoreboard"):
        return EXIT_PROBLEMS
    try:
        with Scoreboard(args.db or None, create=False) as board:
            if args.reseal:
                from frontdesk.grading.assignments import instructor_key

                key = instructor_key()
                if key is None:
                    _err("frontdesk scoreboard: --reseal seals rows with your instructor key, and this computer has "
                         "none (`frontdesk assign` makes one; or give yours with --key-file)")
                    return EXIT_PROBLEMS
                resealed, left = board.reseal(key)
                _err(f"resealed {resealed} row{'s' if resealed != 1 else ''} with your instructor key"
                     + (f"; {left} disagree with their grades and were left marked EDITED" if left else ""))
            _out(format_table(board.best(args.scenario), args.scenario))
    except ScoreboardError as exc:
        _err(f"frontdesk scoreboard: {exc}")
        return EXIT_PROBLEMS
    return EXIT_OK


def _canvas_assignment_ids(given: Sequence[str]) -> dict[str, int] | None:
    """``--canvas-assignment-id SCENARIO=ID`` values as scenario id → Canvas assignment id; None (after saying
    why) when one is malformed or a scenario is named twice with two ids."""
    ids: dict[str, int] = {}
    for value in given:
        scenario, sep, number = (part.strip() for part in value.partition("="))
        if not (sep and scenario and number.isascii() and number.isdigit() and int(number) > 0):
            _err(f"frontdesk export: --canvas-assignment-id takes SCENARIO=ID, a scenario id and the number of a "
                 f"Canvas assignment (laura-day=4021), not {value!r}")
            return None
        if ids.get(scenario, int(number)) != int(number):
            _err(f"frontdesk export: --canvas-assignment-id gives {scenario!r} two assignments")
            return None
        ids[scenario] = int(number)
    return ids


def cmd_export(args: argparse.Namespace) -> int:
    """Write class results in an LMS's format, or a ready Gradescope autograder folder."""
    from frontdesk.grading.exports import ExportError, export, gradescope_autograder, load_roster
    from frontdesk.grading.scoreboard import Scoreboard, ScoreboardError

    from .files import write_atomic

    canvas_ids = _canvas_assignment_ids(args.canvas_assignment_id or ())
    if canvas_ids is None:
        return EXIT_USAGE
    if canvas_ids and args.format != "canvas":
        _err("frontdesk export: --canvas-assignment-id is for --format canvas")
        return EXIT_USAGE
    if args.bom and args.format in ("gradescope", "gradescope-autograder"):
        _err(f"frontdesk export: --bom is for the CSV formats; --format {args.format} writes no CSV")
        return EXIT_USAGE
    if _use_key_file(args, "export"):
        return EXIT_PROBLEMS
    try:
        if args.format == "gradescope-autograder":
            if not args.out:
                _err("frontdesk export: --format gradescope-autograder writes a folder; name it with --out DIR")
                return EXIT_USAGE
            folder = gradescope_autograder(args.out, scenario=args.scenario, assignment=args.assignment)
            _err(f"wrote a Gradescope autograder to {folder}: zip its contents and upload them to Gradescope")
            return EXIT_OK
        roster = load_roster(args.roster) if args.roster else None
        with Scoreboard(args.db or None, create=False) as board:
            result = export(board, args.format, scenario=args.scenario, student=args.student, roster=roster,
                            moodle_id=args.moodle_id, canvas_assignment_ids=canvas_ids,
                            brightspace_id=args.brightspace_id)
    except (ExportError, ScoreboardError) as exc:
        _err(f"frontdesk export: {exc}")
        return EXIT_PROBLEMS
    text = result if isinstance(result, str) else json.dumps(result, indent=2) + "\n"
    if args.bom:
        text = "\ufeff" + text  # Excel reads a CSV as UTF-8 only after this mark (Zoë, Émile); LMSs need none
    if args.out:
        try:
            write_atomic(args.out, text)
        except OSError as exc:
            _err(f"frontdesk export: cannot write {args.out}: {exc.strerror or exc}")
            return EXIT_PROBLEMS
    elif isinstance(result, str) and getattr(sys.stdout, "buffer", None) is not None:
        # The CSV's bytes as made: a text stdout would turn each CRLF into CR CR LF on Windows, and encode
        # names in the console's code page rather than UTF-8.
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_calibrate(args: argparse.Namespace) -> int:
    """Play the scenario with every bot and say whether it is fair."""
    from frontdesk.grading.calibrate import calibrate, format_calibration

    scenario = _load_or_report(args.scenario)
    if scenario is None:
        return EXIT_PROBLEMS
    result = calibrate(scenario, random_seeds=args.random_seeds)
    _out(format_calibration(result))
    return EXIT_OK


def cmd_play(args: argparse.Namespace) -> int:
    """Open the game window: the menu, or straight to a scenario's desk."""
    if args.scenario is not None and _load_or_report(args.scenario) is None:
        return EXIT_PROBLEMS  # a bad scenario is reported in words before any window opens
    if args.pace is not None and not 1 <= args.pace <= 600:
        _err("frontdesk play: --pace is simulated seconds per real second, from 1 to 600")
        return EXIT_USAGE
    try:
        from .ui.game import play
    except ImportError as exc:
        _err(f"frontdesk play: the game window needs the game extra ({exc.name or exc} is missing): "
             "pip install 'frontdesk[game]' (in a checkout: make play)")
        return EXIT_PROBLEMS
    import pygame

    code = None
    scenario_path = _scenario_path(args.scenario) if args.scenario is not None else None
    if args.code is not None:
        from .assignment_code import CodeError, assigned_scenario, decode_code
        from .scenario.shipped import default_folders

        if not (args.student or "").strip():
            _err("frontdesk play: --code needs --student ID, the student ID the code was made for")
            return EXIT_USAGE
        try:
            code = decode_code(args.code, args.student)
        except CodeError as exc:
            _err(f"frontdesk play: {exc}")
            return EXIT_USAGE
        if scenario_path is not None:
            if assigned_scenario(code, files=[scenario_path], shipped=False) is None:
                _err(f"frontdesk play: this code is not for {args.scenario}; drop the scenario to play the one it is for")
                return EXIT_USAGE
        else:
            found = assigned_scenario(code, default_folders())
            if found is None:
                _err("frontdesk play: this code is for a scenario this computer does not have: put the scenario file "
                     "your instructor sent in a my-scenarios folder here, or name it: frontdesk play FILE --code CODE")
                return EXIT_PROBLEMS
            scenario_path = str(found)
    try:
        return play(scenario_path, student=args.student, pace=args.pace, watch=args.watch, sound=not args.no_sound,
                    show_fps=args.show_fps, frame_log=args.frame_log, scale=args.scale,
                    code=args.code if code is not None else None, assist=args.assist)
    except pygame.error as exc:
        _err(f"frontdesk play: cannot open a window here ({exc}). On a machine without a screen, try `make demo` "
             "or `frontdesk run SCENARIO --bot expert`.")
        return EXIT_PROBLEMS


class _Formatter(argparse.ArgumentDefaultsHelpFormatter):
    """Shows an option's default only when it has one worth saying and its help does not say it already."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        if action.default in (None, False, argparse.SUPPRESS) or "default" in text:
            return text
        return super()._get_help_string(action) or text


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``frontdesk``, one sub-command per row of DESIGN section 4 that exists."""
    parser = argparse.ArgumentParser(
        prog="frontdesk",
        description="Front Desk: a training simulator for medical office assistants.",
    )
    parser.add_argument("--version", action="version", version=f"frontdesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text, formatter_class=_Formatter)
        p.set_defaults(func=func)
        return p

    p = add("play", cmd_play, "open the game window")
    p.add_argument("scenario", nargs="?", metavar="SCENARIO", help="a scenario file; without one, a menu")
    p.add_argument("--student", metavar="ID", help="the student's ID, recorded in the replay")
    p.add_argument("--pace", type=int, metavar="N", help="simulated seconds per real second, 1 to 600")
    p.add_argument("--assist", choices=("full", "some", "none"),
                   help="how much the desk helps: full (hints, comparisons, urgency marks), some (hints), none; "
                        "default: the scenario's (an assessment is always none)")
    p.add_argument("--watch", choices=("expert", "novice"), help="a bot plays in the window (class demonstrations)")
    p.add_argument("--scale", type=float, default=1.0, metavar="X", help="enlarge the whole interface, e.g. 1.25")
    p.add_argument("--no-sound", action="store_true", help="start with sound off (captions stay)")
    p.add_argument("--show-fps", action="store_true", help="show frames per second and frame time")
    p.add_argument("--frame-log", metavar="FILE", help="write every frame's time in ms to FILE on exit")
    p.add_argument("--code", metavar="CODE", help="play your assignment: the code your instructor gave you (with "
                                                  "--student, the ID it was made for)")

    p = add("run", cmd_run, "play a day headless with a bot (or re-play a recorded attempt) and report it")
    p.add_argument("scenario", metavar="SCENARIO")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--bot", choices=("expert", "novice", "random"), help="the scripted trainee")
    who.add_argument("--replay", metavar="FILE", help="a recorded attempt to play again")
    p.add_argument("--seed", type=int, metavar="N", help="the day's seed (default: the scenario's)")
    p.add_argument("--replay-out", metavar="FILE", help="also save the attempt as a replay file")
    p.add_argument("--facts", metavar="FILE", help="also write the day's facts as JSON lines")
    p.add_argument("--student", metavar="ID", help="the student's ID, recorded in --replay-out's replay")
    p.add_argument("--json", action="store_true", help="print one JSON object")

    p = add("grade", cmd_grade, "re-play students' recorded attempts and grade them")
    p.add_argument("replays", nargs="+", metavar="REPLAY", help="replay files, or folders of them")
    p.add_argument("--json", action="store_true", help="print the grade JSON (an array for several replays)")
    p.add_argument("--report", metavar="DIR", help="write an HTML debrief for each replay into DIR")
    p.add_argument("--db", metavar="FILE", help="the scoreboard to record into (default: in your data folder)")
    p.add_argument("--no-db", action="store_true", help="do not record the grades in a scoreboard")
    p.add_argument("--jobs", type=int, default=1, metavar="N", help="grade N replays at a time")
    p.add_argument("--scenario", action="append", metavar="FILE",
                   help="a scenario file or folder the replays may be of, beside the shipped ones (repeatable)")
    p.add_argument("--allow-bot-match", action="store_true",
                   help="record on the scoreboard even a day that matches a bot's (after you have looked at it)")
    p.add_argument("--assignment", action="append", metavar="FOLDER",
                   help="the folder `frontdesk assign` wrote: refuse any replay that is not its own student's day of "
                        "it (repeatable; assignments made on this computer are checked without it)")
    p.add_argument("--key-file", metavar="FILE", help="your instructor key, when it is not in your data folder")

    p = add("assign", cmd_assign, "give each student on a roster their own day of a scenario, with a code to play it")
    p.add_argument("scenario", metavar="SCENARIO", help="a shipped scenario's id (laura-day) or a scenario file")
    p.add_argument("--roster", required=True, metavar="FILE",
                   help="a CSV with a student column (the IDs students type) and any of name, email, sid, section")
    p.add_argument("--out", required=True, metavar="DIR", help="a new folder for the assignment")
    p.add_argument("--key-file", metavar="FILE",
                   help="your instructor key (default: instructor.key in your data folder, made on first use)")
    p.add_argument("--title", metavar="TEXT", help="the assignment's title (default: the scenario's)")

    p = add("scoreboard", cmd_scoreboard, "show the best attempt of each student")
    p.add_argument("--scenario", metavar="ID", help="only this scenario")
    p.add_argument("--reseal", action="store_true",
                   help="seal with your instructor key the rows marked UNSEALED (after you have looked at them)")
    p.add_argument("--key-file", metavar="FILE", help="your instructor key, when it is not in your data folder")
    p.add_argument("--db", metavar="FILE", help="the scoreboard file (default: in your data folder)")

    from frontdesk.grading.formats import FORMATS as EXPORT_FORMATS  # names only: the exports load when exporting

    p = add("export", cmd_export,
            "write class results for an LMS (CSV, Canvas, Moodle, Brightspace, Gradescope) or a competency "
            "checklist")
    p.add_argument("--format", required=True, choices=(*EXPORT_FORMATS, "gradescope-autograder"))
    p.add_argument("--db", metavar="FILE", help="the scoreboard file (default: in your data folder)")
    p.add_argument("--out", metavar="FILE", help="write to FILE (a folder for gradescope-autograder) instead of printing")
    p.add_argument("--scenario", metavar="ID", help="only this scenario (for the autograder: an id or a scenario file)")
    p.add_argument("--student", metavar="ID", help="only this student (gradescope: one attempt)")
    p.add_argument("--roster", metavar="FILE",
                   help="a CSV with a student column and any of name, email, section, username, orgdefinedid, sid")
    p.add_argument("--assignment", metavar="FOLDER",
                   help="for the autograder: the folder `frontdesk assign` wrote (pins its scenario and roster)")
    p.add_argument("--key-file", metavar="FILE", help="your instructor key, when it is not in your data folder")
    p.add_argument("--moodle-id", choices=("idnumber", "email", "username"), default="idnumber",
                   help="the Moodle user field to map rows on (email: the roster's; username: the roster's, else "
                        "the student id)")
    p.add_argument("--brightspace-id", choices=("orgdefinedid", "username"), default="orgdefinedid",
                   help="the Brightspace user field to match rows on (the roster's column of that name, else the "
                        "student id)")
    p.add_argument("--canvas-assignment-id", action="append", metavar="SCENARIO=ID",
                   help="put a scenario's grades in an existing Canvas assignment (the number in its address); "
                        "repeat for each scenario")
    p.add_argument("--bom", action="store_true",
                   help="start the CSV with a UTF-8 byte-order mark, so Excel shows accented names (LMSs need none)")

    p = add("scenarios", cmd_scenarios, "list the shipped scenarios and your own, with what each day is")
    p.add_argument("--json", action="store_true", help="print one JSON array")

    p = add("calibrate", cmd_calibrate, "play a scenario with every bot: is it fair, can every task be done?")
    p.add_argument("scenario", metavar="SCENARIO")
    p.add_argument("--random-seeds", type=int, default=3, metavar="N", help="days the random trainee plays")

    p = add("validate", cmd_validate, "check scenario files; one path:line:col line per problem")
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO")
    p.add_argument("--summary", action="store_true", help="also describe each valid scenario")
    p.add_argument("--strict", action="store_true",
                   help="fail (exit 1) on warnings too: parts of a valid file that will have no effect")

    p = add("show", cmd_show, "print a scenario as the engine reads it (JSON), or the rubric it is graded on")
    p.add_argument("scenario", metavar="SCENARIO")
    p.add_argument("--rubric", action="store_true",
                   help="print every line a day on it is judged on, with its points, before anyone plays")
    p.add_argument("--json", action="store_true", help="with --rubric: as JSON")

    p = add("schema", cmd_schema, "print the scenario JSON Schema")
    p.add_argument("--out", metavar="FILE", help="write it to FILE instead of printing it")

    p = add("generate", cmd_generate, "print a random, valid, realistic day (YAML)")
    p.add_argument("--seed", type=int, required=True, default=argparse.SUPPRESS, metavar="N",
                   help="the same seed gives the same day, byte for byte")
    p.add_argument("--patients", type=int, default=40, metavar="N", help="patients in the panel, 12 to 10000")
    p.add_argument("--jurisdiction", choices=("ON", "US"), default="ON", help="Ontario (PHIPA, OHIP) or US (HIPAA)")
    p.add_argument("--difficulty", choices=("easy", "normal", "hard"), default="normal",
                   help="scales calls per hour, walk-ins, overruns and traps")
    p.add_argument("--mode", choices=("front_desk", "medical_assistant"), default="front_desk",
                   help="medical_assistant adds rooming, vitals and specimens (M16, M17) to the same day")
    p.add_argument("--kind", choices=("family", "pediatrics", "cardiology", "walk_in"), default="cardiology",
                   help="the kind of clinic: its visits, reasons, tests, complaints, medications and patients' ages "
                        "(pediatrics: mostly children with a parent on the chart; walk_in: mostly walk-ins, two or "
                        "more doctors sharing them, open Saturdays); default cardiology")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``frontdesk`` with ``argv`` and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `frontdesk show x | head` closes stdout early; that is not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks for users
        if os.environ.get("FRONTDESK_DEBUG"):
            raise
        _err(f"frontdesk: internal error ({type(exc).__name__}: {exc}). This is a bug; please report it with the "
             "command you ran. Set FRONTDESK_DEBUG=1 to see the details.")
        return EXIT_INTERNAL
