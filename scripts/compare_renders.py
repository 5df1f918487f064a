#!/usr/bin/env python3
"""Compare two `mlp-explainer render` outputs, e.g. the same explainer on two Manim versions.

    .venv/bin/python scripts/compare_renders.py OUT_A OUT_B

Same means: the same chapters (titles, start and end times), the same clips (scene, title,
duration, frames, size, fps, the trace played), the same captions (explainer.srt and each
clip's .srt, text and timing) and, when both have one, the same slide deck (slides per
scene, and each slide's kind, flags and frame count). Pixels and file hashes may differ
(encoders change between versions) and are not compared. Prints each difference and exits 1
if there is one; prints what was compared and exits 0 otherwise.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import av

CLIP_FIELDS = ("chapter", "scene", "title", "module", "duration", "frames", "width",
               "height", "fps", "trace_sha256")
SLIDE_FIELDS = ("type", "loop", "auto_next", "playback_rate", "reversed_playback_rate",
                "notes", "skip_animations")


def frames(path: str | Path) -> int:
    with av.open(str(path)) as video:
        return sum(1 for _ in video.decode(video=0))


def summary(out: Path) -> tuple[str | None, dict]:
    """The Manim version, and what must agree between two renders of the same explainer."""
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    s = {
        "size": (m["width"], m["height"], m["fps"]),
        "failed": m.get("failed"),
        "chapters": [(c["title"], c["start"], c["end"])
                     for c in (m.get("explainer") or {}).get("chapters", [])],
        "clips": [{f: c[f] for f in CLIP_FIELDS} for c in m["clips"]],
        "captions": (out / "explainer.srt").read_text(encoding="utf-8")
        if (out / "explainer.srt").is_file() else None,
        "clip captions": {c["scene"]: (out / c["exports"]["srt"]["file"]).read_text("utf-8")
                          for c in m["clips"] if "srt" in c["exports"]},
    }
    deck = m.get("slides")
    if deck:
        s["slides per scene"] = deck["per_scene"]
        s["slides"] = {}
        for scene in deck["per_scene"]:
            data = json.loads((out / ".work" / "slides-deck" / f"{scene}.json").read_text())
            s["slides"][scene] = [{**{f: sl.get(f) for f in SLIDE_FIELDS},
                                   "frames": frames(sl["file"])} for sl in data["slides"]]
            s["deck resolution " + scene] = data["resolution"]
        s["deck files"] = sorted(p for p in ("html", "pdf") if p in deck)
    return m.get("manim"), s


def differences(a, b, where: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b), key=str):
            out += differences(a.get(k), b.get(k), f"{where}/{k}")
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True))
                for d in differences(x, y, f"{where}[{i}]")]
    return [] if a == b else [f"{where or '/'}: {a!r:.200} != {b!r:.200}"]


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    (ma, a), (mb, b) = (summary(Path(p)) for p in argv)
    diffs = differences(a, b)
    for d in diffs:
        print(d)
    if not diffs:
        n_slides = sum(a.get("slides per scene", {}).values())
        print(f"same: {len(a['clips'])} clips, {len(a['chapters'])} chapters, "
              f"{a['captions'].count(' --> ') if a['captions'] else 0} captions, "
              f"{n_slides} slides (Manim {ma} and {mb})")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
