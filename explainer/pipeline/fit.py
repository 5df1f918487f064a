"""Which chapters can play a user's trace: each scene's own requirements, asked before rendering.

A scene that plays one trace (``TraceScene``) says why it cannot play a trace with
``refusal(trace)``, the same line it stops with when run on it. ``--trace`` renders the
chapters that can play the trace and names the others with that line.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from explainer.story import Chapter, module_root
from mlp.trace import Trace


class NoChapterPlays(ValueError):
    """No chapter of the story can play the trace: one line saying so (exit 2)."""


@dataclass(frozen=True)
class Skipped:
    """A chapter left out: its scene, its title, and the scene's own line saying why."""

    scene: str
    title: str
    reason: str


def scene_class(chapter: Chapter, root: Path):
    """The chapter's Scene class, imported from its file under ``root``; None when the file
    cannot be imported here (the render will say what is wrong with it)."""
    path = (root / chapter.module).resolve()
    name = "_mlp_story_" + "_".join(Path(chapter.module).with_suffix("").parts)
    module = sys.modules.get(name)
    if module is None or getattr(module, "__file__", None) != str(path):
        try:
            spec = importlib.util.spec_from_file_location(name, path)
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            spec.loader.exec_module(module)
        except Exception:  # noqa: BLE001 - rendered as it is, where its error is reported
            sys.modules.pop(name, None)
            return None
    return getattr(module, chapter.scene, None)


def refusal(chapter: Chapter, trace: Trace, root: Path) -> str | None:
    """Why the chapter cannot play ``trace`` (its scene's one line), or None when it can, or
    when the chapter does not play a user's trace or its scene cannot say in advance."""
    if not chapter.plays_trace:
        return None
    cls = scene_class(chapter, module_root(chapter, root))
    ask = getattr(cls, "refusal", None)
    return ask(trace) if callable(ask) else None


def split_story(story: list[Chapter], trace: Trace,
                root: Path) -> tuple[list[Chapter], list[Skipped]]:
    """The chapters that can play ``trace`` (with those that play their own traces), in
    story order, and the ones left out with why.

    Raises NoChapterPlays when no chapter that plays a user's trace can play this one.
    """
    kept, skipped = [], []
    for ch in story:
        why = refusal(ch, trace, root)
        if why:
            skipped.append(Skipped(ch.scene, ch.title, why))
        else:
            kept.append(ch)
    players = [ch for ch in story if ch.plays_trace]
    if players and len(skipped) == len(players):
        reasons = Counter(s.reason for s in skipped)
        common, count = reasons.most_common(1)[0]
        which = next(s.scene for s in skipped if s.reason == common)
        also = f"{which} and {count - 1} more" if count > 1 else which
        raise NoChapterPlays(f"--trace {trace.path or 'trace'}: none of the {len(players)} "
                             f"chapters that play a trace can play it ({also}: {common})")
    return kept, skipped
