"""Reading pace: how long a caption stays on screen so that a viewer can read it.

One knob sets it for the whole explainer: $MLP_READING_SPEED on the manim command line
(scenes take no custom flags), ``mlp-explainer render --reading-speed`` in the pipeline.
Its value is the most characters a second a caption may ask of a reader, optionally with
the shortest time any caption stays up: ``15`` or ``15,1.5`` (the default: subtitle guides
for adult viewers keep to about 15-17 characters a second and at least 1.5 s a cue).

Examples
--------
>>> speed = ReadingSpeed.parse("15")
>>> speed.seconds("Count.")                 # short: the shortest time a caption stays up
1.5
>>> speed.seconds("x" * 45)                 # 45 characters at 15 a second
3.0
>>> str(ReadingSpeed.parse("12,2"))
'12,2'
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

ENV_VAR = "MLP_READING_SPEED"
DEFAULT_CHARS_PER_SECOND = 15.0
DEFAULT_MIN_SECONDS = 1.5

EXPECTED = ("expected characters a second (> 0), optionally with the shortest caption in seconds, "
            "such as 15 or 15,1.5")


@dataclass(frozen=True)
class ReadingSpeed:
    """How fast captions may go: at most ``chars_per_second`` characters a second, and
    never less than ``min_seconds`` on screen."""

    chars_per_second: float = DEFAULT_CHARS_PER_SECOND
    min_seconds: float = DEFAULT_MIN_SECONDS

    def __post_init__(self) -> None:
        cps, low = self.chars_per_second, self.min_seconds
        if not (isinstance(cps, int | float) and math.isfinite(cps) and cps > 0):
            raise ValueError(f"reading speed: expected characters a second > 0, got {cps!r}")
        if not (isinstance(low, int | float) and math.isfinite(low) and 0 <= low <= 60):
            raise ValueError(f"reading speed: expected the shortest caption in seconds, "
                             f"0 to 60, got {low!r}")

    def seconds(self, caption: str) -> float:
        """How long ``caption`` must stay on screen to be read (every character counts)."""
        return max(self.min_seconds, len(caption) / self.chars_per_second)

    def __str__(self) -> str:
        return f"{self.chars_per_second:g},{self.min_seconds:g}"

    @classmethod
    def parse(cls, text: str, where: str = ENV_VAR) -> ReadingSpeed:
        """``"CPS"`` or ``"CPS,MIN_SECONDS"``; anything else is a ValueError of one line
        that starts with ``where``."""
        parts = [p.strip() for p in str(text).split(",")]
        try:
            if not 1 <= len(parts) <= 2:
                raise ValueError
            values = [float(p) for p in parts]
            return cls(*values)
        except (ValueError, TypeError):
            raise ValueError(f"{where}: {EXPECTED}; got {text!r}") from None


def reading_speed_from_env() -> ReadingSpeed:
    """$MLP_READING_SPEED, or the default when it is unset or empty (ValueError if bad)."""
    text = os.environ.get(ENV_VAR, "").strip()
    return ReadingSpeed.parse(text) if text else ReadingSpeed()
