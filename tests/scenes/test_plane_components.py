"""The shared plane mobjects, checked against geometry worked out by hand."""

from __future__ import annotations

import doctest
import os

import numpy as np
import pytest
from plane_render import says_share

import scenes.toolkit.geometry as geometry
import scenes.toolkit.hidden_space as hidden_space
import scenes.toolkit.network_graph as network_graph
import scenes.toolkit.plane as plane
import scenes.toolkit.sample as sample
import scenes.toolkit.style as style
import scenes.toolkit.words as words
from mlp.trace import load_trace
from scenes.toolkit.clouds import PointCloud
from scenes.toolkit.geometry import clip_line, contour_segments, half_plane_polygon
from scenes.toolkit.plane import ClassifierLine, Heatmap, PlaneFrame, probability_rgb
from scenes.toolkit.playback import TracePlayer, load_trace_list
from scenes.toolkit.readouts import LossCurve, NumberText, TrainingClock
from scenes.toolkit.style import BACKGROUND, CLASS_COLORS, hex_to_rgb
from scenes.toolkit.traces import SceneTraceError, default_trace_path


@pytest.mark.parametrize("module", [geometry, plane, sample, style, hidden_space, network_graph,
                                    words],
                         ids=lambda m: m.__name__)
def test_docstring_examples(module):
    result = doctest.testmod(module)
    assert result.attempted >= 1 and result.failed == 0


def test_frame_maps_data_to_scene_and_back_wherever_it_is_moved():
    frame = PlaneFrame((-2, 6), (-1, 3), height=4)
    assert frame.border.width == pytest.approx(8.0)  # equal aspect: 8 data units wide
    frame.shift([1.5, -0.5, 0])
    corners = frame.to_scene([[-2, -1], [6, 3]])
    assert np.allclose(corners[0], frame.border.get_corner([-1, -1, 0]))
    assert np.allclose(corners[1], frame.border.get_corner([1, 1, 0]))
    XY = np.random.default_rng(0).uniform(-2, 3, (20, 2))
    assert np.allclose(frame.to_data(frame.to_scene(XY)), XY)


def test_clip_line_keeps_the_part_inside_the_box():
    seg = clip_line([1.0, 1.0], -1.0, (-2, 2), (-2, 2))  # x + y = 1
    assert np.allclose(seg @ [1.0, 1.0], 1.0)
    assert np.allclose(sorted(seg[:, 0]), [-1.0, 2.0])
    assert clip_line([0.0, 0.0], 1.0, (-1, 1), (-1, 1)) is None


def test_classifier_line_normal_points_to_the_positive_side():
    frame = PlaneFrame((-4, 4), (-4, 4), height=4)
    line = ClassifierLine(frame, w=(0.0, 2.0), b=-2.0)  # the line y = 1, positive above
    start, end = line.line.get_start(), line.line.get_end()
    assert np.allclose(frame.to_data([start, end])[:, 1], 1.0)
    tip = frame.to_data(line.tip.get_center())[0]
    assert tip[1] > 1.0
    line.set_params((1.0, 0.0), -10.0)  # outside the frame: hidden, not drawn elsewhere
    assert line.endpoints_data is None and line.line.get_stroke_opacity() == 0
    line.set_params((1.0, 0.0), 0.0)
    assert line.line.get_stroke_opacity() == 1


def test_data_cloud_is_one_path_per_class_around_each_centre():
    frame = PlaneFrame((-4, 4), (-4, 4), height=4)
    X = np.array([[0.0, 0.0], [1.0, 2.0], [-3.0, 1.0]])
    cloud = PointCloud.from_data(frame, X, [0, 1, 0], radius=0.1)
    assert len(cloud.classes) == 2
    k = len(cloud._template)
    pts0 = cloud.classes[0].points.reshape(2, k, 3)
    centres = frame.to_scene(X[[0, 2]])
    assert np.allclose(np.linalg.norm(pts0[:, ::4] - centres[:, None], axis=-1), 0.1)
    cloud.move_to_data(frame, X + 1.0)
    assert np.allclose(cloud.centers, frame.to_scene(X + 1.0))
    with pytest.raises(ValueError, match="3 rows"):
        cloud.set_centers(np.zeros((2, 3)))


def test_heatmap_puts_the_bottom_row_of_the_grid_at_the_bottom():
    frame = PlaneFrame((0, 4), (0, 2), height=2)
    heat = Heatmap(frame, resolution=(4, 2))
    (x0, x1), (y0, y1) = heat.sample_limits()
    assert (x0, x1, y0, y1) == (0.5, 3.5, 0.5, 1.5)  # pixel centres
    P = np.array([[0.0, 0.0, 0.0, 0.0], [1.0, 1.0, 1.0, 1.0]])  # row 0 = y 0.5 = bottom
    heat.set_probabilities(P)
    top, bottom = heat.pixel_array[0, 0, :3], heat.pixel_array[-1, 0, :3]
    assert np.allclose(top, np.round(probability_rgb(1.0) * 255))
    assert np.allclose(bottom, np.round(probability_rgb(0.0) * 255))
    with pytest.raises(ValueError, match="shape"):
        heat.set_probabilities(np.zeros((4, 2)))


def test_colour_map_runs_from_class_0_to_class_1_and_fades_at_the_boundary():
    bg, c0, c1 = (hex_to_rgb(c) for c in (BACKGROUND, *CLASS_COLORS[:2]))
    lo, mid, hi = probability_rgb([0.0, 0.5, 1.0], strength=(0.0, 1.0))
    assert np.allclose(lo, c0) and np.allclose(hi, c1) and np.allclose(mid, bg)


def test_contour_of_a_circle_lies_on_the_circle():
    xs = ys = np.linspace(-2, 2, 81)
    gx, gy = np.meshgrid(xs, ys)
    segs = contour_segments(gx**2 + gy**2, 1.0, xs, ys)
    r = np.linalg.norm(segs.reshape(-1, 2), axis=1)
    assert len(segs) > 40
    assert np.abs(r - 1).max() < 0.01
    angles = np.arctan2(*segs.reshape(-1, 2).T[::-1])
    assert np.ptp(angles) > 6.0  # all the way round


def test_half_plane_polygon_is_the_kept_side_of_the_box():
    poly = half_plane_polygon([1.0, 0.0], -1.0, (-2, 2), (-2, 2), side=-1.0)  # x <= 1
    assert np.allclose(sorted(set(poly[:, 0])), [-2.0, 1.0])
    assert len(poly) == 4


def test_number_text_keeps_its_place_and_refuses_letters():
    n = NumberText("12.5%", font_size=30).place([1.0, -2.0, 0.0])
    left = n.get_left()[0]
    n.shift([0.5, 0.0, 0.0])
    n.set_text("7")
    assert n.text == "7"
    assert n.get_left()[0] == pytest.approx(left + 0.5, abs=0.1)
    wide = NumberText("1000", font_size=30)
    assert wide.width > 3 * NumberText("1", font_size=30).width
    with pytest.raises(ValueError, match="digits"):
        n.set_text("1e-3")


def test_clock_and_loss_curve_follow_the_tracker():
    trace = load_trace(default_trace_path("blobs-linear"))
    player = TracePlayer(trace)
    clock = player.follow(TrainingClock(trace))
    curve = player.follow(LossCurve(trace))
    player.seek(10.6)  # nearest snapshot 11
    assert clock.snapshot == 11
    assert clock.texts()[:2] == (str(trace.steps[11]), f"{trace.loss[11]:.4f}")
    assert says_share(clock.texts()[2], trace.accuracy[11], decimals=1)
    # the curve ends at the interpolated loss of position 10.6
    loss = 0.4 * trace.loss[10] + 0.6 * trace.loss[11]
    y = curve.axes[0].get_start()[1] + loss / curve.y_max * curve.height_
    assert curve.dot.get_center()[1] == pytest.approx(y)


def test_trace_list_from_the_environment(monkeypatch):
    paths = [default_trace_path("seed-width-10"), default_trace_path("seed-width-5")]
    monkeypatch.setenv("MLP_TRACE", os.pathsep.join(map(str, paths)))
    traces = load_trace_list("WidthProgression", ["seed-width-50"])
    assert [t.sizes[1] for t in traces] == [10, 5]
    monkeypatch.setenv("MLP_TRACE", str(paths[0]) + os.pathsep + "missing.npz")
    with pytest.raises(SceneTraceError, match="missing.npz"):
        load_trace_list("WidthProgression", ["seed-width-50"])


def test_the_geometry_runs_without_manim():
    import subprocess
    import sys

    code = ("import sys, scenes.toolkit.geometry as g; "
            "print(g.clip_line([1.0, 0.0], -1.0, (-2, 2), (-2, 2)).tolist(), "
            "'manim' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["[[1.0,", "-2.0],", "[1.0,", "2.0]]", "False"]


def test_the_clock_counts_epochs_for_a_run_recorded_once_an_epoch():
    from networks import network

    sklearn = network("sklearn-10-10")  # MLPClassifier: one snapshot an epoch of mini-batches
    assert sklearn.meta["training"]["step"] == "epoch"
    assert TrainingClock(sklearn).names[0].original_text == "epoch"
    seed = load_trace(default_trace_path("seed-notebook"))  # one snapshot a full-batch step
    assert TrainingClock(seed).names[0].original_text == "step"
