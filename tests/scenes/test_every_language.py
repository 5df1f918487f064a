"""Every chapter of the story in every shipped language, played with its animations skipped
(each animation jumps to its end, every mobject where a render puts it; no frame is drawn)
and read as a viewer of that language would:

- every word has its translation: a string the catalog lacks is an error here, not a warning;
- its words stay on screen and apart: after each animation and wait, every text lies inside
  the frame and clear of every other (the check of test_every_chapter, in each language);
- it says nothing in English: no caption and no text on screen (formulas' \\text{} words
  included) holds a word that only the English strings use: a word of the msgids that none
  of the language's translations uses (explainer.captions.english_words, read from the
  catalog), so the check follows the catalogs as they grow;
- each caption is one of the catalog's sentences (its placeholders standing for any words);
- the whole story keeps the caption rules of explainer/captions.py in that language: each
  caption held for its own reading time and at most 10 s, little repetition, and the words
  in the seed's order (the catalog's "caption rule" stems).

One test a language plays every chapter, so its problems are listed together.

A new catalog in locale/ is a new language here: nothing to add.
"""

from __future__ import annotations

import re
import warnings

import pytest
from catalogs import LANGUAGES, said_in, sentences
from plane_render import checking, scene_of, watching

from explainer.captions import check, english_only, english_words
from explainer.story import STORY
from scenes.toolkit import language
from scenes.toolkit.language import ENV_VAR, MissingTranslation
from scenes.toolkit.planning import plan
from scenes.toolkit.reading import ENV_VAR as READING_ENV
from scenes.toolkit.traces import ENV_VAR as TRACE_ENV

# TeX: the words of \text{...}, and the commands that are not words
TEX_TEXT = re.compile(r"\\text(?:bf|it|rm)?\{([^{}]*)\}")
TEX_COMMAND = re.compile(r"\\[A-Za-z]+")


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


def heard_and_seen(chapter, code: str, media) -> tuple[list, list[str]]:
    """``chapter`` played in ``code`` with its animations skipped: what is wrong with its
    words (one line each) and its beats."""
    seen: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("error", MissingTranslation)
        try:
            scene = plan(checking(watching(scene_of(chapter), seen)), media_dir=media)
        except MissingTranslation as e:
            return [], [f"{chapter.scene}: {e}"]
    problems = [f"{chapter.scene}: outside the frame: {o}" for o in scene.outside[:3]]
    problems += [f"{chapter.scene}: over each other: {o}" for o in scene.overlaps[:3]]
    if scene.examined < 10:
        problems.append(f"{chapter.scene}: only {scene.examined} texts examined")
    captions = [b.caption for b in scene.played_beats]
    catalog = sentences(code)
    problems += [f"{chapter.scene}: not the catalog's: {c}" for c in captions
                 if not said_in(c, catalog)]
    for text in dict.fromkeys(captions + seen):
        said = english_words(readable(text), code)
        if said:
            problems.append(f"{chapter.scene}: English {said} in {text!r}")
    return list(scene.played_beats), problems


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_chapter_in_every_language_is_said_in_it_and_keeps_its_words_in_the_frame(
        code, monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_VAR, code)
    for name in (TRACE_ENV, READING_ENV):
        monkeypatch.delenv(name, raising=False)
    language.catalog.cache_clear()
    beats, problems = [], []
    for chapter in STORY:
        played, wrong = heard_and_seen(chapter, code, tmp_path)
        assert played or wrong, chapter.scene
        beats += played
        problems += wrong
    assert problems == []
    # the story's caption rules in this language: none over 10 s or 15 characters a second,
    # little repetition, and its words in the seed's order ("network" before "hidden unit")
    assert check([(b.caption, b.end - b.start) for b in beats]) == []
