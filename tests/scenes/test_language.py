"""The explainer in the lecturer's language: the catalogs hold every marked string, a missing
one is said in English with a warning, plurals follow the catalog's rule, and numbers in
prose are written the language's way (expected texts written here)."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
from catalogs import messages_script

from scenes.toolkit import language
from scenes.toolkit.language import (
    ENV_VAR,
    LanguageError,
    MissingTranslation,
    _,
    grouped,
    ngettext,
    parse_catalog,
    read_po,
)
from scenes.toolkit.words import percent, percent_tex

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale"
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
# how many plural forms each shipped language has (CLDR): Russian says 1 точка, 2 точки,
# 5 точек
PLURAL_FORMS = {"de": 2, "es": 2, "fr": 2, "ru": 3}


@pytest.fixture
def fresh(monkeypatch):
    """Each test reads its catalogs anew and warns anew."""
    language.catalog.cache_clear()
    monkeypatch.setattr(language, "_warned", set())
    yield monkeypatch
    language.catalog.cache_clear()


def test_the_extraction_finds_every_kind_of_marked_string():
    m = messages_script()
    source = '''
from scenes.toolkit.language import N_, _, ngettext, npgettext, pgettext
A = N_("a title")
def f(n, name):
    print(_("one sentence, "
            "written over two lines"), unrelated("not marked"))
    return (ngettext("{n} point", "{n} points", n).format(n=n), pgettext("number format", "."),
            npgettext("legend", "{n} line", "{n} lines", n), _("{name} again").format(name=name))
'''
    found = [(x.context, x.msgid, x.plural) for x in m.extract_source(source, "lecture.py")]
    assert found == [(None, "a title", None),
                     (None, "one sentence, written over two lines", None),
                     (None, "{n} point", "{n} points"), ("number format", ".", None),
                     ("legend", "{n} line", "{n} lines"), (None, "{name} again", None)]
    with pytest.raises(m.ExtractError, match=r"lecture\.py:3: _\(\) needs literal strings"):
        m.extract_source("x = 1\nname = 'w'\ny = _(name)\n", "lecture.py")


def test_the_template_lists_every_marked_string_of_the_code():
    """locale/messages.pot is what the extraction makes of the code now (make messages),
    and every marker in the code is a call the extraction reads."""
    m = messages_script()
    messages = m.extract()
    assert (LOCALE / "messages.pot").read_text(encoding="utf-8") == m.template(messages), \
        "locale/messages.pot is out of date: run make messages (scripts/messages.py --update)"
    # counted apart from the extraction: each marker call written in the sources
    for folder in ("scenes", "explainer"):
        for path in (ROOT / folder).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            calls = re.findall(r"(?<![\w.])(?:N_|_|n?pgettext|ngettext)\(\s*[\"']",
                               path.read_text(encoding="utf-8"))
            # a file's strings, each once, are no more than its calls; none is missed
            assert sum(rel in x.where for x in messages) <= len(calls), rel
            if calls and path.name != "language.py":
                assert any(rel in x.where for x in messages), rel
    assert len(messages) >= 90 and any(x.msgid == "accuracy" for x in messages)


def test_every_shipped_catalog_translates_every_string_with_its_placeholders():
    template = read_po((LOCALE / "messages.pot").read_text(encoding="utf-8"))
    wanted = {(e["msgctxt"], e["msgid"]): e for e in template if e["msgid"]}
    shipped = sorted(LOCALE.glob("*.po"))
    # German, Spanish, French and Russian (a script that is not Latin)
    assert [p.stem for p in shipped] == ["de", "es", "fr", "ru"]
    for path in shipped:
        text = path.read_text(encoding="utf-8")
        cat = parse_catalog(text, path.stem, str(path))
        untranslated = [k[1] for k in wanted if k not in cat.messages]
        assert untranslated == [], f"{path.name} does not translate {untranslated}"
        for entry in read_po(text):
            if not entry["msgid"]:
                continue
            key = (entry["msgctxt"], entry["msgid"])
            assert key in wanted, f"{path.name}: {entry['msgid']!r} is no longer in the code"
            assert [c for c in entry["comments"] if c.startswith("reviewed: ")] in (
                ["reviewed: yes"], ["reviewed: no"]), f"{path.name}: {entry['msgid']!r}"
            english = set(PLACEHOLDER.findall(entry["msgid"]))
            forms = entry["msgstr"] if isinstance(entry["msgstr"], list) else [entry["msgstr"]]
            if entry["msgid_plural"]:  # every form the language's plural rule names
                assert len(forms) == PLURAL_FORMS[path.stem], (path.name, entry["msgid"])
            for form in forms:
                assert set(PLACEHOLDER.findall(form)) == english, (path.name, form)


def test_german_plural_forms(fresh):
    fresh.setenv(ENV_VAR, "de")
    one = ngettext("{share} right, {n} point on the wrong side",
                   "{share} right, {n} points on the wrong side", 1)
    many = ngettext("{share} right, {n} point on the wrong side",
                    "{share} right, {n} points on the wrong side", 4)
    assert one == "{share} richtig, {n} Punkt auf der falschen Seite"
    assert many == "{share} richtig, {n} Punkte auf der falschen Seite"
    assert ngettext("{share} right, {n} point on the wrong side",
                    "{share} right, {n} points on the wrong side", 0) == many


CATALOG = r'''msgid ""
msgstr ""
"Language: xx\n"
"Plural-Forms: nplurals=3; "
"plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"

# reviewed: no
msgid "Known words."
msgstr "Bekannte \"Worte\"."

#, fuzzy
msgid "Unsure words."
msgstr "Unsichere Worte."

msgid "{n} point"
msgid_plural "{n} points"
msgstr[0] "{n} punkt"
msgstr[1] "{n} punkty"
msgstr[2] "{n} punktow"
'''


def test_a_missing_translation_is_said_in_english_with_one_warning_naming_it(fresh, tmp_path):
    (tmp_path / "xx.po").write_text(CATALOG, encoding="utf-8")
    fresh.setattr(language, "LOCALE_DIR", tmp_path)
    fresh.setenv(ENV_VAR, "xx")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _("Known words.") == 'Bekannte "Worte".'
    with pytest.warns(MissingTranslation, match=r"xx: no translation of 'Not in the catalog\.'"):
        assert _("Not in the catalog.") == "Not in the catalog."
    with pytest.warns(MissingTranslation, match="Unsure words"):  # a fuzzy entry is not used
        assert _("Unsure words.") == "Unsure words."
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # once a string: the second time says nothing
        assert _("Not in the catalog.") == "Not in the catalog."
        # the catalog's own plural rule: three forms
        assert [ngettext("{n} point", "{n} points", n) for n in (1, 3, 5, 22, 112)] == [
            "{n} punkt", "{n} punkty", "{n} punktow", "{n} punkty", "{n} punktow"]


def test_a_language_without_a_catalog_is_one_line_naming_those_there_are(fresh):
    fresh.setenv(ENV_VAR, "xx")
    with pytest.raises(LanguageError) as e:
        _("step")
    assert str(e.value) == ("MLP_LANGUAGE: expected one of the languages with a catalog "
                            "(en, de, es, fr, ru), got 'xx'")


def test_german_numbers_in_prose(fresh):
    fresh.setenv(ENV_VAR, "de")
    assert percent(0.995) == "99,5\u202f%"
    assert percent(1.0) == "100\u202f%"
    assert percent(0.004) == "0,4\u202f%"
    assert percent(0.9995, 1) == "99,95\u202f%"
    assert percent_tex(0.5) == r"50\,\%"
    assert grouped(1234567) == "1.234.567"
    assert grouped(999) == "999"
    assert language.decimal(0.00863208, ".4f") == "0,0086"


@pytest.mark.parametrize("code, share, thousands", [
    # Spanish (RAE): a decimal comma, a space before the sign; French and Russian group
    # thousands with a narrow space
    ("es", "99,5\u202f%", "1.234.567"),
    ("fr", "99,5\u202f%", "1\u202f234\u202f567"),
    ("ru", "99,5\u202f%", "1\u202f234\u202f567")])
def test_numbers_in_prose_in_spanish_french_and_russian(fresh, code, share, thousands):
    fresh.setenv(ENV_VAR, code)
    assert percent(0.995) == share
    assert grouped(1234567) == thousands
    assert language.decimal(0.00863208, ".4f") == "0,0086"


def test_russian_counts_take_the_form_their_last_digits_ask_for(fresh):
    fresh.setenv(ENV_VAR, "ru")
    said = [ngettext("{data}, {n} point", "{data}, {n} points", n).format(data="x", n=n)
            for n in (1, 2, 5, 11, 21, 22, 25, 111, 200)]
    assert said == ["x, 1 точка", "x, 2 точки", "x, 5 точек", "x, 11 точек", "x, 21 точка",
                    "x, 22 точки", "x, 25 точек", "x, 111 точек", "x, 200 точек"]


def test_the_caption_rules_find_a_word_in_any_of_its_forms(fresh):
    from explainer.captions import order_problems

    fresh.setenv(ENV_VAR, "ru")
    ordered = ["Потери измеряют ошибку.", "Классификаторы становятся сетью.",
               "Прямой проход идёт по сети; потери дают градиент."]
    assert order_problems(ordered) == []
    assert order_problems([ordered[2], ordered[1]]) == [
        "says 'проход' before 'сеть|сети|сетью': " + ordered[2]]


def test_english_numbers_stay_as_they_were(fresh):
    fresh.delenv(ENV_VAR, raising=False)
    assert (percent(0.995), percent(1.0), percent_tex(0.5)) == ("99.5%", "100%", r"50\%")
    assert grouped(1234567) == "1,234,567"


def test_the_caption_rules_read_the_words_of_the_captions_language(fresh):
    from explainer.captions import order_problems

    fresh.setenv(ENV_VAR, "de")
    ordered = ["Der Verlust misst den Fehler.", "Das Netz lernt.",
               "Der Gradientenabstieg senkt ihn; jede versteckte Einheit zieht mit."]
    assert order_problems(ordered) == []
    assert order_problems(ordered[::-1]) == [
        "says 'versteckte einheit' before 'netz': " + ordered[2],
        "says 'gradient' before 'verlust': " + ordered[2]]


def test_docstring_examples():
    import doctest

    result = doctest.testmod(language)
    assert result.attempted >= 1 and result.failed == 0


def test_a_catalog_says_what_latex_needs_for_its_letters(fresh):
    text = ('msgid ""\nmsgstr ""\n"Language: xx\\n"\n'
            '"X-TeX-Preamble: \\\\usepackage[T2A]{fontenc}\\n"\n')
    assert parse_catalog(text, "xx").tex_preamble == r"\usepackage[T2A]{fontenc}"
    assert parse_catalog('msgid ""\nmsgstr "Language: xx\\n"\n', "xx").tex_preamble == ""
    # the shipped Russian catalog asks for Cyrillic in TeX; German needs nothing
    assert language.tex_preamble("ru") == r"\usepackage[T2A]{fontenc}"
    assert language.tex_preamble("de") == language.tex_preamble("en") == ""


def test_a_russian_word_prints_in_a_formula(fresh, tmp_path):
    from manim import MathTex

    from scenes.manim_config import manim_config
    from scenes.toolkit.beats import use_language_in_tex

    with manim_config({"media_dir": str(tmp_path), "tex_dir": str(tmp_path / "tex"),
                       "verbosity": "ERROR"}, output="none"):
        use_language_in_tex(language.tex_preamble("ru"))
        use_language_in_tex(language.tex_preamble("ru"))  # once is enough
        from manim import config
        assert config.tex_template.preamble.count("T2A") == 1
        formula = MathTex(r"\text{класс } 1 \iff \sigma(z) \ge 0.5")
    # the word's five letters are glyphs of their own, beside the formula's
    assert len(formula.family_members_with_points()) >= 5 + 8


def test_a_caption_in_english_among_german_ones_is_a_broken_rule(fresh):
    from explainer.captions import check, english_words

    fresh.setenv(ENV_VAR, "de")
    german = "Das Netz lernt: die Gerade dreht sich."
    english = "The line ends up separating the classes."
    assert english_words(german) == []
    # "line", "ends", "separating" are English strings' words no German translation uses
    # ("the" and "classes" too); names and symbols every language keeps are not
    assert {"line", "separating", "the"} <= set(english_words(english))
    assert english_words("phi(x) mit scikit-learn") == []
    problems = check([(german, 3.0), (english, 3.0)])
    assert [p for p in problems if "in English" in p] == [
        f"says {', '.join(english_words(english))} in English: {english}"]
    fresh.setenv(ENV_VAR, "en")
    assert english_words(english) == [] and check([(english, 3.0)]) == []
