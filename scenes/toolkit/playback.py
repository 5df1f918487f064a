"""Playing a trace: the scene that loads it, the player that moves everything with it, and
the screen layout of an input-plane scene.

``TraceScene`` is the small base every chapter uses: it loads the trace ($MLP_TRACE, else
the bundled default), checks that it fits, scales every duration by ``pace`` (1.0 on the
command line; tests render the same code path at a small pace) and plays its beats.
``TracePlayer`` ties mobjects to one trace position that video time moves.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from manim import DOWN, LEFT, Camera, Mobject, ThreeDScene, ValueTracker

from mlp.trace import Trace, TraceError, load_trace
from scenes.toolkit import timeline
from scenes.toolkit.beats import Beats
from scenes.toolkit.camera import FastImageCamera, drawing
from scenes.toolkit.geometry import Limits, square_box
from scenes.toolkit.inputs import input_plane_of, plane_bounds
from scenes.toolkit.plane import PlaneFrame
from scenes.toolkit.traces import ENV_VAR, default_trace_path, fail, mismatch, scene_trace

# Layout of a 16:9 frame (14.2 x 8 units): the plane on the left, a panel on the right.
PLANE_HEIGHT = 6.6
PLANE_CENTER = np.array([-3.2, -0.15, 0.0])
PANEL_LEFT = 0.9


def square_limits(trace: Trace, margin: float = 0.12) -> Limits:
    """Equal, centred x and y ranges that hold the trace's data with ``margin`` to spare
    (placed on the plane: through the inputs' view for more than 2 inputs)."""
    return square_box(*plane_bounds(trace, margin))


def input_plane(trace: Trace) -> PlaneFrame:
    """The input plane in its place on the left, a square around the trace's data, its axes
    named by scenes.toolkit.inputs (x_1, x_2, or the view's axes)."""
    x, y = input_plane_of(trace).axes
    return PlaneFrame(*square_limits(trace), height=PLANE_HEIGHT, center=PLANE_CENTER,
                      x_label=x, y_label=y)


class TraceScene(timeline.RecordsTimeline, Beats):
    """A scene that plays a recorded trace; subclasses set ``default_trace`` (an asset name).

    ``TraceScene(trace=..., pace=...)`` lets a Python driver or a test pass a loaded trace
    and a time scale; on the command line the trace comes from $MLP_TRACE or the asset.
    A flat scene draws with :class:`~scenes.toolkit.camera.FastImageCamera`.
    ``construct`` loads the trace (``requires``) and calls the methods named in ``script``;
    each beat method declares its beat (``with self.beat(name, caption)``).
    """

    default_trace: str = "seed-notebook"
    pace: float = 1.0
    # What the trace must be (scenes.toolkit.traces.mismatch's keywords), and the scene's
    # script: the names of its set-up and beat methods, played in this order by construct.
    requires: ClassVar[Mapping[str, Any]] = {}
    script: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *, trace: Trace | None = None, pace: float | None = None, **kwargs) -> None:
        self._given_trace = trace
        if pace is not None:
            if not pace > 0:
                raise ValueError(f"pace must be > 0, got {pace}")
            self.pace = float(pace)
        if "camera_class" not in kwargs and not isinstance(self, ThreeDScene):
            # FastImageCamera draws what Manim's camera draws ($MLP_DRAWING=manim: Manim's)
            kwargs["camera_class"] = FastImageCamera if drawing() == "fast" else Camera
        super().__init__(**kwargs)

    @property
    def scene_name(self) -> str:
        return type(self).__name__

    def construct(self) -> None:
        """Load the trace, then play the script: the set-up and the beats, in order."""
        self.trace = self.load_trace()
        for step in self.script:
            getattr(self, step)()

    def load_trace(self) -> Trace:
        """The trace this scene plays, checked against its requirements: a trace that does
        not fit stops the scene with one line (exit code 2)."""
        trace = self._given_trace or scene_trace(self.scene_name, self.default_trace)
        problem = self.refusal(trace)
        if problem:
            fail(self.scene_name, problem)
        return trace

    @classmethod
    def requirements(cls) -> dict[str, Any]:
        """What the trace must be: ``requires``, as scenes.toolkit.traces.mismatch takes it
        (inputs as they are, no input map, unless ``requires`` says otherwise)."""
        return {"input_map": "identity", **cls.requires}

    @classmethod
    def refusal(cls, trace: Trace) -> str | None:
        """Why this scene cannot play ``trace``, in the one line it would stop with (after
        its name), or None when it can. Asked without rendering: the pipeline leaves out the
        chapters that cannot play a user's trace and names them with this line."""
        return mismatch(trace, **cls.requirements())

    def seconds(self, t: float) -> float:
        """A duration in this scene's pace."""
        return max(float(t) * self.pace, 1e-3)

    def pause(self, t: float) -> None:
        self.wait(self.seconds(t))


def load_trace_list(scene: str, defaults: list[str], given: list[Trace] | None = None,
                    env: str = ENV_VAR) -> list[Trace]:
    """Several traces: $MLP_TRACE as paths joined by the path separator (':' on Linux),
    else the bundled assets ``defaults``. Any unreadable file stops the scene with one line.
    """
    if given:
        return list(given)
    value = os.environ.get(env)
    paths = ([Path(p) for p in value.split(os.pathsep) if p] if value
             else [default_trace_path(d) for d in defaults])
    traces = []
    for p in paths:
        try:
            traces.append(load_trace(p))
        except TraceError as e:
            fail(scene, str(e))
    return traces


def panel_column(*mobjects, top: float = 3.55, buff: float = 0.45,
                 bottom: float | None = None):
    """Stack mobjects down the right-hand panel, left-aligned at PANEL_LEFT; with
    ``bottom``, the gaps between them narrow (to no less than a tenth of a unit) so that the
    last one ends above it, as a language's longer words may need."""
    if bottom is not None and len(mobjects) > 1:
        room = top - bottom - sum(m.height for m in mobjects)
        buff = min(buff, max(0.1, room / (len(mobjects) - 1)))
    y = top
    for m in mobjects:
        m.next_to([PANEL_LEFT, y, 0], DOWN, buff=0).align_to([PANEL_LEFT, 0, 0], LEFT)
        y = m.get_edge_center(DOWN)[1] - buff
    return mobjects


class TracePlayer:
    """Ties mobjects to one trace position: a ValueTracker in [0, S-1] that video time moves.

    ``follow(mobject, update)`` adds an updater calling ``update(pos)``; ``seek(pos)``
    applies a position at once; ``play(scene, to, run_time)`` animates the tracker linearly,
    so equal video time covers equal numbers of snapshots (dense early, sparse late).
    """

    def __init__(self, trace: Trace, start: float = 0.0) -> None:
        self.trace = trace
        self.tracker = ValueTracker(float(start))
        self._followers: list[tuple[Mobject, Callable[[float], object]]] = []
        timeline.register(self)  # recorded as the clip's time -> position, when asked

    @property
    def pos(self) -> float:
        return float(self.tracker.get_value())

    @property
    def end(self) -> float:
        return float(self.trace.n_snapshots - 1)

    def follow(self, mobject: Mobject,
               update: Callable[[float], object] | None = None) -> Mobject:
        """Keep ``mobject`` at the tracker's position: ``update(pos)`` every frame
        (default: the mobject's own ``set_position``)."""
        update = update or mobject.set_position
        update(self.pos)
        mobject.add_updater(lambda m: update(self.pos))
        self._followers.append((mobject, update))
        return mobject

    def seek(self, pos: float) -> None:
        self.tracker.set_value(float(pos))
        for _, update in self._followers:
            update(self.pos)

    def animate_to(self, pos: float | None = None):
        """The animation moving the clock to ``pos`` (default: the last snapshot)."""
        return self.tracker.animate.set_value(self.end if pos is None else float(pos))
