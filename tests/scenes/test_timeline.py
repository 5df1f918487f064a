"""A scene records its video time -> trace position as it plays ($MLP_TIMELINE)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from manim import Dot, linear, smooth
from plane_render import asset, render

from scenes.toolkit.playback import TracePlayer, TraceScene
from scenes.toolkit.timeline import ENV_VAR, simplify


class PlaysTheRun(TraceScene):
    """0 -> 100 linearly in 2 s, a 1 s wait, then 100 -> 200 along ``smooth`` in 2 s."""

    def construct(self) -> None:
        player = TracePlayer(self._given_trace)
        dot = player.follow(Dot(), lambda pos: None)
        self.add(dot)
        self.play(player.animate_to(100), run_time=2, rate_func=linear)
        self.wait(1)
        self.play(player.animate_to(200), run_time=2, rate_func=smooth)


def expected(t: float) -> float:
    if t <= 2:
        return 50 * t
    if t <= 3:
        return 100.0
    return 100 + 100 * smooth(min((t - 3) / 2, 1.0))


def test_recorded_track_gives_the_position_of_every_frame(tmp_path, monkeypatch):
    target = tmp_path / "timeline.json"
    monkeypatch.setenv(ENV_VAR, str(target))
    trace = asset("seed-notebook")
    render(PlaysTheRun, tmp_path / "media", pace=1.0, trace=trace)
    data = json.loads(target.read_text())
    assert data["fps"] == 5
    (track,) = data["tracks"]
    assert track["trace"].endswith("seed-notebook.npz")
    t, p = np.array(track["samples"]).T
    assert np.all(np.diff(t) >= 0) and t[0] == 0 and t[-1] == pytest.approx(5.0)
    frames = np.arange(0, 5.0, 1 / 5)  # each frame's time in the video
    np.testing.assert_allclose(np.interp(frames, t, p), [expected(x) for x in frames],
                               atol=1e-6)
    assert p[-1] == 200.0
    # a straight stretch is kept as its two ends
    assert len(t) < 5 * 5


def test_nothing_is_written_without_the_variable(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    render(PlaysTheRun, tmp_path / "media", pace=1.0, trace=asset("seed-notebook"))
    assert not list(tmp_path.rglob("timeline.json"))


def test_simplify_keeps_the_corners():
    pts = [(0, 0), (1, 1), (2, 2), (3, 2), (4, 2), (5, 3)]
    assert simplify(pts) == [[0.0, 0.0], [2.0, 2.0], [4.0, 2.0], [5.0, 3.0]]
