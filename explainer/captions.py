"""The rules a story's captions keep, over the whole explainer in order.

- no caption stays up longer than ``MAX_SECONDS`` (10 s), none asks for more than
  ``MAX_RATE`` (15) characters a second;
- at most ``MAX_REPEAT`` (10%) of the caption time repeats an earlier caption: a caption
  repeats when, numbers removed, difflib finds it at least ``SIMILAR`` (0.75) alike to one
  said before;
- no word of the project's own making on screen (``JARGON``);
- words in the seed's order: the first caption that says "hidden unit" or "forward pass"
  comes after the first that says "network"; the first that says "gradient" after the first
  that says "loss" (these words in the captions' language, $MLP_LANGUAGE);
- in a language other than English, no English: no caption holds a word (three letters or
  more) that the English strings use and none of the language's translations does
  (:func:`english_words`, read from the catalog).

``check`` takes (caption, seconds) pairs in story order (an .srt's cues, or the beats
``scenes.toolkit.planning.plan_beats`` finds) and returns one line per broken rule.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from scenes.toolkit.language import DEFAULT, catalog, language, pgettext

MAX_SECONDS = 10.0
MAX_RATE = 15.0
MAX_REPEAT = 0.10
SIMILAR = 0.75
SLACK = 0.002  # an .srt states times to the millisecond, a beat holds one more
JARGON = ("the core", "closed form", "the seed", "trace", "snapshot")
# (a word, the word it must follow)
ORDER = (("hidden unit", "network"), ("forward pass", "network"), ("gradient", "loss"))


# a word: three letters or more, in any script ("x1", "of", "la" are not words here)
_WORD = re.compile(r"[^\W\d_]{3,}")
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(_PLACEHOLDER.sub(" ", text))}


def english_only(code: str) -> frozenset[str]:
    """The words the English strings use and none of language ``code``'s translations uses
    ("line", "points" for German; not "phi" or "scikit"): a caption or a text on screen
    that says one of them says English. Empty for English."""
    found = catalog(code)
    if found is None:
        return frozenset()
    key = (code, id(found))
    if key not in _ENGLISH_ONLY:
        _ENGLISH_ONLY.clear()
        _ENGLISH_ONLY[key] = _english_only(found)
    return _ENGLISH_ONLY[key]


_ENGLISH_ONLY: dict = {}  # the last catalog's english_only: it is read once a language


def _english_only(found) -> frozenset[str]:
    english, translated = set(), set()
    for e in found.entries:
        if not e["msgid"] or e["msgctxt"] == "caption rule":  # stems, not words read
            continue
        english |= _words(e["msgid"]) | _words(e["msgid_plural"] or "")
        forms = e["msgstr"] if isinstance(e["msgstr"], list) else [e["msgstr"]]
        for form in forms:
            translated |= _words(form)
    return frozenset(english - translated)


def english_words(text: str, code: str | None = None) -> list[str]:
    """The words of ``text`` that only English says (:func:`english_only`), in the order
    said: [] when ``text`` is all in language ``code`` (the captions' language by default).

    >>> english_words("Die Gerade trennt die points.", "de")
    ['points']
    """
    english = english_only(language() if code is None else code)
    return [w for w in (m.lower() for m in _WORD.findall(text)) if w in english]


def said_order() -> tuple[tuple[str, str], ...]:
    """ORDER in the captions' language ($MLP_LANGUAGE): each word as its catalog writes it
    in the context "caption rule" (a stem a caption contains, lower case, or its forms
    between "|")."""
    return ((pgettext("caption rule", "hidden unit"), pgettext("caption rule", "network")),
            (pgettext("caption rule", "forward pass"), pgettext("caption rule", "network")),
            (pgettext("caption rule", "gradient"), pgettext("caption rule", "loss")))

_NUMBER = re.compile(r"[-\u2212]?\d+(?:[.,]\d+)*%?")


def without_numbers(text: str) -> str:
    """A caption with its numbers taken out, for comparing captions of different runs.

    >>> without_numbers("Step 1000: 98% right, L = 0.0086.")
    'Step : right, L = .'
    """
    return re.sub(r"\s+", " ", _NUMBER.sub("", text)).strip()


def repeats(captions: Sequence[str]) -> list[int | None]:
    """For each caption, the index of the first earlier caption it repeats, or None."""
    plain = [without_numbers(c).lower() for c in captions]
    found: list[int | None] = []
    for i, text in enumerate(plain):
        found.append(next((j for j in range(i)
                           if difflib.SequenceMatcher(None, plain[j], text).ratio() >= SIMILAR),
                          None))
    return found


def first_saying(captions: Sequence[str], word: str) -> tuple[int, int] | None:
    """Where ``word`` (any case) is first said: (caption index, character in it), or None.
    ``word`` may list the forms a word takes, between "|" (a language that declines its
    nouns: "сеть|сети|сетью"): the first caption that says any of them.

    >>> first_saying(["Сначала прямая.", "Они становятся сетью."], "сеть|сети|сетью")
    (1, 15)
    """
    forms = [f for f in word.lower().split("|") if f]
    for i, c in enumerate(captions):
        found = [at for at in (c.lower().find(f) for f in forms) if at >= 0]
        if found:
            return i, min(found)
    return None


def check(cues: Sequence[tuple[str, float]]) -> list[str]:
    """Every rule ``cues`` (caption, seconds) break, one line each; [] when none."""
    problems = []
    captions = [c for c, _ in cues]
    total = sum(s for _, s in cues) or 1.0
    for text, seconds in cues:
        if seconds > MAX_SECONDS + SLACK:
            problems.append(f"{seconds:.1f} s on screen (at most {MAX_SECONDS:g}): {text}")
        if len(text) > MAX_RATE * (seconds + SLACK):
            problems.append(f"{len(text) / seconds:.1f} characters a second (at most "
                            f"{MAX_RATE:g}): {text}")
        for word in JARGON:
            if word in text.lower():
                problems.append(f"says {word!r}, a word of the project's own: {text}")
    again = repeats(captions)
    repeated = sum(s for (_, s), j in zip(cues, again, strict=True) if j is not None)
    if repeated > MAX_REPEAT * total:
        worst = [c for c, j in zip(captions, again, strict=True) if j is not None]
        problems.append(f"{100 * repeated / total:.0f}% of the caption time repeats an earlier "
                        f"caption (at most {100 * MAX_REPEAT:g}%), as: {worst[0]}")
    if language() != DEFAULT:
        for text in dict.fromkeys(captions):
            said = english_words(text)
            if said:
                problems.append(f"says {', '.join(said)} in English: {text}")
    return problems + order_problems(captions)


def order_problems(captions: Sequence[str]) -> list[str]:
    """Each word of ``ORDER`` said before the word it must follow, one line each."""
    problems = []
    for word, after in said_order():
        word, after = word.lower(), after.lower()
        i, j = first_saying(captions, word), first_saying(captions, after)
        if i is not None and (j is None or i < j):
            problems.append(f"says {word!r} before {after!r}: {captions[i[0]]}")
    return problems


def repeated_share(cues: Sequence[tuple[str, float]]) -> float:
    """The share of the caption time spent on captions that repeat an earlier one."""
    total = sum(s for _, s in cues) or 1.0
    return sum(s for (_, s), j in zip(cues, repeats([c for c, _ in cues]), strict=True)
               if j is not None) / total
