"""Check the story's captions against the rules of explainer/captions.py.

    .venv/bin/python scripts/story_captions.py                  # plan every chapter (~1 min)
    .venv/bin/python scripts/story_captions.py out/explainer.srt  # or read a render's .srt
    .venv/bin/python scripts/story_captions.py --scenes A,B      # some chapters, in order
    .venv/bin/python scripts/story_captions.py --language de out/explainer.de.srt

Without an .srt it plans each chapter of explainer/story.py on its bundled trace with its
animations skipped (scenes/toolkit/planning.py: no frame drawn, full pace), so the captions
and their times are a render's. Prints each chapter's captions with their seconds, the share
of caption time that repeats, and each broken rule; exits 1 when a rule is broken. With
``--language``, the rules are those of that language's captions (its words for the seed's
order, and no caption in English), and the plan says the captions in it.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def planned(scenes: list[str] | None) -> list[tuple[str, float]]:
    from explainer.story import STORY
    from scenes.toolkit.planning import plan_beats

    os.environ.pop("MLP_TRACE", None)
    cues = []
    with tempfile.TemporaryDirectory() as media:
        for chapter in STORY:
            if scenes and chapter.scene not in scenes:
                continue
            module = importlib.import_module(
                chapter.module.removesuffix(".py").replace("/", "."))
            beats = plan_beats(getattr(module, chapter.scene), Path(media))
            print(f"{chapter.scene}")
            for b in beats:
                print(f"  {b.duration:5.1f} s  {b.caption}")
            cues += [(b.caption, b.duration) for b in beats]
    return cues


def from_srt(path: Path) -> list[tuple[str, float]]:
    import srt

    return [(c.content.replace("\n", " "), (c.end - c.start).total_seconds())
            for c in srt.parse(path.read_text(encoding="utf-8"))]


def main(argv=None) -> int:
    from explainer.captions import check, repeated_share

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("srt", nargs="?", type=Path, help="a render's subtitles (explainer.srt)")
    p.add_argument("--scenes", help="only these chapters, comma-separated")
    p.add_argument("--language", metavar="CODE", help="the captions' language (a catalog's "
                   "code in locale/; default $MLP_LANGUAGE, else en)")
    args = p.parse_args(argv)
    if args.language:
        from scenes.toolkit.language import ENV_VAR, LanguageError, check_language

        try:
            os.environ[ENV_VAR] = check_language(args.language.strip(), "--language")
        except LanguageError as e:
            print(f"story_captions: {e}", file=sys.stderr)
            return 2
    try:
        cues = from_srt(args.srt) if args.srt else planned(
            args.scenes.split(",") if args.scenes else None)
    except OSError as e:
        print(f"story_captions: expected a readable .srt: {e}", file=sys.stderr)
        return 2
    problems = check(cues)
    total = sum(s for _, s in cues)
    print(f"{len(cues)} captions, {total:.1f} s; {100 * repeated_share(cues):.1f}% of the "
          f"time repeats an earlier caption; longest {max(s for _, s in cues):.1f} s")
    for line in problems:
        print(f"  {line}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
