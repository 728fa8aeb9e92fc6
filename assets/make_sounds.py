"""Make the game's three sounds: a phone ring, a door chime and a notification ping.

The sounds are synthesised here (sine tones under envelopes), never downloaded, so the repository holds no audio
files whose licence or origin would need checking, and every machine makes exactly the same bytes. Only the
standard library is used, so the script runs anywhere Python does::

    python assets/make_sounds.py OUTDIR      # writes OUTDIR/ring.wav, chime.wav, notify.wav

The game itself does not need the files: :mod:`simulator.ui.sounds` calls :func:`make_wav` at start-up.
"""

from __future__ import annotations

import argparse
import io
import math
import sys
import wave
from array import array
from pathlib import Path

__all__ = ["SOUNDS", "RATE", "DURATIONS", "make_sound", "make_wav", "main"]

#: The sounds, by name.
SOUNDS = ("ring", "chime", "notify")

#: Samples per second (16-bit mono). 22050 Hz carries every tone used here with room to spare.
RATE = 22050

#: Length of each sound, in seconds.
DURATIONS = {"ring": 1.2, "chime": 1.0, "notify": 0.3}

# Peak loudness as a fraction of full scale. Below 1.0 so a sound never clips; the chime and the ping are
# quieter than the phone because they should not startle, while a ringing phone must be heard.
_LEVELS = {"ring": 0.70, "chime": 0.50, "notify": 0.45}


def _samples(seconds: float) -> int:
    return int(round(seconds * RATE))


def _rise(k: int, m: int) -> float:
    """A raised-cosine ramp from 0 (k = 0) to 1 (k >= m). Smooth at both ends, so switching a tone on or off
    makes no click (a straight cut does: the speaker cone jumps)."""
    if k >= m:
        return 1.0
    return 0.5 - 0.5 * math.cos(math.pi * k / m)


def _add_tone(buf: list[float], start: float, freq: float, partials: tuple[tuple[float, float, float], ...],
              attack: float, decay: float) -> None:
    """Add a struck tone to ``buf`` from ``start`` seconds: each partial is (frequency ratio, amplitude, decay
    speed-up); the tone rises over ``attack`` seconds and then dies away exponentially with time constant
    ``decay`` (higher partials die faster, as on a real bell)."""
    first = _samples(start)
    rise = max(1, _samples(attack))
    for i in range(first, len(buf)):
        t = (i - first) / RATE
        env = _rise(i - first, rise)
        value = 0.0
        for ratio, amp, faster in partials:
            value += amp * math.exp(-t * faster / decay) * math.sin(2 * math.pi * freq * ratio * t)
        buf[i] += env * value


def _fade_out(buf: list[float], seconds: float) -> None:
    """Bring the end of ``buf`` down to exactly zero, so the last sample is silence whatever the tones did."""
    m = max(1, _samples(seconds))
    n = len(buf)
    for k in range(min(m, n)):
        buf[n - 1 - k] *= _rise(k, m)


def _ring() -> list[float]:
    # The British "two-tone" ring: 400 Hz and 450 Hz sounded together (their 50 Hz beat is the warble people
    # know), in a ring-ring cadence of two 0.4 s bursts 0.2 s apart. Their octaves are mixed in lightly so the
    # ring still carries on small laptop speakers, which barely reproduce 400 Hz.
    buf = [0.0] * _samples(DURATIONS["ring"])
    edge = _samples(0.015)
    for start, end in ((0.02, 0.47), (0.67, 1.12)):  # the rest of the 1.2 s is silence on either side
        a, b = _samples(start), _samples(end)
        for i in range(a, b):
            t = i / RATE
            env = min(_rise(i - a, edge), _rise(b - 1 - i, edge))
            buf[i] = env * (math.sin(2 * math.pi * 400 * t) + math.sin(2 * math.pi * 450 * t)
                            + 0.35 * math.sin(2 * math.pi * 800 * t) + 0.35 * math.sin(2 * math.pi * 900 * t))
    return buf


def _chime() -> list[float]:
    # A soft "ding-dong": E5 then C5, a falling major third like a shop-door chime. Two faint upper partials
    # make it sound struck rather than electronic; a slow attack (10 ms) keeps it gentle.
    buf = [0.0] * _samples(DURATIONS["chime"])
    bell = ((1.0, 1.0, 1.0), (2.0, 0.22, 2.0), (3.0, 0.06, 3.5))
    _add_tone(buf, 0.0, 659.25, bell, attack=0.010, decay=0.30)
    _add_tone(buf, 0.38, 523.25, bell, attack=0.010, decay=0.30)
    _fade_out(buf, 0.08)
    return buf


def _notify() -> list[float]:
    # One short high ping (E6) with a touch of its octave: noticeable without sounding like an alarm.
    buf = [0.0] * _samples(DURATIONS["notify"])
    _add_tone(buf, 0.0, 1318.51, ((1.0, 1.0, 1.0), (2.0, 0.15, 2.5)), attack=0.004, decay=0.07)
    _fade_out(buf, 0.03)
    return buf


_MAKERS = {"ring": _ring, "chime": _chime, "notify": _notify}


def make_sound(name: str) -> bytes:
    """The sound ``name`` (one of :data:`SOUNDS`) as raw little-endian signed 16-bit mono PCM at :data:`RATE`.

    The same bytes every run: the synthesis has no randomness, and the wave is scaled by its own peak to a fixed
    level, so it never clips (the peak stays below 32767).
    """
    if name not in _MAKERS:
        raise ValueError(f"unknown sound {name!r}; the sounds are {', '.join(SOUNDS)}")
    buf = _MAKERS[name]()
    peak = max(abs(v) for v in buf) or 1.0
    scale = _LEVELS[name] * 32767 / peak
    pcm = array("h", (int(round(v * scale)) for v in buf))
    if sys.byteorder == "big":  # array uses the machine's byte order; WAV and pygame buffers want little-endian
        pcm.byteswap()
    return pcm.tobytes()


def make_wav(name: str) -> bytes:
    """The sound ``name`` as a complete WAV file (22050 Hz, 16-bit, mono), in memory."""
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(make_sound(name))
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Write ``NAME.wav`` for every sound into the folder given on the command line (made if missing)."""
    parser = argparse.ArgumentParser(description="Make Front Desk's sounds as WAV files.")
    parser.add_argument("outdir", type=Path, help="folder to write ring.wav, chime.wav and notify.wav into")
    args = parser.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    for name in SOUNDS:
        path = args.outdir / f"{name}.wav"
        path.write_bytes(make_wav(name))
        print(path)  # a command-line script: saying what it wrote is its output
    return 0


if __name__ == "__main__":
    sys.exit(main())
