"""Captions stay up long enough to read: every chapter of the story rendered to a video, and
the .srt manim writes beside it read back.

The chapters render at a tiny size, at 5 fps and at a small ``pace`` (animations at 5% of
their length), so each beat's hold, not its animations, has to give the reader their time:
the hardest case for the rule, and a fast one to render.
"""

from __future__ import annotations

import importlib

import pytest
import srt
from manim import Create, Square
from plane_render import render as render_small

from explainer.captions import order_problems
from explainer.story import STORY
from scenes.toolkit.beats import Beats
from scenes.toolkit.planning import plan_beats
from scenes.toolkit.reading import ENV_VAR, ReadingSpeed
from scenes.toolkit.traces import ENV_VAR as TRACE_ENV

TINY = (256, 144)
SRT_RESOLUTION = 0.001  # an .srt states times to the millisecond


# Each chapter's captions, kept from its render below for the story-wide test after it.
SAID: dict[str, list[str]] = {}


def scene_class(chapter):
    module = importlib.import_module(chapter.module.removesuffix(".py").replace("/", "."))
    return getattr(module, chapter.scene)


def written_cues(media) -> list[srt.Subtitle]:
    return list(srt.parse((media / "scene.srt").read_text(encoding="utf-8")))


def too_fast(cues: list[srt.Subtitle], speed: ReadingSpeed) -> list[str]:
    """Each cue on screen for less than its characters at ``speed`` allow, or for less than
    the shortest time, as 'seconds s, characters/s: text'."""
    found = []
    for cue in cues:
        seconds = (cue.end - cue.start).total_seconds()
        rate = len(cue.content) / seconds if seconds > 0 else float("inf")
        # as written, to the millisecond: no slack for the format's rounding
        if seconds < speed.min_seconds or len(cue.content) > speed.chars_per_second * seconds:
            found.append(f"{seconds:.3f} s, {rate:.1f} characters/s: {cue.content}")
    return found


@pytest.mark.parametrize("chapter", STORY, ids=lambda c: c.scene)
def test_every_caption_of_every_chapter_can_be_read(chapter, render, tmp_path,
                                                   monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    scene, _ = render(scene_class(chapter), tmp_path, output="movie", size=TINY)
    cues = written_cues(tmp_path)
    assert len(cues) == len(scene.played_beats) >= 1
    assert [c.content for c in cues] == [b.caption for b in scene.played_beats]
    assert too_fast(cues, ReadingSpeed(15, 1.5)) == []
    SAID[chapter.scene] = [c.content for c in cues]


def test_the_story_names_what_it_has_shown_before_it_uses_the_name(tmp_path, monkeypatch):
    """In story order: "hidden unit" and "forward pass" only once a caption has said
    "network", "gradient" only once one has said "loss". The captions are the renders'
    above; a chapter not rendered in this run is planned (its animations skipped)."""
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.delenv(TRACE_ENV, raising=False)
    captions = []
    for chapter in STORY:
        if chapter.scene not in SAID:
            SAID[chapter.scene] = [b.caption for b in plan_beats(scene_class(chapter),
                                                                 tmp_path)]
        captions += SAID[chapter.scene]
    assert order_problems(captions) == []
    # the rule sees the words where the story first says them
    firsts = {w: next(i for i, c in enumerate(captions) if w in c.lower())
              for w in ("network", "hidden unit", "forward pass", "loss", "gradient")}
    assert firsts["network"] < min(firsts["hidden unit"], firsts["forward pass"])
    assert firsts["loss"] <= firsts["gradient"]


class TwoQuickBeats(Beats):
    """Two beats whose animations last far less than their captions take to read."""

    def construct(self) -> None:
        square = Square()
        with self.beat("short", "Short."):
            self.play(Create(square), run_time=0.2)
        with self.beat("long", "A longer caption, of sixty characters or so, to be read."):
            self.play(square.animate.shift([1, 0, 0]), run_time=0.2)
            self.wait(0.2)


def test_the_reading_speed_knob_sets_every_hold(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, "10,2.5")
    render_small(lambda pace: TwoQuickBeats(), tmp_path, output="movie", size=TINY)
    cues = written_cues(tmp_path)
    assert [c.content for c in cues] == ["Short.", "A longer caption, of sixty characters or "
                                         "so, to be read."]
    slow = ReadingSpeed(10, 2.5)
    assert too_fast(cues, slow) == []
    # a hold is no longer than it must be: within a frame (5 fps) of the time to read
    for cue in cues:
        seconds = (cue.end - cue.start).total_seconds()
        assert seconds == pytest.approx(slow.seconds(cue.content), abs=0.2 + SRT_RESOLUTION)
    # the rule itself fails a cue that is too fast or too short
    assert len(too_fast(cues, ReadingSpeed(30, 3.0))) == 1
    assert len(too_fast(cues, ReadingSpeed(5, 1.5))) == 1


@pytest.mark.parametrize("value", ["fast", "0", "-3", "15,", "15,1.5,2", "nan"])
def test_a_bad_reading_speed_stops_the_scene_with_one_line(value, monkeypatch, capsys):
    monkeypatch.setenv(ENV_VAR, value)
    with pytest.raises(SystemExit) as stopped:
        TwoQuickBeats()
    assert stopped.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert err.startswith(f"TwoQuickBeats: {ENV_VAR}: expected characters a second") and \
        repr(value) in err
