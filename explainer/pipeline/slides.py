"""The explainer as a manim-slides deck: a slide per beat, as one offline HTML file, a PDF and
a PowerPoint file, each slide with its beat's caption as the speaker's notes.

Scenes do not depend on manim-slides. For each scene the pipeline writes a small wrapper
module that subclasses ``manim_slides.Slide`` and the scene. A scene of the story declares
its beats (``with self.beat(name, caption)``, scenes.toolkit.beats): the wrapper starts a
slide at each beat the scene plays. Any other scene (a story of one's own) gets a slide per
section (manim-slides makes ``next_section`` a slide break) and per captioned
``play(..., subcaption=...)``. The wrapper is rendered with the manim CLI like any scene,
then ``manim-slides convert`` joins every scene's slides into one deck. The HTML embeds
reveal.js, which the set-up (scripts/bootstrap.sh) fetches from the npm registry into the
virtual environment, so the deck is built and works without a network.

Notes: the wrapper gives each slide its caption (``next_slide(notes=...)``), and manim-slides
writes them into the HTML (reveal.js speaker view, key S) and the PPTX (the notes pane).
The PPTX embeds its slides' videos scaled to fit :data:`plan.PPTX_SIZE` at no more than
:data:`plan.PPTX_FPS` (large 1080p60 videos stall PowerPoint's playback), and is read back with
python-pptx before it takes its final name: a slide per slide of the deck, each a movie
with its notes.

Narrated decks (``--slides --voice``): Manim's partial movie files, and so manim-slides'
slides, carry no sound. The scene writes what each beat said ($MLP_SPOKEN,
scenes.toolkit.beats); each slide whose notes are a spoken beat's caption gets that beat's
line as its video's sound track (AAC, from the slide's first frame, at the line's -16 LUFS),
so the HTML deck plays it with the slide, and the PowerPoint deck carries it in the slide's
movie, playing with it. The notes keep the words.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from explainer.errors import UsageError
from explainer.pipeline.media import atomic
from explainer.pipeline.plan import PPTX_FPS, PPTX_SIZE, Job, sha256_file
from scenes.toolkit.voice import SPOKEN_ENV

# The PowerPoint page's width in manim-slides' units (1/96 inch).
PAGE_WIDTH = 1280
# Why a deck's files would be written again: the code that converts it, manim-slides.
DECK_SOURCES = (Path(__file__),)

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

    _notes = ""

    def start_beat(self, beat):
        # every beat the scene declares is one slide, its caption the speaker's notes
        self._notes = beat.caption
        try:
            self.next_slide(notes=beat.caption)
            super().start_beat(beat)
        finally:
            self._notes = ""

    def next_section(self, *args, **kwargs):
        # manim-slides makes a section a slide of default options: keep the beat's notes
        super().next_section(*args, notes=self._notes, **kwargs)

    def play(self, *args, **kwargs):
        # a scene that declares no beats: a slide per captioned animation
        if kwargs.get("subcaption") and not hasattr(super(), "start_beat"):
            self.next_slide(notes=kwargs["subcaption"])
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
    """The record entry of a scene's slides: its manim-slides JSON (each spoken beat's
    slide given its line, when the scene was voiced)."""
    out_dir = Path(job.out_dir)
    path = deck_folder(out_dir) / f"{job.scene}.json"
    if not path.is_file():
        raise FileNotFoundError(f"manim-slides wrote no {path}")
    spoken = job.env.get(SPOKEN_ENV)
    if spoken and Path(spoken).is_file():
        voice_slides(path, json.loads(Path(spoken).read_text(encoding="utf-8"))["beats"])
    return {"file": path.relative_to(out_dir).as_posix(), "sha256": sha256_file(path),
            "bytes": path.stat().st_size}


def voice_slides(json_path: Path, beats: list[dict]) -> int:
    """Give each slide whose notes are the next spoken beat's caption that beat's line as
    its sound (a copy of its video beside it, which the JSON then names); returns how many
    slides were voiced."""
    from explainer.pipeline.media import AUDIO_RATE, with_sound
    from scenes.toolkit.voice import read_audio

    deck = json.loads(json_path.read_text(encoding="utf-8"))
    voiced, k = 0, 0
    for slide in deck["slides"]:
        if k >= len(beats) or slide.get("notes", "") != beats[k]["caption"]:
            continue
        src = Path(slide["file"])
        if not src.is_absolute():  # as manim-slides reads it: beside the deck's folder
            src = json_path.parent.parent / src
        dst = src.with_name(f"{src.stem}-voiced-{k}{src.suffix}")
        with_sound(src, dst, read_audio(beats[k]["speech"], AUDIO_RATE)[0])
        name = os.path.relpath(dst, json_path.parent.parent) if not Path(
            slide["file"]).is_absolute() else str(dst)
        slide["file"] = slide["rev_file"] = name
        voiced, k = voiced + 1, k + 1
    if k != len(beats):
        raise RuntimeError(f"{json_path.name}: {len(beats)} spoken beats, but only {k} "
                           f"slides have their captions as notes")
    json_path.write_text(json.dumps(deck, indent=2), encoding="utf-8")
    return voiced


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


def slide_notes(json_path: str | Path) -> list[str]:
    """The speaker's notes of each slide of a scene's manim-slides JSON, in order."""
    import json

    return [slide.get("notes", "") for slide in
            json.loads(Path(json_path).read_text(encoding="utf-8"))["slides"]]


# manim-slides' reveal.js template writes a slide's notes unescaped and as Markdown; a
# caption is plain words ("x < 0", "w_1 * x"): written escaped, it reads as written.
NOTES_IN_TEMPLATE = '<aside class="notes" data-markdown>{{ slide_config.notes }}</aside>'
NOTES_AS_TEXT = '<aside class="notes">{{ slide_config.notes | e }}</aside>'


MUTED_FIRST = "data-background-video-muted"


def _html_template(folder: Path, voiced: bool = False) -> Path:
    """manim-slides' own reveal.js template, its notes written as plain text; for a
    narrated deck, its first slide not muted (every other slide's sound plays already)."""
    from importlib import resources

    import manim_slides.templates

    text = resources.files(manim_slides.templates).joinpath("revealjs.html") \
        .read_text(encoding="utf-8")
    if text.count(NOTES_IN_TEMPLATE) != 1:
        raise RuntimeError(f"manim-slides' revealjs.html: expected one {NOTES_IN_TEMPLATE}, "
                           f"found {text.count(NOTES_IN_TEMPLATE)}")
    text = text.replace(NOTES_IN_TEMPLATE, NOTES_AS_TEXT)
    if voiced:
        if text.count(MUTED_FIRST) != 1:
            raise RuntimeError(f"manim-slides' revealjs.html: expected one {MUTED_FIRST}, "
                               f"found {text.count(MUTED_FIRST)}")
        text = text.replace(MUTED_FIRST, "")
    path = folder / "revealjs.html"
    path.write_text(text, encoding="utf-8")
    return path


def _smaller_slides(scenes: list[str], folder: Path, work: Path, box: tuple[int, int] | None,
                    max_fps: float) -> tuple[Path, dict]:
    """A copy of the deck's JSONs (in ``work``) whose slide videos fit in ``box`` at no more
    than ``max_fps`` (each video transcoded only if it does not already; ``box`` None: the
    size as rendered). Returns that folder and what the videos are: {"size": [w, h] of the
    largest, "fps": the highest}."""
    import json

    import av

    from explainer.pipeline.media import export_smaller, fit_size

    out = work / "deck"
    (out / "videos").mkdir(parents=True)
    sizes, rates = [], []
    for scene in scenes:
        deck = json.loads((folder / f"{scene}.json").read_text(encoding="utf-8"))
        for k, slide in enumerate(deck["slides"]):
            src = Path(slide["file"])
            if not src.is_absolute():  # as manim-slides reads it: beside the deck's folder
                src = folder.parent / src
            with av.open(str(src)) as c:
                s = c.streams.video[0]
                size = (s.codec_context.width, s.codec_context.height)
                fps = float(s.average_rate)
            if (box and fit_size(size, box) != size) or fps > max_fps:
                dst = out / "videos" / f"{scene}-{k}.mp4"
                *size, fps = export_smaller(src, dst, box=box or size, max_fps=max_fps)
                src = dst
            slide["file"] = slide["rev_file"] = str(src.resolve())
            sizes.append(tuple(size))
            rates.append(fps)
        deck["resolution"] = list(max(sizes))
        (out / f"{scene}.json").write_text(json.dumps(deck), encoding="utf-8")
    return out, {"size": list(max(sizes)), "fps": max(rates)}


def _voiced(scenes: list[str], folder: Path) -> bool:
    """Whether any slide of the deck has a sound track."""
    import av

    for scene in scenes:
        deck = json.loads((folder / f"{scene}.json").read_text(encoding="utf-8"))
        for slide in deck["slides"]:
            src = Path(slide["file"])
            src = src if src.is_absolute() else folder.parent / src
            with av.open(str(src)) as c:
                if c.streams.audio:
                    return True
    return False


def check_pptx(path: str | Path, notes: list[str]) -> str | None:
    """What is wrong with a PowerPoint deck that should hold one movie per slide with these
    notes, read back with python-pptx; None if nothing."""
    import pptx
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    prs = pptx.Presentation(str(path))
    slides = list(prs.slides)
    if len(slides) != len(notes):
        return f"expected {len(notes)} slides, found {len(slides)}"
    for k, (slide, want) in enumerate(zip(slides, notes, strict=True), start=1):
        if not any(sh.shape_type == MSO_SHAPE_TYPE.MEDIA for sh in slide.shapes):
            return f"slide {k} holds no movie"
        found = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        if found != want:
            return f"slide {k}: expected notes {want!r}, found {found!r}"
    return None


def convert_deck(scenes: list[str], out_dir: str | Path, dest: str | Path, *,
                 title: str = "How a neural network learns",
                 pptx_size: tuple[int, int] | None = PPTX_SIZE,
                 pptx_fps: float = PPTX_FPS) -> dict:
    """Convert the scenes' slides into one deck: .html (single offline file), .pdf, or .pptx
    (its videos fit in ``pptx_size``, None: the rendered size, at no more than ``pptx_fps``).

    Returns what the deck's videos are, for a .pptx ({"size": [w, h], "fps": ...}), else {}.
    """
    dest = Path(dest)
    folder = deck_folder(out_dir)
    with tempfile.TemporaryDirectory(prefix="mlp-slides-") as tmp, atomic(dest) as part:
        home = Path(tmp)
        _reveal_cache(home)
        source, videos = folder, {}
        if dest.suffix == ".pptx":
            source, videos = _smaller_slides(scenes, folder, home, pptx_size, pptx_fps)
            width, height = videos["size"]
        cmd = [sys.executable, "-m", "manim_slides", "convert", "--folder", str(source),
               *scenes, str(part)]
        if dest.suffix == ".html":
            cmd += ["--to", "html", "--one-file", "--offline",
                    "--use-template", str(_html_template(home, _voiced(scenes, folder))),
                    f"-creveal_version={REVEAL_VERSION}", f"-creveal_theme={REVEAL_THEME}",
                    f"-ctitle={title}", "-ccontrols=true", "-cslide_number=true"]
        elif dest.suffix == ".pptx":
            # the page is 13.33 inches wide (PowerPoint's 16:9) in the videos' shape; each
            # slide's movie fills it
            cmd += ["--to", "pptx", f"-cwidth={PAGE_WIDTH}",
                    f"-cheight={round(PAGE_WIDTH * height / width)}"]
        else:
            cmd += ["--to", dest.suffix.lstrip(".")]
        env = dict(os.environ, XDG_CACHE_HOME=str(home))
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL)
        if proc.returncode != 0 or not part.is_file():
            lines = [ln.strip() for ln in (proc.stderr + proc.stdout).splitlines() if ln.strip()]
            raise RuntimeError(f"manim-slides convert to {dest.name} failed: "
                               f"{lines[-1] if lines else f'exit {proc.returncode}'}")
        if dest.suffix == ".pptx":
            notes = [n for s in scenes for n in slide_notes(folder / f"{s}.json")]
            problem = check_pptx(part, notes)
            if problem:
                raise RuntimeError(f"{dest.name}: {problem}")
    return videos
