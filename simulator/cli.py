"""The ``frontdesk`` command (also ``python -m simulator``).

Each sub-command is a small function that returns an exit code. Problems a user can fix (a bad scenario, a
missing file) print one clear message and exit non-zero; they never show a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, Callable, Sequence

from . import __version__

__all__ = ["main", "build_parser"]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70


def _out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text if text.endswith("\n") else text + "\n")


def cmd_validate(args: argparse.Namespace) -> int:
    """Check scenario files; print one ``path:line:col: message`` line per problem."""
    from .scenario import ScenarioError, describe, load_scenario

    failed = False
    for path in args.scenarios:
        try:
            scenario = load_scenario(path)
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
        _out(f"{path}: ok" if not args.summary else f"{path}: ok\n{describe(scenario)}")
    return EXIT_PROBLEMS if failed else EXIT_OK


def _load_or_report(path: str) -> Any:
    """The scenario at ``path``, or ``None`` after printing its problems to stderr."""
    from .scenario import ScenarioError, load_scenario

    try:
        return load_scenario(path)
    except ScenarioError as exc:
        _err(str(exc))
        return None


def cmd_show(args: argparse.Namespace) -> int:
    """Print the scenario as the engine reads it: normalised JSON, defaults filled, patients expanded."""
    scenario = _load_or_report(args.scenario)
    if scenario is None:
        return EXIT_PROBLEMS
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
    from .scenario.generate import generate_day

    sys.stdout.write(generate_day(args.seed, args.patients, args.jurisdiction, args.difficulty, mode=args.mode))
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    """Play a day headless with a bot, or re-play a recorded attempt, and report it."""
    from .bots import make_bot, play_day
    from .core import Simulation
    from .day_summary import day_summary, format_summary
    from .files import write_atomic
    from .replay import ReplayError, read_replay, replay_of, replay_simulation, write_replay
    from .scenario import scenario_digest

    scenario = _load_or_report(args.scenario)
    if scenario is None:
        return EXIT_PROBLEMS
    student = None
    try:
        if args.replay:
            replay = read_replay(args.replay)
            if args.seed is not None and args.seed != replay.seed:
                _err(f"frontdesk run: {args.replay} was recorded with seed {replay.seed}; drop --seed to re-play it")
                return EXIT_USAGE
            sim = replay_simulation(replay, scenario, args.replay)
            student = replay.student
        else:
            seed = scenario.seed if args.seed is None else args.seed
            sim = play_day(Simulation(scenario, seed), make_bot(args.bot, scenario, seed))
    except ReplayError as exc:
        _err(str(exc))
        return EXIT_PROBLEMS
    try:
        if args.replay_out:
            write_replay(args.replay_out, replay_of(sim, student=student, pace=scenario.pace))
        if args.facts:
            write_atomic(args.facts, sim.facts.jsonl())
    except OSError as exc:
        _err(f"frontdesk run: cannot write {exc.filename}: {exc.strerror or exc}")
        return EXIT_PROBLEMS
    summary = day_summary(sim)
    if args.json:
        _out(json.dumps({"scenario": scenario.id, "scenario_sha256": scenario_digest(scenario), "student": student,
                         "seed": sim.seed, "summary": summary, "facts_sha256": sim.facts.sha256}))
    else:
        _out(format_summary(sim, summary))
    return EXIT_OK


def cmd_play(args: argparse.Namespace) -> int:
    """Open the game window. The window is not built yet; say so plainly rather than pretend."""
    _err(
        "frontdesk play: the game window is not part of this version yet.\n"
        "  What works today: `frontdesk run` (a bot plays a day headless), `validate`, `show`, `schema`\n"
        "  and `generate` (see README.md), and `make demo`, which plays the full-day scenario headless."
    )
    return EXIT_USAGE


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``frontdesk``, one sub-command per row of DESIGN section 4 that exists."""
    parser = argparse.ArgumentParser(
        prog="frontdesk",
        description="Front Desk: a training simulator for medical office assistants.",
    )
    parser.add_argument("--version", action="version", version=f"frontdesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text, formatter_class=argparse.ArgumentDefaultsHelpFormatter)
        p.set_defaults(func=func)
        return p

    p = add("play", cmd_play, "open the game window")
    p.add_argument("scenario", nargs="?", metavar="SCENARIO", help="a scenario file; without one, a menu")
    p.add_argument("--student", metavar="ID", help="the student's ID, recorded in the replay")
    p.add_argument("--pace", type=int, metavar="N", help="simulated seconds per real second")

    p = add("run", cmd_run, "play a day headless with a bot (or re-play a recorded attempt) and report it")
    p.add_argument("scenario", metavar="SCENARIO")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--bot", choices=("expert", "novice", "random"), help="the scripted trainee")
    who.add_argument("--replay", metavar="FILE", help="a recorded attempt to play again")
    p.add_argument("--seed", type=int, metavar="N", help="the day's seed (default: the scenario's)")
    p.add_argument("--replay-out", metavar="FILE", help="also save the attempt as a replay file")
    p.add_argument("--facts", metavar="FILE", help="also write the day's facts as JSON lines")
    p.add_argument("--json", action="store_true", help="print one JSON object")

    p = add("validate", cmd_validate, "check scenario files; one path:line:col line per problem")
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO")
    p.add_argument("--summary", action="store_true", help="also describe each valid scenario")

    p = add("show", cmd_show, "print a scenario as the engine reads it (JSON)")
    p.add_argument("scenario", metavar="SCENARIO")

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
