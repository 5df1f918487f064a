"""mlp-explainer render: every scene of the story as clips, one joined explainer and a page."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from pathlib import Path

from explainer.errors import UsageError
from explainer.pipeline.formats import FORMATS
from explainer.pipeline.plan import PPTX_FPS, PPTX_SIZE, QUALITIES, Settings
from explainer.story import Chapter, story_module_root
from scenes.toolkit.language import DEFAULT as DEFAULT_LANGUAGE
from scenes.toolkit.language import ENV_VAR as LANGUAGE_ENV
from scenes.toolkit.language import LanguageError, available, check_language
from scenes.toolkit.reading import ENV_VAR as READING_ENV
from scenes.toolkit.reading import ReadingSpeed, reading_speed_from_env
from scenes.toolkit.voice import VoiceError, default_voice

NAME = "render"
HELP = ("Render the whole explainer (every scene, in story order) into clips, a joined video "
        "with chapters and subtitles (and, with --voice, narration), manifest.json and "
        "index.html.")


def _formats(text: str) -> tuple[str, ...]:
    names = [t.strip() for t in text.split(",") if t.strip()]
    if names == ["all"]:
        return FORMATS
    bad = [n for n in names if n not in FORMATS]
    if bad:
        raise UsageError(f"--formats: expected some of {', '.join(FORMATS)} (or all), "
                         f"got {', '.join(bad)}")
    return tuple(dict.fromkeys(names))


def _size(text: str, flag: str = "--resolution") -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().replace("x", ",").split(","))
    except ValueError:
        raise UsageError(f"{flag}: expected WIDTH,HEIGHT like 640,360, "
                         f"got {text!r}") from None
    if w < 16 or h < 16 or w % 2 or h % 2:
        raise UsageError(f"{flag}: expected even sizes of at least 16 pixels, "
                         f"got {w}x{h}")
    return w, h


def _pptx_size(text: str) -> tuple[int, int] | None:
    return None if text.strip().lower() == "native" else _size(text, "--pptx-size")


def _reading(text: str) -> ReadingSpeed:
    try:
        return ReadingSpeed.parse(text, where="--reading-speed")
    except ValueError as e:
        raise UsageError(str(e)) from None


def _languages(text: str, where: str = "--language") -> tuple[str, ...]:
    """A comma list of languages, each with a catalog and each once (the first is the
    page's); a bad one is one line."""
    codes = [c.strip() for c in text.split(",")]
    try:
        for code in codes:
            check_language(code, where=where)
    except LanguageError as e:
        raise UsageError(str(e)) from None
    twice = sorted({c for c in codes if codes.count(c) > 1}, key=codes.index)
    if twice:
        raise UsageError(f"{where}: expected each language once, got {', '.join(twice)} "
                         f"more than once in {text!r}")
    return tuple(codes)


def _story(path: str) -> list[Chapter]:
    """The chapters of a --story file, each checked: a bad name is one line saying which.

    A chapter's module is a file beside the story (relative to its folder), or one of the
    project's own, such as scenes/linear.py.
    """
    where = f"--story {path}"
    story_dir = Path(path).resolve().parent
    try:
        items = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise UsageError(f"{where}: expected a JSON list of {{module, scene, title}}, "
                         f"could not read it ({type(e).__name__}: {e})") from None
    if not isinstance(items, list) or not items:
        found = "an empty list" if items == [] else f"a JSON {type(items).__name__}"
        raise UsageError(f"{where}: expected a JSON list of {{module, scene, title}}, "
                         f"found {found}")
    story = []
    for k, item in enumerate(items, start=1):
        if not isinstance(item, dict) or "module" not in item or "scene" not in item:
            raise UsageError(f"{where}: chapter {k}: expected an object with module and scene, "
                             f"found {json.dumps(item)[:80]}")
        assets = item.get("assets")
        if assets is not None and not isinstance(assets, list):
            raise UsageError(f"{where}: chapter {k}: assets: expected a list of trace names, "
                             f"found {json.dumps(assets)[:80]}")
        try:
            chapter = Chapter(module=item["module"], scene=item["scene"],
                              title=item.get("title", item["scene"]),
                              plays_trace=bool(item.get("plays_trace", True)),
                              assets=tuple(assets) if assets is not None else None)
        except ValueError as e:
            raise UsageError(f"{where}: chapter {k}: {e}") from None
        # a module in neither place fails as that chapter's render (no such file)
        story.append(replace(chapter, root=story_module_root(story_dir, chapter.module)
                             or story_dir))
    seen: set[str] = set()
    for k, ch in enumerate(story, start=1):
        if ch.scene in seen:  # clips, records and slides are named after the scene
            raise UsageError(f"{where}: chapter {k}: scene {ch.scene!r} is already in the story; "
                             f"expected each scene once")
        seen.add(ch.scene)
    return story


def add_arguments(p) -> None:
    q = p.add_mutually_exclusive_group()
    for letter, (w, h, fps) in QUALITIES.items():
        q.add_argument(f"-q{letter}", dest="quality", action="store_const", const=letter,
                       help=f"{w}x{h} at {fps} fps" + (" (default)" if letter == "l" else ""))
    p.set_defaults(quality="l")
    p.add_argument("--resolution", type=_size, default=None, metavar="W,H",
                   help="render at this size instead (passed to manim as -r W,H)")
    p.add_argument("--fps", type=float, default=None, help="frames per second (manim --fps)")
    p.add_argument("--reading-speed", type=_reading, default=None, metavar="CPS[,MIN]",
                   help="captions stay up long enough to read at CPS characters a second, and "
                        f"at least MIN seconds (default: ${READING_ENV}, else 15,1.5)")
    p.add_argument("--voice", nargs="?", const=default_voice(), default=None, metavar="SPEC",
                   help="speak every caption, in the captions' language, and put the sound in "
                        "the clips and the explainer: piper (a neural voice, the default when "
                        "mlp-explainer[voice] is installed; an installed voice of the "
                        "language, else espeak-ng's), piper:MODEL.onnx, espeak-ng (the "
                        "default otherwise; its voice of the language), espeak-ng:VOICE, "
                        "recorded:FOLDER (a WAV per caption; FOLDER/CODE/ for another "
                        "language) or python:MODULE:NAME (your own engine)")
    p.add_argument("--language", type=_languages, default=None, metavar="CODE[,CODE...]",
                   help=f"the captions', titles' and on-screen words' language: "
                        f"{', '.join(available())} (one catalog locale/CODE.po each; default: "
                        f"${LANGUAGE_ENV}, else {DEFAULT_LANGUAGE}); several, comma "
                        f"separated, render each and one page for all, the first its default")
    p.add_argument("--trace", type=Path, default=None, metavar="FILE",
                   help="the trace played by the scenes that play one (via $MLP_TRACE)")
    p.add_argument("--out", type=Path, default=Path("media/explainer"),
                   help="output folder (default media/explainer/)")
    p.add_argument("--formats", type=_formats, default=(),
                   help=f"extra exports, comma separated: {', '.join(FORMATS)}, or all "
                        "(mp4, poster and subtitles are always made)")
    p.add_argument("--slides", action="store_true",
                   help="also build a manim-slides deck, a slide per beat with its caption as "
                        "speaker notes: slides/explainer.html, .pdf and .pptx")
    p.add_argument("--no-pdf", dest="pdf", action="store_false",
                   help="with --slides, skip the PDF")
    p.add_argument("--no-pptx", dest="pptx", action="store_false",
                   help="with --slides, skip the PowerPoint deck")
    p.add_argument("--pptx-size", type=_pptx_size, default=PPTX_SIZE, metavar="W,H",
                   help=f"the PowerPoint deck's videos fit in this size, at most {PPTX_FPS} fps "
                        f"(default {PPTX_SIZE[0]},{PPTX_SIZE[1]}; native: the rendered size)")
    p.add_argument("--jobs", "-j", type=int, default=0,
                   help="scenes rendered at once (default: every core)")
    p.add_argument("--executor", choices=["local", "dask"], default="local")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="the Dask scheduler, e.g. tcp://10.0.0.5:8786 (with --executor dask)")
    p.add_argument("--scenes", default=None,
                   help="only these scenes of the story, comma separated")
    p.add_argument("--story", default=None, metavar="FILE.json",
                   help="render another story: a JSON list of {module, scene, title, "
                        "plays_trace}")
    p.add_argument("--quiet", action="store_true", help="no progress and no summary")


def run(args) -> int:
    from explainer.pipeline.run import TITLE, Options, render, summary
    from explainer.story import STORY

    reading = args.reading_speed
    if reading is None:
        try:
            reading = reading_speed_from_env()
        except ValueError as e:
            raise UsageError(str(e)) from None
    if args.jobs < 0:
        raise UsageError(f"--jobs: expected a number of processes >= 1, got {args.jobs}")
    if args.executor == "dask" and not args.scheduler:
        raise UsageError("--executor dask needs --scheduler ADDRESS (e.g. tcp://host:8786)")
    if args.scheduler and args.executor != "dask":
        raise UsageError("--scheduler is for --executor dask")
    if args.trace is not None and not args.trace.is_file():
        raise UsageError(f"--trace: no such file: {args.trace}")
    codes = args.language
    if codes is None:
        try:
            codes = (check_language(os.environ.get(LANGUAGE_ENV, "").strip()
                                    or DEFAULT_LANGUAGE),)
        except LanguageError as e:
            raise UsageError(str(e)) from None
    code = codes[0]
    # the built-in story's titles are in the catalogs (each language says them in its own
    # words); a story file's are its own
    story = _story(args.story) if args.story else list(STORY)
    if args.scenes:
        wanted = [s.strip() for s in args.scenes.split(",") if s.strip()]
        known = {c.scene for c in story}
        unknown = [s for s in wanted if s not in known]
        if unknown:
            raise UsageError(f"--scenes: not in the story: {', '.join(unknown)} "
                             f"(the story has {', '.join(c.scene for c in story)})")
        story = [c for c in story if c.scene in wanted]
    try:
        settings = Settings(args.quality, args.resolution, args.fps,
                            reading=reading, language=code)
        for other in codes[1:]:  # each language's voice, checked before anything renders
            Settings(args.quality, args.resolution, args.fps, reading=reading,
                     language=other).voiced(args.voice)
        settings = settings.voiced(args.voice)
    except (ValueError, VoiceError) as e:
        raise UsageError(str(e)) from None
    opts = Options(out=args.out, settings=settings,
                   trace=args.trace, formats=args.formats, jobs=args.jobs,
                   executor=args.executor, scheduler=args.scheduler, slides=args.slides,
                   pdf=args.pdf, pptx=args.pptx, pptx_size=args.pptx_size, story=story,
                   quiet=args.quiet, title=TITLE, languages=codes,
                   translate_titles=not args.story)
    report = render(opts)
    if not args.quiet:
        summary(report)
        for skip in report.skipped:
            print(f"mlp-explainer render: skipped {skip.scene}: {skip.reason}", file=sys.stderr)
    for scene, error in report.failed:
        print(f"mlp-explainer render: {scene} failed: {error}", file=sys.stderr)
    return 0 if report.ok else 1
