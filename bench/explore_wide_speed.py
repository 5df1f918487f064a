"""How fast the explorer scrubs a network of many inputs, and how big its page is: a digits
trace and a 784-input trace of 60,000 images, in headless Chromium.

- digits: scikit-learn's 8x8 digits (1,437 training and 360 test images), a 64-32-10 tanh
  network trained by the core (`mlp-explainer train --dataset digits --hidden 32`,
  300 steps of Adam);
- 784 inputs: 60,000 seeded synthetic 28x28 images of 10 classes (each class a blurred
  random stroke pattern, plus noise, as whole pixel values 0 to 255) and 10,000 test
  images, scaled to [0, 1] and fed to a seeded PyTorch 784-32-10 network trained with
  mini-batch SGD (3 epochs of batches of 600) and recorded by TorchRecorder with the test
  set and ``sample=2000``: the trace keeps a seeded, stratified 2,000 of each set for
  display, the loss and accuracy are those of the whole sets.

Each page is scrubbed through the whole run, one position per animation frame (the same
measurement as bench/explore_speed.py: the page's own setPosition timed with
performance.now(), wall-clock, so it includes waits for a busy core; the CPU time of all of
Chromium's processes per frame beside it).

The hidden space's points at every snapshot (page.pack_positions: whole multiples of 2^-21,
differences between snapshots, bytes in planes, deflated) are measured against the same
points as plain float32, the other way to keep them to 1e-6: their share of the page, side
by side.

    .venv/bin/python bench/explore_wide_speed.py [--frames 240]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from bench.common import load_average  # noqa: E402
from bench.explore_speed import CHROMIUM_ARGS, median, met, scrub, spread  # noqa: E402
from explainer.explore import write_page  # noqa: E402
from mlp.trace import load_trace  # noqa: E402

FRAME_GOAL_MS, PAGE_GOAL_MB, TRACE_GOAL_MB = 16, 5, 50


def digits_trace(folder: Path):
    from explainer.cli import main

    out = folder / "digits.npz"
    assert main(["train", "--dataset", "digits", "--hidden", "32", "--steps", "300",
                 "--out", str(out)]) == 0
    return load_trace(out)


def synthetic_images(n: int, rng: np.random.Generator, prototypes: np.ndarray):
    """n images (n, 784) of whole pixel values 0..255 and their classes (n,)."""
    y = rng.integers(0, len(prototypes), size=n)
    gain = rng.uniform(0.3, 1.0, size=(n, 1))
    X = prototypes[y] * gain + rng.normal(0, 110, size=(n, 784))
    return np.clip(np.round(X), 0, 255).astype(np.uint8), y


def prototypes(rng: np.random.Generator) -> np.ndarray:
    """10 classes' mean images: random strokes blurred by a 3x3 box, scaled to 0..230."""
    out = []
    for _ in range(10):
        img = np.zeros((28, 28))
        for _ in range(4):
            r, c = rng.integers(4, 24, size=2)
            dr, dc = rng.integers(-1, 2, size=2)
            for t in range(10):
                img[np.clip(r + dr * t, 0, 27), np.clip(c + dc * t, 0, 27)] = 1
        pad = np.pad(img, 1)
        img = sum(pad[i:i + 28, j:j + 28] for i in range(3) for j in range(3)) / 9
        out.append(230 * img / img.max())
    return np.array(out).reshape(10, 784)


def wide_trace(folder: Path):
    """The 784-input trace of 60,000 images, recorded from a PyTorch loop."""
    import torch
    from torch import nn

    from mlp.importers.torch import TorchRecorder

    rng = np.random.default_rng(0)
    P = prototypes(rng)
    X8, y = synthetic_images(60_000, rng, P)
    Xt8, yt = synthetic_images(10_000, rng, P)
    X, Xt = X8 / 255.0, Xt8 / 255.0
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(784, 32), nn.Tanh(), nn.Linear(32, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    XT, yT = torch.tensor(X, dtype=torch.float32), torch.tensor(y)
    rec = TorchRecorder(model, X, y, X_test=Xt, y_test=yt, sample=2000, optimizer=opt,
                        dataset={"name": "synthetic 28x28 images", "image_shape": [28, 28]})
    loss_fn = nn.CrossEntropyLoss()
    batch, epochs = 600, 3
    steps = epochs * len(X) // batch
    keep = set(np.unique(np.round(np.geomspace(1, steps, 20)).astype(int)) - 1) | {0}
    order = np.random.default_rng(1)
    step = 0
    for _ in range(epochs):
        perm = torch.tensor(order.permutation(len(X)))
        for start in range(0, len(X), batch):
            idx = perm[start:start + batch]
            opt.zero_grad()
            loss_fn(model(XT[idx]), yT[idx]).backward()
            if step in keep:
                with torch.no_grad():  # the user's own loss, on the whole training set
                    whole = loss_fn(model(XT), yT).item()
                rec.snapshot(step, loss=whole)
            opt.step()
            step += 1
    opt.zero_grad()  # the last snapshot: the trained weights, the gradient of one batch
    loss_fn(model(XT[idx]), yT[idx]).backward()
    with torch.no_grad():
        whole = loss_fn(model(XT), yT).item()
    rec.snapshot(step, loss=whole)
    out = folder / "wide.npz"
    rec.save(str(out))
    return load_trace(out), out.stat().st_size


def hidden_bytes(path: Path) -> tuple[int, int]:
    """The page's bytes of the hidden space's points, packed, and what the same points take
    as float32 in base64."""
    import json
    import re

    text = path.read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="trace-data">(.*?)</script>', text, re.S).group(1))
    packed = plain = 0
    for pr in data["projections"]:
        S, n = pr["points"]["shape"]
        packed += len(pr["points"]["deflated"])
        plain += 4 * -(-(S * n * 3 * 4) // 3)
    return packed, plain


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=240)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        digits = digits_trace(folder)
        wide, trace_bytes = wide_trace(folder)
        pages = {"digits": write_page(digits, folder / "digits.html"),
                 "784 inputs": write_page(wide, folder / "wide.html")}
        profile = str(folder / "chromium-profile")
        with sync_playwright() as p:
            browser = p.chromium.launch_persistent_context(
                profile, executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS,
                headless=True, viewport={"width": 1400, "height": 1000})
            for name, path in pages.items():
                scrub(browser, profile, path, 30, False)  # warm up the JIT and the fonts
                run = scrub(browser, profile, path, args.frames, False)
                tab = browser.new_page()
                tab.goto(path.as_uri())
                tab.wait_for_selector("body[data-ready='1']")
                note = tab.locator("#inputs-note").text_content()
                tab.close()
                rows.append((name, path.stat().st_size, run, note, hidden_bytes(path)))
            browser.close()
    print(f"explorer scrubbing many-input traces: {args.frames} frames, headless Chromium, "
          f"load average {load_average()}")
    for name, size, run, note, (packed, plain) in rows:
        fm = median(run["work"])
        parts = ", ".join(f"{v} {np.median([t[v] for t in run['views']]):.1f}"
                          for v in ("inputs", "hidden", "graph", "templates", "confusion",
                                    "curves", "image"))
        print(f"  {name}: {spread('frame time (page work)', run['work'])}; "
              f"CPU per frame, all of Chromium's processes, {run['cpu_per_frame']:.1f} ms")
        print(f"    median ms per view: {parts}")
        print(f"    page size {size / 1e6:.2f} MB; the inputs' view says: "
              f"\"{note.split('; ')[1].split('.')[0]}\"")
        print(f"    the hidden space's points: {packed / 1e6:.2f} MB packed against "
              f"{plain / 1e6:.2f} MB as float32 ({plain / packed:.2f}x); the page would be "
              f"{(size - packed + plain) / 1e6:.2f} MB")
        print(f"    goals: median <= {FRAME_GOAL_MS} ms: {met(fm <= FRAME_GOAL_MS)}; page "
              f"<= {PAGE_GOAL_MB} MB: {met(size <= PAGE_GOAL_MB * 1e6)}")
    print(f"  the 784-input trace of 60,000 images: {trace_bytes / 1e6:.1f} MB on disk "
          f"(goal <= {TRACE_GOAL_MB} MB: {met(trace_bytes <= TRACE_GOAL_MB * 1e6)}), "
          f"{len(wide.X):,} of {wide.n_total:,} training points kept; final accuracy on the "
          f"whole set {100 * wide.accuracy[-1]:.1f}%, test {100 * wide.test_accuracy[-1]:.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
