"""What a render in three languages costs against one, side by side in one run.

A few chapters of the story at -ql and one chapter whose frames show no word (a scene of
shapes, written beside the story: no built-in chapter is one; its clip is rendered once for
every language), each run cold (an empty output folder), the CPU time of the pipeline and
every process it waited for (manim, its encoder, LaTeX) measured from rusage:

1. `mlp-explainer render --language en` (one language);
2. three such runs one after another, one language each (en, then de, then es);
3. one run of `--language en,de,es`: each language's clips once, the wordless chapter's
   clip once for all three (after a plan of each chapter in each language that shows it).

Prints the ratios, and how many clips each run rendered (the shared clip counted once).
Without a shared clip, 3 against 1 would be about 3x; each shared clip takes its share off.

    .venv/bin/python bench/languages.py [--scenes A,B] [--languages en,de,es] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import load_average as load  # noqa: E402
from bench.common import run_timed  # noqa: E402
from explainer.story import STORY  # noqa: E402

SCENES = "OpeningQuestion,DecisionBoundary"

# A chapter whose frames show no word: two beats of shapes, its captions in the run's language.
WORDLESS = '''
from manim import BLUE, RED, Circle, Create, Square, Transform

from scenes.toolkit.beats import Beats
from scenes.toolkit.language import language

CAPTIONS = {
    "en": ("A square is drawn.", "It becomes a circle."),
    "de": ("Ein Quadrat wird gezeichnet, Seite um Seite.", "Es wird zu einem Kreis."),
    "es": ("Se dibuja un cuadrado.", "Se convierte en un círculo, poco a poco."),
}


class Shapes(Beats):
    def construct(self):
        first, second = CAPTIONS.get(language(), CAPTIONS["en"])
        square = Square(color=BLUE).scale(2)
        with self.beat("square", first):
            self.play(Create(square), run_time=2)
        with self.beat("circle", second):
            self.play(Transform(square, Circle(color=RED).scale(2)), run_time=2)
'''


def clips_made(out: Path) -> int:
    """How many clips the run's manifest names, each file once (a shared clip is one)."""
    m = json.loads((out / "manifest.json").read_text())
    sections = list(m.get("by_language", {}).values()) or [m]
    return len({c["file"] for s in sections for c in s["clips"]})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenes", default=SCENES, help=f"chapters of the story (default {SCENES})")
    ap.add_argument("--languages", default="en,de,es")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--keep", type=Path, default=None, help="work here instead of a temp dir")
    args = ap.parse_args()
    languages = args.languages.split(",")
    names = args.scenes.split(",")
    work = args.keep or Path(tempfile.mkdtemp(prefix="mlp-bench-languages-"))
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    (work / "shapes.py").write_text(WORDLESS, encoding="utf-8")
    story = [{"module": c.module, "scene": c.scene, "title": c.title,
              "plays_trace": c.plays_trace,
              **({"assets": list(c.assets)} if c.assets is not None else {})}
             for c in STORY if c.scene in names]
    story.append({"module": "shapes.py", "scene": "Shapes", "title": "Shapes",
                  "plays_trace": False, "assets": []})
    (work / "story.json").write_text(json.dumps(story), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("MLP_TRACE", "MLP_LANGUAGE")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(
        os.pathsep)

    def render(out: Path, codes: str):
        cmd = [sys.executable, "-m", "explainer.cli", "render", "-ql", "--story",
               str(work / "story.json"), "--jobs", str(args.jobs), "--language", codes,
               "--out", str(out), "--quiet"]
        run = run_timed(cmd, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
        if run.returncode:
            raise SystemExit(f"bench/languages.py: the render of {codes} failed "
                             f"(exit {run.returncode}), see {out}")
        return run

    print(f"{len(story)} chapters at -ql ({', '.join(s['scene'] for s in story)}; Shapes shows "
          f"no word), {os.cpu_count()} cores, work in {work}", flush=True)
    print(f"load average before: {load()}", flush=True)
    one = render(work / "one", languages[0])
    print(f"one language ({languages[0]}):          {one.cpu:7.1f} s CPU, {one.wall:6.1f} s "
          f"wall, {clips_made(work / 'one')} clips  (load {load()})", flush=True)
    apart_cpu = apart_wall = 0.0
    apart_clips = 0
    for code in languages:
        run = render(work / f"apart-{code}", code)
        apart_cpu += run.cpu
        apart_wall += run.wall
        apart_clips += clips_made(work / f"apart-{code}")
    print(f"{len(languages)} runs, one language each: {apart_cpu:7.1f} s CPU, {apart_wall:6.1f} s "
          f"wall, {apart_clips} clips  (load {load()})", flush=True)
    together = render(work / "together", ",".join(languages))
    shared = json.loads((work / "together" / "manifest.json").read_text()).get("shared", [])
    print(f"one run of {','.join(languages)}:       {together.cpu:7.1f} s CPU, "
          f"{together.wall:6.1f} s wall, {clips_made(work / 'together')} clips, shared: "
          f"{', '.join(shared) or 'none'}  (load {load()})", flush=True)
    print(f"\n{len(languages)} languages in one run against one language: "
          f"{together.cpu / one.cpu:.2f}x CPU ({together.wall / one.wall:.2f}x wall); "
          f"{len(languages)} runs apart against one: {apart_cpu / one.cpu:.2f}x CPU; "
          f"one run against the runs apart: {together.cpu / apart_cpu:.2f}x CPU")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
