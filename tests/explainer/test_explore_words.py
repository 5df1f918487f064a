"""The explorer speaks the page's language: its markers are extracted into the catalogs'
template, and in a real browser a page shows the catalog's words (read here from
locale/*.po directly) and none of the English ones, in the language its URL asks for."""

from __future__ import annotations

import ast
import functools
import re

import pytest
from catalogs import messages_script
from pipeline_helpers import ROOT

from explainer.cli import main
from explainer.explore import write_page
from mlp.trace import load_trace

SEED = ROOT / "assets" / "seed-notebook.npz"
LOCALE = ROOT / "locale"
EXPLORE = ROOT / "explainer" / "explore"
PLACEHOLDER = re.compile(r"\{\w+\}")


def po_entries(path) -> list[dict]:
    """A .po file's entries, read here on their own: msgctxt, msgid, msgid_plural, the
    msgstr (or the list of msgstr[k]) and the files of its '#:' line."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        e, key = {"msgctxt": None, "msgid_plural": None, "files": [], "forms": {}}, None
        for line in block.splitlines():
            if line.startswith("#:"):
                e["files"] += line[2:].split()
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                piece = ast.literal_eval(line)
                if isinstance(key, int):
                    e["forms"][key] += piece
                else:
                    e[key] += piece
            else:
                word, _, rest = line.partition(" ")
                m = re.fullmatch(r"msgstr\[(\d)\]", word)
                key = int(m.group(1)) if m else word
                if m:
                    e["forms"][key] = ast.literal_eval(rest)
                else:
                    e[key] = ast.literal_eval(rest)
        if e.get("msgid"):
            if e["forms"]:
                e["msgstr"] = [e["forms"][k] for k in sorted(e["forms"])]
            entries.append(e)
    return entries


@functools.cache
def explorer_strings() -> dict[str, str | None]:
    """msgid -> plural of every string the template (locale/messages.pot) lists for a file
    of the explorer's page."""
    return {e["msgid"]: e["msgid_plural"] for e in po_entries(LOCALE / "messages.pot")
            if e["msgctxt"] is None and any(f.startswith("explainer/explore/") for f in e["files"])}


@functools.cache
def words(code: str) -> dict[str, str | list[str]]:
    """Language ``code``'s translations, read from its catalog: msgid -> msgstr, and the
    catalog's ',' '.' of the context "number format" under ('number format', ...)."""
    out = {}
    for e in po_entries(LOCALE / f"{code}.po"):
        out[e["msgid"] if e["msgctxt"] is None else (e["msgctxt"], e["msgid"])] = e["msgstr"]
    return out


# --------------------------------------------------------------------------- extraction
SCRIPT = r"""
  // tr('in a comment') is not a marker
  const a = tr("Loss and {score}", { score: 'x' }), re = /tr\('no'\)/g, half = 1 / 2;
  const b = `${tr('inside a template')} and ${ {k: 1}.k } then ${ntr('{n} point', "{n} points",
    3)}`;
  el.title = trh('with \'quotes\' and \u00d7'); obj.tr('a method, not a marker');
  function tr(msgid, values) { return msgid; }
"""


def test_the_explorers_markers_of_literals_are_extracted_and_others_refused():
    from explainer.explore.words import ExtractError, extract_script, extract_template

    found = [(m, p) for m, p, _line in extract_script(SCRIPT, "page.js")]
    assert found == [("Loss and {score}", None), ("inside a template", None),
                     ("{n} point", "{n} points"), ("with 'quotes' and ×", None)]
    for bad in ("tr(name)", "tr('a' + b)", "tr(`step ${k}`)", "ntr('{n} point', plural, n)"):
        with pytest.raises(ExtractError, match=r"^bad\.js:2: n?tr\(\) needs literal strings"):
            extract_script("const x = 1;\n  " + bad + ";\n", "bad.js")
    html = ('<p data-t>The hidden space</p>\n<button title="play / pause" aria-label="play">'
            '&#9654;</button>\n<span data-t>{{TITLE}}</span>')
    with pytest.raises(ExtractError, match=r"^page\.html:3: data-t needs literal words"):
        extract_template(html, "page.html")
    assert [m for m, _p, _l in extract_template(html.rsplit("\n", 1)[0], "page.html")] == [
        "The hidden space", "play / pause", "play"]


def test_a_non_literal_marker_in_the_page_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch):
    m = messages_script()
    folder = tmp_path / "explainer" / "explore" / "js"
    folder.mkdir(parents=True)
    (folder / "view.js").write_text("const a = tr('fine');\nconst b = tr(a);\n")
    extract = m.extract
    with pytest.raises(m.ExtractError, match=r"explainer/explore/js/view\.js:2: tr\(\)"):
        extract(tmp_path, ("explainer",))
    monkeypatch.setattr(m, "extract", functools.partial(extract, tmp_path, ("explainer",)))
    monkeypatch.setattr(m, "TEMPLATE", tmp_path / "messages.pot")
    assert m.main([]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "view.js:2: tr() needs literal strings" in err
    assert not (tmp_path / "messages.pot").exists()
    (folder / "view.js").write_text("const a = tr('fine');\n"
                                    "const b = ntr('{n} dot', '{n} dots', 2);\n")
    assert [(x.msgid, x.plural, x.where) for x in extract(tmp_path, ("explainer",))] == [
        ("fine", None, ["explainer/explore/js/view.js"]),
        ("{n} dot", "{n} dots", ["explainer/explore/js/view.js"])]


def test_the_template_lists_every_marker_of_the_page_with_its_file():
    """Counted apart from the extraction: each tr/trh/ntr of a literal in the page's
    scripts and each data-t, title and aria-label of its template is in messages.pot, under
    its file; every catalog translates each of them, with every plural form."""
    listed = {e["msgid"]: e["files"] for e in po_entries(LOCALE / "messages.pot")
              if e["msgctxt"] is None}
    marker = re.compile(r"(?<![\w.$])n?trh?\(\s*(['\"])((?:\\.|(?!\1).)*)\1")
    seen = 0
    for path in sorted(EXPLORE.rglob("*.js")):
        rel = path.relative_to(ROOT).as_posix()
        code = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                         if not line.lstrip().startswith("//"))  # comments only talk of markers
        for _quote, text in marker.findall(code):
            msgid = ast.literal_eval(f'"{text}"') if "\\" in text else text
            assert rel in listed.get(msgid, []), (rel, msgid)
            seen += 1
    template = (EXPLORE / "template.html").read_text(encoding="utf-8")
    for text in re.findall(r'data-t>([^<]+)<|(?:title|aria-label)="([^"]+)"', template):
        msgid = "".join(text)
        assert "explainer/explore/template.html" in listed[msgid], msgid
        seen += 1
    assert seen >= 100
    forms = {"de": 2, "es": 2, "fr": 2, "ru": 3}
    for code, count in forms.items():
        for msgid, plural in explorer_strings().items():
            said = words(code).get(msgid)
            assert said, f"{code}.po does not translate {msgid!r}"
            if plural:
                assert isinstance(said, list) and len(said) == count and all(said), (code, msgid)
            for form in said if isinstance(said, list) else [said]:
                assert set(PLACEHOLDER.findall(form)) == set(PLACEHOLDER.findall(msgid)), \
                    (code, msgid, form)


# ----------------------------------------------------------------------------- the page
@pytest.fixture(scope="module")
def german_page(tmp_path_factory):
    """The seed's page, written to speak German (2-3-1, binary, with gradients)."""
    trace = load_trace(SEED)
    return trace, write_page(trace, tmp_path_factory.mktemp("words") / "seed.html",
                             language="de")


def _visible(page, path, query=""):
    page.goto(path.as_uri() + query + "#pos=2.5&point=3")
    page.wait_for_selector("body[data-ready='1']")
    return page.inner_text("body")


def _english_left(text: str) -> list[str]:
    """The explorer's English strings (each run of words between placeholders with a word of
    4 letters or more) that ``text`` shows."""
    left = []
    for msgid in explorer_strings():
        for piece in PLACEHOLDER.split(msgid):
            piece = piece.strip(" ,;:()")
            if re.search(r"[A-Za-z]{4,}", piece) and re.search(
                    rf"(?<!\w){re.escape(piece)}(?!\w)", text):
                left.append(piece)
    return left


def _one(value):
    return value[0] if isinstance(value, list) else value


def _said(code, trace, text, english, no_english=True):
    """``text``, the page in language ``code``, shows the catalog's words: every explorer
    string the English page shows whole, the curves' heading, the plane's note and the
    position in the language's numbers; and (``no_english``) none of the English strings."""
    w = words(code)
    comma, point = w[("number format", ",")] or ",", w[("number format", ".")] or "."
    number = lambda s: "".join(comma if c == "," else point if c == "." else c for c in s)  # noqa: E731
    shown = [m for m in explorer_strings()
             if not PLACEHOLDER.search(m) and re.search(rf"(?<!\w){re.escape(m)}(?!\w)", english)]
    assert len(shown) >= 15, shown
    for msgid in shown:
        assert _one(w[msgid]) in text, (code, msgid)
    assert w["Loss and {score}"].format(score=w["accuracy"]) in text
    assert w["heatmap: P(class 1); white line: P = {half}"].format(half=number("0.5")) in text
    step = (trace.steps[2] + trace.steps[3]) / 2
    assert w["position {pos} of {last} (step {step})"].format(
        pos=number("2.50"), last=trace.n_snapshots - 1, step=number(f"{step:.1f}")) in text
    if no_english:
        assert _english_left(text) == []


def test_a_german_and_a_russian_page_show_the_catalogs_words_and_no_english(german_page, page):
    trace, path = german_page
    english = _visible(page, path, "?lang=en")
    assert page.evaluate("() => document.documentElement.lang") == "en"
    assert "The input plane" in english and "hidden lines" in english  # the English it replaces
    assert _english_left(english)

    german = _visible(page, path)
    assert page.evaluate("() => document.documentElement.lang") == "de"
    _said("de", trace, german, english)
    de = words("de")
    assert page.get_attribute("#play", "title") == de["play / pause (space)"]
    assert page.get_attribute("#slider", "aria-label") == de["training position"]
    assert page.title() == de["{name}: the training run"].format(name=SEED.name)

    russian = _visible(page, path, "?lang=ru")
    assert page.evaluate("() => document.documentElement.lang") == "ru"
    _said("ru", trace, russian, english)
    # the Russian count of hidden units takes its form: 3 -> the second of three
    assert words("ru")["hidden layer {layer}, {n} unit"][1].format(layer=1, n=3) in russian


def test_lang_in_the_url_switches_the_page_to_french_and_an_unknown_one_keeps_its_own(
        german_page, page):
    trace, path = german_page
    english = _visible(page, path, "?lang=en")
    french = _visible(page, path, "?lang=fr")
    assert page.evaluate("() => document.documentElement.lang") == "fr"
    _said("fr", trace, french, english, no_english=False)  # French has "point", "position"
    unknown = _visible(page, path, "?lang=xx")
    assert page.evaluate("() => document.documentElement.lang") == "de"
    assert words("de")["The input plane"] in unknown


def test_the_pages_language_comes_from_the_command_or_the_environment(tmp_path, capsys,
                                                                      monkeypatch):
    out = tmp_path / "p.html"
    assert main(["explore", str(SEED), "--out", str(out), "--language", "xx"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--language" in err and "'xx'" in err and "de" in err
    assert not out.exists()
    monkeypatch.setenv("MLP_LANGUAGE", "ru")
    assert main(["explore", str(SEED), "--out", str(out)]) == 0
    head = out.read_text(encoding="utf-8")[:2000]
    assert '<html lang="ru">' in head
    assert f"<title>{words('ru')['{name}: the training run'].format(name='seed-notebook.npz')}" \
           in head
