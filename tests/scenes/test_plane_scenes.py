"""The input-plane scenes, rendered small: what their last frames show agrees with the trace."""

from __future__ import annotations

import numpy as np
import pytest
from plane_render import asset, pixel_centres, render, rgb255, says_share, to_pixel

from mlp.datasets import feature_map
from scenes.decision_boundary import DecisionBoundary, WidthProgression
from scenes.feature_map import FeatureMap
from scenes.hidden_lines import HiddenLinesTraining
from scenes.linear import CirclesAreNotSeparable, LinearClassifier
from scenes.three_classifiers import ThreeClassifiers
from scenes.toolkit.plane import probability_rgb
from scenes.toolkit.style import CLASS_COLORS, unit_color
from scenes.toolkit.traces import SceneTraceError


def _isolated(points: np.ndarray, min_dist: float) -> np.ndarray:
    """Indices of points (n, 2) with no other point closer than min_dist."""
    d = np.linalg.norm(points[:, None, :2] - points[None, :, :2], axis=-1)
    np.fill_diagonal(d, np.inf)
    return np.nonzero(d.min(axis=1) > min_dist)[0]


@pytest.fixture(scope="module")
def hidden_lines(tmp_path_factory):
    return render(HiddenLinesTraining, tmp_path_factory.mktemp("hidden"))


@pytest.fixture(scope="module")
def linear_blobs(tmp_path_factory):
    return render(LinearClassifier, tmp_path_factory.mktemp("linear"))


@pytest.fixture(scope="module")
def decision_boundary(tmp_path_factory):
    return render(DecisionBoundary, tmp_path_factory.mktemp("boundary"))


def test_a_pixel_on_a_data_point_has_its_class_colour(linear_blobs):
    scene, frame = linear_blobs
    cloud = scene.beats.cloud
    checked = {0: 0, 1: 0}
    for i in _isolated(cloud.centers, 4 * cloud.radius):
        r, c = to_pixel(scene, cloud.centers[i])[0]
        label = int(cloud.labels[i])
        got = frame[r, c].astype(float)
        own = np.abs(got - rgb255(CLASS_COLORS[label])).max()
        other = np.abs(got - rgb255(CLASS_COLORS[1 - label])).max()
        assert own < 40 and own < other, (i, label, got)
        checked[label] += 1
    assert min(checked.values()) >= 5


def test_heatmap_pixels_show_the_models_prediction(decision_boundary):
    scene, frame = decision_boundary
    t = scene.trace
    lo, hi = scene.frame.bounds
    (r0, c0), (r1, c1) = to_pixel(scene, [[lo[0], hi[1], 0], [hi[0], lo[1], 0]])
    rows, cols = np.meshgrid(np.arange(r0 + 4, r1 - 4, 7), np.arange(c0 + 4, c1 - 4, 7))
    rows, cols = rows.ravel(), cols.ravel()
    xy = scene.frame.to_data(pixel_centres(scene, rows, cols))
    # away from the data points, the axes and the boundary line drawn on top of the image
    far = np.linalg.norm(xy[:, None] - t.X[None], axis=-1).min(axis=1) > 0.3
    off_axes = (np.abs(xy) > 0.15).all(axis=1)
    W, b = t.weights, t.biases  # the last snapshot as recorded, independently of the scene
    h = 1 / (1 + np.exp(-(xy @ W[0][-1] + b[0][-1])))
    p = (1 / (1 + np.exp(-(h @ W[1][-1] + b[1][-1])))).ravel()
    # and off the hidden lines the chapter draws over the shading at its end
    off_lines = (np.abs(xy @ W[0][-1] + b[0][-1]) / np.linalg.norm(W[0][-1], axis=0)).min(
        axis=1) > 0.15
    keep = far & off_axes & off_lines & (np.abs(p - 0.5) > 0.1)
    assert keep.sum() > 100
    expected = probability_rgb(p[keep]) * 255
    got = frame[rows[keep], cols[keep]].astype(float)
    assert np.abs(got - expected).max() < 12
    # and in plain terms: red where the network says inner circle, blue where it says outer
    inner, outer = p[keep] > 0.9, p[keep] < 0.1
    assert inner.sum() > 10 and outer.sum() > 10
    assert (got[inner, 0] > got[inner, 2]).all() and (got[outer, 2] > got[outer, 0]).all()


def test_decision_boundary_contour_is_the_half_probability_line(decision_boundary):
    scene, _ = decision_boundary
    segs = scene.boundary.segments_data.reshape(-1, 2)
    p = scene.trace.predict_proba(scene.trace.n_snapshots - 1, segs)
    assert len(segs) > 50
    assert np.abs(p - 0.5).max() < 0.05


def test_hidden_lines_end_where_the_traces_final_lines_are(hidden_lines):
    scene, frame = hidden_lines
    t = scene.trace
    W, b = t.weights[0][-1], t.biases[0][-1]  # final snapshot, (2, 3) and (3,)
    assert len(scene.lines) == 3
    for i, line in enumerate(scene.lines):
        ends = scene.frame.to_data(np.array([line.line.get_start(), line.line.get_end()]))
        scale = np.linalg.norm(W[:, i]) * 10
        assert np.abs(ends @ W[:, i] + b[i]).max() < 1e-6 * scale
        assert np.linalg.norm(ends[1] - ends[0]) > 1.0  # a visible segment, not a dot
        # on screen: pixels along the zero set, away from the data, show the unit's colour
        s = np.linspace(0.15, 0.85, 15)[:, None]
        pts = ends[0] + s * (ends[1] - ends[0])
        far = np.linalg.norm(pts[:, None] - t.X[None], axis=-1).min(axis=1) > 0.3
        hits = 0
        for r, c in to_pixel(scene, scene.frame.to_scene(pts[far])):
            patch = frame[r - 1:r + 2, c - 1:c + 2].reshape(-1, 3).astype(float)
            hits += np.abs(patch - rgb255(unit_color(i))).max(axis=1).min() < 50
        assert hits >= max(3, int(0.7 * far.sum())), (i, hits, far.sum())


def test_readout_shows_the_traces_step_loss_and_accuracy(hidden_lines):
    scene, _ = hidden_lines
    t = scene.trace
    clock = scene.clock
    assert clock.shown == (int(t.steps[-1]), float(t.loss[-1]), float(t.accuracy[-1]))
    assert clock.texts()[:2] == (str(int(t.steps[-1])), f"{t.loss[-1]:.4f}")
    assert says_share(clock.texts()[2], t.accuracy[-1], decimals=1)
    # anywhere in between: the recorded numbers of the nearest snapshot
    scene.player.seek(37.4)
    assert clock.shown == (int(t.steps[37]), float(t.loss[37]), float(t.accuracy[37]))
    assert clock.texts()[0] == str(int(t.steps[37]))
    scene.player.seek(t.n_snapshots - 1)


def test_linear_classifier_ends_separated_and_circles_stay_near_chance(linear_blobs, tmp_path):
    blobs, _ = linear_blobs
    circles, _ = render(CirclesAreNotSeparable, tmp_path)
    assert blobs.beats.clock.shown[2] >= 0.95
    assert circles.beats.clock.shown[2] <= 0.6
    # the line on screen is the trace's last w . x + b = 0 (the bundled trace, loaded here)
    for scene, name in ((blobs, "blobs-linear"), (circles, "circles-linear")):
        trace = asset(name)
        w, b = trace.weights[0][-1][:, 0], trace.biases[0][-1][0]
        assert scene.beats.player.pos == trace.n_snapshots - 1
        ends = scene.beats.frame.to_data(np.array([scene.beats.line.line.get_start(),
                                                   scene.beats.line.line.get_end()]))
        assert np.abs(ends @ w + b).max() < 1e-6 * np.linalg.norm(w) * 10, name
        assert np.linalg.norm(ends[1] - ends[0]) > 1.0, name  # a visible segment
        # its ends lie on the plane's border: the whole line inside the plane is drawn
        (x0, x1), (y0, y1) = scene.beats.frame.xlim, scene.beats.frame.ylim
        on_border = np.minimum(np.abs(ends[:, 0:1] - [x0, x1]).min(axis=1),
                               np.abs(ends[:, 1:2] - [y0, y1]).min(axis=1))
        assert on_border.max() < 1e-6, name
    # the shaded half-planes are the thresholded prediction of the line on screen
    heat, line = blobs.beats.heat, blobs.beats.line
    xy = heat.sample_points()
    side = (xy @ line.w + line.b >= 0).reshape(heat.values.shape)
    assert ((heat.values >= 0.5) == side).mean() > 0.999


def test_feature_map_moves_points_to_phi_and_pulls_the_line_back(tmp_path):
    scene, _ = render(FeatureMap, tmp_path)
    t = scene.trace
    # back in the input plane at the end, each point where its x is
    assert np.allclose(scene.cloud.centers, scene.frame_x.to_scene(t.X))
    scene.morph.set_value(1.0)
    assert np.allclose(scene.place(t.X), scene.frame_phi.to_scene(feature_map(t.X)))
    # the closed curve: w . phi(x) + b = 0 around the inner circle
    w, b = t.weights[0][-1][:, 0], t.biases[0][-1][0]
    segs = scene.boundary.segments_data.reshape(-1, 2)
    r = np.linalg.norm(segs, axis=1)
    assert np.abs(feature_map(segs) @ w + b).max() < 0.05 * np.abs(b)
    inner = np.linalg.norm(t.X[t.y == 1], axis=1).max()
    outer = np.linalg.norm(t.X[t.y == 0], axis=1).min()
    assert inner < r.min() and r.max() < outer


def test_three_classifiers_enclose_the_inner_circle(tmp_path):
    scene, _ = render(ThreeClassifiers, tmp_path)
    t = scene.trace
    poly = scene.enclosed
    assert len(poly) >= 3

    def inside(P):  # convex polygon, either orientation
        edges = np.roll(poly, -1, axis=0) - poly
        rel = P[:, None, :] - poly[None]
        cross = edges[None, :, 0] * rel[..., 1] - edges[None, :, 1] * rel[..., 0]
        return (cross >= 0).all(axis=1) | (cross <= 0).all(axis=1)

    assert inside(t.X[t.y == 1]).all()
    assert not inside(t.X[t.y == 0]).any()
    assert scene.encloses and scene.verdict.endswith("they enclose the inner circle")
    # the region counts: 3 only inside the enclosed region, fewer everywhere else
    counts = [int(label.tex_string) for label in scene.counts]
    spots = scene.frame.to_data(np.array([label.get_center() for label in scene.counts]))
    assert sorted(set(counts)) == [1, 2, 3]
    assert (inside(spots) == (np.array(counts) == 3)).all()


def sigmoid_mlp_by_hand(trace, X: np.ndarray, k: int = -1) -> np.ndarray:
    """P(y=1) of a sigmoid network with one hidden layer at snapshot k, written out."""
    assert trace.activations == ["sigmoid"] and trace.output == "binary"
    W, b = [w[k] for w in trace.weights], [v[k] for v in trace.biases]
    h = 1 / (1 + np.exp(-(X @ W[0] + b[0])))
    return (1 / (1 + np.exp(-(h @ W[1] + b[1]))))[:, 0]


def test_width_progression_ends_on_ten_labelled_panels(tmp_path):
    scene, frame = render(WidthProgression, tmp_path)
    assert scene.widths == list(range(5, 55, 5))
    labels = [p[-1].original_text for p in scene.panels]
    assert labels == [f"{w} units" for w in range(5, 55, 5)]
    # each panel's heatmap and boundary are the final network of the width its label names,
    # checked against that bundled trace, loaded here, by a forward pass written out
    for panel in scene.panels:
        width = int(panel[-1].original_text.split()[0])
        trace = asset(f"seed-width-{width}")
        heat, boundary = panel[0], panel[2]
        p = sigmoid_mlp_by_hand(trace, heat.sample_points())
        np.testing.assert_allclose(heat.values.ravel(), p, rtol=0, atol=1e-9, err_msg=width)
        colours = probability_rgb(p.reshape(heat.values.shape)[::-1]) * 255
        assert np.abs(heat.pixel_array[..., :3] - colours).max() <= 0.5 + 1e-9, width
        segs = boundary.segments_data.reshape(-1, 2)
        assert len(segs) > 20, width
        assert np.abs(sigmoid_mlp_by_hand(trace, segs) - 0.5).max() < 0.05, width
    # each panel is its own trace's boundary: the centre (inside the circle) is class 1
    for panel in scene.panels:
        r, c = to_pixel(scene, panel[1].get_center())[0]
        got = frame[r - 2:r + 3, c - 2:c + 3].reshape(-1, 3).astype(float).mean(axis=0)
        assert got[0] > got[2] + 40, got
    # ordered left to right, then top to bottom
    xs = [p.get_center()[0] for p in scene.panels[:5]]
    assert xs == sorted(xs)


def test_a_trace_that_does_not_fit_stops_the_scene(tmp_path):
    with pytest.raises(SceneTraceError) as err:
        render(HiddenLinesTraining, tmp_path, trace=asset("blobs-linear"))
    assert err.value.code == 2
    assert "needs at least 1 hidden layer(s)" in str(err.value) and "[2, 1]" in str(err.value)
    with pytest.raises(SceneTraceError) as err:
        render(FeatureMap, tmp_path, trace=asset("circles-linear"))
    assert "input map 'square'" in str(err.value)


def test_mlp_trace_overrides_the_bundled_trace(tmp_path, monkeypatch):
    path = asset("seed-width-5").path
    monkeypatch.setenv("MLP_TRACE", path)
    scene, _ = render(HiddenLinesTraining, tmp_path)
    assert scene.trace.path == path
    assert len(scene.lines) == 5  # one line per hidden unit of that trace
    assert scene.clock.shown[0] == int(scene.trace.steps[-1])
