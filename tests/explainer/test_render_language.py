"""render --language: a bad code is one line naming the languages there are, the language
reaches every scene, and it is part of each clip's cache key."""

from __future__ import annotations

import pytest

from explainer.cli import main
from explainer.pipeline.plan import Settings, chapter_inputs
from explainer.pipeline.run import ROOT
from explainer.story import STORY
from scenes.toolkit import language

# the languages there are: English, and one per catalog in locale/
KNOWN = ", ".join(["en", *sorted(p.stem for p in (ROOT / "locale").glob("*.po"))])


@pytest.mark.parametrize("argv", [["--language", "xx"], ["--language", "../de"]])
def test_a_language_without_a_catalog_is_one_line_and_exit_2(tmp_path, capsys, argv):
    code = main(["render", "--out", str(tmp_path / "out"), *argv])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1
    assert f"--language: expected one of the languages with a catalog ({KNOWN}), got" in err
    assert not (tmp_path / "out").exists()


def test_the_language_from_the_shell_is_checked_too(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MLP_LANGUAGE", "klingon")
    code = main(["render", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1
    assert f"MLP_LANGUAGE: expected one of the languages with a catalog ({KNOWN}), " \
           "got 'klingon'" in err


def test_the_language_reaches_the_scenes_and_keys_the_clips(tmp_path, monkeypatch):
    chapter = next(c for c in STORY if c.scene == "LinearClassifier")
    keys = {}
    for code in ("en", "de"):
        settings = Settings("l", language=code)
        assert settings.scene_env()["MLP_LANGUAGE"] == code
        keys[code] = chapter_inputs(chapter, root=ROOT, settings=settings, trace=None,
                                    file_hashes={}).base_key
    assert keys["en"] != keys["de"]
    # an edited translation re-renders the clips in that language
    edited = (ROOT / "locale" / "de.po").read_text(encoding="utf-8").replace(
        'msgstr "Verlust"', 'msgstr "Fehler"')
    (tmp_path / "de.po").write_text(edited, encoding="utf-8")
    monkeypatch.setattr(language, "LOCALE_DIR", tmp_path)
    again = chapter_inputs(chapter, root=ROOT, settings=Settings("l", language="de"),
                           trace=None, file_hashes={}).base_key
    assert again not in (keys["de"], keys["en"])
    with pytest.raises(ValueError, match="language: expected one of"):
        Settings("l", language="xx")
