"""Every chapter of the story in every shipped language, played with its animations skipped
(each animation jumps to its end, every mobject where a render puts it; no frame is drawn)
and read as a viewer of that language would:

- every word has its translation: a string the catalog lacks is an error here, not a warning;
- its words stay on screen and apart: after each animation and wait, every text lies inside
  the frame and clear of every other (the check of test_every_chapter, in each language);
- it says nothing in English: no caption and no text on screen (formulas' \\text{} words
  included) holds a word that only the English strings use: a word of the template's
  msgids that none of the language's translations uses. The words are read from the
  catalogs here, so the check follows the catalogs as they grow;
- each caption is one of the catalog's sentences (its placeholders standing for any words).

A new catalog in locale/ is a new language here: nothing to add.
"""

from __future__ import annotations

import re
import warnings
from functools import cache
from pathlib import Path

import pytest
from plane_render import checking, scene_of, watching

from explainer.story import STORY
from scenes.toolkit import language
from scenes.toolkit.language import ENV_VAR, MissingTranslation, read_po
from scenes.toolkit.planning import plan
from scenes.toolkit.reading import ENV_VAR as READING_ENV
from scenes.toolkit.traces import ENV_VAR as TRACE_ENV

LOCALE = Path(__file__).resolve().parents[2] / "locale"
LANGUAGES = sorted(p.stem for p in LOCALE.glob("*.po"))
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
# a word: three letters or more (any script), so "x1", "b", "of", "la" are not words here
WORD = re.compile(r"[^\W\d_]{3,}")
# TeX: the words of \text{...}, and the commands that are not words
TEX_TEXT = re.compile(r"\\text(?:bf|it|rm)?\{([^{}]*)\}")
TEX_COMMAND = re.compile(r"\\[A-Za-z]+")


def words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(PLACEHOLDER.sub(" ", text))}


def entries(code: str) -> list[dict]:
    return [e for e in read_po((LOCALE / f"{code}.po").read_text(encoding="utf-8"))
            if e["msgid"]]


def forms(entry: dict) -> list[str]:
    return entry["msgstr"] if isinstance(entry["msgstr"], list) else [entry["msgstr"]]


@cache
def english_only(code: str) -> frozenset[str]:
    """The words the English strings use and none of ``code``'s translations does."""
    english, translated = set(), set()
    for e in entries(code):
        if e["msgctxt"] == "caption rule":  # stems, not words a viewer reads
            continue
        english |= words(e["msgid"]) | words(e["msgid_plural"] or "")
        for form in forms(e):
            translated |= words(form)
    return frozenset(english - translated)


@cache
def sentences(code: str) -> tuple[re.Pattern, ...]:
    """Each of the catalog's translations as a pattern, its placeholders any words."""
    found = []
    for e in entries(code):
        for form in forms(e):
            parts = PLACEHOLDER.split(form)
            found.append(re.compile(".+?".join(re.escape(p) for p in parts), re.S))
    return tuple(found)


def catalogs_sentences(caption: str, catalog) -> bool:
    """Whether ``caption`` is one of the catalog's sentences, or several of them one after
    another (a caption that says two things: "No line can. What can: ...")."""
    if any(p.fullmatch(caption) for p in catalog):
        return True
    for cut in re.finditer(r"(?<=[.?!:;])\s+", caption):
        if any(p.fullmatch(caption[:cut.start()]) for p in catalog) and \
                catalogs_sentences(caption[cut.end():], catalog):
            return True
    return False


def readable(text: str) -> str:
    """What a viewer reads as words: all of a Text; of TeX, the words of each \\text{} and,
    in text-mode TeX, what lies outside its $...$ formulas (commands are not words)."""
    if "\\" not in text and "$" not in text:
        return text
    said = TEX_TEXT.findall(text)
    if "$" in text:
        said.append(re.sub(r"\$[^$]*\$", " ", text))
    return TEX_COMMAND.sub(" ", " ".join(said))


def test_the_english_only_words_are_words_a_translation_would_change():
    # what the check looks for, in German: words such as "line" and "points", not the
    # names and symbols every language keeps
    found = english_only("de")
    assert {"line", "points", "loss", "the"} <= found
    assert not {"phi", "scikit", "learn"} & found


@pytest.mark.parametrize("code", [c for c in LANGUAGES], ids=str)
@pytest.mark.parametrize("chapter", STORY, ids=lambda c: c.scene)
def test_every_chapter_in_every_language_is_said_in_it_and_keeps_its_words_in_the_frame(
        chapter, code, monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_VAR, code)
    for name in (TRACE_ENV, READING_ENV):
        monkeypatch.delenv(name, raising=False)
    language.catalog.cache_clear()
    seen: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("error", MissingTranslation)
        scene = plan(checking(watching(scene_of(chapter), seen)), media_dir=tmp_path)

    assert scene.outside == [], f"{code} {chapter.scene}: outside the frame {scene.outside[:3]}"
    assert scene.overlaps == [], f"{code} {chapter.scene}: over each other {scene.overlaps[:3]}"
    assert scene.examined >= 10

    captions = [b.caption for b in scene.played_beats]
    assert captions, chapter.scene
    catalog = sentences(code)
    for caption in captions:
        assert catalogs_sentences(caption, catalog), f"{code}: not the catalog's: {caption}"
    english = english_only(code)
    said = {text: words(readable(text)) & english for text in captions + seen}
    assert {t: w for t, w in said.items() if w} == {}, f"{code} {chapter.scene}: English words"
