"""One render job, run where the executor puts it (a local thread, or a Dask worker).

The job runs the manim CLI exactly as a user would (`python -m manim render FILE Scene -ql
...`) in its own --media_dir, checks the output by decoding it, makes the exports, moves
everything into place atomically and writes the job's record last. The record is what
makes the next run skip the job: it holds the cache key and the checksum of every file.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from explainer.pipeline.formats import DERIVED_FORMATS, EXPORTS
from explainer.pipeline.media import (
    VerifyError,
    atomic,
    srt_to_vtt,
    verify_clip,
    write_text_atomic,
)
from explainer.pipeline.plan import VARIANT_SUFFIX, Job, sha256_file
from scenes.toolkit.beats import BEATS_ENV, HOLDS_ENV
from scenes.toolkit.camera import ENV_VAR as DRAWING_ENV
from scenes.toolkit.language import ENV_VAR as LANGUAGE_ENV
from scenes.toolkit.reading import ENV_VAR as READING_ENV
from scenes.toolkit.timeline import ENV_VAR as TIMELINE_ENV
from scenes.toolkit.voice import ENV_VAR as VOICE_ENV
from scenes.toolkit.voice import SPOKEN_ENV

# The environment variables a scene reads its inputs from; a job sets those it needs.
SCENE_INPUTS = ("MLP_TRACE", READING_ENV, VOICE_ENV, DRAWING_ENV, LANGUAGE_ENV, HOLDS_ENV,
                BEATS_ENV, TIMELINE_ENV, SPOKEN_ENV)


@dataclass
class JobResult:
    """What a job produced, or the one line that says why it failed."""

    scene: str
    variant: str
    ok: bool
    tag: str = ""  # the job's language, when the run has several (Job.tag)
    rendered: bool = False
    error: str | None = None
    seconds: float = 0.0
    log: str | None = None
    record: dict = field(default_factory=dict)
    worker: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}")


# The manim processes this process is waiting on (so an interrupt can stop them).
RUNNING: set[subprocess.Popen] = set()
STOPPED = threading.Event()
_LOCK = threading.Lock()


def stop_running() -> None:
    """Terminate every manim process still running for this process's jobs."""
    with _LOCK:
        STOPPED.set()
        procs = list(RUNNING)
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()


class RenderError(Exception):
    """A failed render or check, with its one-line reason."""


_BOX = re.compile(r"[\u2500-\u257f]")
_ERROR_LINE = re.compile(r"^[\w.]*(Error|Exception|Exit|Interrupt)\b.*")


def error_line(output: str, scene: str) -> str:
    """The one line that says why a manim run failed.

    A line the scene itself printed ("Scene: what it needs, what it got") wins; otherwise
    the last "SomethingError: ..." line of the traceback; otherwise the last line.
    """
    lines = [_BOX.sub("", raw).strip() for raw in output.splitlines()]
    lines = [ln for ln in lines if ln]
    for ln in reversed(lines):
        if ln.startswith(f"{scene}:"):
            return ln
    for ln in reversed(lines):
        if _ERROR_LINE.match(ln):
            return ln
    return lines[-1] if lines else "manim failed without a message"


def load_record(path: str | Path) -> dict | None:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


class RecordError(ValueError):
    """A job record in the cache that is not what the pipeline writes (damaged or edited by
    hand): one line naming the file, what a record holds and what this one has."""


_NUMBER = (int, float)
_INFO_FIELDS = ("duration", "frames", "width", "height", "fps")


_KINDS = {dict: "an object", list: "a list", str: "a string", bool: "true or false",
          int: "a number", float: "a number"}


def _kind(value) -> str:
    return "null" if value is None else _KINDS.get(type(value), type(value).__name__)


def record_problem(record) -> str | None:
    """What is wrong with a parsed job record, in words ("files.mp4 has no "file""), or None
    for a record as _save writes it."""
    if not isinstance(record, dict):
        return f"found {_kind(record)}"
    if not isinstance(record.get("key"), str):
        return 'found no "key" string' if "key" not in record else \
            f'found "key" as {_kind(record["key"])}'
    files = record.get("files")
    if not isinstance(files, dict):
        return f'found "files" as {_kind(files)}' if "files" in record else 'found no "files"'
    for name, entry in files.items():
        if not isinstance(entry, dict):
            return f"found files.{name} as {_kind(entry)}"
        for field_, kinds in (("file", str), ("sha256", str), ("bytes", int)):
            if field_ not in entry:
                return f'found files.{name} without "{field_}"'
            if not isinstance(entry[field_], kinds) or isinstance(entry[field_], bool):
                return f"found files.{name}.{field_} as {_kind(entry[field_])}"
    info = record.get("info")
    if info is not None:
        if not isinstance(info, dict):
            return f'found "info" as {_kind(info)}'
        for field_ in _INFO_FIELDS:
            if not isinstance(info.get(field_), _NUMBER) or isinstance(info[field_], bool):
                return f"found info.{field_} as {_kind(info.get(field_))}"
    seconds = record.get("render_seconds")
    if seconds is not None and (not isinstance(seconds, _NUMBER) or isinstance(seconds, bool)):
        return f'found "render_seconds" as {_kind(seconds)}'
    timeline = record.get("timeline")
    if timeline is not None and not (isinstance(timeline, dict)
                                     and isinstance(timeline.get("tracks", []), list)
                                     and all(isinstance(t, dict)
                                             for t in timeline.get("tracks", []))):
        return 'found "timeline" that is not an object with a list of tracks'
    return None


def read_record(path: str | Path) -> dict | None:
    """The job record at ``path``, checked; None when there is none.

    The pipeline writes each record whole (under a temporary name, then renamed), so one
    that cannot be read as a record was damaged or edited after the fact: RecordError, of one
    line, before anything renders (the clip's files cannot be told apart from another's).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        problem = "found bytes that are not UTF-8 text"
    else:
        try:
            record = json.loads(text)
        except ValueError as e:
            problem = f"found text that is not JSON ({e})"
        else:
            problem = record_problem(record)
            if problem is None:
                return record
    raise RecordError(f"{path}: expected a clip record as the pipeline writes it (an object "
                      f'with "key" and "files", each file with "file", "sha256" and "bytes"), '
                      f"{problem}; delete it to render that clip again")


def files_intact(record: dict | None, key: str, out_dir: Path, names: list[str]) -> bool:
    """Whether the record is for this key and each named file exists with its checksum."""
    if not record or record.get("key") != key:
        return False
    files = record.get("files", {})
    for name in names:
        entry = files.get(name)
        if not entry:
            return False
        path = out_dir / entry["file"]
        if not path.is_file() or path.stat().st_size != entry.get("bytes"):
            return False
        if sha256_file(path) != entry["sha256"]:
            return False
    return True


def needed_files(job: Job) -> list[str]:
    """The record entries a complete job has."""
    if job.variant == "video":
        return ["mp4", "poster", *[e for e in job.exports if e != "poster"]]
    if job.variant == "slides":
        return ["slides"]
    return [job.variant]


def job_is_fresh(job: Job) -> bool:
    return files_intact(load_record(job.record), job.key, Path(job.out_dir), needed_files(job))


def manim_command(job: Job) -> list[str]:
    media = Path(job.work_dir) / "media"
    module = job.slides_module or job.module
    cmd = [sys.executable, "-m", "manim", "render", module, job.scene,
           *job.settings.manim_flags(), "--media_dir", str(media),
           "--progress_bar", "none", "-v", "WARNING", "--disable_caching"]
    if job.variant in EXPORTS:  # a format rendered on its own
        cmd += EXPORTS[job.variant].manim_flags
    elif job.variant == "video":
        cmd += job.settings.encoder_flags()
    return cmd


def _run_manim(job: Job, log: Path) -> Path:
    """Run the manim CLI for the job; return the file it wrote."""
    media = Path(job.work_dir) / "media"
    # the scene reads its inputs from the job alone, never from the caller's shell
    env = {k: v for k, v in os.environ.items() if k not in SCENE_INPUTS}
    env.update(job.env)
    env.setdefault("PYTHONUNBUFFERED", "1")
    cmd = manim_command(job)
    started = time.time()
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w", encoding="utf-8") as f:
        f.write("$ " + " ".join(cmd) + "\n")
        f.flush()
        proc = subprocess.Popen(cmd, cwd=job.root, env=env, stdout=f, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
        with _LOCK:
            RUNNING.add(proc)
            if STOPPED.is_set():
                proc.terminate()
        try:
            proc.wait()
        finally:
            with _LOCK:
                RUNNING.discard(proc)
    if proc.returncode != 0:
        text = log.read_text(encoding="utf-8", errors="replace")
        raise RenderError(error_line(text.split("\n", 1)[-1], job.scene))
    if job.variant == "slides":
        return media
    ext = ".mp4" if job.variant == "video" else f".{EXPORTS[job.variant].ext}"
    made = [p for p in (media / "videos").rglob(f"{job.scene}{ext}")
            if "partial_movie_files" not in p.parts and p.stat().st_mtime >= started - 1]
    if not made:
        raise RenderError(f"manim exited 0 but wrote no {job.scene}{ext} under {media}")
    return max(made, key=lambda p: p.stat().st_mtime)


def _entry(path: Path, out_dir: Path) -> dict:
    return {"file": path.relative_to(out_dir).as_posix(), "sha256": sha256_file(path),
            "bytes": path.stat().st_size}


def _export(fmt: str, mp4: Path, target: Path, job: Job, info: dict | None,
            out_dir: Path) -> dict:
    """Make one export of the clip, check it by decoding, return its record entry."""
    export = EXPORTS[fmt]
    export.make(mp4, target)
    problem = export.check(target, job.settings.size, (info or {}).get("frames")) \
        if export.check else None
    if problem:
        target.unlink(missing_ok=True)
        raise RenderError(problem)
    return _entry(target, out_dir)


def _timeline(job: Job, rendered: bool, reuse: dict | None) -> dict | None:
    """The scene's recorded video time -> trace position (scenes/toolkit/timeline.py), if any."""
    if not rendered:
        return (reuse or {}).get("timeline")
    path = job.env.get(TIMELINE_ENV)
    return load_record(path) if path else None


def _beats(job: Job, rendered: bool, reuse: dict | None) -> dict | None:
    """The scene's beats and whether its frames showed a word (scenes/toolkit/beats.py's
    $MLP_BEATS record), if it wrote them."""
    if not rendered:
        return (reuse or {}).get("beats")
    path = job.env.get(BEATS_ENV)
    return load_record(path) if path else None


def _save(job: Job, files: dict, info: dict | None, rendered: bool, reuse: dict | None,
          t0: float) -> dict:
    """Write the job's record (last, atomically): its key and every file made so far."""
    record = {"key": job.key, "scene": job.scene, "variant": job.variant, "files": files,
              "info": info, "timeline": _timeline(job, rendered, reuse),
              "beats": _beats(job, rendered, reuse),
              "render_seconds": round(time.perf_counter() - t0, 3) if rendered
              else (reuse or {}).get("render_seconds")}
    write_text_atomic(job.record, json.dumps(record, indent=1, sort_keys=True))
    return record


def _slides(job: Job, log: Path) -> dict:
    """Render the scene as slides; return the record entry of its deck."""
    from explainer.pipeline.slides import finish_slides_job, write_wrapper

    write_wrapper(job)
    _run_manim(job, log)
    return finish_slides_job(job)


def _subtitles(made: Path, job: Job, files: dict) -> None:
    """Move the captions manim wrote beside the clip into clips/ (.srt and .vtt), or remove
    an older clip's when this one has none."""
    clips = Path(job.out_dir) / "clips"
    srt_made = made.with_suffix(".srt")
    srt_final = clips / f"{job.stem}.srt"
    words_final = clips / f"{job.stem}.words.json"
    if job.shared:  # each language's subtitles are written from its own captions
        return
    spoken = spoken_words(job)
    if spoken is not None:
        write_text_atomic(words_final, json.dumps(spoken))
        files["words"] = _entry(words_final, Path(job.out_dir))
    else:
        words_final.unlink(missing_ok=True)
    if srt_made.is_file():
        text = srt_made.read_text(encoding="utf-8")
        write_text_atomic(srt_final, text)
        write_text_atomic(srt_final.with_suffix(".vtt"), srt_to_vtt(text, spoken))
        files["srt"] = _entry(srt_final, Path(job.out_dir))
        files["vtt"] = _entry(srt_final.with_suffix(".vtt"), Path(job.out_dir))
    else:
        srt_final.unlink(missing_ok=True)
        srt_final.with_suffix(".vtt").unlink(missing_ok=True)


def spoken_words(job: Job) -> list | None:
    """Every word the scene's voice said and when ([[word, start, end], ...] on the clip's
    clock), from what the scene wrote to $MLP_SPOKEN; None for a silent scene."""
    path = job.env.get(SPOKEN_ENV)
    record = load_record(path) if path else None
    if not record:
        return None
    return [w for beat in record.get("beats", []) for w in beat.get("words", [])]


def _check_sound(name: str, clip, *, voiced: bool) -> None:
    """A silent run's clip has no audio stream; a voiced clip's sound (a scene that says
    nothing has none) lasts as long as its picture, to a frame and a half."""
    if not voiced and clip.audio is not None:
        raise RenderError(f"{name}: expected no sound without --voice, found an audio stream")
    if voiced and clip.audio is not None and abs(clip.audio - clip.duration) > 1.5 / clip.fps:
        raise RenderError(f"{name}: its sound lasts {clip.audio:.3f} s but its picture "
                          f"{clip.duration:.3f} s")


def _clip(job: Job, reuse: dict | None, log: Path) -> tuple[dict, dict | None, bool]:
    """The job's clip (the mp4, or a transparent render): reused when the record for this
    key still matches the file, else rendered, checked and moved into clips/.

    Returns (files, info, rendered): the record entries made or kept so far, the clip's
    decoded info, and whether manim ran.
    """
    out_dir = Path(job.out_dir)
    clips = out_dir / "clips"
    main = "mp4" if job.variant == "video" else job.variant
    if reuse and files_intact(reuse, job.key, out_dir, [main]):
        files = {main: reuse["files"][main]}
        # the captions belong to this very clip: keep them if they are intact too
        for name in ("srt", "vtt", "words") if job.variant == "video" else ():
            if name in reuse["files"] and files_intact(reuse, job.key, out_dir, [name]):
                files[name] = reuse["files"][name]
        return files, reuse.get("info"), False
    for env in (TIMELINE_ENV, SPOKEN_ENV, BEATS_ENV):
        if job.env.get(env):
            # a record left by an earlier render would otherwise pass for this one's
            Path(job.env[env]).unlink(missing_ok=True)
    made = _run_manim(job, log)
    final = clips / f"{job.stem}{VARIANT_SUFFIX[job.variant]}"
    poster = clips / f"{job.stem}.png" if job.variant == "video" else None
    try:
        clip = verify_clip(made, size=job.settings.size, fps=job.settings.frame_rate,
                           alpha=job.variant != "video", poster=poster)
    except VerifyError as e:
        raise RenderError(str(e)) from None
    if job.variant == "video":
        _check_sound(made.name, clip, voiced=bool(job.settings.voice))
    with atomic(final) as tmp:
        shutil.move(str(made), tmp)
    files = {main: _entry(final, out_dir)}
    if poster is not None:
        files["poster"] = _entry(poster, out_dir)
    if job.variant == "video":
        _subtitles(made, job, files)
    return files, clip.to_json(), True


def _exports(job: Job, files: dict, info: dict | None, rendered: bool, reuse: dict | None,
             t0: float) -> None:
    """Add the clip's exports to ``files``: kept from the record when the clip was reused and
    the file is intact, made (and checked) otherwise."""
    out_dir = Path(job.out_dir)
    clips = out_dir / "clips"
    mp4 = out_dir / files["mp4"]["file"]
    wanted = {name for name in DERIVED_FORMATS if EXPORTS[name].always} | set(job.exports)
    if rendered:
        # exports of the older clip that this run does not remake would no longer match it
        for name in DERIVED_FORMATS:
            if name not in wanted:
                (clips / f"{job.stem}{EXPORTS[name].suffix}").unlink(missing_ok=True)
    for fmt in sorted(wanted):
        if fmt in files:  # made with the clip (the poster)
            continue
        # an export is only as good as the clip it came from: reuse it only beside a
        # reused clip, never beside a new render
        if not rendered and reuse and files_intact(reuse, job.key, out_dir, [fmt]):
            files[fmt] = reuse["files"][fmt]
            continue
        try:
            files[fmt] = _export(fmt, mp4, clips / f"{job.stem}{EXPORTS[fmt].suffix}", job,
                                 info, out_dir)
        except Exception as e:
            # keep the clip and the exports made: the next run retries this one
            _save(job, files, info, rendered, reuse, t0)
            msg = str(e) if isinstance(e, RenderError) else f"{type(e).__name__}: {e}"
            raise RenderError(f"{fmt} export: {msg}") from None


def run_job(job: Job) -> JobResult:
    """Render, check and export one job; never raises for a failed scene."""
    t0 = time.perf_counter()
    log = Path(job.work_dir) / f"{job.variant}.log"
    try:
        record = load_record(job.record)
        # a record written for another key describes other inputs: nothing in it is reused
        reuse = record if (record and record.get("key") == job.key) else None
        if job.variant == "slides":
            files, info, rendered = {"slides": _slides(job, log)}, None, True
        else:
            files, info, rendered = _clip(job, reuse, log)
            if job.variant == "video":
                _exports(job, files, info, rendered, reuse, t0)
        new_record = _save(job, files, info, rendered, reuse, t0)
        return JobResult(job.scene, job.variant, True, tag=job.tag, rendered=rendered,
                         seconds=time.perf_counter() - t0, log=str(log), record=new_record)
    except RenderError as e:
        return JobResult(job.scene, job.variant, False, tag=job.tag, error=str(e),
                         seconds=time.perf_counter() - t0, log=str(log))
    except Exception as e:  # an export or a file system error: still one line, still named
        return JobResult(job.scene, job.variant, False, tag=job.tag,
                         error=f"{type(e).__name__}: {e}",
                         seconds=time.perf_counter() - t0, log=str(log))
