"""HiddenSpaceWarp and WarpDuringTraining: where the points end up and what the plane is."""

from __future__ import annotations

import numpy as np
import pytest
from networks import network
from plane_render import asset, rgb255
from scipy.special import expit

from scenes.toolkit.geometry import box_plane_section, clip_line
from scenes.toolkit.hidden_space import hidden_projection
from scenes.toolkit.style import CLASS_COLORS
from scenes.toolkit.traces import SceneTraceError
from scenes.warp import HiddenSpaceWarp, WarpDuringTraining

# The session's renders (tests/scenes/conftest.py) this file shares with others in
# the group are made once, on the worker that runs the group.
pytestmark = pytest.mark.xdist_group("warp-renders")


def projected_pixels(scene, points):
    """Scene points (n, 3) as the 3D camera draws them, to pixel (row, col)."""
    cam = scene.renderer.camera
    P = cam.project_points(np.asarray(points, dtype=np.float64))
    h, w = cam.pixel_height, cam.pixel_width
    col = (P[:, 0] / cam.frame_width + 0.5) * w
    row = (0.5 - P[:, 1] / cam.frame_height) * h
    return np.column_stack([row, col]).astype(int)


@pytest.fixture
def seed_warp(rendered):
    return (network("seed"), *rendered(HiddenSpaceWarp, "seed"))


def test_after_the_warp_each_point_sits_at_sigma_of_wx_plus_b(seed_warp):
    trace, scene, _ = seed_warp
    W, b = trace.weights[0][-1], trace.biases[0][-1]
    expected = expit(trace.X @ W + b)  # the seed's h = sigma(Wx + b), width 3: no projection
    shown = scene.picture.frames[3].to_data(scene.cloud.centers)
    np.testing.assert_allclose(shown, expected, atol=1e-9)
    assert scene.stage.get_value() == 3.0


def test_the_frame_shows_each_point_in_its_class_colour(seed_warp):
    trace, scene, frame = seed_warp
    rows, cols = projected_pixels(scene, scene.cloud.centers).T
    inside = (rows >= 0) & (rows < frame.shape[0]) & (cols >= 0) & (cols < frame.shape[1])
    assert inside.all()
    pix = frame[rows, cols].astype(float)
    own = np.array([rgb255(CLASS_COLORS[c]) for c in trace.y])
    other = np.array([rgb255(CLASS_COLORS[1 - c]) for c in trace.y])
    nearer = np.linalg.norm(pix - own, axis=1) < np.linalg.norm(pix - other, axis=1)
    assert nearer.mean() > 0.9


def test_meta_plane_is_the_traces_w_m_and_b_m_and_separates_the_classes(seed_warp):
    trace, scene, _ = seed_warp
    w_m, b_m = trace.weights[1][-1][:, 0], trace.biases[1][-1][0]
    got_w, got_b = scene.meta_plane.coefficients
    np.testing.assert_array_equal(got_w, w_m)
    assert got_b == b_m
    # every vertex drawn lies on w_m . h + b_m = 0 inside the unit cube
    H = scene.picture.frames[3].to_data(scene.meta_plane.vertices)
    assert len(H) >= 3
    np.testing.assert_allclose(H @ w_m + b_m, 0, atol=1e-9)
    assert (H > -1e-9).all() and (H < 1 + 1e-9).all()
    # and the points fall on the side of their class (the trace ends at 100% accuracy)
    side = scene.picture.frames[3].to_data(scene.cloud.centers) @ w_m + b_m > 0
    assert (side == trace.y.astype(bool)).all()


def test_hidden_lines_become_the_planes_h_i_one_half(seed_warp):
    trace, scene, _ = seed_warp
    p = scene.picture
    W, b = trace.weights[0][-1], trace.biases[0][-1]
    # the lines that cross the plotted box (its corners not all on one side), by hand
    box = p.frames[0].to_data(p.grid[0].reshape(-1, 3))[:, :2]
    corners = np.array([[x, y] for x in (box[:, 0].min(), box[:, 0].max())
                        for y in (box[:, 1].min(), box[:, 1].max())])
    crossing = [i for i in range(W.shape[1])
                if len(set(np.sign(corners @ W[:, i] + b[i]))) > 1]
    assert crossing == [0, 1, 2]  # the seed's three lines all cross the data
    drawn = [i for i, mob in enumerate(scene.hidden_lines) if len(mob.polylines)]
    assert drawn == crossing
    for i in drawn:
        # in the input plane, on w_i . x + b_i = 0; after the warp, on the plane h_i = 1/2
        X = p.frames[0].to_data(p.lines[i][0])[:, :2]
        np.testing.assert_allclose(X @ W[:, i] + b[i], 0, atol=1e-9)
        H = p.frames[3].to_data(scene.hidden_lines[i].polylines.reshape(-1, 3))
        assert len(H) >= 2
        np.testing.assert_allclose(H[:, i], 0.5, atol=1e-9)


def test_width_8_is_shown_through_the_projection_and_says_so(tmp_path, render):
    trace = asset("moons-width-8")
    scene, _ = render(HiddenSpaceWarp, tmp_path, trace=trace)
    W, b = trace.weights[0][-1], trace.biases[0][-1]
    H = expit(trace.X @ W + b)
    P = scene.projection
    assert not P.exact and "principal components" in P.description
    np.testing.assert_allclose(P.basis.T @ P.basis, np.eye(3), atol=1e-9)
    w_m, b_m = trace.weights[1][-1][:, 0], trace.biases[1][-1][0]
    np.testing.assert_allclose(abs(P.basis[:, 0] @ w_m), np.linalg.norm(w_m), rtol=1e-9)
    shown = scene.picture.frames[3].to_data(scene.cloud.centers)
    np.testing.assert_allclose(shown, (H - H.mean(axis=0)) @ P.basis, atol=1e-9)
    # along w_m the projection keeps each point's side of the meta classifier's plane
    n, d = scene.meta_plane.view_plane
    assert ((shown @ n + d > 0) == (H @ w_m + b_m > 0)).all()


def test_width_2_is_a_flat_warp_into_the_unit_square(tmp_path, render):
    trace = asset("wedge-width-2")
    scene, _ = render(HiddenSpaceWarp, tmp_path, trace=trace)
    assert scene.flat and scene.renderer.camera.get_phi() == 0
    shown = scene.picture.frames[3].to_data(scene.cloud.centers)
    W, b = trace.weights[0][-1], trace.biases[0][-1]
    np.testing.assert_allclose(shown[:, :2], expit(trace.X @ W + b), atol=1e-9)
    np.testing.assert_allclose(shown[:, 2], 0, atol=1e-12)


def test_warp_during_training_ends_on_the_last_snapshot(tmp_path, render):
    trace = asset("seed-notebook")
    scene, _ = render(WarpDuringTraining, tmp_path, trace=trace)
    W, b = trace.weights[0][-1], trace.biases[0][-1]
    shown = scene.frame.to_data(scene.cloud.centers)
    np.testing.assert_allclose(shown, expit(trace.X @ W + b), atol=1e-6)
    assert scene.clock.shown[0] == trace.steps[-1]
    np.testing.assert_array_equal(scene.meta_plane.coefficients[0], trace.weights[1][-1][:, 0])


def test_a_trace_without_a_hidden_layer_stops_with_one_line(tmp_path, render, capsys):
    with pytest.raises(SceneTraceError) as err:
        render(HiddenSpaceWarp, tmp_path, trace=asset("blobs-linear"))
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == [str(err.value)]
    assert "HiddenSpaceWarp: needs at least 1 hidden layer(s)" in lines[0] and "[2, 1]" in lines[0]


def test_projection_and_sections_against_hand_values():
    H = np.random.default_rng(0).uniform(size=(50, 3))
    P = hidden_projection(H)
    np.testing.assert_array_equal(P(H), H)
    square = box_plane_section(np.array([1.0, 1.0, 1.0]), -1.5, np.zeros(3), np.ones(3))
    assert len(square) == 6  # the regular hexagon through the cube's centre
    np.testing.assert_allclose(square.sum(axis=1), 1.5)
    seg = clip_line(np.array([1.0, 1.0]), -1.0, (0.0, 1.0), (0.0, 1.0))
    np.testing.assert_allclose(sorted(seg.tolist()), [[0.0, 1.0], [1.0, 0.0]])


def test_a_silu_trace_warps_into_silu_of_wx_plus_b_and_names_it(tmp_path, render):
    from mlp.presets import warp_example

    trace = warp_example("moons", hidden=3, seed=0, lr=1.0, steps=200, count=6,
                         activation="silu")
    scene, _ = render(HiddenSpaceWarp, tmp_path, trace=trace)
    W, b = trace.weights[0][-1], trace.biases[0][-1]
    S = trace.X @ W + b
    shown = scene.picture.frames[3].to_data(scene.cloud.centers)
    np.testing.assert_allclose(shown, S / (1 + np.exp(-S)), atol=1e-9)  # s sigmoid(s)
    assert scene.picture.box is None  # unbounded above: no cube to squash into
    said = [sub.content for sub in scene.renderer.file_writer.subcaptions]
    assert "Step 3: SiLU bends the grid: the hidden space h." in said
