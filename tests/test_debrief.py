"""The end-of-day debrief in the real window (under SDL's dummy drivers), driven by posted clicks and key presses:
the score and criteria, the timeline picture, the findings list, saving the HTML report, and going back."""

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"  # before pygame initialises: no screen here
os.environ["SDL_AUDIODRIVER"] = "dummy"

from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402

from frontdesk.grading.api import grade_simulation  # noqa: E402
from frontdesk.grading.report import render_report  # noqa: E402
from frontdesk.grading.svg import render_svg  # noqa: E402
from frontdesk.grading.timeline import timeline  # noqa: E402
from frontdesk.simulator.bots import make_bot, play_day  # noqa: E402
from frontdesk.simulator.core import Simulation  # noqa: E402
from frontdesk.simulator.scenario import load_scenario  # noqa: E402
from frontdesk.simulator.ui.app import App  # noqa: E402
from frontdesk.simulator.ui.debrief import DebriefScreen  # noqa: E402
from frontdesk.simulator.ui.timeline_painter import measure_timeline, paint_timeline  # noqa: E402

from conftest import SCENARIOS  # noqa: E402

_DAYS: dict = {}


def played(scenario_id: str, bot: str, seed: int | None = None):
    """A day played headless by ``bot`` and graded: (scenario, simulation, grade), played once per test run."""
    key = (scenario_id, bot, seed)
    if key not in _DAYS:
        scenario = load_scenario(SCENARIOS / f"{scenario_id}.yaml")
        sim = Simulation(scenario, scenario.seed if seed is None else seed)
        play_day(sim, make_bot(bot, scenario, sim.seed))
        _DAYS[key] = (scenario, sim, grade_simulation(sim, "s1"))
    return _DAYS[key]


@pytest.fixture
def data(tmp_path, monkeypatch):
    """The user's data folder, in a folder of this test."""
    folder = tmp_path / "data"
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def open_debrief(data):
    """Build the debrief of a played day in a fresh window: ``open_debrief(scenario_id, bot, ...)`` →
    (app, screen, (scenario, sim, grade), calls to on_menu)."""
    made = []

    def _open(scenario_id="laura-day", bot="novice", seed=None, **options):
        day = played(scenario_id, bot, seed)
        menu_calls = []
        app = App(size=(1280, 720))
        screen = DebriefScreen(app, *day, on_menu=lambda: menu_calls.append(True), **options)
        app.switch(screen)
        frames(app, 2)
        made.append(app)
        return app, screen, day, menu_calls

    yield _open
    if made:
        pygame.quit()


def frames(app, n=2):
    """Run ``n`` frames, each handing the app what is in pygame's queue (as the real loop does)."""
    for _ in range(n):
        app.frame(1 / 60, events=pygame.event.get())


def click(app, pos, n=3):
    """A real left click at ``pos``: button down, button up, then frames to deliver what the widgets answer."""
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1, touch=False))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1, touch=False))
    frames(app, n)


def key(app, k, text="", mod=0):
    """Press and release key ``k`` (typing ``text``, with modifiers ``mod``), then run two frames."""
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=text, scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=k, mod=mod, unicode=text, scancode=0))
    frames(app, 2)


def expected_report(day) -> str:
    """What ``frontdesk grade --report`` writes for this day."""
    scenario, sim, grade = day
    return render_report(grade.to_json(), scenario, render_svg(timeline(scenario, sim.facts, grade.findings)))


def shows_path(text: str, prefix: str, path: Path) -> bool:
    """``text`` is ``prefix`` and ``path``: whole, or (a long path in a narrow label) with the middle of its
    folder cut out, but always its start and its file name."""
    if text == f"{prefix}{path}":
        return True
    return text.startswith(f"{prefix}{str(path)[:12]}") and text.endswith(f"…{os.sep}{path.name}")


def reports(data: Path) -> list[Path]:
    """The HTML reports saved under the data folder ``data``, by name."""
    return sorted((data / "reports").glob("*.html"))


def test_total_and_criteria_are_shown_with_weights(open_debrief):
    """The debrief shows the weighted total and each criterion's score out of 100 and its weight, as the grade
    JSON has them."""
    app, screen, (_, _, grade), _ = open_debrief()
    gj = grade.to_json()
    assert screen.total_label.text == f"{gj['total']:g}"
    weights = sum(grade.weights.values())
    for i, criterion in enumerate(("multitasking", "accuracy", "privacy")):
        assert screen.criterion_labels[i].text.lower().startswith(criterion)
        assert screen.score_labels[i].text == f"{gj['criteria'][criterion]['score']:g} / 100"
        assert screen.weight_labels[i].text == f"weight {100 * grade.weights[criterion] / weights:.0f}%"
    assert screen.find_head.text == f"Findings, in time order ({len(grade.findings)})"


def test_findings_list_says_what_to_do_better(open_debrief):
    """Each finding is listed in time order with its number, time, severity as a word and a symbol, what
    happened, what a professional would do, its rule and the points lost."""
    app, screen, (_, _, grade), _ = open_debrief("tutorial")
    text = screen.findings_box.html_text
    at = [text.index(f"<b>#{i + 1}</b>") for i in range(len(grade.findings))]
    assert at == sorted(at) and [f.t for f in grade.findings] == sorted(f.t for f in grade.findings)
    for f in grade.findings:
        assert f.message.replace("'", "&#x27;")[:30] in text or f.message[:30] in text
        assert f.better[:30] in text
        if f.rule:
            assert f.rule[:20] in text
        if f.points > 0:
            assert f"−{f.points:.1f} pt" in text
    assert text.count("What a professional would do:") == len(grade.findings)
    for word, symbol in (("privacy breach", "◆"), ("missed", "■"), ("late", "●")):
        assert word in text and symbol in text


def test_save_report_button_writes_the_grade_report(open_debrief, data):
    """Clicking "Save report" writes exactly the HTML page `frontdesk grade --report` writes into the data
    folder's reports, and the status line shows where."""
    app, screen, day, _ = open_debrief()
    click(app, screen.save_button.rect.center)
    written = reports(data)
    assert len(written) == 1
    assert written[0].name.startswith("laura-day-s1-") and written[0].suffix == ".html"
    assert written[0].read_text(encoding="utf-8") == expected_report(day)
    assert shows_path(screen.status_label.text, "Report saved: ", written[0])


def test_pressing_s_twice_writes_two_reports(open_debrief, data):
    """S saves the report; saving again (even within the same second) writes a second file, never over the
    first."""
    app, screen, day, _ = open_debrief("tutorial")
    key(app, pygame.K_s, "s")
    key(app, pygame.K_s, "s")
    written = reports(data)
    assert len(written) == 2 and written[0] != written[1]
    for path in written:
        assert path.read_text(encoding="utf-8") == expected_report(day)
    assert sorted(screen.saved) == written
    assert shows_path(screen.status_label.text, "Report saved: ", screen.saved[-1])


def test_an_existing_report_is_never_overwritten(open_debrief, data, monkeypatch):
    """A file that appears at the report's name just before saving (the name looked free) is kept as it was; the
    report goes to a new name beside it."""
    import frontdesk.simulator.ui.debrief as debrief

    app, screen, day, _ = open_debrief("tutorial")
    taken = debrief.report_path("tutorial", "s1")
    taken.parent.mkdir(parents=True, exist_ok=True)
    taken.write_text("mine", encoding="utf-8")
    names = iter([taken])
    real = debrief.report_path
    monkeypatch.setattr(debrief, "report_path", lambda *a, **k: next(names, None) or real(*a, **k))
    key(app, pygame.K_s, "s")
    assert taken.read_text(encoding="utf-8") == "mine"
    assert len(screen.saved) == 1 and screen.saved[0] != taken
    assert screen.saved[0].read_text(encoding="utf-8") == expected_report(day)


def test_a_short_path_is_shown_whole(open_debrief, data):
    """A saved report's path is shown whole when it fits the status line."""
    from frontdesk.simulator.ui.debrief import _fit_path

    app, screen, _, _ = open_debrief("tutorial")
    path = Path("/data/reports/tutorial-s1-20250101-101010.html")
    assert _fit_path(screen.status_label, "Report saved: ", path) == f"Report saved: {path}"
    long = Path("/" + "/".join(["folder"] * 40)) / path.name
    fitted = _fit_path(screen.status_label, "Report saved: ", long)
    assert shows_path(fitted, "Report saved: ", long) and len(fitted) < len(str(long))


def test_back_to_menu_by_button_m_and_escape(open_debrief):
    """"Back to menu", M and Escape each call on_menu once."""
    app, screen, _, calls = open_debrief("tutorial")
    click(app, screen.menu_button.rect.center)
    assert len(calls) == 1
    key(app, pygame.K_m, "m")
    assert len(calls) == 2
    key(app, pygame.K_ESCAPE)
    assert len(calls) == 3


def test_shortcuts_and_replay_path_are_shown(open_debrief, tmp_path):
    """The keyboard shortcuts are written on the screen, and so is where the replay was saved."""
    replay = tmp_path / "replays" / "laura-day-s1-20250101-101010.json"
    app, screen, _, _ = open_debrief("tutorial", replay_path=replay)
    shown = " ".join([screen.keys_label.text, screen.keys2_label.text, screen.save_button.text,
                      screen.menu_button.text])
    for words in ("S save report", "Esc", "PgUp/PgDn", "Up/Down", "[S]", "[M]"):
        assert words in shown
    assert screen.replay_label.visible
    assert shows_path(screen.replay_label.text, "Your attempt (replay) was saved to ", replay)


def test_clicking_a_marker_selects_its_finding(open_debrief):
    """A click on a finding's shape on the picture selects that finding and scrolls the list to it."""
    app, screen, (_, _, grade), _ = open_debrief()
    view = screen.geometry.viewport
    rects = screen.marker_rects
    late = [i for i in sorted(rects) if view.contains(rects[i]) and i > 5
            and sum(r.collidepoint(rects[i].center) for r in rects.values()) == 1]
    assert late, "a marker alone in view"
    index = late[-1]
    click(app, rects[index].center)
    assert screen.selected == index
    assert screen.findings_box.scroll_bar.start_percentage > 0


def test_many_findings_scroll_by_keys(open_debrief):
    """On a day with many findings, PgDn/PgUp and Down/Up scroll the list, Shift+Down scrolls the picture, and
    Right/Left step through the findings."""
    app, screen, (_, _, grade), _ = open_debrief("laura-day", "random", 3)
    assert len(grade.findings) > 40
    bar = screen.findings_box.scroll_bar
    assert bar is not None and bar.start_percentage == 0
    key(app, pygame.K_PAGEDOWN)
    paged = bar.start_percentage
    assert paged > 0
    key(app, pygame.K_DOWN)
    assert bar.start_percentage > paged
    key(app, pygame.K_PAGEUP)
    key(app, pygame.K_UP)
    assert bar.start_percentage == 0
    assert screen.geometry.max_scroll > 0
    key(app, pygame.K_DOWN, mod=pygame.KMOD_SHIFT)
    assert screen.picture_scroll > 0
    key(app, pygame.K_RIGHT)
    key(app, pygame.K_RIGHT)
    assert screen.selected == 1
    key(app, pygame.K_LEFT)
    assert screen.selected == 0


def test_resize_moves_widgets_without_rebuilding(open_debrief):
    """A bigger window moves and stretches the same widgets; every one stays inside the window."""
    app, screen, _, _ = open_debrief("tutorial")
    save, box = screen.save_button, screen.findings_box
    before = save.rect.copy()
    app.resize((1600, 900))
    frames(app, 2)
    assert screen.save_button is save and screen.findings_box is box
    assert save.rect.bottom > before.bottom
    window = pygame.Rect((0, 0), app.logical_size)
    for widget in (save, screen.menu_button, box, screen.status_label, screen.total_label):
        assert window.contains(widget.rect)
    assert window.contains(screen.rects["picture"])


@pytest.mark.parametrize("scenario_id", ["laura-day", "monday-rush"])
def test_painter_marks_every_finding_on_random_days(scenario_id):
    """The painter paints any day (random bots make odd ones) at any scroll, and gives one marker rect per
    finding, placed at or after the finding's time."""
    pygame.init()
    from frontdesk.simulator.ui.fonts import noto as _font

    small, font = _font(11), _font(12)
    surface = pygame.Surface((900, 500))
    rect = pygame.Rect(10, 10, 860, 460)
    for seed in (1, 2, 3):
        scenario, sim, grade = played(scenario_id, "random", seed)
        tl = timeline(scenario, sim.facts, grade.findings)
        geo = measure_timeline(rect, tl, small, font)
        for scroll in (0, 97, 10 ** 6):
            rects = paint_timeline(surface, rect, tl, small, font, scroll=scroll, selected=0)
            assert sorted(rects) == list(range(len(grade.findings)))
        for i, f in enumerate(grade.findings):
            assert rects[i].x + 7 >= geo.x(f.t) - 1  # a marker sits at its moment, or just after a neighbour


def test_a_day_with_a_critical_error_says_not_yet_competent_first(open_debrief):
    """The laura-day novice files a result to a look-alike's chart: the debrief says "NOT YET COMPETENT" under
    the total, and its findings list opens with the critical errors, before finding #1."""
    app, screen, (_, _, grade), _ = open_debrief()
    assert not grade.competent
    assert screen.total_note2.text == "NOT YET COMPETENT"
    text = screen._findings_html()
    assert text.index("Not yet competent") < text.index("<a href='f0'><b>#1</b></a>   <b>")
    assert all(f.message.replace("'", "&#x27;") in text or f.message in text for f in grade.critical)


def test_a_competent_day_says_weighted_total(open_debrief):
    """The expert's day has no critical error: the debrief's note under the total is the usual one."""
    app, screen, (_, _, grade), _ = open_debrief(bot="expert")
    assert grade.competent and screen.total_note2.text == "weighted total"
    assert "Not yet competent" not in screen._findings_html()
