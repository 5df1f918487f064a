"""Render the whole explainer: plan, run the stale jobs, join, and write the manifest and page.

Layout of the output folder (default media/explainer/):

    explainer.mp4 / .srt / .vtt   the chapters joined, one chapter marker per scene
    clips/<Scene>.mp4             one clip per scene, with .png (poster, last frame),
                                  .srt/.vtt (its captions) and the requested exports
    slides/explainer.html         with --slides: the deck, a slide per beat, its caption the
                                  speaker's notes; .pdf and .pptx (720p) beside it
    manifest.json, index.html
    .work/                        per-scene manim media folders, logs and records (the cache)

With several languages (``Options.languages``), each language's files carry its code before
their extension: explainer.de.mp4 / .srt / .vtt, clips/<Scene>.de.mp4 (.png, .srt, .vtt,
exports), slides/explainer.de.html; a clip whose frames show no word is rendered once,
clips/<Scene>.mp4 (.png), beside each language's clips/<Scene>.de.srt / .vtt. Their records
are under .work/<Scene>/<code>/ and .work/<Scene>/shared/. One index.html plays them all.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from importlib.metadata import version as _version
from pathlib import Path

from explainer.pipeline.executors import DaskExecutor, LocalExecutor
from explainer.pipeline.fit import Skipped, split_story
from explainer.pipeline.formats import DERIVED_FORMATS, EXPORTS, TRANSPARENT_FORMATS
from explainer.pipeline.media import (
    VerifyError,
    join_srt,
    join_words,
    srt_to_vtt,
    verify_clip,
    write_text_atomic,
)
from explainer.pipeline.outputs import index_html, manifest_text
from explainer.pipeline.plan import (
    PPTX_SIZE,
    Inputs,
    Job,
    Settings,
    chapter_inputs,
    job_key,
    sha256_file,
    sha256_text,
)
from explainer.pipeline.worker import (
    TIMELINE_ENV,
    JobResult,
    job_is_fresh,
    load_record,
    read_record,
)
from explainer.story import STORY, Chapter, module_root
from scenes.toolkit.beats import BEATS_ENV, HOLDS_ENV
from scenes.toolkit.language import DEFAULT as DEFAULT_LANGUAGE
from scenes.toolkit.language import N_
from scenes.toolkit.voice import CACHE_ENV as VOICE_CACHE_ENV
from scenes.toolkit.voice import SPOKEN_ENV

ROOT = Path(__file__).resolve().parents[2]
TITLE = N_("How a neural network learns")


@dataclass
class Options:
    """One run of the pipeline (what `mlp-explainer render` parses its flags into)."""

    out: Path = Path("media/explainer")
    settings: Settings = field(default_factory=Settings)
    trace: Path | None = None
    formats: tuple[str, ...] = ()
    jobs: int = 0  # 0: every core
    executor: str = "local"
    scheduler: str | None = None
    slides: bool = False
    pdf: bool = True
    pptx: bool = True
    pptx_size: tuple[int, int] | None = PPTX_SIZE  # the PPTX's videos fit in it (None: any)
    story: list[Chapter] = field(default_factory=lambda: list(STORY))
    root: Path = ROOT
    quiet: bool = False
    title: str = TITLE
    # every language the run renders, the first the page's (empty: settings.language alone)
    languages: tuple[str, ...] = ()
    # the story's titles and the title are the catalogs' English (the built-in story's), so
    # each language says them in its own words
    translate_titles: bool = False


@dataclass
class Part:
    """One language of a run: its options (settings, titles in that language), the
    chapters' inputs, and its jobs. ``tag`` is the language in its files' names ("" when
    the run has one language)."""

    language: str
    tag: str
    opts: Options
    inputs: list[Inputs]
    jobs: list[Job] = field(default_factory=list)


@dataclass
class Shared:
    """A chapter rendered once for every language: its inputs (the key hashes the holds),
    each language's captions and the beats' holds."""

    inputs: Inputs
    captions: dict[str, list[str]]
    holds: list[float]
    jobs: list[Job] = field(default_factory=list)


def _in_language(opts: Options, code: str) -> Options:
    """The run's options in language ``code``: its settings, and its titles when they are
    the catalogs' English."""
    from scenes.toolkit.language import translate

    settings = replace(opts.settings, language=code)
    if settings.voice:  # the voice of this language (its key is in each clip's)
        settings = settings.voiced(settings.voice)
    if not opts.translate_titles:  # a story file's titles are its own; the page's is ours
        title = translate(opts.title, code) if opts.title == TITLE else opts.title
        return replace(opts, settings=settings, languages=(code,), title=title)
    return replace(opts, settings=settings, languages=(code,),
                   title=translate(opts.title, code),
                   story=[replace(c, title=translate(c.title, code)) for c in opts.story])


@dataclass
class Report:
    """What a run did: rendered and reused jobs, failures (scene, one line), outputs."""

    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # chapters that cannot play --trace
    results: list[JobResult] = field(default_factory=list)
    manifest: dict = field(default_factory=dict)
    out: Path = Path(".")
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed


def plan_jobs(opts: Options, inputs: list[Inputs], *, tag: str = "", folder: str = "",
              only: tuple[str, ...] | None = None, skip: dict[str, tuple[str, ...]] | None = None,
              shared: dict[str, Path] | None = None) -> list[Job]:
    """Every job of the run (of one language: ``tag`` names its files, ``folder`` its
    records under .work/<Scene>/), longest expected first (so the slowest start early).

    only: the variants to plan (None: every one the options ask for); skip: per scene, the
    variants another part of the run renders (a shared clip); shared: per scene, the holds
    file of a clip shared by every language (these jobs are that clip's).
    """
    out = opts.out.resolve()
    jobs = []
    variants = ["video", *[f for f in opts.formats if f in TRANSPARENT_FORMATS]]
    if opts.slides:
        variants.append("slides")
    if only is not None:
        variants = [v for v in variants if v in only]
    exports = tuple(f for f in opts.formats if f in DERIVED_FORMATS and not EXPORTS[f].always)
    for k, inp in enumerate(inputs):
        if inp.error:
            continue
        ch = inp.chapter
        env = opts.settings.scene_env()
        if ch.plays_trace and opts.trace:
            env["MLP_TRACE"] = str(opts.trace.resolve())
        holds = (shared or {}).get(ch.scene)
        if holds is not None:
            env[HOLDS_ENV] = str(holds)
        base = out / ".work" / ch.scene / folder if folder else out / ".work" / ch.scene
        for variant in variants:
            if variant in (skip or {}).get(ch.scene, ()):
                continue
            work = base / variant
            record = base / f"{variant}.json"
            job_env = dict(env)
            if variant == "video":  # the scene records its video time -> trace position
                job_env[TIMELINE_ENV] = str(work / "timeline.json")
                job_env[BEATS_ENV] = str(work / "beats.json")  # its beats, and any word
            if variant in ("video", "slides") and opts.settings.voice:
                job_env[SPOKEN_ENV] = str(work / "spoken.json")  # what was said, and when
                # one cache of spoken lines: a clip and its slides say each line alike
                job_env[VOICE_CACHE_ENV] = str((out / ".work" / "voice").resolve())
            old = read_record(record) or {}  # a damaged record stops the run here
            jobs.append(Job(
                index=k + 1, scene=ch.scene, title=ch.title, module=ch.module,
                root=str(module_root(ch, opts.root).resolve()), variant=variant,
                settings=opts.settings,
                key=job_key(inp.base_key, variant), out_dir=str(out), work_dir=str(work),
                record=str(record), env=job_env,
                exports=exports if variant == "video" else (),
                slides_module=str(work / f"{ch.scene.lower()}_slides.py")
                if variant == "slides" else None,
                estimate=float(old.get("render_seconds") or 0.0),
                tag=tag, shared=holds is not None,
            ))
    return _longest_first(jobs)


def _longest_first(jobs: list[Job]) -> list[Job]:
    known = [j.estimate for j in jobs if j.estimate > 0]
    default = sum(known) / len(known) if known else 10.0
    jobs = [j if j.estimate > 0 else _with(j, estimate=default) for j in jobs]
    return sorted(jobs, key=lambda j: -j.estimate)


def _with(job: Job, **changes) -> Job:
    return replace(job, **changes)


class Display:
    """One progress display across all jobs (rich, on stderr), or nothing with --quiet.

    Time left = the expected seconds of the jobs not finished (each clip's last render time,
    or the mean of those known), less what the running ones have already spent, shared by
    the parallel slots.
    """

    def __init__(self, jobs: list[Job], quiet: bool, slots: int = 1,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.running: dict[str, float] = {}
        self.clock = clock
        self.quiet = quiet or not jobs
        if self.quiet:
            return
        from rich.console import Console
        from rich.progress import BarColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn
        from rich.text import Text

        self.estimates = {j.name: j.estimate for j in jobs}
        self.slots = max(1, min(slots, len(jobs)))
        self.count = 0
        self.total = len(jobs)
        self.actual = self.expected = 0.0
        display = self

        class Left(ProgressColumn):
            def render(self, task) -> Text:
                return Text(f"about {display.seconds_left():.0f} s left")

        self.progress = Progress(
            TextColumn("[bold]render[/]"), BarColumn(), TextColumn("{task.fields[done]}"),
            TimeElapsedColumn(), Left(), TextColumn("{task.description}"),
            console=Console(stderr=True), transient=False,
        )
        self.task = self.progress.add_task("", total=sum(self.estimates.values()),
                                           done=f"0/{self.total}")
        self.progress.start()

    def seconds_left(self) -> float:
        now = self.clock()
        spent = sum(now - t for t in self.running.values())
        # the finished jobs tell how far off the estimates are on this machine today
        factor = self.actual / self.expected if self.expected > 0 else 1.0
        return max(0.0, factor * sum(self.estimates.values()) - spent) / self.slots

    def _describe(self) -> str:
        names = sorted(self.running)
        return ("rendering " + ", ".join(names)) if names else ""

    def start(self, job: Job) -> None:
        if self.quiet:
            return
        self.running[job.name] = self.clock()
        self.progress.update(self.task, description=self._describe())

    def done(self, job: Job, result: JobResult) -> None:
        if self.quiet:
            return
        started = self.running.pop(job.name, None)
        self.estimates.pop(job.name, None)
        if started is not None and result.ok:
            self.actual += self.clock() - started
            self.expected += job.estimate
        self.count += 1
        if not result.ok:
            self.progress.console.print(f"[red]{job.name} failed: {result.error}[/]")
        self.progress.update(self.task, advance=job.estimate, description=self._describe(),
                             done=f"{self.count}/{self.total}")

    def close(self) -> None:
        if not self.quiet:
            self.progress.stop()


def _executor(opts: Options):
    if opts.executor == "local":
        return LocalExecutor(opts.jobs or os.cpu_count() or 1)
    if opts.executor == "dask":
        return DaskExecutor(opts.scheduler or "")
    raise ValueError(f"--executor: expected local or dask, got {opts.executor!r}")


def _clip_entry(inp: Inputs, index: int, records: dict[str, dict], out: Path,
                opts: Options, shared: bool = False) -> dict | None:
    video = records.get("video")
    if not video or not video.get("info"):
        return None
    info = video["info"]
    exports = {}
    for name in (*DERIVED_FORMATS, "srt", "vtt", "words"):
        if name in video["files"]:
            exports[name] = video["files"][name]
    for variant in TRANSPARENT_FORMATS:
        rec = records.get(variant)
        if rec and variant in rec["files"]:
            exports[variant] = rec["files"][variant]
    root = opts.root.resolve()
    return {
        "chapter": index, "scene": inp.chapter.scene, "title": inp.chapter.title,
        "module": inp.chapter.module, "file": video["files"]["mp4"]["file"],
        "duration": info["duration"], "frames": info["frames"], "width": info["width"],
        "height": info["height"], "fps": info["fps"], "audio": info.get("audio"),
        "trace_sha256": inp.trace_sha256,
        "traces": [{"path": os.path.relpath(p, root) if Path(p).is_relative_to(root) else p,
                    "sha256": h} for p, h in inp.trace_hashes.items()],
        "sha256": video["files"]["mp4"]["sha256"], "bytes": video["files"]["mp4"]["bytes"],
        "key": video["key"], "exports": exports,
        "timeline": _timeline(video.get("timeline"), root),
        "language": opts.settings.language, "shared": shared,
        # whether its frames show a word (scenes.toolkit.beats.shows_words; None: unknown)
        "words": (video.get("beats") or {}).get("words"),
    }


def _timeline(recorded: dict | None, root: Path) -> list[dict]:
    """The clip's video time -> trace position tracks, trace paths as in ``traces``."""
    tracks = []
    for t in (recorded or {}).get("tracks", []):
        p = t.get("trace")
        if p and Path(p).is_relative_to(root):
            p = os.path.relpath(p, root)
        tracks.append({"trace": p, "samples": t.get("samples", [])})
    return tracks


def _explore_pages(clips: list[dict], out: Path, root: Path,
                   made: dict[str, str | None] | None = None, language: str | None = None) -> None:
    """One explorer page per trace a clip plays (explore/<name>.html), linked from the clip
    as ``explore``: the page and the track (video time -> position) that drives it. A trace
    the page cannot draw (explainer.explore's ExploreError) leaves its clip without one.
    The page speaks every language with a catalog; it opens in ``language`` (the run's
    first), or in the one its link's ``?lang=`` names."""
    from explainer.explore import ExploreError, build_page
    from mlp.trace import load_trace

    made = {} if made is None else made  # trace -> its page, across the run's languages
    for clip in clips:
        track = next((t for t in clip.get("timeline", []) if t["trace"]), None)
        path = track["trace"] if track else None
        if path is None:
            continue
        if path not in made:
            full = Path(path) if Path(path).is_absolute() else root / path
            name = f"explore/{Path(path).stem}-{sha256_file(full)[:8]}.html"
            try:
                text = build_page(load_trace(full), language=language)
            except ExploreError:
                made[path] = None
                continue
            write_text_atomic(out / name, text)  # an unchanged page is left as it is
            made[path] = name
        if made[path] is not None:
            clip["explore"] = {"file": made[path], "trace": path, "samples": track["samples"]}


def _join(clips: list[dict], out: Path, old: dict | None, settings: Settings,
          stem: str = "explainer") -> dict:
    """The joined explainer ``stem``.mp4 (re-made only when a clip or a title changed), with
    the clips' sound when the settings have a voice, and its subtitles."""
    voiced = bool(settings.voice)
    key = sha256_text(json.dumps([(c["sha256"], c["title"]) for c in clips] + [voiced]))
    target = out / f"{stem}.mp4"
    if (old and old.get("key") == key and target.is_file()
            and sha256_file(target) == old.get("sha256")):
        joined = dict(old)
    else:
        from explainer.pipeline.media import join_clips

        chapters = join_clips([out / c["file"] for c in clips], [c["title"] for c in clips],
                              target, audio=voiced)
        # packets copied from clips checked frame by frame: every one there, none decoded
        info = verify_clip(target, size=settings.size, decode=False)
        clip_frames = sum(c["frames"] for c in clips)
        if info.frames != clip_frames:
            raise VerifyError(f"{target.name}: {info.frames} frames, the clips have "
                              f"{clip_frames}")
        joined = {"file": target.name, "key": key, "duration": info.duration,
                  "frames": info.frames, "audio": info.audio, "sha256": sha256_file(target),
                  "chapters": [{"title": ch.title, "start": ch.start, "end": ch.end,
                                "scene": c["scene"]}
                               for ch, c in zip(chapters, clips, strict=True)]}
    starts = [ch["start"] for ch in joined["chapters"]]
    text = join_srt([(out / c["exports"]["srt"]["file"] if "srt" in c["exports"] else None, s)
                     for c, s in zip(clips, starts, strict=True)])
    words = join_words([(out / c["exports"]["words"]["file"] if "words" in c["exports"]
                         else None, s) for c, s in zip(clips, starts, strict=True)])
    joined.pop("srt", None)
    joined.pop("vtt", None)
    joined.pop("words", None)
    if text:
        write_text_atomic(out / f"{stem}.srt", text)
        write_text_atomic(out / f"{stem}.vtt", srt_to_vtt(text, words))
        joined["srt"], joined["vtt"] = f"{stem}.srt", f"{stem}.vtt"
        joined["words"] = bool(words)  # the .vtt times each spoken word
    else:
        (out / f"{stem}.srt").unlink(missing_ok=True)
        (out / f"{stem}.vtt").unlink(missing_ok=True)
    return joined


def _deck(opts: Options, inputs: list[Inputs], out: Path, old: dict | None,
          tag: str = "") -> dict:
    from explainer.pipeline.slides import DECK_SOURCES, convert_deck, count_slides, deck_folder

    scenes = [inp.chapter.scene for inp in inputs]
    jsons = [deck_folder(out, tag) / f"{s}.json" for s in scenes]
    # the slides' JSONs hold every slide's video and notes (a changed caption changes them)
    key = sha256_text(json.dumps(
        [sha256_file(j) for j in jsons] + [sha256_file(p) for p in DECK_SOURCES]
        + [_version("manim-slides"), opts.title, opts.pdf, opts.pptx,
           list(opts.pptx_size) if opts.pptx_size else None]))
    stem = f"explainer.{tag}" if tag else "explainer"
    files = {"html": out / "slides" / f"{stem}.html"}
    if opts.pdf:
        files["pdf"] = out / "slides" / f"{stem}.pdf"
    if opts.pptx:
        files["pptx"] = out / "slides" / f"{stem}.pptx"
    deck = {"key": key, "slides": sum(count_slides(j) for j in jsons),
            "per_scene": {s: count_slides(j) for s, j in zip(scenes, jsons, strict=True)}}
    deck.update({fmt: path.relative_to(out).as_posix() for fmt, path in files.items()})
    if old and old.get("key") == key and all(p.is_file() for p in files.values()):
        if opts.pptx:
            deck["pptx_video"] = old["pptx_video"]
        return deck
    for fmt, path in files.items():
        videos = convert_deck(scenes, out, path, title=opts.title, pptx_size=opts.pptx_size,
                              tag=tag)
        if fmt == "pptx":  # what the PowerPoint deck plays: {"size": [w, h], "fps": ...}
            deck["pptx_video"] = videos
    return deck


def _check_inputs(opts: Options) -> list[Skipped]:
    """Refuse a bad trace, a missing reveal.js or a voice that cannot be had with one line,
    before anything renders. With a trace, leave out the chapters that cannot play it
    (``opts.story`` keeps the others) and return them, each with its scene's reason."""
    skipped: list[Skipped] = []
    if opts.trace is not None:
        from mlp.trace import load_trace

        opts.story, skipped = split_story(opts.story, load_trace(opts.trace),
                                          opts.root.resolve())
    if opts.slides:
        from explainer.pipeline.slides import reveal_package

        reveal_package()
    if opts.settings.voice and opts.settings.voice_key is None:
        opts.settings = opts.settings.voiced(opts.settings.voice)
    return skipped


def _execute(opts: Options, jobs: list[Job], report: Report) -> None:
    """Run the jobs whose record does not match their key; note what was rendered, reused
    and failed in the report."""
    stale = [j for j in jobs if not job_is_fresh(j)]
    report.reused = [j.name for j in jobs if j not in stale]
    slots = (opts.jobs or os.cpu_count() or 1) if opts.executor == "local" else len(stale)
    display = Display(stale, opts.quiet, slots)
    results: list[JobResult] = []
    try:
        if stale:
            results = _executor(opts).run(stale, display.start, display.done)
    finally:
        display.close()
    report.results = results
    by_id = {(j.scene, j.variant, j.tag): j for j in stale}
    for res in results:
        job = by_id[(res.scene, res.variant, res.tag)]
        if res.ok:
            report.rendered.append(job.name)
        else:
            report.failed.append((job.name, res.error or "failed"))


def _clips(part: Part, shared: dict[str, Shared], out: Path) -> list[dict]:
    """The manifest's entry for every chapter whose clip the language ``part`` has, in story
    order (a shared clip with this language's subtitles, written beside it)."""
    clips = []
    for k, inp in enumerate(part.inputs):
        if inp.error:
            continue
        common = shared.get(inp.chapter.scene)
        jobs = part.jobs + (common.jobs if common else [])
        records = {}
        for variant in ("video", *TRANSPARENT_FORMATS, "slides"):
            job = next((j for j in jobs if j.scene == inp.chapter.scene
                        and j.variant == variant), None)
            rec = load_record(job.record) if job else None
            # a record left by an earlier run with other inputs (or a failed job's older
            # record) describes another clip: only a record for this run's key counts
            if rec and job and rec.get("key") == job.key:
                records[variant] = rec
        if common and "video" in records:
            records["video"] = _shared_subtitles(records["video"], common, part, out)
        entry = _clip_entry(common.inputs if common else inp, k + 1, records, out, part.opts,
                            shared=common is not None)
        if entry:
            entry["title"] = inp.chapter.title
            clips.append(entry)
    return clips


def _shared_subtitles(record: dict, common: Shared, part: Part, out: Path) -> dict:
    """The shared clip's record with the language's own subtitles (clips/<Scene>.<code>.srt
    and .vtt: its captions at the clip's beat times) in place of the clip's."""
    from explainer.pipeline.shared import subtitles
    from explainer.pipeline.worker import _entry

    beats = (record.get("beats") or {}).get("beats") or []
    try:
        text = subtitles(beats, common.captions[part.language])
    except ValueError:
        return record
    srt_path = out / "clips" / f"{record['scene']}.{part.language}.srt"
    write_text_atomic(srt_path, text)
    write_text_atomic(srt_path.with_suffix(".vtt"), srt_to_vtt(text))
    files = dict(record["files"], srt=_entry(srt_path, out),
                 vtt=_entry(srt_path.with_suffix(".vtt"), out))
    return dict(record, files=files)


def _share(opts: Options, parts: list[Part], out: Path) -> dict[str, Shared]:
    """The chapters whose frames show no word in any language of the run, each to be
    rendered once (explainer.pipeline.shared); none for one language or a voiced run."""
    from explainer.pipeline.shared import holds, plan_chapter, shareable

    if len(parts) < 2 or opts.settings.voice:
        return {}
    cache = out / ".work" / "plans"
    found: dict[str, Shared] = {}
    trace = opts.trace.resolve() if opts.trace else None
    for k, inp in enumerate(parts[0].inputs):
        if inp.error:
            continue
        ch = inp.chapter
        root = module_root(ch, opts.root).resolve()
        plans = []
        for part in parts:  # the first language's plan first: words there, no sharing
            mine = part.inputs[k]
            plans.append(plan_chapter(mine.chapter, root, part.opts.settings, mine.base_key,
                                      trace, cache))
            if not shareable(plans):
                break
        if len(plans) < len(parts) or not shareable(plans):
            continue
        captions = {part.language: plan["captions"] for part, plan in zip(parts, plans,
                                                                           strict=True)}
        held = holds(list(captions.values()), opts.settings.reading)
        # rendered in English (no catalog in its key): its frames say nothing in any language
        base = chapter_inputs(ch, root=root, settings=replace(opts.settings,
                                                              language=DEFAULT_LANGUAGE),
                              trace=trace, file_hashes={})
        key = sha256_text(json.dumps([base.base_key, "shared", [round(h, 6) for h in held]]))
        holds_file = out / ".work" / ch.scene / "shared" / "holds.json"
        write_text_atomic(holds_file, json.dumps({"holds": held}))
        found[ch.scene] = Shared(replace(base, base_key=key), captions, held)
    return found


def _part_manifest(part: Part, shared: dict[str, Shared], report: Report, out: Path,
                   old: dict, made: dict) -> dict:
    """One language's clips, joined explainer and deck."""
    opts = part.opts
    clips = _clips(part, shared, out)
    try:
        _explore_pages(clips, out, opts.root.resolve(), made, part.language)
    except Exception as e:  # the clips stand without their explorer pages
        report.failed.append(("explore", f"{type(e).__name__}: {e}"))
    section: dict = {"language": part.language, "title": opts.title, "clips": clips}
    stem = f"explainer.{part.tag}" if part.tag else "explainer"
    # The explainer needs every chapter's clip; a failed export alone does not hold it back.
    complete = bool(clips) and len(clips) == len(opts.story)
    if complete:
        try:
            section["explainer"] = _join(clips, out, old.get("explainer"), opts.settings,
                                         stem)
        except Exception as e:
            report.failed.append((f"{stem}.mp4", f"{type(e).__name__}: {e}"))
            complete = False
    slides_ready = all((load_record(j.record) or {}).get("key") == j.key
                       for j in part.jobs if j.variant == "slides")
    if opts.slides and complete and slides_ready:
        try:
            section["slides"] = _deck(opts, [i for i in part.inputs if not i.error], out,
                                      old.get("slides"), part.tag)
        except Exception as e:
            report.failed.append(("slides", f"{type(e).__name__}: {e}"))
    if not complete:
        # an explainer joined from an earlier run's clips would not be this run's
        for suffix in (".mp4", ".srt", ".vtt"):
            (out / f"{stem}{suffix}").unlink(missing_ok=True)
    return section


def _assemble(opts: Options, parts: list[Part], shared: dict[str, Shared], report: Report,
              out: Path) -> dict:
    """Join each language's clips, write their explorer pages, convert the decks, and write
    manifest.json and index.html."""
    old_manifest = load_record(out / "manifest.json")
    # what an earlier run joined and converted is reused only when it is still whole; an
    # entry that is not (the file edited by hand) is made again
    old_manifest = {k: v for k, v in old_manifest.items() if isinstance(v, dict)} \
        if isinstance(old_manifest, dict) else {}
    several = len(parts) > 1
    made: dict[str, str | None] = {}
    sections = {}
    for part in parts:
        old = old_manifest.get("by_language", {}).get(part.language) if several \
            else old_manifest
        old = {k: v for k, v in old.items() if isinstance(v, dict)} \
            if isinstance(old, dict) else {}
        sections[part.language] = _part_manifest(part, shared, report, out, old, made)
    first = sections[parts[0].language]
    size = opts.settings.size
    manifest: dict = {
        "title": first["title"], "generator": "mlp-explainer render",
        "manim": _version("manim"), "quality": opts.settings.quality,
        "width": size[0], "height": size[1], "fps": opts.settings.frame_rate,
        "trace": ({"path": str(opts.trace), "sha256": sha256_file(opts.trace)}
                  if opts.trace else None),
        "language": parts[0].language, "languages": [p.language for p in parts],
        "clips": first["clips"],
    }
    for name in ("explainer", "slides"):
        if name in first:
            manifest[name] = first[name]
    if several:  # every language's own: title, clips, joined explainer, deck
        manifest["by_language"] = sections
        manifest["shared"] = sorted(shared)
    if report.skipped:
        manifest["skipped"] = [{"scene": s.scene, "title": s.title, "reason": s.reason}
                               for s in report.skipped]
    if report.failed:
        manifest["failed"] = [{"scene": s, "error": e} for s, e in report.failed]
    write_text_atomic(out / "manifest.json", manifest_text(manifest))
    write_text_atomic(out / "index.html", index_html(manifest, out))
    return manifest


def render(opts: Options) -> Report:
    """Run the pipeline: plan every job, run the stale ones, assemble what they made.

    Failures of single scenes are in the report, never raised.
    """
    t0 = time.perf_counter()
    out = opts.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    opts = replace(opts)  # the story loses the chapters that cannot play the trace
    skipped = _check_inputs(opts)
    report = Report(out=out, skipped=skipped)
    hashes: dict[Path, str] = {}
    imports: dict[tuple[Path, Path], set[Path]] = {}
    languages = opts.languages or (opts.settings.language,)
    several = len(languages) > 1
    parts = []
    for code in languages:
        mine = _in_language(opts, code)
        inputs = [chapter_inputs(ch, root=module_root(ch, opts.root).resolve(),
                                 settings=mine.settings,
                                 trace=opts.trace.resolve() if opts.trace else None,
                                 file_hashes=hashes, imports=imports) for ch in mine.story]
        parts.append(Part(code, code if several else "", mine, inputs))
    report.failed += [(inp.chapter.scene, inp.error) for inp in parts[0].inputs if inp.error]
    shared = _share(opts, parts, out)
    clip_variants = ("video", *TRANSPARENT_FORMATS)
    for scene, common in shared.items():
        first = _in_language(opts, DEFAULT_LANGUAGE)
        common.jobs = plan_jobs(first, [common.inputs], folder="shared", only=clip_variants,
                                shared={scene: out / ".work" / scene / "shared" / "holds.json"})
    skip = {scene: clip_variants for scene in shared}
    for part in parts:
        part.jobs = plan_jobs(part.opts, part.inputs, tag=part.tag, folder=part.tag, skip=skip)
    jobs = _longest_first([j for part in parts for j in part.jobs]
                          + [j for common in shared.values() for j in common.jobs])
    _execute(opts, jobs, report)
    report.manifest = _assemble(opts, parts, shared, report, out)
    report.seconds = time.perf_counter() - t0
    return report


def summary(report: Report, file=None) -> None:
    """A short account of the run for people (the command prints it unless --quiet)."""
    file = file or sys.stdout
    m = report.manifest
    print(f"rendered {len(report.rendered)} job(s), reused {len(report.reused)} "
          f"in {report.seconds:.1f} s -> {report.out}", file=file)
    sections = list(m.get("by_language", {}).values()) or [m]
    for section in sections:
        if "explainer" in section:
            ex = section["explainer"]
            print(f"  {ex['file']}: {ex['duration']:.1f} s, {len(ex['chapters'])} chapters"
                  + (f", subtitles {ex['srt']}" if ex.get("srt") else "")
                  + (", narrated" if ex.get("audio") else ""), file=file)
    if m.get("shared"):
        print(f"  one clip for every language (no word on screen): {', '.join(m['shared'])}",
              file=file)
    for section in sections:
        if "slides" in section:
            deck = section["slides"]
            also = [deck[f] for f in ("pdf", "pptx") if deck.get(f)]
            print(f"  slides: {deck['html']} ({deck['slides']} slides)"
                  + (f", also {', '.join(also)}" if also else ""), file=file)
    print(f"  {report.out / 'index.html'}", file=file)
