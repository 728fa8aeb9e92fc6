"""The desk's sounds (a phone ring, a door chime, a notification) and the captions shown for them.

Every sound has a caption, shown whether or not the sound is heard: a student who is deaf, has the sound off, or
sits in a classroom without speakers must get the same information (issue 6: "an off switch, and a caption for
every sound"). So :meth:`Sounds.play` always returns the caption, and the desk shows it through :class:`Captions`.
"""

from __future__ import annotations

import io
import logging
import os
from collections import deque

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # no banner on a student's terminal

import pygame  # noqa: E402 - after the environment is set

from frontdesk.simulator.assets.make_sounds import RATE, SOUNDS, make_wav  # noqa: E402

from . import quiet_stderr  # noqa: E402

__all__ = ["Sounds", "Captions", "CAPTIONS"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: The caption shown for each sound.
CAPTIONS = {
    "ring": "[phone ringing]",
    "chime": "[door chime: someone at the counter]",
    "notify": "[notification]",
}


class Sounds:
    """The game's sounds, made once at start-up, with an off switch (:attr:`on`).

    When ``pygame.mixer`` cannot start (no audio device, a pygame built without it, any error), the game stays
    silent instead of failing: sound is a help, never a requirement. :attr:`available` tells which happened.
    """

    def __init__(self, on: bool = True):
        #: The off switch: when False, :meth:`play` plays nothing but still returns the caption.
        self.on = on
        self._sounds: dict[str, pygame.mixer.Sound] = {}
        #: Why there is no sound, in words, when the mixer could not start (None when it did, or was not tried).
        self.missing: str | None = None
        try:
            if not pygame.mixer.get_init():
                with quiet_stderr():  # ALSA writes a dozen lines of its own when there is no sound card
                    pygame.mixer.init(frequency=RATE, size=-16, channels=1)
            for name in SOUNDS:
                # Loaded from an in-memory WAV, not ``Sound(buffer=raw samples)``: a raw buffer is taken to be in
                # the mixer's own format, and ``pygame.init()`` opens the mixer at 44100 Hz stereo, which would
                # play our 22050 Hz mono samples four times too fast. From a WAV, SDL converts the format.
                self._sounds[name] = pygame.mixer.Sound(io.BytesIO(make_wav(name)))
        except Exception as exc:  # noqa: BLE001 - any failure here only means "no sound"; captions still work
            log.info("sound is off: the audio mixer could not start (%s)", exc)
            self._sounds = {}
            self.missing = str(exc) or type(exc).__name__

    @property
    def available(self) -> bool:
        """True when the sounds can actually be heard on this machine (the mixer started)."""
        return bool(self._sounds)

    def toggle(self) -> bool:
        """Switch sound on or off; returns the new state."""
        self.on = not self.on
        if not self.on and self.available:
            try:
                pygame.mixer.stop()  # switching off also silences a ring already playing
            except pygame.error:
                pass
        return self.on

    def play(self, name: str) -> str:
        """Play the sound ``name`` (when :attr:`on` and :attr:`available`) and return its caption, always."""
        if name not in CAPTIONS:
            raise ValueError(f"unknown sound {name!r}; the sounds are {', '.join(SOUNDS)}")
        sound = self._sounds.get(name)
        if self.on and sound is not None:
            try:
                sound.play()
            except pygame.error as exc:  # e.g. the device went away mid-game; the caption still tells the student
                log.info("could not play %s: %s", name, exc)
        return CAPTIONS[name]


class Captions:
    """The captions on screen now: the last few (at most ``limit``), each dropped ``keep`` seconds after it was
    shown.

    Times are real (wall-clock) seconds passed in by the caller, not simulated time: a caption must stay up long
    enough to read even at pace 600, when a simulated minute passes in a tenth of a second.
    """

    def __init__(self, keep: float = 4.0, limit: int = 3):
        self.keep = keep
        self.limit = limit
        self._shown: deque[tuple[float, str]] = deque()

    def add(self, text: str, now: float) -> None:
        """Show ``text`` from real time ``now``."""
        # A repeated caption (a phone ringing again) is refreshed, not stacked, so it cannot push others away.
        self._shown = deque((t, s) for t, s in self._shown if s != text)
        self._shown.append((now, text))
        while len(self._shown) > self.limit:
            self._shown.popleft()

    def current(self, now: float) -> list[str]:
        """The captions to draw at real time ``now``, oldest first."""
        while self._shown and now - self._shown[0][0] >= self.keep:
            self._shown.popleft()
        return [text for _, text in self._shown]
