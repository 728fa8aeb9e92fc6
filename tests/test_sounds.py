"""The game's sounds (assets/make_sounds.py) and the desk's sound player and captions (simulator/ui/sounds.py)."""

from __future__ import annotations

import os

# Before pygame is imported or initialised: SDL reads these once, and the suite must run without a screen or speakers.
os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

import subprocess  # noqa: E402
import sys  # noqa: E402
import wave  # noqa: E402
from array import array  # noqa: E402
from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402

from frontdesk.simulator.assets import make_sounds  # noqa: E402
from frontdesk.simulator.assets.make_sounds import DURATIONS, RATE, SOUNDS, make_sound  # noqa: E402
from frontdesk.simulator.ui.sounds import CAPTIONS, Captions, Sounds  # noqa: E402

SCRIPT = Path(__file__).resolve().parent.parent / "assets" / "make_sounds.py"


def _samples(data: bytes) -> array:
    pcm = array("h")
    pcm.frombytes(data)
    if sys.byteorder == "big":
        pcm.byteswap()
    return pcm


@pytest.fixture(scope="module")
def made() -> dict[str, array]:
    """The samples of each of the game's sounds, made once for the module."""
    return {name: _samples(make_sound(name)) for name in SOUNDS}


@pytest.fixture
def mixer():
    """pygame started the way the app starts it, and stopped afterwards."""
    pygame.init()
    yield
    pygame.quit()


def test_three_sounds_are_made(made):
    """There are exactly three sounds, ring, chime and notify, and each is 16-bit PCM with something audible."""
    assert SOUNDS == ("ring", "chime", "notify")
    for name, pcm in made.items():
        assert max(abs(v) for v in pcm) > 8000, name


def test_sounds_are_deterministic(made):
    """Making a sound twice gives the same bytes."""
    for name in SOUNDS:
        assert make_sound(name) == make_sound(name)


def test_lengths():
    """The ring lasts 1.2 s, the chime 1.0 s and the notification 0.3 s, at 22050 samples per second."""
    assert RATE == 22050
    assert DURATIONS == {"ring": 1.2, "chime": 1.0, "notify": 0.3}
    for name, seconds in DURATIONS.items():
        assert len(make_sound(name)) == 2 * round(seconds * RATE), name


def test_never_clips(made):
    """No sample reaches full scale: the peak stays below 32767 (and above -32767)."""
    for name, pcm in made.items():
        assert max(pcm) < 32767 and min(pcm) > -32767, name


def test_no_click_at_the_ends(made):
    """Each sound starts and ends in near silence (its first and last 5 samples under 1% of full scale), so
    starting or stopping it does not click."""
    edge = 5
    for name, pcm in made.items():
        assert max(abs(v) for v in pcm[:edge]) < 328, name
        assert max(abs(v) for v in pcm[-edge:]) < 328, name


def test_ring_is_two_bursts(made):
    """The ring is a ring-ring: two bursts separated by a silent gap."""
    ring = made["ring"]
    gap = ring[int(0.50 * RATE):int(0.64 * RATE)]
    assert max(abs(v) for v in gap) == 0
    assert max(abs(v) for v in ring[int(0.2 * RATE):int(0.3 * RATE)]) > 8000
    assert max(abs(v) for v in ring[int(0.85 * RATE):int(0.95 * RATE)]) > 8000


def test_unknown_sound_is_refused():
    """Asking for a sound that does not exist says which sounds there are."""
    with pytest.raises(ValueError, match="ring, chime, notify"):
        make_sound("siren")


def test_sounds_play_under_the_dummy_driver(mixer):
    """Under SDL's dummy audio driver the mixer starts, the three sounds load, and play returns each caption."""
    sounds = Sounds()
    assert sounds.available and sounds.on
    for name in SOUNDS:
        assert sounds.play(name) == CAPTIONS[name]
    assert CAPTIONS == {"ring": "[phone ringing]", "chime": "[door chime: someone at the counter]",
                        "notify": "[notification]"}


def test_loaded_sound_keeps_its_length(mixer):
    """A sound lasts as long as it was made to, whatever format the mixer opened with (pygame.init() opens it at
    44100 Hz stereo, not the sounds' 22050 Hz mono)."""
    sounds = Sounds()
    for name, seconds in DURATIONS.items():
        assert sounds._sounds[name].get_length() == pytest.approx(seconds, abs=0.01), name


def test_captions_with_sound_off(mixer):
    """With the sound switched off, play still returns the caption; toggle switches it back on."""
    sounds = Sounds(on=False)
    assert not sounds.on
    assert sounds.play("chime") == "[door chime: someone at the counter]"
    assert sounds.toggle() is True and sounds.on
    assert sounds.toggle() is False and not sounds.on
    assert sounds.play("ring") == "[phone ringing]"


def test_silent_when_the_mixer_cannot_start(monkeypatch):
    """When pygame.mixer cannot start, Sounds is built without error, is not available, and still gives captions."""
    if pygame.mixer.get_init():
        pygame.mixer.quit()

    def broken(*args, **kwargs):
        raise pygame.error("no audio device")

    monkeypatch.setattr(pygame.mixer, "init", broken)
    sounds = Sounds()
    assert not sounds.available
    assert sounds.play("notify") == "[notification]"
    with pytest.raises(ValueError):
        sounds.play("siren")


def test_captions_expire():
    """A caption is shown for 4 real seconds after it was added, then dropped; newer ones stay."""
    captions = Captions()
    captions.add("[phone ringing]", now=100.0)
    captions.add("[notification]", now=102.0)
    assert captions.current(103.9) == ["[phone ringing]", "[notification]"]
    assert captions.current(104.0) == ["[notification]"]
    assert captions.current(106.0) == []


def test_captions_keep_the_last_few():
    """Only the last few captions are kept (3 by default), and a repeated caption is refreshed, not stacked."""
    captions = Captions()
    for i, text in enumerate(["a", "b", "c", "d"]):
        captions.add(text, now=float(i))
    assert captions.current(3.0) == ["b", "c", "d"]
    captions.add("b", now=3.5)
    assert captions.current(3.5) == ["c", "d", "b"]
    assert captions.current(7.0) == ["b"]


def test_script_writes_three_valid_wav_files(tmp_path):
    """`python assets/make_sounds.py OUTDIR` writes ring.wav, chime.wav and notify.wav: 22050 Hz 16-bit mono
    WAV files readable by `wave`, holding the same samples as make_sound (so the output is the same in every run)."""
    out = tmp_path / "sounds"
    result = subprocess.run([sys.executable, str(SCRIPT), str(out)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["chime.wav", "notify.wav", "ring.wav"]
    for name in SOUNDS:
        with wave.open(str(out / f"{name}.wav"), "rb") as w:
            assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22050)
            assert w.readframes(w.getnframes()) == make_sound(name)


def test_main_in_process(tmp_path):
    """main() takes the output folder as its argument and returns 0."""
    assert make_sounds.main([str(tmp_path)]) == 0
    assert (tmp_path / "ring.wav").read_bytes() == make_sounds.make_wav("ring")


def test_no_sound_device_means_silence_and_one_reason(monkeypatch, capfd):
    """When the mixer cannot start, the game is silent (captions still come) and `missing` says why, once; what the
    sound library itself writes to stderr meanwhile is kept from the student's terminal."""
    import pygame

    from frontdesk.simulator.ui.sounds import Sounds

    def no_device(*args, **kwargs):
        os.write(2, b"ALSA lib confmisc.c: noise a student should not see\n")
        raise pygame.error("No available audio device")

    monkeypatch.setattr(pygame.mixer, "get_init", lambda: None)
    monkeypatch.setattr(pygame.mixer, "init", no_device)
    sounds = Sounds(on=True)
    assert not sounds.available and sounds.missing == "No available audio device"
    assert sounds.play("ring")  # the caption, even in silence
    assert "ALSA" not in capfd.readouterr().err
