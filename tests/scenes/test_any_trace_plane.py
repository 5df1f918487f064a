"""The input-plane scenes play networks unlike the seed's (deep, wide, three classes, from
PyTorch and scikit-learn) and a run that fails, rendered small. What they show is checked
against a forward pass written here in NumPy, not the core's."""

from __future__ import annotations

import numpy as np
import pytest
from networks import BY_HAND, DEEP, PLAYED, network
from plane_render import PIXEL_WIDTH, pixel_centres, rgb255, to_pixel

from scenes.decision_boundary import DecisionBoundary
from scenes.hidden_lines import HiddenLinesTraining
from scenes.pull import WhoPullsTheLines
from scenes.toolkit.style import BACKGROUND, CLASS_COLORS

# The session's renders (tests/scenes/conftest.py) this file shares with others in
# the group are made once, on the worker that runs the group.
pytestmark = pytest.mark.xdist_group("plane-renders")

ACTIVATIONS = {name: f for name, (f, _) in BY_HAND.items()}


def forward(trace, X, k: int = -1):
    """Pre-activations (per layer) and class probabilities (n, K) at snapshot k, in NumPy."""
    h, pre = np.asarray(X, dtype=float), []
    if trace.input_map == "square":
        h = h * h
    L = len(trace.weights)
    for i in range(L):
        s = h @ trace.weights[i][k] + trace.biases[i][k]
        pre.append(s)
        h = ACTIVATIONS[trace.activations[i]](s) if i < L - 1 else s
    if trace.output == "binary":
        p1 = 1 / (1 + np.exp(-h[:, 0]))
        return pre, np.column_stack([1 - p1, p1])
    e = np.exp(h - h.max(axis=1, keepdims=True))
    return pre, e / e.sum(axis=1, keepdims=True)


def plane_pixels(scene, step: int = 5, inset: int = 3):
    """Pixels (rows, cols) on a lattice inside the scene's input plane, and their data points."""
    lo, hi = scene.frame.bounds
    (r0, c0), (r1, c1) = to_pixel(scene, [[lo[0], hi[1], 0], [hi[0], lo[1], 0]])
    rows, cols = np.meshgrid(np.arange(r0 + inset, r1 - inset, step),
                             np.arange(c0 + inset, c1 - inset, step))
    rows, cols = rows.ravel(), cols.ravel()
    return rows, cols, scene.frame.to_data(pixel_centres(scene, rows, cols))


def strongest_class(pixels: np.ndarray, K: int) -> np.ndarray:
    """Which class colour each pixel (n, 3) is mostly made of: the pixel's offset from the
    background written as a combination of the K class colours' offsets (least squares; K
    <= 3 colours span RGB once), and the class with the largest share."""
    assert K <= 3, "three colours at most can be told apart this way in RGB"
    bg = rgb255(BACKGROUND)
    basis = np.array([rgb255(c) - bg for c in CLASS_COLORS[:K]]).T  # (3, K)
    shares, *_ = np.linalg.lstsq(basis, (pixels - bg).T, rcond=None)
    return np.argmax(shares, axis=0)


def distance_to_zero(f, points: np.ndarray, h: float) -> np.ndarray:
    """How far each point (n, 2) lies from the zero set of f (points (m, 2) -> (m,)), to first
    order: |f(p)| / |grad f(p)|, the gradient by central differences of step h."""
    dx, dy = np.array([h, 0.0]), np.array([0.0, h])
    grad = np.column_stack([(f(points + dx) - f(points - dx)) / (2 * h),
                            (f(points + dy) - f(points - dy)) / (2 * h)])
    return np.abs(f(points)) / np.maximum(np.linalg.norm(grad, axis=1), 1e-12)


def frame_pixel(scene) -> float:
    """One pixel of the rendered frame, in data units of the scene's input plane."""
    return scene.frame_size[0] / PIXEL_WIDTH / scene.frame.scale_factor


@pytest.mark.parametrize("name", PLAYED)
def test_region_colours_are_the_winning_class(rendered, name):
    scene, frame = rendered(DecisionBoundary, name)
    t = scene.trace
    rows, cols, xy = plane_pixels(scene)
    _, P = forward(t, xy)
    top = np.sort(P, axis=1)
    # clear of the data points, the axes and the white borders drawn over the image
    far = np.linalg.norm(xy[:, None] - t.X[None], axis=-1).min(axis=1) > 0.06 * np.ptp(t.X)
    off_axes = (np.abs(xy) > 0.03 * np.ptp(t.X)).all(axis=1)
    keep = far & off_axes & (top[:, -1] - top[:, -2] > 0.3)
    assert keep.sum() > 100
    winner = np.argmax(P[keep], axis=1)
    shown = strongest_class(frame[rows[keep], cols[keep]].astype(float), P.shape[1])
    assert (shown == winner).mean() > 0.98, np.unique(winner[shown != winner],
                                                       return_counts=True)
    # every class that wins somewhere on the lattice is seen
    assert set(np.unique(winner)) <= set(np.unique(shown))


@pytest.mark.parametrize("name", PLAYED)
def test_boundary_lines_lie_where_the_winner_changes(rendered, name):
    scene, _ = rendered(DecisionBoundary, name)
    t = scene.trace
    segs = scene.boundary.segments_data
    assert len(segs) > 5
    mid = segs.mean(axis=1)
    res = scene.heat.resolution
    cell = np.array([np.ptp(scene.frame.xlim) / res[0], np.ptp(scene.frame.ylim) / res[1]])
    # one heatmap pixel either way across the line: the winner differs
    offsets = np.array([[1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [-1, -1], [1, -1], [-1, 1]])
    winners = np.stack([np.argmax(forward(t, mid + o * cell)[1], axis=1) for o in offsets])
    changes = (winners != winners[0]).any(axis=0)
    assert changes.mean() > 0.99, mid[~changes][:5]
    # and every change of winner along a row of the lattice has a line within a pixel
    _, _, xy = plane_pixels(scene, step=2)
    win = np.argmax(forward(t, xy)[1], axis=1)
    order = np.lexsort((xy[:, 0], xy[:, 1]))
    a, b = order[:-1], order[1:]
    same_row = np.isclose(xy[a, 1], xy[b, 1])
    flips = same_row & (win[a] != win[b])
    assert flips.sum() > 3
    where = (xy[a][flips] + xy[b][flips]) / 2
    d = np.linalg.norm(where[:, None] - mid[None], axis=-1).min(axis=1)
    gap = np.linalg.norm(xy[a][flips] - xy[b][flips], axis=1)
    assert (d < gap + 2 * cell.max()).all(), where[d >= gap + 2 * cell.max()][:5]


def test_legend_names_the_classes_of_the_trace(rendered):
    texts = lambda scene: {m.original_text for m in scene.key.get_family()  # noqa: E731
                           if hasattr(m, "original_text")}
    sk, _ = rendered(DecisionBoundary, "sklearn-10-10")
    assert {"left", "right"} <= texts(sk)  # scikit-learn's own labels
    spiral, _ = rendered(DecisionBoundary, "tanh-spiral-16-16-3")
    assert {"class 0", "class 1", "class 2"} <= texts(spiral)
    seed, _ = rendered(DecisionBoundary, "seed")
    assert {"class 0", "class 1"} <= texts(seed)


def test_a_network_with_no_hidden_layer_is_refused_in_one_line(render, tmp_path, capsys):
    from plane_render import asset

    from scenes.toolkit.traces import SceneTraceError

    with pytest.raises(SceneTraceError):
        render(WhoPullsTheLines, tmp_path, trace=asset("blobs-linear"))
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == [f"WhoPullsTheLines: needs at least 1 hidden layer(s), but "
                     f"{asset('blobs-linear').path} has sizes [2, 1] (binary output)"]


def test_a_network_beyond_the_scene_is_refused_in_one_line(render, tmp_path):
    from scenes.toolkit.traces import SceneTraceError

    t = network("relu-moons-8-8")
    S = t.n_snapshots  # a third input, weighed by nothing: no longer a plane
    wider = type(t)(meta={**t.meta, "sizes": [3, 8, 8, 1]},
                    X=np.column_stack([t.X, t.X[:, :1]]), y=t.y, steps=t.steps,
                    weights=[np.concatenate([t.weights[0], np.zeros((S, 1, 8))], axis=1),
                             *t.weights[1:]], biases=t.biases, loss=t.loss,
                    accuracy=t.accuracy)
    with pytest.raises(SceneTraceError, match="needs 2-D inputs"):
        render(HiddenLinesTraining, tmp_path, trace=wider)


def check_curves_lie_on_zero_pre_activation(scene, layers) -> None:
    """Every drawn unit curve of ``layers`` lies, to a pixel, where the independent forward
    pass gives that unit a zero pre-activation."""
    t = scene.trace
    curves = scene.unit_curves.curves
    assert sorted(curves) == list(layers)
    pixel = frame_pixel(scene)
    drawn = 0
    for layer, row in curves.items():
        assert len(row) == min(t.sizes[layer], 8)
        for j, curve in row:
            segs = curve.segments_data
            if not len(segs):  # a unit that is zero nowhere on screen draws nothing
                assert np.ptp(np.sign(forward(t, scene.unit_curves.grid)[0][layer - 1][:, j])) \
                    == 0
                continue
            drawn += 1
            f = lambda P, layer=layer, j=j: forward(t, P)[0][layer - 1][:, j]  # noqa: E731
            d = distance_to_zero(f, segs.reshape(-1, 2), 1e-5)
            assert np.quantile(d, 0.99) < pixel, (layer, j, d.max(), pixel)
    assert drawn >= 1


# the seed's one hidden layer: tests/scenes/test_plane_scenes
@pytest.mark.parametrize("name", DEEP)
def test_a_deep_units_curve_lies_where_its_pre_activation_is_zero(rendered, name):
    scene, _ = rendered(HiddenLinesTraining, name)
    check_curves_lie_on_zero_pre_activation(scene, range(2, len(scene.trace.sizes) - 1))


def test_after_an_input_map_the_first_layers_units_are_curves_where_they_are_zero(
        rendered):
    scene, _ = rendered(HiddenLinesTraining, "square-rings-3-3")
    t = scene.trace
    assert t.input_map == "square"
    check_curves_lie_on_zero_pre_activation(scene, [1, 2])
    # the first layer is drawn as those curves, not as the lines w . x + b = 0 the weights
    # would give without the map (along which w . x would not vary); the legend says phi(x)
    assert list(scene.lines) == [c for _, c in scene.unit_curves.curves[1]]
    assert all(np.ptp(c.segments_data.reshape(-1, 2) @ t.weights[0][-1][:, j]
                      ) > 0 for j, c in scene.unit_curves.curves[1] if len(c.segments_data))
    tex = [m.tex_string for m in scene.legend.get_family() if hasattr(m, "tex_string")]
    assert any(r"\varphi(x)" in s for s in tex), tex


@pytest.mark.parametrize("name", DEEP)
def test_first_layer_stays_lines_and_the_heatmap_is_the_winner(rendered, name):
    scene, frame = rendered(HiddenLinesTraining, name)
    t = scene.trace
    assert len(scene.lines) == t.sizes[1]
    shown = 0
    (x0, x1), (y0, y1) = scene.frame.xlim, scene.frame.ylim
    corners = np.array([[x0, y0], [x0, y1], [x1, y0], [x1, y1]])
    for i, line in enumerate(scene.lines):
        W, b = t.weights[0][-1][:, i], t.biases[0][-1][i]
        # the line crosses the plane shown when the plane's corners lie on both of its sides
        crosses = len(set(np.sign(corners @ W + b))) > 1
        assert (line.endpoints_data is not None) == crosses, i
        if crosses:
            assert np.abs(line.endpoints_data @ W + b).max() < 1e-9
            ends = np.asarray(line.endpoints_data)
            assert np.linalg.norm(ends[1] - ends[0]) > 1e-3 * (x1 - x0)
            shown += 1
    assert shown > 0  # some line is on screen, checked
    beats = [b.name for b in scene.played_beats]
    assert beats.index("hidden lines") < beats.index("layer 2") < beats.index("training")


# ------------------------------------------------------------- words true for any trace
CLAIMS = ("separat", "enclose", "100%")


def words_of(scene) -> list[str]:
    """Every caption the scene played and every plain text left on screen."""
    said = [b.caption for b in scene.played_beats]
    shown = [m.original_text for m in scene.get_top_level_mobjects()
             for m in m.get_family() if hasattr(m, "original_text")]
    return said + shown


def test_a_run_that_fails_is_never_said_to_separate(rendered):
    from scenes.linear import LinearClassifier
    from scenes.three_classifiers import ThreeClassifiers

    assert network("rings-2-2-1").accuracy[-1] < 1.0  # two units cannot hold the inner circle
    words = []
    for scene_cls in (DecisionBoundary, HiddenLinesTraining, ThreeClassifiers):
        scene, _ = rendered(scene_cls, "rings-2-2-1")
        words += words_of(scene)
    assert words
    for claim in CLAIMS:
        assert not [w for w in words if claim in w.lower()], claim
    assert not [w for w in words if "inner circle" in w and "enclose" in w]
    # a linear classifier on circles it cannot separate is not "separated" either
    circles = network("circles-linear")
    scene, _ = rendered(LinearClassifier, "circles-linear")
    said = words_of(scene)
    assert "separated" not in said and f"stuck near chance: {100 * circles.accuracy[-1]:.0f}% "\
        "right" in said


def test_the_seeds_words_stay_for_the_seeds_traces(rendered):
    from scenes.linear import CirclesAreNotSeparable
    from scenes.three_classifiers import ThreeClassifiers

    hl, _ = rendered(HiddenLinesTraining, "seed")
    assert [b.caption for b in hl.played_beats][-1] == (
        "Trained together, the lines rotate and slide until they enclose the inner circle.")
    assert hl.played_beats[0].caption == ("Two rings: the inner circle is one class, the outer "
                                          "ring the other.")
    tc, _ = rendered(ThreeClassifiers, "seed")
    assert tc.played_beats[-1].caption == ("Where all of them agree, they enclose the inner "
                                           "circle.")
    circles, _ = rendered(CirclesAreNotSeparable, "circles-linear")
    assert "Whatever the line does, half the points stay on the wrong side." in words_of(circles)
    assert "stuck near chance: 50% right" in words_of(circles)


# ------------------------------------------------------------------ who pulls the lines
def example_losses(trace, W0, b0, k: int) -> np.ndarray:
    """Each example's cross-entropy, (n,), with the first layer's weights replaced."""
    swapped = type(trace)(meta=trace.meta, X=trace.X, y=trace.y, steps=trace.steps[k:k + 1],
                          weights=[W0[None]] + [W[k:k + 1] for W in trace.weights[1:]],
                          biases=[b0[None]] + [b[k:k + 1] for b in trace.biases[1:]],
                          loss=trace.loss[k:k + 1], accuracy=trace.accuracy[k:k + 1])
    _, P = forward(swapped, trace.X, 0)
    return -np.log(P[np.arange(len(trace.y)), trace.y])


@pytest.mark.parametrize("name", PLAYED)
def test_each_pull_is_the_points_own_gradient_through_every_layer(rendered, name):
    scene, _ = rendered(WhoPullsTheLines, name)
    t, k, j = scene.trace, scene.k, scene.unit
    W0, b0 = t.weights[0][k].copy(), t.biases[0][k].copy()
    h = 1e-6
    grads = []  # d loss_i / d (w_1j, w_2j, b_j) by central differences, (n, 3)
    for which in range(3):
        up, down = [W0.copy(), b0.copy()], [W0.copy(), b0.copy()]
        if which < 2:
            up[0][which, j] += h
            down[0][which, j] -= h
        else:
            up[1][j] += h
            down[1][j] -= h
        grads.append((example_losses(t, *up, k) - example_losses(t, *down, k)) / (2 * h))
    g = np.column_stack(grads)
    training = t.meta.get("training") or {}
    lr = training.get("lr")
    idx = np.arange(len(t.X))
    size = training.get("batch_size")
    if training.get("batch_order") == "epoch_permutation" and size < len(t.X):
        # the trainer's batch for this step, drawn again: a permutation of the data per epoch
        step, per = int(t.steps[k]), len(t.X) // size
        rng = np.random.default_rng(training["shuffle_seed"])
        for _ in range(step // per):
            rng.permutation(len(t.X))
        idx = np.sort(rng.permutation(len(t.X))[(step % per) * size:(step % per + 1) * size])
    n = 1 if t.meta.get("reduction", "mean") == "sum" else len(idx)
    w = W0[:, j]
    expected = np.zeros(len(t.X))
    expected[idx] = ((1.0 if lr is None else lr) / n
                     * (np.einsum("ni,ni->n", g[:, :2], t.X) + g[:, 2])[idx] / np.linalg.norm(w))
    scale = np.abs(expected).max()
    assert np.abs(scene.shown_pulls - expected).max() < 1e-5 * scale
    # what the arrows are is said on screen: each point's step, or the gradient under Adam
    words = " ".join(words_of(scene))
    recorded = (training.get("full_batch") is True or "batch_order" in training
                or (training.get("step") == "epoch" and len(idx) == len(t.X)))
    if not recorded:
        assert "The trace does not record which points" in words
    elif lr is not None:
        assert "would move the line where it sits" in words and "(lr = 1" not in words
    else:
        assert "lr = 1" in words
    gap = int(t.steps[k + 1] - t.steps[k])
    unit = "epoch" if training.get("step") == "epoch" else "step"
    assert f"{gap} {unit}{'s' if gap != 1 else ''} of " in words


# ------------------------------------------------------- three classifiers, widths
@pytest.mark.parametrize("name", ["seed", "relu-moons-8-8", "torch-6-4-3"])
def test_three_classifiers_counts_the_regions_its_lines_carve(rendered, name):
    from scenes.three_classifiers import ThreeClassifiers

    scene, _ = rendered(ThreeClassifiers, name)
    t = scene.trace
    W, b = t.weights[0][-1], t.biases[0][-1]
    (x0, x1), (y0, y1) = scene.frame.xlim, scene.frame.ylim
    # each region of a line arrangement is convex, so it has its own pattern of sides: count
    # the patterns met on a fine grid (row by row, to stay small in memory)
    xs, seen = np.linspace(x0, x1, 2000), set()
    for y in np.linspace(y0, y1, 2000):
        P = np.column_stack([xs, np.full_like(xs, y)])
        seen.update(((P @ W + b > 0) @ (1 << np.arange(W.shape[1]))).tolist())
    pieces = len(seen)
    assert scene.n_regions == pieces
    assert f"{pieces} regions" in " ".join(words_of(scene))
    assert len(scene.lines) == t.sizes[1]


def test_three_classifiers_refuses_a_first_layer_past_eight_units(render, tmp_path):
    from scenes.three_classifiers import ThreeClassifiers
    from scenes.toolkit.traces import SceneTraceError

    with pytest.raises(SceneTraceError, match="at most 8 units"):
        render(ThreeClassifiers, tmp_path, trace=network("sklearn-10-10"))


def test_width_progression_takes_traces_of_any_depth(render, tmp_path):
    from scenes.decision_boundary import WidthProgression

    given = [network("sklearn-10-10"), network("relu-moons-8-8")]
    scene, frame = render(WidthProgression, tmp_path, traces=given)
    assert scene.labels == ["8-8", "10-10"]  # ordered by their hidden units
    assert [p.label.original_text for p in scene.panels] == ["8-8 units", "10-10 units"]
    said = [b.caption for b in scene.played_beats]
    assert said[0] == "The boundary after training, from 8-8 to 10-10 hidden units."
    assert not [w for w in said if "triangle" in w]
    for panel in scene.panels:  # each panel's boundary is its own trace's 0.5 line
        t = panel.trace
        mid = panel.boundary.segments_data.mean(axis=1)
        p1 = forward(t, mid)[1][:, 1]
        f = lambda P, t=t: forward(t, P)[1][:, 1] - 0.5  # noqa: E731
        d = distance_to_zero(f, mid, 1e-5)
        assert np.quantile(d, 0.99) < 2 * np.ptp(panel.frame.xlim) / 90, p1[:3]


@pytest.mark.parametrize("name", PLAYED)
def test_no_text_leaves_the_frame_whatever_the_trace(rendered, name):
    scene_classes = [DecisionBoundary, WhoPullsTheLines]
    if name in DEEP:
        scene_classes.append(HiddenLinesTraining)
    for scene_cls in scene_classes:
        scene, _ = rendered(scene_cls, name)
        assert scene.outside == [], (scene_cls.__name__, scene.outside[:3])
