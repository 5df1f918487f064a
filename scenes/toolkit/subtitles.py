"""Subtitles that follow the voice: a spoken caption split into readable phrases, each shown
from the moment its first word is said, at most two lines of 42 characters (the common
subtitle limits).

A caption takes as few phrases as fit, as even in length as can be, each ending where a
sentence or a clause does when one falls near enough; a phrase's two lines are balanced
(the break that makes the longer line shortest). A single word longer than a line stands
alone, unbroken. Lengths are characters as seen (an accented letter is one, however it is
encoded; Cyrillic as Latin), and a line never breaks at a no-break space ("99,5\u202f%").

Examples
--------
>>> wrap("Each hidden unit draws one line across the plane.")
['Each hidden unit draws', 'one line across the plane.']
>>> [" ".join(p) for p in split_phrases(("Short, and sweet.").split())]
['Short, and sweet.']
>>> chars("Zurück"), chars("Zuru\u0308ck"), chars("Прямая")
(6, 6, 6)
"""

from __future__ import annotations

import unicodedata

from scenes.toolkit.voice import words_of

LINE_CHARS = 42
MAX_LINES = 2
SENTENCE_END = (".", "!", "?", ":", ";")
CLAUSE_END = (",", "\u2014")
CLOSING = "\"')»”’"  # what may close a sentence after its stop ("… gerade.»")


def chars(text: str) -> int:
    """How many characters ``text`` shows: its letters, each with its accents (a combining
    mark adds none), and no invisible ones."""
    return sum(1 for c in unicodedata.normalize("NFC", text)
               if unicodedata.category(c) not in ("Mn", "Me", "Cf"))


def wrap(text: str, width: int = LINE_CHARS) -> list[str]:
    """``text`` on one line when it fits, else two lines as even as can be (each at most
    ``width`` characters when the words allow it)."""
    words = words_of(text)
    one = " ".join(words)
    if chars(one) <= width or len(words) < 2:
        return [one]
    best = None
    for k in range(1, len(words)):
        top, bottom = " ".join(words[:k]), " ".join(words[k:])
        worst = max(chars(top), chars(bottom))
        if best is None or worst < best[0]:
            best = (worst, [top, bottom])
    return best[1]


def fits(words: list[str], width: int = LINE_CHARS, lines: int = MAX_LINES) -> bool:
    """Whether the words fit in ``lines`` lines of ``width`` characters."""
    if lines == 1:
        return chars(" ".join(words)) <= width
    wrapped = wrap(" ".join(words), width)
    return len(wrapped) <= lines and all(chars(line) <= width for line in wrapped)


def split_phrases(tokens: list[str], width: int = LINE_CHARS,
                  lines: int = MAX_LINES) -> list[list[str]]:
    """The caption's words (``tokens``, in order) as phrases that each fit in ``lines``
    lines of ``width`` characters: as few phrases as fit, as even in length as can be, cut
    where the words pause (a sentence's end before a clause's, a clause's before none)."""
    n = len(tokens)
    if n == 0:
        return []
    target = chars(" ".join(tokens)) / max(1, _fewest(tokens, width, lines))
    # best[j]: (phrases, cost, where the last phrase starts) of the best split of tokens[:j]
    best: list[tuple[int, float, int] | None] = [(0, 0.0, 0)] + [None] * n
    for j in range(1, n + 1):
        for i in range(j - 1, -1, -1):
            if not fits(tokens[i:j], width, lines) and j - i > 1:
                break
            if best[i] is None:
                continue
            count, cost, _ = best[i]
            cost += (chars(" ".join(tokens[i:j])) - target) ** 2 + _cut_cost(tokens, j)
            if best[j] is None or (count + 1, cost) < best[j][:2]:
                best[j] = (count + 1, cost, i)
    phrases, j = [], n
    while j > 0:
        i = best[j][2]
        phrases.append(tokens[i:j])
        j = i
    return phrases[::-1]


def _fewest(tokens: list[str], width: int, lines: int) -> int:
    """How many phrases the words need at least (taking as many words as fit, each time)."""
    count, k = 0, 0
    while k < len(tokens):
        n = 1
        while k + n < len(tokens) and fits(tokens[k:k + n + 1], width, lines):
            n += 1
        count, k = count + 1, k + n
    return count


def _cut_cost(tokens: list[str], j: int) -> float:
    """What ending a phrase after token j - 1 costs: nothing at the caption's or a
    sentence's end, a little at a clause's, more in the middle of one."""
    last = tokens[j - 1].rstrip(CLOSING)
    if j == len(tokens) or last.endswith(SENTENCE_END):
        return 0.0
    return 150.0 if last.endswith(CLAUSE_END) else 600.0
