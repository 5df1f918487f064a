"""Captions stay up long enough to read: the reading speed sets every hold, and a bad one is
one line. (Every chapter of the story is read at that speed in test_every_chapter.py.)"""

from __future__ import annotations

import pytest
from manim import Create, Square
from plane_render import TINY, too_fast, written_cues
from plane_render import render as render_small

from scenes.toolkit.beats import Beats
from scenes.toolkit.reading import ENV_VAR, ReadingSpeed

SRT_RESOLUTION = 0.001  # an .srt states times to the millisecond


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
