"""How fast the explorer page scrubs, measured in headless Chromium, beside the naive drawing.

The seed's run (its 201 snapshots) with 2,000 points on the same two rings (loss and
accuracy recomputed for them), a 200x200 output heatmap, every view shown, and one point
selected. The page is scrubbed through the whole run, one position per animation frame
(240 frames), twice in one run:

- fast: the page as shipped: the heatmap's pixels written into one ImageData and drawn as
  one image; each class's points one path;
- naive: the same page with `#draw=naive`: one fillRect per heatmap cell (40,000 a frame)
  and one path per point.

Frame time is the time the page spends inside the animation frame: interpolating the
parameters, the forward passes (heatmap, points, hidden space) and all canvas drawing,
measured with performance.now() around the page's own setPosition: wall-clock time, so on
a machine whose cores are busy with other work it includes the waits for a core. The CPU
time all of Chromium's processes used per frame (from /proc) is printed beside it, as are
the time between animation frames and the page's size for the seed's own trace.

    .venv/bin/python bench/explore_speed.py [--frames 240] [--still docs/stills/explore.png]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from bench.common import load_average, ring_points  # noqa: E402
from explainer.explore import build_page, write_page  # noqa: E402
from mlp.trace import load_trace  # noqa: E402
from scenes.toolkit.traces import default_trace_path  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]

SCRUB = """async ([frames, naive]) => {
  const S = explorer.state;
  const last = Number(document.getElementById('slider').max);
  const work = [], gaps = [], views = [];
  let prev = null;
  for (let k = 0; k < frames; k++) {
    const stamp = await new Promise((r) => requestAnimationFrame(r));
    if (prev !== null) gaps.push(stamp - prev);
    prev = stamp;
    const t0 = performance.now();
    explorer.setPosition(last * k / (frames - 1));
    work.push(performance.now() - t0);
    views.push(explorer.timings);
  }
  return { work, gaps, views, naive: S.naive, res: S.res };
}"""


def bench_trace(n: int):
    trace = load_trace(default_trace_path("seed-notebook"))
    X, y = ring_points(n)
    trace.X, trace.y = X, y
    for k in range(trace.n_snapshots):
        model = trace.model(k)
        trace.loss[k] = model.loss(X, y)
        trace.accuracy[k] = model.accuracy(X, y)
    return trace


def _cpu_seconds(profile: str) -> float:
    """CPU time (user + system) used so far by every process of the browser started with
    this profile folder and by all their descendants (renderer, GPU, utility processes)."""
    procs = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
            cmd = (d / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        procs[int(d.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]), cmd)
    ours = {pid for pid, (_, _, cmd) in procs.items() if profile in cmd}
    grew = True
    while grew:
        grew = False
        for pid, (ppid, _, _) in procs.items():
            if ppid in ours and pid not in ours:
                ours.add(pid)
                grew = True
    return sum(procs[p][1] for p in ours) / os.sysconf("SC_CLK_TCK")


def scrub(browser, profile: str, page_path: Path, frames: int, naive: bool) -> dict:
    tab = browser.new_page()
    tab.goto(page_path.as_uri() + "#point=0" + ("&draw=naive" if naive else ""))
    tab.wait_for_selector("body[data-ready='1']")
    cpu0 = _cpu_seconds(profile)
    out = tab.evaluate(SCRUB, [frames, naive])
    out["cpu_per_frame"] = (_cpu_seconds(profile) - cpu0) / frames * 1000
    tab.close()
    assert out["naive"] == naive and out["res"] == 200
    return out


def median(values) -> float:
    return float(np.median(np.asarray(values, dtype=float)))


def spread(name: str, values) -> str:
    """``name: median m ms, p95 p ms`` of times in ms."""
    v = np.asarray(values, dtype=float)
    return f"{name}: median {median(v):.1f} ms, p95 {np.percentile(v, 95):.1f} ms"


def met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def side_by_side(what: str, fast, naive) -> str:
    """One line of the report: ``what``, then the spread of the fast and the naive times."""
    return f"  {what:<24}{spread('fast', fast)}   {spread('naive', naive)}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=240)
    ap.add_argument("--points", type=int, default=2000)
    ap.add_argument("--still", type=Path, default=None,
                    help="also save a screenshot of the seed's page here (the README's)")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    seed = load_trace(default_trace_path("seed-notebook"))
    seed_size = len(build_page(seed).encode())
    with tempfile.TemporaryDirectory() as tmp:
        page_path = write_page(bench_trace(args.points), Path(tmp) / "bench.html")
        big_size = page_path.stat().st_size
        profile = str(Path(tmp) / "chromium-profile")
        with sync_playwright() as p:
            browser = p.chromium.launch_persistent_context(
                profile, executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS,
                headless=True, viewport={"width": 1400, "height": 1000})
            scrub(browser, profile, page_path, 30, False)  # warm up the JIT and the fonts
            fast = scrub(browser, profile, page_path, args.frames, False)
            naive = scrub(browser, profile, page_path, args.frames, True)
            if args.still:
                seed_path = write_page(seed, Path(tmp) / "seed.html")
                tab = browser.new_page()
                tab.goto(seed_path.as_uri() + "#step=80&point=17&rot=-0.70,0.45")
                tab.wait_for_selector("body[data-ready='1']")
                args.still.parent.mkdir(parents=True, exist_ok=True)
                tab.screenshot(path=str(args.still), full_page=True)
                print(f"wrote {args.still}")
            browser.close()
    print(f"explorer scrubbing the seed's run: {args.points} points, 200x200 heatmap, "
          f"{args.frames} frames, headless Chromium, load average {load_average()}")
    fm, nm = median(fast["work"]), median(naive["work"])
    print(f"{side_by_side('frame time (page work)', fast['work'], naive['work'])}   "
          f"({nm / fm:.1f}x)")
    for name, run in (("fast", fast), ("naive", naive)):
        parts = ", ".join(f"{v} {np.median([t[v] for t in run['views']]):.1f}"
                          for v in ("plane", "hidden", "graph", "curves", "panel"))
        print(f"  median ms per view ({name}): {parts}")
    fc, nc = fast["cpu_per_frame"], naive["cpu_per_frame"]
    print(f"  CPU time per frame, all of Chromium's processes (unaffected by other work "
          f"waiting for the cores): fast {fc:.1f} ms, naive {nc:.1f} ms ({nc / fc:.1f}x)")
    print(side_by_side("between frames", fast["gaps"], naive["gaps"]))
    print(f"  goal: median <= 16 ms: {met(fm <= 16)}")
    print(f"  page size: {seed_size / 1e6:.3f} MB for the seed's trace (goal <= 1 MB: "
          f"{met(seed_size <= 1e6)}); {big_size / 1e6:.3f} MB with {args.points} points")
    return 0


if __name__ == "__main__":
    sys.exit(main())
