"""render --language en,de,es: every language's clips and files in one run, one page for all,
and a clip whose frames show no word rendered once for every language.

The module fixture renders tests/explainer/fixtures/tiny_languages.py's two scenes (one of
shapes alone, one that writes a word) in three languages at 256x144, 10 fps; the tests
check the files against the fixture's own captions, the catalogs read directly and the
captions' reading time worked out by hand.
"""

from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import av
import pytest
import srt
from pipeline_helpers import ROOT, SMALL

from explainer.cli import main

pytestmark = pytest.mark.xdist_group("render-languages")

FIXTURES = ROOT / "tests" / "explainer" / "fixtures"
sys.path.insert(0, str(FIXTURES))
from tiny_languages import CAPTIONS  # noqa: E402  (the scenes' own words, per language)

MODULE = "tests/explainer/fixtures/tiny_languages.py"
LANGUAGES = ["en", "de", "es"]
OWN_NAMES = {"en": "English", "de": "Deutsch", "es": "Español"}
CPS, MIN_SECONDS = 15.0, 1.5  # the default reading speed


def reading(caption: str) -> float:
    return max(MIN_SECONDS, len(caption) / CPS)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("languages")
    story = tmp / "story.json"
    story.write_text(json.dumps([
        {"module": MODULE, "scene": "TinyWordless", "title": "Shapes", "assets": []},
        {"module": MODULE, "scene": "TinyWorded", "title": "A word", "assets": []}]))
    out = tmp / "out"
    argv = ["render", "--story", str(story), *SMALL, "--out", str(out), "--language",
            ",".join(LANGUAGES), "--jobs", "2", "--quiet"]
    code = main(argv)
    manifest = json.loads((out / "manifest.json").read_text())
    return {"code": code, "out": out, "manifest": manifest, "argv": argv}


@pytest.mark.parametrize(("value", "expected"), [
    ("en,xx", "--language: expected one of the languages with a catalog"),
    ("de,en,de", "--language: expected each language once, got de more than once"),
    ("en,", "--language: expected one of the languages with a catalog"),
])
def test_a_bad_list_of_languages_is_one_line_and_exit_2(tmp_path, capsys, value, expected):
    code = main(["render", "--out", str(tmp_path / "out"), "--language", value])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1
    assert expected in err
    assert not (tmp_path / "out").exists()


def test_every_language_has_its_own_files(run):
    assert run["code"] == 0
    m, out = run["manifest"], run["out"]
    assert m["languages"] == LANGUAGES and m["language"] == "en"
    assert list(m["by_language"]) == LANGUAGES
    for code in LANGUAGES:
        section = m["by_language"][code]
        joined = section["explainer"]
        assert (joined["file"], joined["srt"], joined["vtt"]) == (
            f"explainer.{code}.mp4", f"explainer.{code}.srt", f"explainer.{code}.vtt")
        for name in (joined["file"], joined["srt"], joined["vtt"]):
            assert (out / name).is_file()
        assert [c["language"] for c in section["clips"]] == [code, code]
        said = [s.content for s in srt.parse((out / joined["srt"]).read_text())]
        assert said == [*CAPTIONS[code], CAPTIONS[code][0]]
    assert not (out / "explainer.mp4").exists()  # several languages: every name says which


def test_a_clip_that_shows_no_word_is_rendered_once(run):
    m, out = run["manifest"], run["out"]
    assert m["shared"] == ["TinyWordless"]
    for code in LANGUAGES:
        wordless, worded = m["by_language"][code]["clips"]
        assert wordless["file"] == "clips/TinyWordless.mp4" and wordless["shared"]
        assert wordless["words"] is False
        assert worded["file"] == f"clips/TinyWorded.{code}.mp4" and not worded["shared"]
        assert worded["words"] is True
    # manim's own output: one render (one partial movie folder) of the shared scene, one of
    # the other per language
    renders = [p.name for p in (out / ".work").rglob("partial_movie_files/*")
               if p.is_dir()]
    assert sorted(renders) == ["TinyWorded"] * 3 + ["TinyWordless"]
    assert sorted(p.name for p in (out / "clips").glob("*.mp4")) == [
        "TinyWorded.de.mp4", "TinyWorded.en.mp4", "TinyWorded.es.mp4", "TinyWordless.mp4"]
    keys = {c: [clip["key"] for clip in m["by_language"][c]["clips"]] for c in LANGUAGES}
    assert len({k[0] for k in keys.values()}) == 1  # the shared clip: one key
    assert len({k[1] for k in keys.values()}) == 3  # the others: one per language


def test_the_shared_clip_holds_each_language_its_reading_time(run):
    out = run["out"]
    cues = {}
    for code in LANGUAGES:
        subs = list(srt.parse((out / "clips" / f"TinyWordless.{code}.srt").read_text()))
        assert [s.content for s in subs] == list(CAPTIONS[code])
        for sub, caption in zip(subs, CAPTIONS[code], strict=True):
            assert (sub.end - sub.start).total_seconds() >= reading(caption)
        cues[code] = [(s.start, s.end) for s in subs]
        vtt = (out / "clips" / f"TinyWordless.{code}.vtt").read_text()
        assert vtt.startswith("WEBVTT") and CAPTIONS[code][1] in vtt
    assert cues["en"] == cues["de"] == cues["es"]  # the beats of one clip
    # German's first caption (73 characters) and Spanish's second (76) set the beats:
    # 73/15 + 76/15 s at least, far more than English's (1.5 + 1.5 s)
    with av.open(str(out / "clips" / "TinyWordless.mp4")) as c:
        seconds = c.streams.video[0].frames / float(c.streams.video[0].average_rate)
    assert seconds >= (73 + 76) / 15


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.html_lang = None
        self.videos: list[dict] = []
        self.buttons: list[dict] = []
        self.scripts: dict[str, str] = {}
        self._script = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        elif tag == "video":
            self.videos.append({"id": a["id"], "attrs": a, "sources": [], "tracks": []})
        elif tag == "source":
            self.videos[-1]["sources"].append(a)
        elif tag == "track":
            self.videos[-1]["tracks"].append(a)
        elif tag == "button" and "data-lang" in a:
            self.buttons.append(a)
        elif tag == "script" and a.get("id"):
            self._script = a["id"]

    def handle_data(self, data):
        if self._script:
            self.scripts[self._script] = data

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _catalog(code: str, msgid: str) -> str:
    text = (ROOT / "locale" / f"{code}.po").read_text(encoding="utf-8")
    found = re.search(r'\nmsgid "' + re.escape(msgid) + r'"\nmsgstr "(.*)"\n', text)
    assert found, msgid
    return found.group(1)


def test_every_video_offers_a_captions_track_per_language(run):
    out = run["out"]
    page = _parse(out / "index.html")
    assert page.html_lang == "en"
    assert [v["id"] for v in page.videos] == ["explainer", "clip-1", "clip-2"]
    first = {"explainer": 0, "clip-1": 0, "clip-2": 0}  # each video's first caption
    for video in page.videos:
        tracks = video["tracks"]
        assert [t["srclang"] for t in tracks] == LANGUAGES
        assert [t["label"] for t in tracks] == [OWN_NAMES[c] for c in LANGUAGES]
        assert [t["kind"] for t in tracks] == ["captions"] * 3
        assert ["default" in t for t in tracks] == [True, False, False]
        for t in tracks:
            vtt = (out / t["src"]).read_text(encoding="utf-8")
            assert CAPTIONS[t["srclang"]][first[video["id"]]] in vtt


def test_the_switch_says_the_page_and_plays_each_language(run):
    page = _parse(run["out"] / "index.html")
    assert [(b["data-lang"], b["aria-pressed"]) for b in page.buttons] == [
        ("en", "true"), ("de", "false"), ("es", "false")]
    words = json.loads(page.scripts["page-words"])
    assert list(words) == LANGUAGES
    assert words["en"]["whole"] == "The whole explainer"
    for code in ("de", "es"):
        assert words[code]["whole"] == _catalog(code, "The whole explainer")
        assert words[code]["name"] == OWN_NAMES[code]
    assert [words[c]["chapter-1"] for c in LANGUAGES] == ["A word"] * 3
    videos = {v["id"]: v for v in page.videos}
    joined = json.loads(videos["explainer"]["sources"][0]["data-lang-attrs"])
    assert {c: joined[c]["src"] for c in LANGUAGES} == {
        c: f"explainer.{c}.mp4" for c in LANGUAGES}
    worded = json.loads(videos["clip-2"]["sources"][0]["data-lang-attrs"])
    assert {c: worded[c]["src"] for c in LANGUAGES} == {
        c: f"clips/TinyWorded.{c}.mp4" for c in LANGUAGES}
    shared = videos["clip-1"]["sources"][0]
    assert shared["src"] == "clips/TinyWordless.mp4" and "data-lang-attrs" not in shared
    # each language's explainer opens on the poster of its own first clip
    manifest = json.loads((run["out"] / "manifest.json").read_text(encoding="utf-8"))
    attrs = videos["explainer"]["attrs"]  # (one poster for all: no attribute per language)
    posters = (json.loads(attrs["data-lang-attrs"]) if "data-lang-attrs" in attrs
               else {c: {"poster": attrs["poster"]} for c in LANGUAGES})
    assert {c: posters[c]["poster"] for c in LANGUAGES} == {
        c: manifest["by_language"][c]["clips"][0]["exports"]["poster"]["file"]
        for c in LANGUAGES}


def test_the_switch_in_a_browser(run, page):
    page.goto((run["out"] / "index.html").as_uri())
    page.click("button[data-lang='de']")
    page.wait_for_function("() => document.documentElement.lang === 'de'")
    assert page.inner_text("h2[data-word='whole']") == _catalog("de", "The whole explainer")
    assert page.get_attribute("#clip-2 source", "src") == "clips/TinyWorded.de.mp4"
    assert page.get_attribute("#clip-1 source", "src") == "clips/TinyWordless.mp4"
    assert page.get_attribute("button[data-lang='de']", "aria-pressed") == "true"
    page.wait_for_function(
        "() => document.getElementById('clip-2').dataset.loadedDuration !== undefined")
    assert page.inner_text("#clip-2-loaded").startswith("spielt: ")


def test_an_unchanged_rerun_renders_nothing(run):
    out = run["out"]
    before = {p: p.stat().st_mtime_ns for p in (out / "clips").iterdir()}
    assert main(run["argv"]) == 0
    assert {p: p.stat().st_mtime_ns for p in (out / "clips").iterdir()} == before
    again = json.loads((out / "manifest.json").read_text())
    assert again["by_language"] == run["manifest"]["by_language"]


def test_each_language_has_its_deck_its_captions_the_notes(tmp_path):
    story = tmp_path / "story.json"
    story.write_text(json.dumps([{"module": MODULE, "scene": "TinyWordless", "title": "Shapes",
                                  "assets": []}]))
    out = tmp_path / "out"
    code = main(["render", "--story", str(story), *SMALL, "--out", str(out), "--language",
                 "de,en", "--slides", "--no-pdf", "--no-pptx", "--jobs", "2", "--quiet"])
    assert code == 0
    m = json.loads((out / "manifest.json").read_text())
    for lang in ("de", "en"):
        deck = m["by_language"][lang]["slides"]
        assert deck["html"] == f"slides/explainer.{lang}.html"
        text = (out / deck["html"]).read_text(encoding="utf-8")
        for caption in CAPTIONS[lang]:
            assert caption in text
        other = CAPTIONS["en" if lang == "de" else "de"][0]
        assert other not in text
    assert m["slides"] == m["by_language"]["de"]["slides"]  # the page's language first
    page = _parse(out / "index.html")
    assert page.html_lang == "de"
