"""Voices: who speaks a scene's captions, and the spoken lines they leave on disk.

A voice is anything with a ``key`` (what identifies it and its settings: it is part of each
clip's cache key) and ``speak(text, folder) -> Speech`` (a WAV, or any audio file PyAV
reads, of ``text``, and its duration). :class:`Speaker` wraps a voice the way every beat
needs it: it trims the silence around each line, brings it to one loudness (-16 LUFS,
integrated, ITU-R BS.1770) and keeps the result in a cache named by the voice and the
words, so a re-render speaks nothing twice. A voiced scene's whole track is brought to the
same loudness once more when it ends (``normalise_segment``): short lines and the pauses
between them would otherwise leave it a little quieter.

Voices here, chosen by $MLP_VOICE on the manim command line (``mlp-explainer render
--voice [SPEC]`` sets it; unset, a scene is silent):

- ``espeak-ng`` or ``espeak-ng:VOICE`` (e.g. ``espeak-ng:en-gb``): Debian's espeak-ng,
  offline (:class:`EspeakVoice`).
- ``recorded:FOLDER``: your own recordings, one WAV per caption named by
  :func:`line_name` (:class:`RecordedVoice`).
- ``python:MODULE:NAME``: any other engine: ``MODULE.NAME`` is a voice, or a callable
  returning one.

Examples
--------
>>> line_name("Step 2: + b, the bias, shifts everything without bending it.")
'step-2-b-the-bias-shifts-everything-without-bending-it'
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import json
import os
import re
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

ENV_VAR = "MLP_VOICE"
DEFAULT_VOICE = "espeak-ng"
TARGET_LUFS = -16.0
LINE_CEILING = 0.89  # -1 dBFS: room for the whole track's own gain, and for AAC's overshoot
# Bump when Speaker changes what it writes for the same voice and words.
CACHE_VERSION = "1"

SPECS = "espeak-ng, espeak-ng:VOICE, recorded:FOLDER or python:MODULE:NAME"


class VoiceError(Exception):
    """A voice that cannot speak a line (one line: which voice, which line, why)."""


@dataclass(frozen=True)
class Speech:
    """One spoken line: an audio file and how long it lasts, in seconds."""

    path: Path
    duration: float


@runtime_checkable
class Voice(Protocol):
    """What speaks a caption: ``key`` names the engine and its settings (a new key
    re-renders every voiced clip); ``speak`` writes ``text`` as audio, in ``folder`` if it
    makes a file, and says where and how long."""

    @property
    def key(self) -> str: ...

    def speak(self, text: str, folder: Path) -> Speech: ...


def line_name(text: str) -> str:
    """The file name (without .wav) of a recorded line: its words in lower case, joined by
    '-', at most 120 characters."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:120].rstrip("-") or "line"


# Audio in and out -----------------------------------------------------------------------

def read_audio(path: str | Path, rate: int | None = None) -> tuple[np.ndarray, int]:
    """Any audio file PyAV opens (its first audio stream), as mono float32 samples in
    [-1, 1] at ``rate`` (default: the file's own), and that rate."""
    import av

    try:
        with av.open(str(path)) as c:
            if not c.streams.audio:
                raise VoiceError(f"{path}: has no audio stream")
            stream = c.streams.audio[0]
            rate = rate or int(stream.codec_context.sample_rate)
            mono = av.AudioResampler(format="flt", layout="mono", rate=rate)
            chunks = []
            for frame in c.decode(stream):
                chunks += [f.to_ndarray().reshape(-1) for f in mono.resample(frame)]
            chunks += [f.to_ndarray().reshape(-1) for f in mono.resample(None)]
    except (av.error.FFmpegError, OSError) as e:
        raise VoiceError(f"{path}: cannot be read as audio ({e})") from None
    samples = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
    return samples.astype(np.float32), rate


def write_wav(path: Path, samples: np.ndarray, rate: int) -> None:
    """16-bit mono PCM, written whole or not at all."""
    pcm = np.round(np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".wav", dir=path.parent)
    os.close(fd)
    try:
        with wave.open(tmp, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(rate)
            w.writeframes(pcm.tobytes())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def wav_duration(path: Path) -> float:
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / w.getframerate()


def trim_silence(samples: np.ndarray, rate: int, floor_db: float = -45.0,
                 margin: float = 0.01) -> np.ndarray:
    """The line from its first to its last sample louder than ``floor_db`` below its peak,
    with ``margin`` seconds either side, so speech starts when the line does."""
    if samples.size == 0:
        return samples
    level = np.abs(samples)
    loud = np.flatnonzero(level > level.max() * 10 ** (floor_db / 20))
    if loud.size == 0:
        return samples[:0]
    pad = int(margin * rate)
    return samples[max(loud[0] - pad, 0):loud[-1] + pad + 1]


def integrated_loudness(samples: np.ndarray, rate: int) -> float:
    """Integrated loudness in LUFS (ITU-R BS.1770-4, gated) of (n,) mono or (n, channels)
    samples; -inf for silence."""
    import pyloudnorm

    block = int(0.4 * rate) + 1  # the meter needs one 400 ms block at least
    x = np.asarray(samples, dtype=np.float64)
    if x.shape[0] < block:
        x = np.pad(x, [(0, block - x.shape[0])] + [(0, 0)] * (x.ndim - 1))
    return float(pyloudnorm.Meter(rate).integrated_loudness(x))


def loudness_gain(samples: np.ndarray, rate: int, target: float = TARGET_LUFS) -> float:
    """The gain in dB that brings ``samples`` to ``target`` LUFS, less whatever would make
    them clip (a little quieter beats distorted); 0 for silence."""
    lufs = integrated_loudness(samples, rate)
    peak = float(np.abs(samples).max()) if samples.size else 0.0
    if not np.isfinite(lufs) or peak <= 0:
        return 0.0
    return min(target - lufs, 20 * np.log10(0.98 / peak))


def normalise_segment(segment, target: float = TARGET_LUFS):
    """A pydub AudioSegment (Manim's sound track) brought to ``target`` LUFS."""
    scale = float(1 << (8 * segment.sample_width - 1))
    samples = np.array(segment.get_array_of_samples(), dtype=np.float64) / scale
    samples = samples.reshape(-1, segment.channels)
    return segment.apply_gain(loudness_gain(samples, segment.frame_rate, target))


def normalise(samples: np.ndarray, rate: int, target: float = TARGET_LUFS) -> np.ndarray:
    """``samples`` at ``target`` LUFS (see loudness_gain)."""
    gain = loudness_gain(samples, rate, target)
    return (samples * 10 ** (gain / 20)).astype(np.float32)


def limit(samples: np.ndarray, rate: int, ceiling: float = LINE_CEILING,
          window: float = 0.005) -> np.ndarray:
    """Peaks held under ``ceiling`` by a gain that dips smoothly around them (over
    ``window`` seconds either side) rather than clipping them."""
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    level = np.maximum(np.abs(samples), 1e-9)
    need = np.minimum(1.0, ceiling / level)
    if need.min() >= 1.0:
        return samples
    w = max(int(window * rate), 1)
    gain = uniform_filter1d(minimum_filter1d(need, 2 * w + 1), w)
    return (samples * np.minimum(gain, need)).astype(np.float32)


def speak_level(samples: np.ndarray, rate: int, target: float = TARGET_LUFS) -> np.ndarray:
    """A spoken line at ``target`` LUFS with its peaks limited under LINE_CEILING: speech
    synthesisers' peaks stand far above their loudness, and a plain gain would clip them
    or leave the line quieter than the rest."""
    for _ in range(4):
        lufs = integrated_loudness(samples, rate)
        if not np.isfinite(lufs) or abs(lufs - target) < 0.05:
            break
        samples = limit(samples * np.float32(10 ** ((target - lufs) / 20)), rate)
    return samples


# The cache ------------------------------------------------------------------------------

class Speaker:
    """A voice with its cache: ``say(text)`` speaks once, trims, normalises to
    ``loudness`` LUFS, and returns the cached line from then on."""

    def __init__(self, voice: Voice, cache: str | Path, loudness: float = TARGET_LUFS) -> None:
        self.voice = voice
        self.cache = Path(cache)
        self.loudness = loudness

    def path_for(self, text: str) -> Path:
        key = json.dumps([CACHE_VERSION, self.voice.key, text, self.loudness])
        digest = hashlib.sha256(key.encode()).hexdigest()[:16]
        return self.cache / f"{line_name(text)[:48]}-{digest}.wav"

    def say(self, text: str) -> Speech:
        path = self.path_for(text)
        if path.is_file():
            return Speech(path, wav_duration(path))
        self.cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=self.cache, prefix=".speaking-") as folder:
            raw = self.voice.speak(text, Path(folder))
            samples, rate = read_audio(raw.path)
        samples = trim_silence(samples, rate)
        if samples.size == 0:
            raise VoiceError(f"voice {self.voice.key}: silent for {text!r}")
        write_wav(path, speak_level(samples, rate, self.loudness), rate)
        return Speech(path, wav_duration(path))


# Voices ---------------------------------------------------------------------------------

@functools.cache
def _espeak_version(executable: str) -> str:
    try:
        done = subprocess.run([executable, "--version"], capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=30)
    except FileNotFoundError:
        raise VoiceError(f"{executable}: not found; install it (apt-get install espeak-ng, "
                         f"or scripts/bootstrap.sh)") from None
    words = done.stdout.split()
    return next((w for w in words if re.fullmatch(r"\d+(\.\d+)+\S*", w)), "unknown")


@dataclass(frozen=True)
class EspeakVoice:
    """Debian's espeak-ng, offline: ``voice`` is one of ``espeak-ng --voices``, at
    ``words_per_minute``."""

    voice: str = "en-us"
    words_per_minute: int = 160
    executable: str = "espeak-ng"

    @property
    def key(self) -> str:
        return (f"espeak-ng {_espeak_version(self.executable)} -v {self.voice} "
                f"-s {self.words_per_minute}")

    def check(self) -> None:
        """Refuse a voice espeak-ng does not have, before anything is rendered."""
        _espeak_version(self.executable)  # names a missing espeak-ng
        done = subprocess.run([self.executable, "-v", self.voice, "-q", "a"],
                              capture_output=True, text=True, stdin=subprocess.DEVNULL,
                              timeout=30)
        if done.returncode != 0:
            said = (done.stderr or done.stdout).strip().splitlines()
            raise VoiceError(f"espeak-ng has no voice {self.voice!r} "
                             f"({said[-1] if said else f'exit code {done.returncode}'}; "
                             f"espeak-ng --voices lists them)")

    def speak(self, text: str, folder: Path) -> Speech:
        out = Path(folder) / "espeak.wav"
        cmd = [self.executable, "-v", self.voice, "-s", str(self.words_per_minute),
               "-w", str(out), "--stdin"]
        try:
            done = subprocess.run(cmd, input=text, capture_output=True, text=True, timeout=120)
        except FileNotFoundError:
            raise VoiceError(f"{self.executable}: not found; install it (apt-get install "
                             f"espeak-ng, or scripts/bootstrap.sh)") from None
        said = (done.stderr or done.stdout).strip().splitlines()
        if done.returncode != 0 or not out.is_file() or out.stat().st_size <= 44:
            why = said[-1] if said else f"exit code {done.returncode}"
            raise VoiceError(f"espeak-ng -v {self.voice}: could not speak {text!r} ({why})")
        return Speech(out, wav_duration(out))


class RecordedVoice:
    """Your own recorded lines: ``folder/<line_name(caption)>.wav`` for every caption."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise VoiceError(f"recorded voice: no such folder: {self.folder}")

    @functools.cached_property
    def key(self) -> str:
        """The recordings themselves: changing, adding or removing one re-renders."""
        h = hashlib.sha256()
        for path in sorted(self.folder.glob("*.wav")):
            h.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
        return f"recorded {h.hexdigest()}"

    def path_for(self, text: str) -> Path:
        return self.folder / f"{line_name(text)}.wav"

    def speak(self, text: str, folder: Path) -> Speech:
        path = self.path_for(text)
        if not path.is_file():
            raise VoiceError(f"recorded voice {self.folder}: no recording of {text!r} "
                             f"(expected {path})")
        samples, rate = read_audio(path)
        return Speech(path, samples.size / rate if rate else 0.0)


def voice_from_spec(spec: str, where: str = ENV_VAR) -> Voice:
    """The voice a spec names (see the module's docstring); ValueError of one line if the
    spec is malformed, VoiceError if the voice named cannot be had."""
    kind, _, rest = str(spec).strip().partition(":")
    if kind == "espeak-ng":
        if _ and not re.fullmatch(r"[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)?", rest):
            raise ValueError(f"{where}: espeak-ng:VOICE needs a voice name such as en-gb, "
                             f"got {spec!r}")
        return EspeakVoice(rest or "en-us")
    if kind == "recorded" and rest:
        return RecordedVoice(Path(rest).expanduser())
    if kind == "python" and rest.count(":") == 1:
        module, name = rest.split(":")
        try:
            found = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError) as e:
            raise VoiceError(f"{where}: cannot load {module}:{name} ({e})") from None
        # a voice object as it is; a class or a factory is called for one
        voice = found() if isinstance(found, type) or not hasattr(found, "speak") else found
        if not isinstance(voice, Voice):
            raise VoiceError(f"{where}: {module}:{name} is not a voice (expected an object "
                             f"with key and speak(text, folder)), got {type(voice).__name__}")
        return voice
    raise ValueError(f"{where}: expected {SPECS}; got {spec!r}")


def speaker_from_env(cache: str | Path) -> Speaker | None:
    """The Speaker $MLP_VOICE names, caching under ``cache``; None when it is unset."""
    spec = os.environ.get(ENV_VAR, "").strip()
    return Speaker(voice_from_spec(spec), cache) if spec else None
