"""Check a narrated render's subtitles and sound: every cue starts within one frame of its
first spoken word (as the voice timed it: clips/<Scene>.words.json), no cue holds more than
two lines of 42 characters, and the joined explainer is at -16 LUFS (within 1) with no
sample at full scale. Prints what it found; exits 1 when any of it fails.

    .venv/bin/python scripts/voiced_subtitles.py media/explainer
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from explainer.pipeline.media import AUDIO_RATE, read_audio_track, read_srt, read_words  # noqa: E402
from scenes.toolkit.subtitles import LINE_CHARS, MAX_LINES  # noqa: E402
from scenes.toolkit.voice import words_of  # noqa: E402


def check_clip(out: Path, clip: dict) -> tuple[int, float, list[str]]:
    """(cues, the largest gap in seconds between a cue's start and its first word, problems)."""
    ex = clip["exports"]
    if "srt" not in ex or "words" not in ex:
        return 0, 0.0, [f"{clip['scene']}: no subtitles or no word times"]
    cues = read_srt(out / ex["srt"]["file"])
    words = read_words(out / ex["words"]["file"])
    problems, worst, k = [], 0.0, 0
    for cue in cues:
        lines = cue.content.split("\n")
        if len(lines) > MAX_LINES or any(len(line) > LINE_CHARS for line in lines):
            problems.append(f"{clip['scene']}: cue {cue.index} is {len(lines)} lines of up to "
                            f"{max(map(len, lines))} characters")
        tokens = words_of(cue.content)  # "99,5\u202f%" is one word
        if [w[0] for w in words[k:k + len(tokens)]] != tokens:
            problems.append(f"{clip['scene']}: cue {cue.index}'s words are not the next ones "
                            f"said")
            continue
        gap = abs(cue.start.total_seconds() - words[k][1])
        worst = max(worst, gap)
        if gap > 1 / clip["fps"]:
            problems.append(f"{clip['scene']}: cue {cue.index} starts {gap:.3f} s from its "
                            f"first word")
        k += len(tokens)
    return len(cues), worst, problems


def main() -> int:
    import numpy as np
    import pyloudnorm

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "media/explainer")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    problems, cues, worst = [], 0, 0.0
    for clip in manifest["clips"]:
        n, gap, found = check_clip(out, clip)
        cues, worst, problems = cues + n, max(worst, gap), problems + found
    print(f"{len(manifest['clips'])} clips, {cues} cues; the largest gap between a cue's start "
          f"and its first word: {worst * 1000:.1f} ms")
    sound = read_audio_track(out / manifest["explainer"]["file"])
    if sound is None:
        problems.append("explainer.mp4 has no sound")
    else:
        lufs = pyloudnorm.Meter(AUDIO_RATE).integrated_loudness(sound.astype(np.float64))
        peak = float(np.abs(sound).max())
        print(f"explainer.mp4: {lufs:.2f} LUFS, peak {peak:.3f} ({20 * np.log10(peak):.2f} dBFS)")
        if abs(lufs + 16) > 1:
            problems.append(f"explainer.mp4: expected -16 LUFS within 1, found {lufs:.2f}")
        if peak >= 1.0:
            problems.append(f"explainer.mp4: a sample at full scale ({peak:.3f})")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
