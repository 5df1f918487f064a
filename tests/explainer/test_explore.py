"""The explorer page in a real browser (Debian's chromium): its own forward and backward
pass against the core's, its state in the URL, its pixels, and that it never asks the
network for anything."""

from __future__ import annotations

import numpy as np
import pytest
from networks import network
from PIL import Image
from pipeline_helpers import ROOT

from explainer.cli import main
from explainer.explore import build_page, write_page
from mlp.trace import load_trace, save_trace
from scenes.toolkit.style import CLASS_COLORS, FOREGROUND, NEGATIVE, POSITIVE, hex_to_rgb
from scenes.toolkit.words import step_batch, step_size

SEED = ROOT / "assets" / "seed-notebook.npz"


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory):
    trace = load_trace(SEED)
    path = write_page(trace, tmp_path_factory.mktemp("explore") / "seed.html")
    return trace, path


@pytest.fixture(scope="module")
def torch_page(tmp_path_factory):
    """A PyTorch run: six hidden layers with six different activations, three classes."""
    folder = tmp_path_factory.mktemp("explore-torch")
    save_trace(network("torch-six-activations"), folder / "torch.npz")
    trace = load_trace(folder / "torch.npz")
    assert trace.output == "softmax" and trace.sizes == [2, 6, 5, 4, 4, 5, 4, 3]
    return trace, write_page(trace, folder / "torch.html")


@pytest.fixture(scope="module")
def minibatch_page(tmp_path_factory):
    """Plain SGD on the spiral in mini-batches of 16 of 60 points, three classes."""
    folder = tmp_path_factory.mktemp("explore-minibatch")
    save_trace(network("tanh-spiral-16-16-3"), folder / "spiral.npz")
    trace = load_trace(folder / "spiral.npz")
    assert trace.meta["training"]["batch_size"] == 16 and len(trace.X) == 60
    return trace, write_page(trace, folder / "spiral.html")


def open_page(page, path, hash_: str = ""):
    page.goto(path.as_uri() + hash_)
    page.wait_for_selector("body[data-ready='1']")
    return page


def random_points(trace, rng, m=100):
    (x0, x1), (y0, y1) = trace.data_bounds(0.3)
    return np.column_stack([rng.uniform(x0, x1, m), rng.uniform(y0, y1, m)])


@pytest.mark.parametrize("which", ["seed_page", "torch_page"])
def test_page_forward_pass_matches_the_core(which, request, page):
    trace, path = request.getfixturevalue(which)
    open_page(page, path)
    rng = np.random.default_rng(12)
    S = trace.n_snapshots
    positions = [0.0, 1.0, (S - 1) / 3 + 0.37, S - 1.5, S - 1.0]
    for pos in positions:
        pts = random_points(trace, rng)
        ours = np.array(page.evaluate("([pos, pts]) => explorer.predictProba(pos, pts)",
                                      [pos, pts.tolist()]))
        core = trace.predict_proba(pos, pts)
        assert ours.shape == core.shape
        np.testing.assert_allclose(ours, core, rtol=0, atol=1e-6)
    # the positions differ: the check is not of one network five times
    assert not np.allclose(trace.predict_proba(0, pts), trace.predict_proba(S - 1, pts))


def test_hidden_view_is_the_projection_the_warp_scene_uses(seed_page, page):
    from mlp.projection import hidden_projection

    trace, path = seed_page
    open_page(page, path)
    final = trace.model(-1)
    projection = hidden_projection(final.hidden(trace.X), final.weights[1][:, 0])
    for pos in (0.0, 57.5, trace.n_snapshots - 1):
        ours = np.array(page.evaluate("(pos) => explorer.hiddenView(pos, 1)", pos))
        np.testing.assert_allclose(ours.reshape(-1, 3), projection(trace.hidden(pos)),
                                   rtol=0, atol=1e-9)


def test_page_makes_no_network_request(seed_page, page):
    trace, path = seed_page
    seen = []

    def handle(route):
        seen.append(route.request.url)
        if route.request.url.split("#")[0] == path.as_uri():
            route.continue_()
        else:
            route.abort()

    page.route("**/*", handle)
    page.on("request", lambda r: seen.append(r.url))
    open_page(page, path, "#step=40")
    # use it: play, scrub, click a point, hover the graph, turn the hidden space
    page.click("#play")
    page.wait_for_function("() => document.body.dataset.pos > 40")
    page.click("#play")
    page.mouse.click(*page.evaluate("explorer.pointOnScreen(3)"))
    page.wait_for_selector("#point:not([hidden])")
    box = page.locator("#hidden").bounding_box()
    page.mouse.move(box["x"] + 100, box["y"] + 100)
    page.mouse.down()
    page.mouse.move(box["x"] + 180, box["y"] + 140)
    page.mouse.up()
    others = [u for u in seen if u.split("#")[0] != path.as_uri()]
    assert others == []
    html = path.read_text()
    assert "http://" not in html and "https://" not in html


def _share(img: np.ndarray, color: str, tol: float = 40) -> float:
    """The share of pixels within ``tol`` (RGB distance) of ``color``."""
    rgb = hex_to_rgb(color) * 255
    return float(np.mean(np.linalg.norm(img[..., :3].astype(float) - rgb, axis=-1) < tol))


def test_screenshot_shows_the_four_views_in_the_class_colours(seed_page, page, tmp_path):
    trace, path = seed_page
    page.set_viewport_size({"width": 1400, "height": 1000})
    open_page(page, path, f"#step={int(trace.steps[-1])}")
    shot = tmp_path / "page.png"
    page.screenshot(path=str(shot), full_page=True)
    img = np.asarray(Image.open(shot).convert("RGB"))
    shares = {}
    for view in ("plane", "hidden", "graph", "curves"):
        b = page.locator(f"#{view}").bounding_box()
        assert b["width"] > 200 and b["height"] > 200, view
        crop = img[int(b["y"]):int(b["y"] + b["height"]), int(b["x"]):int(b["x"] + b["width"])]
        shares[view] = {c: _share(crop, c) for c in
                        (*CLASS_COLORS[:2], POSITIVE, NEGATIVE, FOREGROUND)}
    for view in ("plane", "hidden"):  # the data, in both class colours
        assert shares[view][CLASS_COLORS[0]] > 0.002, (view, shares[view])
        assert shares[view][CLASS_COLORS[1]] > 0.002, (view, shares[view])
    # the trained seed network has weights of both signs
    assert (trace.weights[1][-1] > 0).any() and (trace.weights[1][-1] < 0).any()
    assert shares["graph"][POSITIVE] > 0.002 and shares["graph"][NEGATIVE] > 0.002
    assert shares["curves"][FOREGROUND] > 0.001 and shares["curves"][POSITIVE] > 0.001


@pytest.mark.parametrize("k", [37, 120])
def test_step_in_the_hash_survives_a_reload(seed_page, page, k):
    trace, path = seed_page
    open_page(page, path)
    step = int(trace.steps[k])
    page.evaluate("(h) => { location.hash = h; }", f"step={step}&view=graph")
    page.reload()
    page.wait_for_selector("body[data-ready='1']")
    assert page.text_content("#readout-step") == str(step)
    assert page.text_content("#readout-loss") == f"{trace.loss[k]:.4f}"
    assert float(page.get_attribute("#readout-loss", "data-value")) == float(trace.loss[k])
    assert page.get_attribute("section[data-view='graph']", "class").split().count("focus") == 1
    assert f"step={step}" in page.evaluate("location.hash")


@pytest.mark.parametrize("which,point,pos", [("seed_page", 17, 60.5), ("torch_page", 5, 2.25),
                                             ("minibatch_page", 9, 4.5)])
def test_clicked_point_shows_its_forward_pass_and_pulls(which, point, pos, request, page):
    trace, path = request.getfixturevalue(which)
    open_page(page, path, f"#pos={pos}")
    page.mouse.click(*page.evaluate("(i) => explorer.pointOnScreen(i)", point))
    page.wait_for_selector("#point:not([hidden])")
    assert f"point={point}" in page.evaluate("location.hash")
    model = trace.model_at(pos)
    fwd = model.forward(trace.X[point:point + 1])
    for layer in range(model.n_layers):
        for row, arr in (("s", fwd.s[layer]), ("h", fwd.h[layer + 1])):
            cells = page.locator(f"table[data-layer='{layer}'] tr[data-row='{row}'] td")
            shown = [float(v) for v in cells.evaluate_all("cs => cs.map(c => c.dataset.value)")]
            np.testing.assert_allclose(shown, arr[0], rtol=0, atol=1e-9)
            texts = cells.all_text_contents()
            np.testing.assert_allclose([float(t) for t in texts], arr[0], rtol=1e-3, atol=1e-5)
    # each first-layer line's pull by this point: its own gradient (PyTorch's autograd on the
    # point's loss at this position) and the shift it makes where it sits
    W, b = trace.params_at(pos)
    gw, gb = _first_layer_gradient(trace, W, b, point)
    x = trace.X[point]
    step = _pull_step(trace)
    batch, _ = step_batch(trace, int(trace.steps[trace.snapshot_at(pos)]))
    scene_step = step_size(trace, None if batch is None else len(batch))
    assert step == pytest.approx(scene_step, rel=1e-12)  # WhoPullsTheLines' own step
    for j in range(trace.sizes[1]):
        norm = np.hypot(*W[0][:, j])
        shift = step * (gw[:, j] @ x + gb[j]) / norm
        row = page.locator(f"table[data-table='pulls'] tr[data-unit='{j}'] td")
        vals = [float(v) for v in row.evaluate_all("cs => cs.map(c => c.dataset.value)")]
        np.testing.assert_allclose(vals, [*gw[:, j], gb[j], shift], rtol=1e-9, atol=1e-12)
    assert page.locator("table[data-table='pulls'] tr[data-unit]").count() == trace.sizes[1]


TORCH_ACTIVATIONS = {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "relu",
                     "softplus": "softplus", "silu": "silu", "identity": None}


def _first_layer_gradient(trace, W, b, i):
    """dL_i/dW[0] (2, units) and dL_i/db[0] (units,) for point i alone, by PyTorch: the
    network written out layer by layer, the loss the trace's output trains on."""
    import torch
    import torch.nn.functional as F

    assert trace.input_map == "identity"
    ws = [torch.tensor(w, dtype=torch.float64, requires_grad=(k == 0)) for k, w in enumerate(W)]
    bs = [torch.tensor(v, dtype=torch.float64, requires_grad=(k == 0)) for k, v in enumerate(b)]
    h = torch.tensor(trace.X[i:i + 1], dtype=torch.float64)
    for k, name in enumerate(trace.activations):
        s = h @ ws[k] + bs[k]
        h = (F.leaky_relu(s, 0.01) if name == "leaky_relu"
             else s if TORCH_ACTIVATIONS[name] is None else getattr(F, TORCH_ACTIVATIONS[name])(s))
    logits = h @ ws[-1] + bs[-1]
    y = torch.tensor(trace.y[i:i + 1])
    if trace.output == "binary":
        loss = F.binary_cross_entropy_with_logits(logits[:, 0], y.to(torch.float64))
    else:
        loss = F.cross_entropy(logits, y.long())
    loss.backward()
    return ws[0].grad.numpy(), bs[0].grad.numpy()


def _pull_step(trace) -> float:
    """What a point's gradient is multiplied by in one step of plain gradient descent: the
    learning rate over the number of points the step's mean is over (the whole data, or the
    mini-batch the point is in), the rate itself for a sum."""
    training = trace.meta["training"]
    assert str(training["optimizer"]).lower() == "sgd" and not training.get("momentum")
    n = 1 if trace.meta.get("reduction", "mean") == "sum" else \
        training.get("batch_size") or len(trace.X)
    return float(training["lr"]) / n


@pytest.mark.parametrize("edge", [(0, 1, 2), (1, 0, 0)])
def test_hovering_an_edge_shows_its_weight_and_gradient(seed_page, page, edge):
    trace, path = seed_page
    pos = 33.25
    open_page(page, path, f"#pos={pos}")
    page.mouse.move(*page.evaluate("(e) => explorer.edgeOnScreen(...e)", list(edge)))
    page.wait_for_selector("#tooltip:not([hidden])")
    layer, i, j = edge
    assert page.get_attribute("#tooltip", "data-edge") == f"{layer},{i},{j}"
    text = page.text_content("#tooltip")
    weight, grad = (float(line.split("= ")[1].split()[0]) for line in text.splitlines())
    k, t = 33, 0.25
    W = trace.params_at(pos)[0][layer][i, j]
    G = (1 - t) * trace.grad_weights[layer][k][i, j] + t * trace.grad_weights[layer][k + 1][i, j]
    assert weight == pytest.approx(W, rel=1e-5) and grad == pytest.approx(G, rel=1e-5)


def test_cli_writes_the_page_and_refuses_bad_input_in_one_line(tmp_path, capsys):
    out = tmp_path / "p.html"
    assert main(["explore", str(SEED), "--out", str(out)]) == 0
    text = out.read_text()
    assert text.startswith("<!DOCTYPE html>") and "explore.js" not in text
    capsys.readouterr()
    assert main(["explore", str(tmp_path / "missing.npz"), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing.npz" in err and "no such file" in err
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a zip")
    assert main(["explore", str(bad), "--out", str(tmp_path / "b.html")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.npz" in err
    assert not (tmp_path / "b.html").exists()


def test_a_trace_the_page_cannot_show_is_refused(tmp_path, capsys):
    trace = load_trace(SEED)  # made into a classifier of 1 input: no plane, no inputs' view
    trace.meta = {**trace.meta, "sizes": [1, 3, 1]}
    trace.meta["dataset"] = {k: v for k, v in trace.meta["dataset"].items()
                             if k != "feature_names"}
    trace.X = trace.X[:, :1].copy()
    trace.weights[0] = trace.weights[0][:, :1, :].copy()
    trace.grad_weights[0] = trace.grad_weights[0][:, :1, :].copy()
    save_trace(trace, tmp_path / "one.npz")
    assert main(["explore", str(tmp_path / "one.npz"), "--out", str(tmp_path / "t.html")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "expected 2 or more inputs" in err and "found 1" in err
    assert not (tmp_path / "t.html").exists()


def test_page_is_one_file_with_the_script_inlined():
    html = build_page(load_trace(SEED))
    assert "<script src" not in html and "<link" not in html
    assert "window.explorer" in html and "{{" not in html
