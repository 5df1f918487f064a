"""A scene's beats: one idea each, declared once with its name and its caption.

A beat is a section of the video (a slide of the deck) with one caption over it, from where
it starts to where it ends. Scenes declare them with :meth:`Beats.beat`; everything a beat
does beyond playing its body (the section, the subtitle, the hold until its caption is
read, the record the pipeline reads) happens in :meth:`Beats.start_beat` and
:meth:`Beats.end_beat`, so a new duty of every beat is added there, once.

A beat lasts as long as its animations, and at least as long as its caption takes to read
at the scene's reading speed (scenes.toolkit.reading: $MLP_READING_SPEED, 15 characters a
second and 1.5 s by default): the beat waits at its end, animations keep their speed.
With a voice (scenes.toolkit.voice: $MLP_VOICE), each beat speaks its caption from its
start and lasts at least as long as the speech; its subtitles follow the voice: a caption
too long for two lines of 42 characters is shown as phrases (scenes.toolkit.subtitles),
each from the moment its first word is said until the next one's, the last for as long as
the line is spoken (and, from its first word, can be read). When $MLP_SPOKEN names a file,
a voiced scene writes there, as it ends, what each beat said and when each word was said
(JSON: the pipeline's word-timed WebVTT and narrated slides read it).

Whether the frames show words: after every play and wait the scene looks at what is on
screen for a word (:func:`shows_words`: any Text, MarkupText or Paragraph, a NumberText
readout, a Tex with words outside its formulas, a MathTex with ``\\text``); formulas alone
are the same in every language. When $MLP_BEATS names a file, the scene writes there, as it
ends, its beats (name, caption, start, end) and whether it ever showed a word (JSON:
``{"beats": [...], "words": false}``): the pipeline renders a clip that shows none once for
every language. Such a clip's beats must hold as long as the slowest language's caption
needs: when $MLP_HOLDS names a file (JSON ``{"holds": [seconds, ...]}``, one per beat in
order), each beat holds at least that long besides its own caption's reading time.
"""

from __future__ import annotations

import copy
import json
import math
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from manim import Scene, config

from scenes.toolkit.language import LanguageError, language, tex_preamble
from scenes.toolkit.reading import ReadingSpeed, reading_speed_from_env
from scenes.toolkit.subtitles import split_phrases, wrap
from scenes.toolkit.traces import fail
from scenes.toolkit.voice import (
    SPOKEN_ENV,
    Speaker,
    Speech,
    VoiceError,
    normalise_segment,
    speaker_from_env,
    words_of,
    write_text_whole,
)

SRT_MILLISECOND = 0.001  # the time resolution of the subtitles Manim writes
BEATS_ENV = "MLP_BEATS"  # where a scene writes its beats and whether it showed a word
HOLDS_ENV = "MLP_HOLDS"  # the shortest hold of each beat (a clip shared by languages)


def _has_words(tex: str, *, math: bool) -> bool:
    """Whether TeX source writes words: in a formula (``math``) only through \\text... or
    \\mbox; in text mode, letters outside $...$."""
    import re

    if math:
        return bool(re.search(r"\\(text[a-z]*|mbox)\b", tex))
    outside = re.sub(r"\$\$.*?\$\$|\$.*?\$|\\\(.*?\\\)", " ", tex, flags=re.S)
    outside = re.sub(r"\\[A-Za-z]+", " ", outside)  # commands are not words
    return bool(re.search(r"[^\W\d_]{2,}", outside))


def _visible(mob) -> bool:
    for m in mob.get_family():
        if not len(getattr(m, "points", ())):
            continue
        try:
            if m.get_fill_opacity() > 0 or (m.get_stroke_width() > 0
                                            and m.get_stroke_opacity() > 0):
                return True
        except (AttributeError, IndexError):
            return True
    return False


def word_mobject(mob) -> bool:
    """Whether ``mob`` itself (not its parts) writes words of a language."""
    from manim import MarkupText, MathTex, Paragraph, SingleStringMathTex, Tex, Text

    from scenes.toolkit.readouts import NumberText

    if isinstance(mob, (Text, MarkupText, Paragraph, NumberText)):
        return True
    if isinstance(mob, Tex):
        return _has_words(mob.tex_string, math=False)
    if isinstance(mob, (MathTex, SingleStringMathTex)):
        return _has_words(mob.tex_string, math=True)
    return False


def shows_words(mobjects) -> bool:
    """Whether any of ``mobjects`` (and their parts) shows words on screen: a visible
    mobject that :func:`word_mobject` says writes some."""
    todo = list(mobjects)
    while todo:
        mob = todo.pop()
        if word_mobject(mob):
            if _visible(mob):
                return True
            continue
        todo.extend(mob.submobjects)
    return False


def holds_from_env() -> list[float] | None:
    """The shortest hold of each beat, from the file $MLP_HOLDS names (None without one);
    ValueError of one line when it is not ``{"holds": [seconds, ...]}``."""
    path = os.environ.get(HOLDS_ENV)
    if not path:
        return None
    try:
        holds = json.loads(Path(path).read_text(encoding="utf-8"))["holds"]
        if not all(isinstance(h, (int, float)) and h >= 0 for h in holds):
            raise ValueError
    except (OSError, ValueError, KeyError, TypeError):
        raise ValueError(f"{HOLDS_ENV}: expected a JSON file {{\"holds\": [seconds, ...]}}, "
                         f"got {path}") from None
    return [float(h) for h in holds]


@dataclass(frozen=True)
class Beat:
    """One beat of a scene: ``name`` (its section and slide), ``caption`` (the plain-words
    subtitle over it), and ``start``/``end`` in seconds of the scene's clock (``end`` is None
    while it plays)."""

    name: str
    caption: str
    start: float
    end: float | None = None

    @property
    def duration(self) -> float:
        return 0.0 if self.end is None else self.end - self.start


class Beats(Scene):
    """A scene that declares its beats: ``with self.beat(name, caption): ...``.

    ``played_beats`` lists the :class:`Beat` s played so far, in order. Each beat opens a section
    named ``name`` (manim's ``--save_sections``; manim-slides makes each section a slide) and
    puts ``caption`` on screen-reader subtitles for exactly the beat's span. A beat whose body
    plays nothing adds no caption and no record (manim drops the empty section too).

    ``reading`` (a :class:`~scenes.toolkit.reading.ReadingSpeed`) says how long a caption
    must stay up; by default it comes from $MLP_READING_SPEED. ``speaker`` (a
    :class:`~scenes.toolkit.voice.Speaker`) speaks the captions; by default the voice
    $MLP_VOICE names, or none. A bad value of either stops the scene with one line.

    Examples
    --------
    ::

        class ShowBeats(Beats):
            def construct(self):
                with self.beat("square", "A square appears."):
                    self.play(Create(Square()))
    """

    def __init__(self, *args, reading: ReadingSpeed | None = None,
                 speaker: Speaker | None = None, **kwargs) -> None:
        self.played_beats: list[Beat] = []
        self.spoken: list[dict] = []  # each voiced beat: its line and its words' times
        self.words_drawn = False  # whether any frame so far showed a word (shows_words)
        try:
            self.holds = holds_from_env()
            self.reading = reading or reading_speed_from_env()
            self.speaker = speaker or speaker_from_env(Path(config.media_dir) / "voice")
            self.language = language()  # the captions' ($MLP_LANGUAGE), checked once
            use_language_in_tex(tex_preamble(self.language))
        except (ValueError, VoiceError, LanguageError) as e:
            fail(type(self).__name__, str(e))
        super().__init__(*args, **kwargs)

    @contextmanager
    def beat(self, name: str, caption: str) -> Iterator[Beat]:
        """Play the body as the beat ``name`` with ``caption`` over it."""
        started = Beat(name, caption, self.time)
        self.start_beat(started)
        yield started
        self.end_beat(started)

    def start_beat(self, beat: Beat) -> None:
        """Where every beat begins: its own section (a slide of the deck)."""
        self.next_section(beat.name)

    def end_beat(self, beat: Beat) -> None:
        """Where every beat ends: a hold until its caption has been read, then the caption,
        timed on the scene's clock after the body has run, so it lasts exactly the beat's
        animations, waits and hold at any pace; then its record."""
        if self.time - beat.start <= 0:
            return
        speech = self.speak(beat.caption)
        shown = self.reading.seconds(beat.caption)
        k = len(self.played_beats)
        if self.holds is not None and k < len(self.holds):  # a clip shared by languages
            shown = max(shown, self.holds[k])
        lead = 0.0  # when the first word is said, from the beat's start
        if speech is not None:
            shown = max(shown, speech.duration)
            lead = speech.words[0].start if speech.words else 0.0
            shown = max(shown, self.last_phrase_read(beat.caption, speech) - lead)
        # An .srt keeps whole milliseconds and Manim's writer truncates: a cue held exactly
        # as long as reading needs would be written a hair too short. One millisecond more.
        shown += SRT_MILLISECOND
        self.hold_until(beat.start + lead + shown)
        since_start = self.time - beat.start
        if speech is None:
            self.add_subcaption(beat.caption, duration=since_start, offset=-since_start)
        else:
            self.add_sound(str(speech.path), time_offset=-since_start)
            self.spoken_captions(beat, speech, lead + shown, since_start)
        self.played_beats.append(Beat(beat.name, beat.caption, beat.start, self.time))

    def last_phrase_read(self, caption: str, speech: Speech) -> float:
        """When the caption's last phrase, shown from its first word, has been read (seconds
        from the beat's start; 0 when the voice did not time the caption's words): a voice
        quick to its end (German's long words) leaves it up long enough to be read."""
        words = list(speech.words or ())
        if not words or [w.text for w in words] != words_of(caption):
            return 0.0
        last = split_phrases([w.text for w in words])[-1]
        return words[-len(last)].start + self.reading.seconds(" ".join(last))

    def spoken_captions(self, beat: Beat, speech: Speech, until: float,
                        since_start: float) -> None:
        """The beat's subtitles as its voice says them: each phrase from its first word to
        the next phrase's first word, the last until ``until`` (seconds from the beat's
        start); and the beat's record of what was said when."""
        words = list(speech.words or ())
        if [w.text for w in words] != words_of(beat.caption):  # a voice that said otherwise
            words = []
        if not words:
            self.add_subcaption(beat.caption, duration=until, offset=-since_start)
        k, cues = 0, []
        for phrase in split_phrases([w.text for w in words]):
            cues.append((words[k].start, phrase))
            k += len(phrase)
        for i, (start, phrase) in enumerate(cues):
            end = cues[i + 1][0] if i + 1 < len(cues) else until
            self.add_subcaption("\n".join(wrap(" ".join(phrase))), duration=end - start,
                                offset=start - since_start)
        self.spoken.append({
            "name": beat.name, "caption": beat.caption, "start": beat.start,
            "end": beat.start + since_start, "speech": str(speech.path),
            "duration": speech.duration,
            "words": [[w.text, round(beat.start + w.start, 4), round(beat.start + w.end, 4)]
                      for w in words]})

    def speak(self, caption: str) -> Speech | None:
        """The caption spoken by the scene's voice (None without one); a voice that cannot
        speak it stops the scene with one line."""
        if self.speaker is None:
            return None
        try:
            return self.speaker.say(caption)
        except VoiceError as e:
            fail(type(self).__name__, str(e))

    def play(self, *args, **kwargs) -> None:
        """Manim's play (and so every wait), then a look at the screen for words."""
        super().play(*args, **kwargs)
        if not self.words_drawn:
            self.words_drawn = shows_words(self.mobjects)

    def hold_until(self, t: float) -> None:
        """Wait until the scene's clock reaches ``t`` (to the frame at or after it).

        Manim counts a still wait's frames down (``int(duration * fps)``) and a moving one's
        up, so the wait asks for half a frame more than the whole frames it needs, and
        checks the clock again.
        """
        fps = float(config.frame_rate)
        for _ in range(3):
            frames = math.ceil((t - self.time) * fps - 1e-6)
            if frames <= 0:
                return
            self.wait((frames + 0.5) / fps)

    def tear_down(self) -> None:
        """A voiced scene's sound lasts as long as its video (silence to the last frame), at
        the voice's loudness."""
        super().tear_down()
        writer = self.renderer.file_writer
        if getattr(writer, "includes_sound", False):
            writer.add_audio_segment(_silence(), time=self.time)
            if self.speaker is not None:
                writer.audio_segment = normalise_segment(writer.audio_segment,
                                                         self.speaker.loudness)
        target = os.environ.get(SPOKEN_ENV)
        if target and self.speaker is not None:
            write_text_whole(Path(target), json.dumps({"beats": self.spoken}))
        target = os.environ.get(BEATS_ENV)
        if target:
            beats = [{"name": b.name, "caption": b.caption, "start": round(b.start, 6),
                      "end": round(b.end, 6)} for b in self.played_beats]
            write_text_whole(Path(target), json.dumps({"beats": beats,
                                                       "words": self.words_drawn}))


def use_language_in_tex(preamble: str) -> None:
    """LaTeX's preamble with what the language's letters need (its catalog's X-TeX-Preamble,
    such as Russian's Cyrillic font encoding), so the words in a formula's \\text{} print:
    the scene's config gets a template of its own (Manim's TeX cache names each file by its
    whole source, preamble included)."""
    template = config.tex_template
    if not preamble or preamble in template.preamble:
        return
    template = copy.deepcopy(template)
    template.add_to_preamble(preamble)
    config.tex_template = template


def _silence():
    """An empty pydub segment (Manim's own audio type), without pydub's warning about an
    ffmpeg binary that WAV files do not need."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*ffmpeg or avconv.*",
                                category=RuntimeWarning)
        from pydub import AudioSegment
    return AudioSegment.silent(0)
