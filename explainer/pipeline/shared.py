"""Clips shared by the languages of a run: a chapter whose frames show no word is rendered
once for all of them.

Whether a chapter shows words, and what it says in each language, comes from its plan
(scenes.toolkit.planning: the scene played with its animations skipped, about a second a
chapter), made in every language of the run and kept in ``.work/plans/`` under the
chapter's cache key in that language. A chapter is shared when no language's plan shows a
word (scenes.toolkit.beats.shows_words) and every language has the same beats. Its clip is
rendered once, each beat held as long as the slowest language's caption needs
($MLP_HOLDS), and each language's subtitles are written from its own captions at the
shared clip's beat times (``subtitles``). A voiced run shares nothing: each language has
its own sound.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from explainer.pipeline.media import write_text_atomic
from explainer.pipeline.plan import Settings, sha256_text
from explainer.story import Chapter
from scenes.toolkit.beats import BEATS_ENV, HOLDS_ENV
from scenes.toolkit.language import ENV_VAR as LANGUAGE_ENV
from scenes.toolkit.reading import ENV_VAR as READING_ENV
from scenes.toolkit.reading import ReadingSpeed
from scenes.toolkit.timeline import ENV_VAR as TIMELINE_ENV
from scenes.toolkit.voice import ENV_VAR as VOICE_ENV
from scenes.toolkit.voice import SPOKEN_ENV

PLAN_VERSION = "2"  # bump when what a plan records changes


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """The scene inputs of a render, and none of the shell's, within the block."""
    names = {"MLP_TRACE", LANGUAGE_ENV, READING_ENV, VOICE_ENV, HOLDS_ENV, BEATS_ENV,
             TIMELINE_ENV, SPOKEN_ENV, *values}
    before = {n: os.environ.get(n) for n in names}
    for n in names:
        os.environ.pop(n, None)
    os.environ.update(values)
    try:
        yield
    finally:
        for n, v in before.items():
            if v is None:
                os.environ.pop(n, None)
            else:
                os.environ[n] = v


def _scene_class(chapter: Chapter, root: Path):
    """The chapter's scene class, from its file (imported once per process)."""
    path = (root / chapter.module).resolve()
    name = "_mlp_plan_" + hashlib.sha256(str(path).encode()).hexdigest()[:12]
    module = sys.modules.get(name)
    if module is None:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        added = [p for p in (str(root), str(path.parent)) if p not in sys.path]
        sys.path[:0] = added
        try:
            sys.modules[name] = module
            spec.loader.exec_module(module)
        except BaseException:
            sys.modules.pop(name, None)
            raise
        finally:
            for p in added:
                sys.path.remove(p)
    return getattr(module, chapter.scene)


class _WordShown(Exception):
    """A plan stopped at the first word on screen: the chapter's clip cannot be shared."""


def _looking(scene_cls):
    """The scene, stopped as soon as a word is on screen (most chapters show one in their
    first beat, so their plan takes a moment)."""

    class Looking(scene_cls):
        def play(self, *args, **kwargs):
            super().play(*args, **kwargs)
            if getattr(self, "words_drawn", False):
                raise _WordShown

    Looking.__name__ = Looking.__qualname__ = scene_cls.__name__
    return Looking


def plan_chapter(chapter: Chapter, root: Path, settings: Settings, key: str,
                 trace: Path | None, cache: Path) -> dict:
    """What the chapter shows and says in ``settings.language``: ``{"words": bool,
    "captions": [...]}`` from its plan (stopped at the first word on screen, with no
    captions then), kept in ``cache`` under ``key`` (the chapter's cache key in that
    language); a scene that cannot be planned counts as showing words."""
    from scenes.toolkit.planning import plan

    path = cache / f"{sha256_text(PLAN_VERSION + key)}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    env = {LANGUAGE_ENV: settings.language, READING_ENV: str(settings.reading)}
    if chapter.plays_trace and trace is not None:
        env["MLP_TRACE"] = str(trace.resolve())
    cwd = os.getcwd()
    try:
        with _environment(env), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            os.chdir(root)  # as manim runs the scene: its own traces are read from there
            scene = plan(_looking(_scene_class(chapter, root)), media_dir=cache / "media",
                         reading=settings.reading)
        found = {"words": bool(scene.words_drawn),
                 "captions": [b.caption for b in scene.played_beats]}
    except _WordShown:
        found = {"words": True, "captions": []}
    except (Exception, SystemExit):  # the render says why, with its own line
        found = {"words": True, "captions": [], "failed": True}
    finally:
        os.chdir(cwd)
    write_text_atomic(path, json.dumps(found))
    return found


def holds(captions: Sequence[Sequence[str]], reading: ReadingSpeed) -> list[float]:
    """Each beat's shortest hold: the longest reading time of its caption in any language
    (``captions``: one list of every beat's caption per language)."""
    return [max(reading.seconds(c) for c in beat) for beat in zip(*captions, strict=True)]


def shareable(plans: Sequence[dict]) -> bool:
    """Whether the languages' plans of one chapter can share a clip: none shows a word, and
    all have the same number of beats."""
    return (bool(plans) and not any(p["words"] or p.get("failed") for p in plans)
            and len({len(p["captions"]) for p in plans}) == 1)


def subtitles(beats: Sequence[dict], captions: Sequence[str]) -> str:
    """A shared clip's .srt in one language: each caption over its beat of the shared clip
    (``beats``: the render's beat record, start and end in seconds)."""
    import srt

    if len(beats) != len(captions):
        raise ValueError(f"the shared clip has {len(beats)} beats, the language's plan "
                         f"{len(captions)} captions")
    return srt.compose([srt.Subtitle(index=k + 1, start=timedelta(seconds=b["start"]),
                                     end=timedelta(seconds=b["end"]), content=c)
                        for k, (b, c) in enumerate(zip(beats, captions, strict=True))])
