"""The game window: one pygame-ce window, one pygame_gui manager, and the screen being shown.

Screens (:class:`Screen`) build their widgets once, when they are made, and then only show, hide and relabel them:
pygame_gui is slow at creating widgets, and a frame must stay within a few milliseconds. The loop turns elapsed
real time into simulated time through the play session (DESIGN section 3, rule 8); nothing else moves the clock.
"""

from __future__ import annotations

import os
import time
from importlib import resources
from pathlib import Path
from typing import Any, Callable

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # no banner on a student's terminal

import pygame  # noqa: E402 - after the environment is set
import pygame_gui  # noqa: E402

from . import quiet_stderr  # noqa: E402

__all__ = ["App", "Screen", "MIN_SIZE", "DEFAULT_SIZE", "theme_path", "run"]

#: The smallest window the desk is laid out for, and the size it opens at.
MIN_SIZE = (1280, 720)
DEFAULT_SIZE = (1280, 800)
FPS = 60


def theme_path() -> Path:
    """The pygame_gui theme (``assets/theme.json``), from a checkout or an installed package."""
    return Path(str(resources.files("frontdesk.simulator.assets").joinpath("theme.json")))


class Screen:
    """One screen of the game. Subclasses build every widget in ``__init__`` (inside :attr:`root`) and then only
    show, hide and update them."""

    def __init__(self, app: "App"):
        self.app = app
        self.manager = app.manager
        w, h = app.logical_size  # the layout's own size: the window is this times the scale
        self.root = pygame_gui.elements.UIPanel(pygame.Rect(0, 0, w, h), starting_height=0, manager=self.manager,
                                                object_id="#screen", visible=0)

    def show(self) -> None:
        """Make the screen's widgets visible."""
        self.root.show()

    def hide(self) -> None:
        """Hide the screen's widgets."""
        self.root.hide()

    def process_event(self, event: pygame.event.Event) -> bool:
        """Handle one event; True when it was used."""
        return False

    def update(self, real_seconds: float) -> None:
        """Advance what moves (the clock) and refresh the widgets' texts."""

    def draw(self, surface: pygame.Surface) -> None:
        """Draw what is not a widget (under the widgets)."""

    def resize(self, size: tuple[int, int]) -> None:
        """The window was resized: the screen's root panel takes the new logical ``size``."""
        self.root.set_dimensions(size)


def refuse_headless_driver() -> None:
    """Raise :class:`pygame.error` when SDL fell back to a driver that shows nothing (``offscreen``, ``dummy``)
    because there is no display, and nobody asked for it (tests and screenshots set ``SDL_VIDEODRIVER``): a game
    that runs invisibly until killed helps no one."""
    driver = pygame.display.get_driver()
    if driver in ("offscreen", "dummy") and os.environ.get("SDL_VIDEODRIVER", "").lower() != driver:
        raise pygame.error(f"there is no display: SDL could only start its {driver!r} video driver")


class App:
    """The window and its loop. ``scale`` enlarges the whole interface (for projectors and small screens)."""

    def __init__(self, size: tuple[int, int] = DEFAULT_SIZE, scale: float = 1.0,
                 show_fps: bool = False, frame_log: str | None = None):
        # Display and fonts only: the sound mixer is the Sounds' business (it starts quietly, or not at all).
        with quiet_stderr():  # SDL's own notes as it tries drivers (Wayland, X11) are not for the student
            pygame.display.init()
        pygame.font.init()
        refuse_headless_driver()
        self.scale = max(0.5, min(3.0, scale))
        self.size = self._clamp((int(size[0] * self.scale), int(size[1] * self.scale)))
        flags = pygame.RESIZABLE
        self.window = pygame.display.set_mode(self.size, flags)
        pygame.display.set_caption("Front Desk")
        self.canvas = self.window if scale == 1.0 else pygame.Surface(self._logical(self.size))
        self.manager = pygame_gui.UIManager(self._logical(self.size), theme_path())
        # Text boxes use bold and italic; loading those fonts up front keeps the first frames smooth (and quiet).
        self.manager.preload_fonts([{"name": "noto_sans", "point_size": 14, "style": "italic", "antialiased": "1"},
                                    {"name": "noto_sans", "point_size": 12, "style": "bold", "antialiased": "1"}])
        self.screen: Screen | None = None
        self.running = True
        self.clock = pygame.time.Clock()
        self.show_fps = show_fps
        self.frame_times: list[float] = []
        self.frame_log = frame_log
        #: The game's sounds (simulator.ui.sounds.Sounds), set by whoever opens the window; None in tests.
        self.sounds: Any = None
        self._fps_font: pygame.font.Font | None = None

    def _clamp(self, size: tuple[int, int]) -> tuple[int, int]:
        """A window never smaller than the desk's layout needs at this scale."""
        return (max(int(MIN_SIZE[0] * self.scale), size[0]), max(int(MIN_SIZE[1] * self.scale), size[1]))

    def _logical(self, size: tuple[int, int]) -> tuple[int, int]:
        return (int(size[0] / self.scale), int(size[1] / self.scale))

    @property
    def logical_size(self) -> tuple[int, int]:
        """The window's size in layout pixels (the window's size divided by the scale)."""
        return self._logical(self.size)

    def switch(self, screen: Screen) -> None:
        """Show ``screen`` instead of the current one."""
        if self.screen is not None:
            self.screen.hide()
        self.screen = screen
        screen.show()

    def quit(self) -> None:
        """Stop the loop after this frame."""
        self.running = False

    def frame(self, real_seconds: float, events: list[pygame.event.Event] | None = None) -> None:
        """One frame: events, then the screen's update, then drawing. Tests call this directly."""
        start = time.perf_counter()
        for event in pygame.event.get() if events is None else events:
            self.handle(event)
        if self.screen is not None:
            self.screen.update(real_seconds)
        self.manager.update(real_seconds)
        self.canvas.fill((228, 233, 238))
        if self.screen is not None:
            self.screen.draw(self.canvas)
        self.manager.draw_ui(self.canvas)
        if self.canvas is not self.window:
            pygame.transform.smoothscale(self.canvas, self.window.get_size(), self.window)
        if self.show_fps:
            self._draw_fps()
        pygame.display.flip()
        self.frame_times.append(time.perf_counter() - start)

    def handle(self, event: pygame.event.Event) -> None:
        """Give one event to the screen and the widgets (keys to the screen first, so shortcuts win)."""
        if event.type == pygame.QUIT:
            if self.screen is None or not self.screen.process_event(event):
                self.quit()
            return
        if event.type == pygame.VIDEORESIZE:
            self.resize((event.w, event.h))
            return
        if self.scale != 1.0 and hasattr(event, "pos"):
            event = pygame.event.Event(event.type, {**event.dict, "pos": (int(event.pos[0] / self.scale),
                                                                           int(event.pos[1] / self.scale))})
        if self.screen is not None and event.type == pygame.KEYDOWN and self.screen.process_event(event):
            return
        self.manager.process_events(event)
        if self.screen is not None and event.type != pygame.KEYDOWN:
            self.screen.process_event(event)

    def resize(self, size: tuple[int, int]) -> None:
        """The window was resized: the layout follows (never below the desk's minimum)."""
        self.size = self._clamp(size)
        self.window = pygame.display.set_mode(self.size, pygame.RESIZABLE)
        if self.scale != 1.0:
            self.canvas = pygame.Surface(self._logical(self.size))
        else:
            self.canvas = self.window
        self.manager.set_window_resolution(self.logical_size)
        if self.screen is not None:
            self.screen.resize(self.logical_size)

    def _draw_fps(self) -> None:
        if self._fps_font is None:
            self._fps_font = pygame.font.Font(None, 22)
        recent = self.frame_times[-60:] or [0.0]
        ms = sorted(recent)[len(recent) // 2] * 1000
        text = self._fps_font.render(f"{self.clock.get_fps():5.1f} fps  frame {ms:4.1f} ms", True, (255, 255, 255),
                                     (0, 0, 0))
        self.window.blit(text, (self.window.get_width() - text.get_width() - 8, self.window.get_height() - 24))

    def loop(self) -> None:
        """Run until the window closes. Frame times go to ``frame_log`` (one per line, in ms) when asked."""
        self.clock.tick()
        while self.running:
            real = min(self.clock.tick(FPS) / 1000.0, 0.25)  # a stalled frame never jumps the clock by minutes
            self.frame(real)
        if self.frame_log:
            Path(self.frame_log).write_text("".join(f"{t * 1000:.3f}\n" for t in self.frame_times), encoding="utf-8")
        pygame.quit()


def run(make_first: Callable[[App], Screen], **app_options: Any) -> int:
    """Open the window with the screen ``make_first`` builds, and run it until closed."""
    app = App(**app_options)
    app.switch(make_first(app))
    app.loop()
    return 0


def headless() -> None:
    """Use SDL's dummy video and audio drivers (tests and screenshots on a machine without a screen)."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
