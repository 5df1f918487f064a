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
so the HTML deck plays it with the slide. In the PowerPoint deck the line is the slide's own
audio part (an .m4a in ppt/media, its sound shape started with the slide as PowerPoint starts
an inserted sound set to play automatically) and the movie is silent. The notes keep the words.
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


def deck_folder(out_dir: str | Path, tag: str = "") -> Path:
    """Where every scene's slides (JSON + videos) are kept between runs (one folder per
    language, ``tag``, when a run renders several)."""
    return Path(out_dir) / ".work" / (f"slides-deck.{tag}" if tag else "slides-deck")


def write_wrapper(job: Job) -> Path:
    """Write the job's wrapper module (job.slides_module) and return its path."""
    assert job.slides_module is not None
    module = Path(job.root) / job.module
    text = WRAPPER.format(scene=job.scene, module=str(module.resolve()),
                          folder=str(deck_folder(job.out_dir, job.tag).resolve()))
    path = Path(job.slides_module)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def finish_slides_job(job: Job) -> dict:
    """The record entry of a scene's slides: its manim-slides JSON (each spoken beat's
    slide given its line, when the scene was voiced)."""
    out_dir = Path(job.out_dir)
    path = deck_folder(out_dir, job.tag) / f"{job.scene}.json"
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

# A narrated deck where the browser refuses sound before the viewer has clicked or pressed a
# key (Chromium's autoplay policy): reveal.js then plays the slide muted, or not at all, with
# a small "Unmute video" button, and the slide's first words go by unheard. Instead the slide
# waits at its first frame behind one clear button; its click (the gesture the browser asks
# for) lets reveal.js start the slide from its beginning with its sound, and every later
# slide plays with sound already.
SOUND_START_LABEL = "\u25b6 Click to start with sound"
SOUND_START = """<style>
  .reveal .r-media-play-button { top: 50%; left: 50%; bottom: auto; font-size: 0.8em;
    padding: 0.5em 1em; transform: translate(-50%, -50%); }
</style>
<script>
  (() => {
    const deck = document.querySelector(".reveal");
    const hold = () => {
      const button = deck.querySelector(":scope > .r-media-play-button");
      if (!button) return;
      if (button.textContent !== "LABEL") button.textContent = "LABEL";
      for (const video of document.querySelectorAll(".slide-background.present video")) {
        video.pause();
        video.currentTime = 0;
      }
    };
    new MutationObserver(hold).observe(deck, { childList: true });
    hold();
  })();
</script>
""".replace("LABEL", SOUND_START_LABEL)


def _html_template(folder: Path, voiced: bool = False) -> Path:
    """manim-slides' own reveal.js template, its notes written as plain text; for a
    narrated deck, its first slide not muted (every other slide's sound plays already) and
    a browser's refusal of sound before a click met with a button that starts it
    (SOUND_START)."""
    from importlib import resources

    import manim_slides.templates

    text = resources.files(manim_slides.templates).joinpath("revealjs.html") \
        .read_text(encoding="utf-8")
    if text.count(NOTES_IN_TEMPLATE) != 1:
        raise RuntimeError(f"manim-slides' revealjs.html: expected one {NOTES_IN_TEMPLATE}, "
                           f"found {text.count(NOTES_IN_TEMPLATE)}")
    text = text.replace(NOTES_IN_TEMPLATE, NOTES_AS_TEXT)
    if voiced:
        for part in (MUTED_FIRST, "</body>"):
            if text.count(part) != 1:
                raise RuntimeError(f"manim-slides' revealjs.html: expected one {part}, "
                                   f"found {text.count(part)}")
        text = text.replace(MUTED_FIRST, "").replace("</body>", SOUND_START + "</body>")
    path = folder / "revealjs.html"
    path.write_text(text, encoding="utf-8")
    return path


def _smaller_slides(scenes: list[str], folder: Path, work: Path, box: tuple[int, int] | None,
                    max_fps: float) -> tuple[Path, dict, list[Path | None]]:
    """A copy of the deck's JSONs (in ``work``) whose slide videos fit in ``box`` at no more
    than ``max_fps`` (each video transcoded only if it does not already; ``box`` None: the
    size as rendered) and carry no sound. Returns that folder, what the videos are:
    {"size": [w, h] of the largest, "fps": the highest}, and each slide's sound (an .m4a,
    the sound track its video had) or None, in the deck's order."""
    import json

    import av

    from explainer.pipeline.media import export_smaller, fit_size, split_sound

    out = work / "deck"
    (out / "videos").mkdir(parents=True)
    sizes, rates, sounds = [], [], []
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
            # A narrated slide's line becomes the slide's own audio part (add_slide_sounds)
            # and its movie goes silent: PowerPoint plays a movie's sound track too, and the
            # two, started together, would say every line twice. The audio part rather than
            # the movie's track, because it is how PowerPoint carries a slide's narration:
            # its own volume, "hide during show" and playback settings act on it.
            silent, sound = out / "videos" / f"{scene}-{k}-silent.mp4", \
                out / "sounds" / f"{scene}-{k}.m4a"
            if split_sound(src, silent, sound):
                src = silent
            sounds.append(sound if src == silent else None)
            slide["file"] = slide["rev_file"] = str(src.resolve())
            sizes.append(tuple(size))
            rates.append(fps)
        deck["resolution"] = list(max(sizes))
        (out / f"{scene}.json").write_text(json.dumps(deck), encoding="utf-8")
    return out, {"size": list(max(sizes)), "fps": max(rates)}, sounds


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


# A slide's sound as PowerPoint inserts one: a picture (the loudspeaker icon, hidden during
# the show) naming the audio part twice (a:audioFile, and p14:media for PowerPoint 2010 on),
# as python-pptx writes a movie.
AUDIO_PIC = (
    '<p:pic %(ns)s><p:nvPicPr><p:cNvPr id="%(id)d" name="%(name)s">'
    '<a:hlinkClick r:id="" action="ppaction://media"/></p:cNvPr>'
    '<p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr>'
    '<p:nvPr><a:audioFile r:link="%(audio)s"/><p:extLst>'
    '<p:ext uri="{DAA4B4D4-6D71-4841-9C94-3DE7FCFB9230}">'
    '<p14:media xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main"'
    ' r:embed="%(media)s"/></p:ext></p:extLst></p:nvPr></p:nvPicPr>'
    '<p:blipFill><a:blip r:embed="%(icon)s"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
    '<p:spPr><a:xfrm><a:off x="%(x)d" y="%(y)d"/><a:ext cx="%(cx)d" cy="%(cy)d"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>')
# Its timing, as PowerPoint writes a sound set to start automatically: the slide's main
# sequence begins, with the slide, by playing it from its start (for as long as it lasts);
# the sound stops when the slide ends. Every cTn id is 0 here and numbered once placed.
AUDIO_MAIN_SEQ = (
    '<p:seq %(ns)s concurrent="1" nextAc="seek">'
    '<p:cTn id="0" dur="indefinite" nodeType="mainSeq"><p:childTnLst>'
    '<p:par><p:cTn id="0" fill="hold"><p:stCondLst><p:cond delay="indefinite"/>'
    '<p:cond evt="onBegin" delay="0"><p:tn val="0"/></p:cond></p:stCondLst><p:childTnLst>'
    '<p:par><p:cTn id="0" fill="hold"><p:stCondLst><p:cond delay="0"/></p:stCondLst>'
    '<p:childTnLst><p:par><p:cTn id="0" presetID="1" presetClass="mediacall" '
    'presetSubtype="0" fill="hold" nodeType="afterEffect"><p:stCondLst><p:cond delay="0"/>'
    '</p:stCondLst><p:childTnLst><p:cmd type="call" cmd="playFrom(0.0)"><p:cBhvr>'
    '<p:cTn id="0" dur="%(ms)d" fill="hold"/><p:tgtEl><p:spTgt spid="%(spid)d"/></p:tgtEl>'
    '</p:cBhvr></p:cmd></p:childTnLst></p:cTn></p:par></p:childTnLst></p:cTn></p:par>'
    '</p:childTnLst></p:cTn></p:par></p:childTnLst></p:cTn>'
    '<p:prevCondLst><p:cond evt="onPrev" delay="0"><p:tgtEl><p:sldTgt/></p:tgtEl></p:cond>'
    '</p:prevCondLst><p:nextCondLst><p:cond evt="onNext" delay="0"><p:tgtEl><p:sldTgt/>'
    '</p:tgtEl></p:cond></p:nextCondLst></p:seq>')
AUDIO_NODE = (
    '<p:audio %(ns)s><p:cMediaNode vol="80000" showWhenStopped="0">'
    '<p:cTn id="0" fill="hold" display="0"><p:stCondLst><p:cond delay="indefinite"/>'
    '</p:stCondLst><p:endCondLst><p:cond evt="onStopAudio" delay="0"><p:tgtEl><p:sldTgt/>'
    '</p:tgtEl></p:cond></p:endCondLst></p:cTn><p:tgtEl><p:spTgt spid="%(spid)d"/></p:tgtEl>'
    '</p:cMediaNode></p:audio>')
SOUND_TYPE = "audio/mp4"  # an .m4a, as PowerPoint stores an inserted sound


def add_slide_sounds(path: str | Path, sounds: list[Path | None]) -> None:
    """Give each slide of a PowerPoint deck its sound (an .m4a, or None: none) as its own
    audio part in ppt/media, with a sound shape that plays it from the slide's start."""
    import io

    import av
    import pptx
    from pptx.media import SPEAKER_IMAGE_BYTES, Video
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.oxml import parse_xml
    from pptx.oxml.ns import nsdecls, qn

    prs = pptx.Presentation(str(path))
    slides = list(prs.slides)
    if len(slides) != len(sounds):
        raise RuntimeError(f"{Path(path).name}: {len(sounds)} slides' sounds for "
                           f"{len(slides)} slides")
    ns = nsdecls("a", "p", "r")
    side = round(prs.slide_height * 0.08)  # the icon, in the page's bottom-right corner
    for slide, sound in zip(slides, sounds, strict=True):
        if sound is None:
            continue
        with av.open(str(sound)) as c:
            ms = round(float(c.duration) / av.time_base * 1000)
        part = slide.part
        media_part = part.package.get_or_add_media_part(
            Video.from_path_or_file_like(str(sound), SOUND_TYPE))
        media = part.relate_to(media_part, RT.MEDIA)
        audio = part.relate_to(media_part, RT.AUDIO)
        _, icon = part.get_or_add_image_part(io.BytesIO(SPEAKER_IMAGE_BYTES))
        spid = slide.shapes._next_shape_id
        slide.shapes._spTree.append(parse_xml(AUDIO_PIC % dict(
            ns=ns, id=spid, name=sound.name, audio=audio, media=media, icon=icon,
            x=prs.slide_width - side, y=prs.slide_height - side, cx=side, cy=side)))
        root = slide.element.get_or_add_childTnLst()  # the movie's timing, python-pptx's
        if root.xpath(".//p:seq"):
            raise RuntimeError(f"{Path(path).name}: a slide already has a main sequence")
        root.insert(0, parse_xml(AUDIO_MAIN_SEQ % dict(ns=ns, ms=ms, spid=spid)))
        root.append(parse_xml(AUDIO_NODE % dict(ns=ns, spid=spid)))
        timing = slide.element.find(qn("p:timing"))
        for k, ctn in enumerate(timing.iter(qn("p:cTn")), start=1):
            ctn.set("id", str(k))
        (main,) = timing.xpath(".//p:cTn[@nodeType='mainSeq']")
        (tn,) = timing.xpath(".//p:cond[@evt='onBegin']/p:tn")
        tn.set("val", main.get("id"))
    prs.save(str(path))


def slide_sounds(slide) -> list:
    """The audio parts a python-pptx slide names (one each, however many relationships)."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    return list({id(r.target_part): r.target_part for r in slide.part.rels.values()
                 if r.reltype == RT.AUDIO}.values())


def check_pptx(path: str | Path, notes: list[str],
               sounds: list[Path | None] | None = None) -> str | None:
    """What is wrong with a PowerPoint deck that should hold one movie per slide with these
    notes (and, for each slide given a sound, one audio part), read back with python-pptx;
    None if nothing."""
    import pptx
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    prs = pptx.Presentation(str(path))
    slides = list(prs.slides)
    if len(slides) != len(notes):
        return f"expected {len(notes)} slides, found {len(slides)}"
    sounds = sounds or [None] * len(slides)
    for k, (slide, want, sound) in enumerate(zip(slides, notes, sounds, strict=True), start=1):
        if not any(sh.shape_type == MSO_SHAPE_TYPE.MEDIA for sh in slide.shapes):
            return f"slide {k} holds no movie"
        found = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        if found != want:
            return f"slide {k}: expected notes {want!r}, found {found!r}"
        parts = slide_sounds(slide)
        if len(parts) != (sound is not None):
            return f"slide {k}: expected {int(sound is not None)} audio parts, found {len(parts)}"
    return None


def convert_deck(scenes: list[str], out_dir: str | Path, dest: str | Path, *,
                 title: str = "How a neural network learns",
                 pptx_size: tuple[int, int] | None = PPTX_SIZE,
                 pptx_fps: float = PPTX_FPS, tag: str = "") -> dict:
    """Convert the scenes' slides into one deck: .html (single offline file), .pdf, or .pptx
    (its videos fit in ``pptx_size``, None: the rendered size, at no more than ``pptx_fps``).

    Returns what the deck's videos are, for a .pptx ({"size": [w, h], "fps": ...}), else {}.
    ``tag``: the language whose slides these are, when the run renders several.
    """
    dest = Path(dest)
    folder = deck_folder(out_dir, tag)
    with tempfile.TemporaryDirectory(prefix="mlp-slides-") as tmp, atomic(dest) as part:
        home = Path(tmp)
        _reveal_cache(home)
        source, videos, sounds = folder, {}, []
        if dest.suffix == ".pptx":
            source, videos, sounds = _smaller_slides(scenes, folder, home, pptx_size, pptx_fps)
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
            if any(sounds):
                add_slide_sounds(part, sounds)
            notes = [n for s in scenes for n in slide_notes(folder / f"{s}.json")]
            problem = check_pptx(part, notes, sounds)
            if problem:
                raise RuntimeError(f"{dest.name}: {problem}")
    return videos
