"""The explainer as a manim-slides deck: a slide per beat, one offline HTML file and a PDF.

Scenes do not depend on manim-slides. For each scene the pipeline writes a small wrapper
module that subclasses ``manim_slides.Slide`` and the scene. A scene of the story declares
its beats (``with self.beat(name, caption)``, scenes.toolkit.beats): the wrapper starts a
slide at each beat the scene plays. Any other scene (a story of one's own) gets a slide per
section (manim-slides makes ``next_section`` a slide break) and per captioned
``play(..., subcaption=...)``. The wrapper is rendered with the manim CLI like any scene,
then ``manim-slides convert`` joins every scene's slides into one deck. The HTML embeds
reveal.js, which the set-up (scripts/bootstrap.sh) fetches from the npm registry into the
virtual environment, so the deck is built and works without a network.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from explainer.errors import UsageError
from explainer.pipeline.media import atomic
from explainer.pipeline.plan import Job, sha256_file

REVEAL_VERSION = "6.0.1"
REVEAL_THEME = "dracula"
REVEAL_ENV = "MLP_EXPLAINER_REVEALJS"
# The files manim-slides embeds, and where each lies in the reveal.js npm package.
REVEAL_FILES = {
    "reveal.js": "dist/reveal.js",
    "reveal.css": "dist/reveal.css",
    f"{REVEAL_THEME}.css": f"dist/theme/{REVEAL_THEME}.css",
    "notes.js": "dist/plugin/notes.js",
    "markdown.js": "dist/plugin/markdown.js",
    "zenburn.css": "dist/plugin/highlight/zenburn.css",
}

WRAPPER = '''"""{scene} as a manim-slides deck, a slide per beat (by mlp-explainer render)."""

import importlib.util
import sys
from pathlib import Path

from explainer.pipeline.slides_compat import Slide


def _scene_class():
    spec = importlib.util.spec_from_file_location("_explainer_{scene}", {module!r})
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return getattr(module, {scene!r})


class {scene}(Slide, _scene_class()):
    skip_reversing = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, output_folder=Path({folder!r}), **kwargs)

    def start_beat(self, beat):
        # every beat the scene declares is one slide
        self.next_slide()
        super().start_beat(beat)

    def play(self, *args, **kwargs):
        # a scene that declares no beats: a slide per captioned animation
        if kwargs.get("subcaption") and not hasattr(super(), "start_beat"):
            self.next_slide()
        super().play(*args, **kwargs)
'''


def deck_folder(out_dir: str | Path) -> Path:
    """Where every scene's slides (JSON + videos) are kept between runs."""
    return Path(out_dir) / ".work" / "slides-deck"


def write_wrapper(job: Job) -> Path:
    """Write the job's wrapper module (job.slides_module) and return its path."""
    assert job.slides_module is not None
    module = Path(job.root) / job.module
    text = WRAPPER.format(scene=job.scene, module=str(module.resolve()),
                          folder=str(deck_folder(job.out_dir).resolve()))
    path = Path(job.slides_module)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def finish_slides_job(job: Job) -> dict:
    """The record entry of a scene's slides: its manim-slides JSON."""
    out_dir = Path(job.out_dir)
    path = deck_folder(out_dir) / f"{job.scene}.json"
    if not path.is_file():
        raise FileNotFoundError(f"manim-slides wrote no {path}")
    return {"file": path.relative_to(out_dir).as_posix(), "sha256": sha256_file(path),
            "bytes": path.stat().st_size}


def count_slides(json_path: str | Path) -> int:
    import json

    return len(json.loads(Path(json_path).read_text(encoding="utf-8"))["slides"])


def reveal_package() -> Path:
    """The unpacked reveal.js npm package: $MLP_EXPLAINER_REVEALJS, else the set-up's copy."""
    env = os.environ.get(REVEAL_ENV)
    package = Path(env) if env else Path(sys.prefix) / "share" / f"reveal.js-{REVEAL_VERSION}" \
        / "package"
    missing = [rel for rel in REVEAL_FILES.values() if not (package / rel).is_file()]
    if missing:
        raise UsageError(
            f"slide decks need reveal.js {REVEAL_VERSION}: expected {package / missing[0]}, "
            f"found no such file (run make setup, which fetches it with npm, or set "
            f"{REVEAL_ENV} to an unpacked reveal.js package)")
    return package


def _reveal_cache(home: Path) -> None:
    """Lay the reveal.js files where manim-slides looks for its offline cache."""
    package = reveal_package()
    cache = home / "manim-slides" / f"revealjs{REVEAL_VERSION}"
    cache.mkdir(parents=True, exist_ok=True)
    for name, rel in REVEAL_FILES.items():
        shutil.copy2(package / rel, cache / name)


def convert_deck(scenes: list[str], out_dir: str | Path, dest: str | Path, *,
                 title: str = "How a neural network learns") -> Path:
    """Convert the scenes' slides into one deck: .html (single offline file) or .pdf."""
    dest = Path(dest)
    folder = deck_folder(out_dir)
    with tempfile.TemporaryDirectory(prefix="mlp-slides-") as tmp, atomic(dest) as part:
        home = Path(tmp)
        _reveal_cache(home)
        cmd = [sys.executable, "-m", "manim_slides", "convert", "--folder", str(folder),
               *scenes, str(part)]
        if dest.suffix == ".html":
            cmd += ["--to", "html", "--one-file", "--offline",
                    f"-creveal_version={REVEAL_VERSION}", f"-creveal_theme={REVEAL_THEME}",
                    f"-ctitle={title}", "-ccontrols=true", "-cslide_number=true"]
        else:
            cmd += ["--to", dest.suffix.lstrip(".")]
        env = dict(os.environ, XDG_CACHE_HOME=str(home))
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL)
        if proc.returncode != 0 or not part.is_file():
            lines = [ln.strip() for ln in (proc.stderr + proc.stdout).splitlines() if ln.strip()]
            raise RuntimeError(f"manim-slides convert to {dest.name} failed: "
                               f"{lines[-1] if lines else f'exit {proc.returncode}'}")
    return dest
