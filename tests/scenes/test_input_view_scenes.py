"""Networks of more than two inputs play on their inputs' fixed view, and wide or deep networks
play the chapters that draw units, showing the strongest ones and how many more.

Iris (4 inputs, 3 classes) is seen through Fisher's discriminant view; every position and
every pick on screen is checked against references written here: scikit-learn's LDA (and a
NumPy PCA for a two-class set), each axis turned so that its largest entry is positive, and
a NumPy forward pass of the recorded weights.
"""

from __future__ import annotations

import numpy as np
import pytest
from manim import Text

from mlp.datasets import load_dataset, make_dataset
from mlp.init import initial_parameters
from mlp.network import MLP
from mlp.train import TrainConfig, train
from scenes.decision_boundary import DecisionBoundary
from scenes.hidden_lines import HiddenLinesTraining
from scenes.pull import WhoPullsTheLines, batch_pulls
from scenes.toolkit.geometry import pad3
from scenes.toolkit.inputs import placed
from scenes.toolkit.style import class_color, hex_to_rgb
from scenes.warp import HiddenSpaceWarp, WarpDuringTraining

pytestmark = pytest.mark.xdist_group("input_view")
# every render here is read for its mobjects, not its pixels: played to the end of each
# beat at once, at a small size
FAST = {"size": (64, 36), "skip_animations": True}


def run(X, y, sizes, spec, steps=30, output=None, seed=0):
    output = output or ("binary" if sizes[-1] == 1 else "softmax")
    W, b = initial_parameters(sizes, "glorot", np.random.default_rng(seed), "tanh")
    return train(MLP(W, b, "tanh", output), X, y,
                 TrainConfig(lr=0.05, steps=steps, optimizer="adam"),
                 np.array([0, steps // 3, steps]), {"dataset": spec})


@pytest.fixture(scope="module")
def iris():
    d = load_dataset("iris", seed=0)
    return run(d.X, d.y, [4, 8, 3], d.spec)


@pytest.fixture(scope="module")
def boundary(iris, render, tmp_path_factory):
    return render(DecisionBoundary, tmp_path_factory.mktemp("db"), trace=iris, **FAST)


@pytest.fixture(scope="module")
def warp(iris, render, tmp_path_factory):
    return render(HiddenSpaceWarp, tmp_path_factory.mktemp("warp"), trace=iris, **FAST)


def fixed_signs(B):
    """Each column turned so that its largest entry (by size) is positive."""
    return B * np.sign(B[np.argmax(np.abs(B), axis=0), np.arange(B.shape[1])])


def lda_view(X, y):
    """The view coordinates of X by scikit-learn's discriminant directions, unit length."""
    from sklearn.discriminant_analysis import LinearDiscriminantAnalysis

    B = LinearDiscriminantAnalysis(solver="eigen").fit(X, y).scalings_[:, :2]
    B = fixed_signs(B / np.linalg.norm(B, axis=0))
    return (X - X.mean(axis=0)) @ B, B


def forward(trace, X, k=-1):
    """Probabilities of the network at snapshot k (tanh hidden layers), in NumPy."""
    H = X
    for W, b in zip(trace.weights[:-1], trace.biases[:-1], strict=True):
        H = np.tanh(H @ W[k] + b[k])
    Z = H @ trace.weights[-1][k] + trace.biases[-1][k]
    if Z.shape[1] == 1:
        return 1 / (1 + np.exp(-Z[:, 0]))
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def picks(P):
    return (P >= 0.5).astype(int) if P.ndim == 1 else np.argmax(P, axis=1)


def texts(scene):
    return [m.original_text for m in scene.mobjects for m in m.get_family()
            if isinstance(m, Text)]


def centres(vmobject):
    """The centres of the 16-point circles a VMobject's path holds."""
    return vmobject.points.reshape(-1, 16, 3).mean(axis=1)


def test_the_boundary_places_each_iris_point_by_its_discriminant_view(iris, boundary):
    scene, _ = boundary
    Z, _ = lda_view(iris.X, iris.y)
    want = scene.frame.to_scene(Z)
    for c, part in scene.cloud.classes.items():
        assert np.allclose(centres(part), want[iris.y == c], atol=1e-4)
    labels = [m.tex_string for m in scene.frame.labels]
    assert labels == [r"\text{LD1}", r"\text{LD2}"]


def test_the_boundary_rings_each_point_with_the_class_the_network_picks(iris, boundary):
    scene, _ = boundary
    Z, _ = lda_view(iris.X, iris.y)
    want = scene.frame.to_scene(Z)
    pick = picks(forward(iris, iris.X))
    rings = scene.at_points.rings
    assert len(rings) == 3
    for c, ring in enumerate(rings):
        assert np.allclose(ring.get_stroke_color().to_rgb(), hex_to_rgb(class_color(c)),
                           atol=1e-3)
        got, mine = centres(ring), want[pick == c]
        assert len(got) == len(mine)
        assert np.allclose(got[np.lexsort(got.T)], mine[np.lexsort(mine.T)], atol=1e-4)
    wrong = int(np.sum(pick != iris.y))
    assert len(scene.at_points.crosses.points) == wrong * 2 * 4  # two strokes of a cross each


def test_the_boundary_names_its_view_and_its_slice(iris, boundary):
    scene, _ = boundary
    shown = " ".join(" ".join(t.split()) for t in texts(scene))
    assert "4 inputs seen through their discriminant view (LDA):" in shown
    assert "the plane through the data's mean along LD1 and LD2" in " ".join(shown.split())
    wrong = int(np.sum(picks(forward(iris, iris.X)) != iris.y))
    said = [b.caption for b in scene.played_beats]
    assert any(f"{wrong} of {len(iris.X)} points crossed" in s for s in said)


def test_the_shading_is_the_output_on_the_views_plane_through_the_mean(iris, boundary):
    scene, _ = boundary
    _, B = lda_view(iris.X, iris.y)
    xs, ys = np.linspace(*scene.heat.sample_limits()[0], 160), \
        np.linspace(*scene.heat.sample_limits()[1], 160)
    gx, gy = np.meshgrid(xs, ys)
    Z = np.column_stack([gx.ravel(), gy.ravel()])
    inputs = iris.X.mean(axis=0) + Z @ np.linalg.pinv(B)  # the plane spanned by the axes
    want = forward(iris, inputs).reshape(160, 160, 3)
    assert np.allclose(scene.heat.values, want, atol=1e-4)


def test_a_two_class_set_is_placed_by_its_principal_components(iris):
    keep = iris.y > 0
    X, y = iris.X[keep], iris.y[keep] - 1
    t = run(X, y, [4, 3, 1], {"name": "test"}, steps=2)
    C = X - X.mean(axis=0)
    _, _, Vt = np.linalg.svd(C, full_matrices=False)
    assert np.allclose(placed(t), C @ fixed_signs(Vt[:2].T), atol=1e-9)


def test_the_warp_starts_from_the_view_and_ends_in_the_hidden_space(iris, warp):
    scene, _ = warp
    Z, B = lda_view(iris.X, iris.y)
    p = scene.pictures[0]
    assert np.allclose(p.points[0], p.frames[0].to_scene(pad3(Z)), atol=1e-4)
    W, b = iris.weights[0][-1], iris.biases[0][-1]
    assert np.allclose(p.points[3], p.frames[3].to_scene(p.projection(np.tanh(iris.X @ W + b))),
                       atol=1e-6)
    # the grid stands for the inputs on the view's plane through the data's mean
    G = p.grid[0]
    on_plane = iris.X.mean(axis=0) + p.frames[0].to_data(G.reshape(-1, 3))[:, :2] @ \
        np.linalg.pinv(B)
    assert np.allclose(p.grid[1].reshape(-1, 3),
                       p.frames[1].to_scene(p.projection(on_plane @ W)), atol=1e-3)
    assert len(scene.hidden_lines) == 0  # no unit is a line of the view
    shown = " ".join(" ".join(t.split()) for t in texts(scene))
    assert "the grid: its plane through the data's mean." in shown


class TrainingOpening(WarpDuringTraining):
    """WarpDuringTraining up to the end of its first beat."""

    script = ("setup_picture", "first_beat")

    def first_beat(self) -> None:
        self.open_on_inputs(None)


def test_the_warp_during_training_opens_on_the_inputs_view(iris, render, tmp_path):
    scene, _ = render(TrainingOpening, tmp_path, trace=iris, **FAST)
    assert [b.name for b in scene.played_beats] == ["the inputs"]
    Z, _ = lda_view(iris.X, iris.y)
    got = scene.cloud.centers  # where its dots are drawn
    assert np.allclose(got[:, 2], 0.0, atol=1e-9)  # flat: the view's plane
    # on screen, the view up to one scale and shift (least squares), from above
    A = np.column_stack([Z.ravel(), np.tile([1.0, 0.0], len(Z)), np.tile([0.0, 1.0], len(Z))])
    (scale, *_), res, *_ = np.linalg.lstsq(A, got[:, :2].ravel(), rcond=None)
    assert scale > 0 and np.sqrt(res[0] / len(Z)) < 1e-6 * np.ptp(got[:, :2])
    assert scene.view.phi == 0.0
    assert scene.played_beats[0].caption == ("The 4 inputs placed by their discriminant view "
                                             "(LDA), and a grid on that view's plane.")


class WarpOpening(HiddenSpaceWarp):
    """HiddenSpaceWarp's opening beats alone: the input plane and its lines."""

    script = ("setup_picture", "show_input_plane")


def strength(trace, layer):
    """The rule, at the last snapshot: a hidden unit's |incoming weights| times its |outgoing
    weights|."""
    into = np.sqrt((trace.weights[layer - 1][-1] ** 2).sum(axis=0))
    out = np.sqrt((trace.weights[layer][-1] ** 2).sum(axis=1))
    return into * out


def strongest(trace, layer, count):
    return sorted(np.argsort(-strength(trace, layer), kind="stable")[:count].tolist())


@pytest.fixture(scope="module")
def wide():
    X, y, spec = make_dataset("moons", n=40, seed=0)
    return run(X, y, [2, 128, 1], spec, steps=3)


@pytest.fixture(scope="module")
def deep():
    X, y, spec = make_dataset("moons", n=40, seed=0)
    return run(X, y, [2] + [10] * 8 + [1], spec, steps=3)


@pytest.mark.parametrize("name", ["wide", "deep"])
def test_wide_and_deep_networks_play_every_chapter_that_refused_them(name, request):
    trace = request.getfixturevalue(name)
    for scene in (DecisionBoundary, HiddenLinesTraining, HiddenSpaceWarp, WarpDuringTraining,
                  WhoPullsTheLines):
        assert scene.refusal(trace) is None, scene.__name__


def test_a_128_unit_layer_draws_its_strongest_lines_and_how_many_more(wide, render, tmp_path):
    scene, _ = render(HiddenLinesTraining, tmp_path / "hl", trace=wide, **FAST)
    assert scene.line_units == strongest(wide, 1, 16)
    assert len(scene.lines) == 16
    assert "the 16 strongest units; +112 more" in texts(scene)
    scene, _ = render(WarpOpening, tmp_path / "warp", trace=wide, **FAST)
    assert scene.line_units == strongest(wide, 1, 3)
    assert "+125 more" in texts(scene)


def test_an_8_layer_network_draws_each_layers_strongest_curves(deep, render, tmp_path):
    scene, _ = render(HiddenLinesTraining, tmp_path, trace=deep, **FAST)
    assert sorted(scene.unit_curves.curves) == list(range(2, 9))
    for layer, row in scene.unit_curves.curves.items():
        assert [j for j, _ in row] == strongest(deep, layer, 8)
    notes = [t for t in texts(scene) if t.startswith("layer ")]
    assert notes == [f"layer {k}: 8 curves s = 0, +2 more" for k in range(2, 9)]


def test_a_128_unit_layer_pulls_its_line_among_its_strongest_and_says_how_many_more(
        wide, render, tmp_path):
    scene, _ = render(WhoPullsTheLines, tmp_path, trace=wide, **FAST)
    moves = [abs(batch_pulls(wide, scene.k, j)[0].sum()) for j in range(128)]
    assert scene.unit == int(np.argmax(moves))
    top = np.argsort(-strength(wide, 1), kind="stable")[:16].tolist()
    drawn = sorted(top if scene.unit in top else top[:15] + [scene.unit])
    assert sorted(scene.other_units + [scene.unit]) == drawn
    assert len(scene.others) == 15
    said = ("the 16 strongest lines" if scene.unit in top
            else "this line and the 15 strongest")
    assert f"{said}; +112 more" in texts(scene)
    # every line drawn is its unit's at the clock's snapshot
    W, b = wide.params_at(scene.player.pos)
    for line, j in zip(scene.others, scene.other_units, strict=True):
        assert np.allclose(line.w, W[0][:, j]) and line.b == pytest.approx(b[0][j])
