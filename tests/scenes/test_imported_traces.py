"""Scenes play imported traces as they play native ones: a tanh 2-8-1 network trained by
scikit-learn on moons, and the same network trained by PyTorch, each given through
$MLP_TRACE exactly as on the command line."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from manim import config
from sklearn.neural_network import MLPClassifier
from torch import nn

from mlp.datasets import make_dataset
from mlp.importers.sklearn import record_sklearn
from mlp.importers.torch import TorchRecorder
from mlp.trace import save_trace
from scenes.decision_boundary import DecisionBoundary
from scenes.hidden_lines import HiddenLinesTraining
from scenes.manim_config import manim_config
from scenes.toolkit.style import CLASS_COLORS
from scenes.warp import HiddenSpaceWarp

torch.set_num_threads(1)


@pytest.fixture(scope="module")
def moons():
    return make_dataset("moons", n=120, seed=0)


@pytest.fixture(scope="module")
def sklearn_trace(moons, tmp_path_factory):
    X, y, spec = moons
    clf = MLPClassifier(hidden_layer_sizes=(8,), activation="tanh", solver="adam",
                        learning_rate_init=0.03, random_state=0)
    trace = record_sklearn(clf, X, y, epochs=200, snapshots=25, dataset=spec)
    return save_trace(trace, tmp_path_factory.mktemp("sk") / "sklearn-moons.npz")


@pytest.fixture(scope="module")
def torch_trace(moons, tmp_path_factory):
    X, y, spec = moons
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1))
    Xt, yt = torch.tensor(X, dtype=torch.float32), torch.tensor(y, dtype=torch.float32)
    opt = torch.optim.Adam(model.parameters(), lr=0.03)
    rec = TorchRecorder(model, Xt, yt, dataset=spec)
    for step in range(201):
        opt.zero_grad()
        loss = nn.functional.binary_cross_entropy_with_logits(model(Xt)[:, 0], yt)
        loss.backward()
        if step % 20 == 0:
            rec.snapshot(step, loss=loss.item())
        opt.step()
    return rec.save(tmp_path_factory.mktemp("torch") / "torch-moons.npz")


def _render(scene_cls, trace_path, tmp_path, monkeypatch):
    monkeypatch.setenv("MLP_TRACE", str(trace_path))
    with manim_config({"pixel_height": 216, "pixel_width": 384, "frame_rate": 5,
                       "media_dir": str(tmp_path), "disable_caching": True,
                       "verbosity": "ERROR", "progress_bar": "none",
                       "output_file": str(tmp_path / "clip")}, output="none"):
        scene = scene_cls(pace=0.05)
        scene.render()
        frame = scene.renderer.get_frame()[:, :, :3].astype(int)
        size = (config.frame_width, config.frame_height)
    return scene, frame, size


def _pixel(point, frame, size) -> np.ndarray:
    """The frame's colour at scene point ``point``, averaged over a 3x3 patch."""
    h, w = frame.shape[:2]
    col = int(round((point[0] / size[0] + 0.5) * w))
    row = int(round((0.5 - point[1] / size[1]) * h))
    return frame[row - 1:row + 2, col - 1:col + 2].reshape(-1, 3).mean(axis=0)


def _confident_points(scene, trace) -> tuple[np.ndarray, np.ndarray]:
    """Plane points where the final network is sure (P > 0.97 or < 0.03), away from the data
    and from every hidden line, as (class-1 points, class-0 points) in data coordinates."""
    (x0, x1), (y0, y1) = scene.frame.xlim, scene.frame.ylim
    gx, gy = np.meshgrid(np.linspace(x0, x1, 30)[2:-2], np.linspace(y0, y1, 30)[2:-2])
    G = np.column_stack([gx.ravel(), gy.ravel()])
    far = np.min(np.linalg.norm(G[:, None] - trace.X[None], axis=2), axis=1) > 0.12 * (x1 - x0)
    W, b = trace.params_at(trace.n_snapshots - 1)
    dist = np.abs(G @ W[0] + b[0]) / np.linalg.norm(W[0], axis=0)
    far &= np.min(dist, axis=1) > 0.04 * (x1 - x0)
    P = trace.predict_proba(trace.n_snapshots - 1, G)
    return G[far & (P > 0.97)], G[far & (P < 0.03)]


def _assert_heatmap_shows_the_final_network(scene, frame, size):
    ones, zeros = _confident_points(scene, scene.trace)
    assert len(ones) >= 3 and len(zeros) >= 3
    red, blue = (np.array([int(CLASS_COLORS[c][i:i + 2], 16) for i in (1, 3, 5)])
                 for c in (1, 0))
    for pts, own, other in ((ones, red, blue), (zeros, blue, red)):
        for p in scene.frame.to_scene(pts):
            px = _pixel(p, frame, size)
            # closer in hue to this class's colour than to the other one's
            assert np.dot(px - px.mean(), own - own.mean()) > np.dot(px - px.mean(),
                                                                     other - other.mean()), px


def _assert_clock_at_the_end(scene, trace):
    k = trace.n_snapshots - 1
    assert scene.clock.shown == (int(trace.steps[k]), float(trace.loss[k]),
                                 float(trace.accuracy[k]))


def test_decision_boundary_plays_an_imported_sklearn_trace(sklearn_trace, tmp_path,
                                                           monkeypatch):
    scene, frame, size = _render(DecisionBoundary, sklearn_trace, tmp_path, monkeypatch)
    assert scene.trace.path == str(sklearn_trace)
    assert scene.trace.meta["producer"]["name"] == "scikit-learn"
    _assert_clock_at_the_end(scene, scene.trace)
    _assert_heatmap_shows_the_final_network(scene, frame, size)


def test_hidden_lines_play_an_imported_pytorch_trace(torch_trace, tmp_path, monkeypatch):
    scene, frame, size = _render(HiddenLinesTraining, torch_trace, tmp_path, monkeypatch)
    t = scene.trace
    assert t.path == str(torch_trace) and t.meta["producer"]["name"] == "pytorch"
    assert len(scene.lines) == 8
    W, b = t.params_at(t.n_snapshots - 1)
    for i, line in enumerate(scene.lines):
        np.testing.assert_allclose(line.w, W[0][:, i])
        assert line.b == pytest.approx(b[0][i])
    _assert_clock_at_the_end(scene, t)
    _assert_heatmap_shows_the_final_network(scene, frame, size)


def test_warp_plays_an_imported_sklearn_trace(sklearn_trace, tmp_path, monkeypatch):
    scene, frame, size = _render(HiddenSpaceWarp, sklearn_trace, tmp_path, monkeypatch)
    t = scene.trace
    assert t.meta["producer"]["name"] == "scikit-learn"
    w_m, b_m = scene.meta_plane.coefficients
    np.testing.assert_array_equal(w_m, t.weights[1][-1][:, 0])
    assert b_m == t.biases[1][-1][0]
    # the warped data are on screen: both class colours appear in the frame
    for c in (0, 1):
        rgb = np.array([int(CLASS_COLORS[c][i:i + 2], 16) for i in (1, 3, 5)])
        assert np.any(np.all(np.abs(frame - rgb) < 40, axis=2)), CLASS_COLORS[c]


def test_binary_colour_key_names_the_classifiers_positive_class(moons):
    from manim import MathTex

    from scenes.decision_boundary import prediction_key, probability_tex

    X, y, spec = moons
    labels = np.where(y == 1, "yes", "no")
    clf = MLPClassifier(hidden_layer_sizes=(4,), activation="tanh", random_state=0)
    trace = record_sklearn(clf, X, labels, epochs=3, snapshots=2, dataset=spec)
    # the sigmoid's P is scikit-learn's predict_proba column 1, the class classes_[1]
    assert np.allclose(trace.predict_proba(trace.n_snapshots - 1, X[:5]).reshape(5, -1)[:, -1],
                       clf.predict_proba(X[:5])[:, 1])
    name = prediction_key(trace)[0]
    assert name.get_tex_string() == r"P(\text{" + str(clf.classes_[1]) + r"}\mid x)"
    # TeX's special characters in a label stay text (LaTeX fails on them otherwise)
    odd = MathTex(probability_tex(r"50% & up_{x} #1 ~^\ $"))
    assert len(odd.family_members_with_points()) > 0


@pytest.fixture(scope="module")
def one_snapshot(moons, tmp_path_factory):
    """A fitted MLPClassifier saved with joblib and imported by the CLI as users do: a trace
    of one snapshot."""
    import warnings

    import joblib
    from sklearn.exceptions import ConvergenceWarning

    from explainer.cli import main

    X, y, _ = moons
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = MLPClassifier(hidden_layer_sizes=(5,), activation="tanh", max_iter=40,
                            random_state=0).fit(X, y)
    folder = tmp_path_factory.mktemp("joblib")
    joblib.dump(clf, folder / "model.joblib")
    out = folder / "one.npz"
    assert main(["import", str(folder / "model.joblib"), "--out", str(out), "--dataset",
                 "moons", "--n", str(len(X)), "--seed", "0", "--trust-pickle"]) == 0
    return out, clf


def test_every_chapter_that_plays_a_trace_plays_a_one_snapshot_import(one_snapshot, moons,
                                                                      tmp_path, monkeypatch):
    import importlib

    from explainer.story import STORY
    from mlp.trace import load_trace
    from scenes.toolkit.readouts import TrainingClock

    path, clf = one_snapshot
    trace = load_trace(path)
    assert trace.n_snapshots == 1
    X = moons[0]
    played = []
    for chapter in STORY:
        if not chapter.plays_trace:
            continue
        module = importlib.import_module(chapter.module.removesuffix(".py").replace("/", "."))
        scene_cls = getattr(module, chapter.scene)
        if scene_cls.refusal(trace) is not None:
            continue
        scene, frame, _ = _render(scene_cls, path, tmp_path / chapter.scene, monkeypatch)
        assert scene.played_beats, chapter.scene
        assert frame.std() > 5, chapter.scene  # something is drawn
        # the network on screen is the imported one: its probabilities are scikit-learn's
        np.testing.assert_allclose(scene.trace.model(0).predict_proba(X),
                                   clf.predict_proba(X)[:, 1], rtol=0, atol=1e-10)
        clocks = [m for m in scene.mobjects for m in m.get_family()
                  if isinstance(m, TrainingClock)]
        for clock in clocks:  # the one step there is, as the model recorded it
            assert clock.texts()[0] == str(clf.n_iter_)
        played.append(chapter.scene)
    assert {"DecisionBoundary", "HiddenLinesTraining", "WhoPullsTheLines",
            "ComputationalGraph", "WarpDuringTraining"} <= set(played), played
