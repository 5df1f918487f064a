"""How fast an explainer's captions ask to be read: characters a second over every cue.

    .venv/bin/python scripts/caption_pace.py out/explainer.srt [--limit 15] [--shortest 1.5]

Prints the number of cues, the fastest (characters per second, as the .srt states its
times), the shortest, the median, and the video's length when the .mp4 of the same name
sits beside it. Exits 1 when a cue is faster than --limit or shorter than --shortest.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import srt


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("srt", type=Path, help="subtitles, e.g. out/explainer.srt")
    p.add_argument("--limit", type=float, default=15.0, help="characters a second (15)")
    p.add_argument("--shortest", type=float, default=1.5, help="seconds a cue (1.5)")
    args = p.parse_args(argv)
    try:
        cues = list(srt.parse(args.srt.read_text(encoding="utf-8")))
    except (OSError, srt.SRTParseError) as e:
        print(f"caption_pace: expected a readable .srt at {args.srt}: {e}", file=sys.stderr)
        return 2
    if not cues:
        print(f"caption_pace: {args.srt} holds no cues", file=sys.stderr)
        return 2
    rows = []
    for cue in cues:
        seconds = (cue.end - cue.start).total_seconds()
        chars = len(cue.content.replace("\n", " "))
        rows.append((chars / seconds if seconds > 0 else float("inf"), seconds, cue.content))
    fastest = max(rows)
    shortest = min(rows, key=lambda r: r[1])
    print(f"{len(rows)} cues in {args.srt}")
    print(f"  fastest  {fastest[0]:.2f} characters a second: {fastest[2]!r}")
    print(f"  shortest {shortest[1]:.3f} s: {shortest[2]!r}")
    print(f"  median   {statistics.median(r[0] for r in rows):.2f} characters a second")
    video = args.srt.with_suffix(".mp4")
    if video.exists():
        import av

        with av.open(str(video)) as c:
            print(f"  video    {c.duration / 1e6:.1f} s ({video.name})")
    bad = [r for r in rows if r[0] > args.limit or r[1] < args.shortest]
    if bad:
        print(f"  {len(bad)} cue(s) faster than {args.limit:g} characters a second or shorter "
              f"than {args.shortest:g} s")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
