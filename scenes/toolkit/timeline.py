"""The timeline a scene records as it plays: video time -> trace position.

Every ``TracePlayer`` a scene keeps is sampled at each frame the scene renders (and at the
end of each ``play``/``wait``), as (video time in seconds, position in [0, S-1]). When
$MLP_TIMELINE names a file, the scene writes its tracks there as JSON when it ends:

    {"fps": 15, "tracks": [{"trace": "/abs/trace.npz",
                            "samples": [[0.0, 0.0], [2.4, 0.0], [12.4, 200.0], ...]}]}

Between samples the position is linear in time; samples a straight line would give are
dropped. The render pipeline sets $MLP_TIMELINE and copies the tracks into manifest.json,
so a page can follow a playing clip.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

ENV_VAR = "MLP_TIMELINE"

# The TracePlayers made since the scene began (a CLI render is one scene per process).
_PLAYERS: list = []


def register(player) -> None:
    """Called by every TracePlayer: its position becomes a track of the timeline."""
    if os.environ.get(ENV_VAR):
        _PLAYERS.append(player)


def simplify(samples: list[tuple[float, float]], tol: float = 1e-6) -> list[list[float]]:
    """Drop samples that lie on the straight line between their neighbours (to ``tol``).

    >>> simplify([(0, 0), (1, 1), (2, 2), (3, 2), (4, 2)])
    [[0.0, 0.0], [2.0, 2.0], [4.0, 2.0]]
    """
    pts = [[float(t), float(p)] for t, p in samples]
    if len(pts) <= 2:
        return pts
    out = [pts[0]]
    for k in range(1, len(pts) - 1):
        (t0, p0), (t1, p1), (t2, p2) = out[-1], pts[k], pts[k + 1]
        if t2 > t0:
            expected = p0 + (p2 - p0) * (t1 - t0) / (t2 - t0)
            if abs(expected - p1) <= tol and t1 != t0:
                continue
        out.append(pts[k])
    out.append(pts[-1])
    return out


class RecordsTimeline:
    """Mixin for a Scene: samples its TracePlayers while rendering, writes $MLP_TIMELINE."""

    def __init__(self, *args, **kwargs) -> None:
        _PLAYERS.clear()
        super().__init__(*args, **kwargs)

    def _timeline_sample(self) -> None:
        if not os.environ.get(ENV_VAR):
            return
        tracks = self.__dict__.setdefault("_timeline_tracks", {})
        now = float(self.renderer.time)
        for player in _PLAYERS:
            path = player.trace.path
            track = tracks.setdefault(id(player), {
                "trace": str(Path(path).resolve()) if path else None, "samples": []})
            samples = track["samples"]
            if samples and samples[-1][0] == now:
                samples[-1] = (now, player.pos)
            else:
                samples.append((now, player.pos))

    def update_mobjects(self, dt: float) -> None:
        super().update_mobjects(dt)
        self._timeline_sample()

    def play(self, *args, **kwargs) -> None:
        super().play(*args, **kwargs)
        self._timeline_sample()

    def tear_down(self) -> None:
        super().tear_down()
        target = os.environ.get(ENV_VAR)
        if not target:
            return
        from manim import config

        tracks = [{**t, "samples": simplify(t["samples"])}
                  for t in self.__dict__.get("_timeline_tracks", {}).values()]
        text = json.dumps({"fps": config.frame_rate, "tracks": tracks})
        path = Path(target)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
