"""The 3-D chapters' staging, measured from the mobjects and Manim's own camera at the end of
every animation and wait of every beat (no frame is rendered: the scenes skip their
animations and the camera's projection is applied to the mobjects' points):

- the sheet (the grid) or, without one, the cloud is never seen edge-on: its projection
  keeps at least a quarter of its widest 2-D spread;
- everything drawn in 3-D stays inside the frame and left of the panel, where the title is;
- no axis label leaves the stage (nor comes within its margin of the frame's top and
  bottom), overlaps the title, another label, a data point, or what else the chapter draws
  as data: the hidden lines, the s axes, the planes of the meta classifier and of the units;
- the camera is still whenever the points move;
- a layer's beat frames that layer: the deep network's second cube, the one its points are
  pressed into, spans a good part of the stage;
- the class regions' lattice is drawn around the points, not over the whole stage.

On the seed's trace, a deep one (two hidden layers) and one of three classes.
"""

from __future__ import annotations

import numpy as np
import pytest
from manim import VMobject, config
from networks import network
from plane_render import render

from mlp.bundled import DEPTH, MANY_CLASSES, TWO_UNITS
from scenes.toolkit.hidden_space import ClassRegions, MetaPlane
from scenes.toolkit.style import PANEL_LEFT, STAGE
from scenes.warp import (
    DepthWarp,
    HiddenSpaceWarp,
    ManyClassesWarp,
    TwoUnitsWarp,
    WarpDuringTraining,
)

MIN_VISIBLE = 0.25


def spread(P: np.ndarray) -> float:
    """Product of the two largest standard deviations of a point set (by hand)."""
    P = P - P.mean(axis=0)
    s = np.sqrt(np.sort(np.linalg.eigvalsh(P.T @ P / len(P)))[::-1].clip(0))
    return float(s[0] * s[1])


def probe(scene_cls):
    """``scene_cls`` recording, after each play and wait inside a beat, what the camera
    shows: a list ``shots`` of dicts."""

    class Probe(scene_cls):
        def start_beat(self, beat):
            self._beat = beat.name
            super().start_beat(beat)

        def end_beat(self, beat):
            super().end_beat(beat)
            self._beat = None

        def _shot(self):
            if getattr(self, "_beat", None) is None or not hasattr(self, "cloud"):
                return
            cam = self.renderer.camera
            cam.reset_rotation_matrix()
            fixed = set(cam.fixed_in_frame_mobjects)
            oriented = set(cam.fixed_orientation_mobjects)
            on = set()
            for m in self.mobjects:
                on.update(m.get_family())
            drawn3d = []
            for m in on:
                if m in fixed or m in oriented or any(m in set(f.get_family()) for f in
                                                      fixed | oriented):
                    continue
                if len(m.points) == 0 or not isinstance(m, VMobject):
                    continue
                if m.get_fill_opacity() == 0 and (m.get_stroke_width() == 0
                                                  or m.get_stroke_opacity() == 0):
                    continue
                drawn3d.append(cam.project_points(m.points)[:, :2])
            labels = []
            inner = {sub for m in oriented for sub in m.get_family()[1:]}
            for lab in oriented - inner:  # each label once, not each of its glyphs
                if lab not in on or not len(lab.get_all_points()):
                    continue
                c = cam.project_point(lab.get_center())[:2]
                labels.append((c, np.array([lab.width, lab.height]) / 2))
            # what is drawn as data besides the points: lines (as their points) and the
            # planes (filled: as the outline, a convex polygon on screen)
            strokes, fills = [], []
            for name in ("hidden_lines", "s_axes", "unit_planes"):
                for m in getattr(self, name, []):
                    if m not in on or not len(m.points) or m.get_stroke_opacity() == 0:
                        continue
                    (fills if m.get_fill_opacity() > 0 else strokes).append(
                        cam.project_points(m.points)[:, :2])
            meta = getattr(self, "meta_plane", None)
            if isinstance(meta, MetaPlane) and meta in on and len(meta.vertices) >= 2:
                (fills if len(meta.vertices) >= 3 else strokes).append(
                    cam.project_points(meta.vertices)[:, :2])
            grid = self.grid.points if self.grid in on and len(self.grid.points) else None
            regions = [m for m in (getattr(self, "meta_plane", None),
                                   getattr(self, "regions", None))
                       if isinstance(m, ClassRegions) and m in on and len(m.centers)]
            cube = getattr(self, "cube", None)
            cube = cube if cube is not None and cube in on and len(cube.points) else None
            self.shots.append({
                "beat": self._beat, "time": round(self.time, 2),
                "camera": np.array([cam.get_phi(), cam.get_theta(), cam.get_zoom(),
                                    cam.offset_x.get_value(), cam.offset_y.get_value()]),
                "cloud": self.cloud.centers.copy(),
                "cloud2d": cam.project_points(self.cloud.centers)[:, :2],
                "sheet": (grid if grid is not None else self.cloud.centers).copy(),
                "sheet2d": cam.project_points(grid if grid is not None
                                              else self.cloud.centers)[:, :2],
                "drawn": np.vstack(drawn3d) if drawn3d else np.zeros((0, 2)),
                "cube2d": cam.project_points(cube.points)[:, :2] if cube is not None else None,
                "regions2d": cam.project_points(regions[0].centers)[:, :2] if regions else None,
                "labels": labels, "strokes": strokes, "fills": fills,
                "title": (self.heading.get_corner(np.array([-1, -1, 0]))[:2],
                          self.heading.get_corner(np.array([1, 1, 0]))[:2]),
            })

        def play(self, *args, **kwargs):
            super().play(*args, **kwargs)
            self._shot()

        def wait(self, *args, **kwargs):
            super().wait(*args, **kwargs)
            self._shot()

    Probe.__name__ = scene_cls.__name__
    Probe.shots = []
    return Probe


CASES = [(HiddenSpaceWarp, "seed-notebook"),
         (HiddenSpaceWarp, MANY_CLASSES), (TwoUnitsWarp, TWO_UNITS), (DepthWarp, DEPTH),
         (WarpDuringTraining, "seed-notebook"),
         (ManyClassesWarp, MANY_CLASSES)]


@pytest.fixture(scope="module")
def staged(tmp_path_factory):
    done = {}

    def get(scene_cls, name):
        if (scene_cls, name) not in done:
            cls = probe(scene_cls)
            scene, _ = render(cls, tmp_path_factory.mktemp(scene_cls.__name__),
                              trace=network(name), size=(64, 36), skip_animations=True)
            done[scene_cls, name] = (scene, cls.shots, (config.frame_width, config.frame_height))
        return done[scene_cls, name]

    return get


def overlap(a_lo, a_hi, b_lo, b_hi) -> bool:
    return bool((a_lo < b_hi).all() and (b_lo < a_hi).all())


def along(P: np.ndarray, n: int = 8) -> np.ndarray:
    """Points every 1/n of the way along the polyline through P (k, 2), and P."""
    f = np.linspace(0.0, 1.0, n, endpoint=False)[:, None, None]
    return np.vstack([(P[:-1] + f * (P[1:] - P[:-1])).reshape(-1, 2), P[-1:]])


def box_meets_polygon(lo, hi, P: np.ndarray) -> bool:
    """Whether the box lo-hi and the convex polygon of the points P (2-D) share area: a
    box corner or centre inside the polygon (every cross product of one sign, written
    here), or one of the polygon's points inside the box."""
    if ((P > lo) & (P < hi)).all(axis=1).any():
        return True
    c = P.mean(axis=0)
    order = np.argsort(np.arctan2(P[:, 1] - c[1], P[:, 0] - c[0]))
    V = P[order]
    E = np.roll(V, -1, axis=0) - V
    for q in [lo, hi, [lo[0], hi[1]], [hi[0], lo[1]], (lo + hi) / 2]:
        cross = E[:, 0] * (q[1] - V[:, 1]) - E[:, 1] * (q[0] - V[:, 0])
        if (cross > 1e-9).all() or (cross < -1e-9).all():
            return True
    return False


@pytest.mark.parametrize(("scene_cls", "name"), CASES,
                         ids=[f"{c.__name__}-{n}" for c, n in CASES])
def test_every_beat_is_staged_to_be_seen(staged, scene_cls, name):
    scene, shots, (fw, fh) = staged(scene_cls, name)
    assert len({s["beat"] for s in shots}) == len(scene.played_beats)
    problems = []
    for s in shots:
        at = f"{s['beat']} at {s['time']} s"
        full = spread(s["sheet"])
        seen = spread(s["sheet2d"] / s["camera"][2]) / full if full > 1e-9 else 1.0
        if seen < MIN_VISIBLE:  # (the zoom taken out: what is left is the angle)
            problems.append(f"{at}: seen edge-on ({seen:.2f})")
        D = s["drawn"]
        if len(D) and (np.abs(D[:, 1]).max() > fh / 2 or D[:, 0].min() < -fw / 2
                       or D[:, 0].max() > PANEL_LEFT):
            problems.append(f"{at}: drawn outside the stage {D.min(0).round(2)} "
                            f"{D.max(0).round(2)}")
        t_lo, t_hi = s["title"]
        boxes = [(c - h * 0.9, c + h * 0.9) for c, h in s["labels"]]
        for i, (lo, hi) in enumerate(boxes):
            if (lo < [STAGE[0], STAGE[2]]).any() or (hi > [PANEL_LEFT, STAGE[3]]).any():
                problems.append(f"{at}: a label leaves the stage {lo.round(2)} {hi.round(2)}")
            if overlap(lo, hi, t_lo, t_hi):
                problems.append(f"{at}: a label on the title")
            for lo2, hi2 in boxes[:i]:
                if overlap(lo, hi, lo2, hi2):
                    problems.append(f"{at}: two labels overlap")
            inside = ((s["cloud2d"] > lo) & (s["cloud2d"] < hi)).all(axis=1)
            if inside.any():
                problems.append(f"{at}: a label on {int(inside.sum())} data points")
            if any(((along(P) > lo) & (along(P) < hi)).all(axis=1).any()
                   for P in s["strokes"]):
                problems.append(f"{at}: a label on a line")
            if any(box_meets_polygon(lo, hi, P) for P in s["fills"]):
                problems.append(f"{at}: a label on a plane")
    for a, b in zip(shots, shots[1:], strict=False):
        moved = np.abs(a["cloud"] - b["cloud"]).max() > 1e-6
        turned = np.abs(a["camera"] - b["camera"]).max() > 1e-6
        if moved and turned:
            problems.append(f"{b['beat']} at {b['time']} s: the camera moves with the points")
    assert not problems, "\n".join(problems[:12])


def test_the_many_classes_view_shows_the_classes_apart_or_says_it_cannot(staged):
    """Where the chapter calls the classes separated, its view shows them apart: nearly every
    point's nearest neighbour on screen (the camera's projection) is of its class; else the
    chapter says the view cannot show it."""
    scene, shots, _ = staged(ManyClassesWarp, MANY_CLASSES)
    P, y = shots[-1]["cloud2d"], scene.trace.y
    d = ((P[:, None] - P[None]) ** 2).sum(-1)
    np.fill_diagonal(d, np.inf)
    apart = float(np.mean(y[d.argmin(axis=1)] == y))
    said = " ".join(b.caption for b in scene.played_beats)
    if "100% right" in said and "lie apart in the others" not in said:
        assert apart >= 0.95


def test_the_second_layers_cube_fills_the_stage(staged):
    """At the deep network's layer-2 beat the camera frames layer 2's cube, not the way there:
    its projection spans at least 60% of the stage's width or height."""
    scene, shots, _ = staged(DepthWarp, DEPTH)
    at = [s for s in shots if s["beat"] == "layer 2" and s["cube2d"] is not None]
    assert at, "no shot of the layer-2 beat with its cube drawn"
    width, height = STAGE[1] - STAGE[0], STAGE[3] - STAGE[2]
    for s in at:
        size = s["cube2d"].max(axis=0) - s["cube2d"].min(axis=0)
        share = max(size[0] / width, size[1] / height)
        assert share >= 0.6, f"layer 2's cube spans {share:.0%} of the stage at {s['time']} s"


@pytest.mark.parametrize(("scene_cls", "name"), [(ManyClassesWarp, MANY_CLASSES),
                                                 (HiddenSpaceWarp, MANY_CLASSES)],
                         ids=["ManyClassesWarp", "HiddenSpaceWarp"])
def test_the_class_regions_stay_around_the_points(staged, scene_cls, name):
    """The class regions' dots reach at most a fifth of the stage's width past the points
    on screen, on every side, at every shot where they are drawn (also where the points
    are a small cloud at the start of training)."""
    _, shots, _ = staged(scene_cls, name)
    at = [s for s in shots if s["regions2d"] is not None]
    assert at, "no shot with the class regions drawn"
    reach = 0.2 * (STAGE[1] - STAGE[0])
    for s in at:
        lo, hi = s["cloud2d"].min(axis=0), s["cloud2d"].max(axis=0)
        past = max((lo - s["regions2d"].min(axis=0)).max(), (s["regions2d"].max(axis=0)
                                                            - hi).max())
        assert past <= reach, (f"{s['beat']} at {s['time']} s: the regions reach "
                               f"{past:.2f} past the points (at most {reach:.2f})")
