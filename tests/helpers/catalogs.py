"""The shipped catalogs (locale/*.po), read as files for the language tests: a test
compares what a scene says with the catalog's own text, not with what the code looks up."""

from __future__ import annotations

import importlib.util
import re
import sys
from functools import cache
from pathlib import Path

from scenes.toolkit.language import read_po

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
LANGUAGES = tuple(sorted(p.stem for p in LOCALE.glob("*.po")))


@cache
def _entries(name: str) -> tuple[dict, ...]:
    path = LOCALE / (f"{name}.po" if name != "messages" else "messages.pot")
    return tuple(e for e in read_po(path.read_text(encoding="utf-8")) if e["msgid"])


def entries(code: str) -> list[dict]:
    """Every entry of ``code``'s catalog but its header ("messages": the template)."""
    return list(_entries(code))


def forms(entry: dict) -> list[str]:
    """An entry's translation: its one string, or each form of a plural."""
    return entry["msgstr"] if isinstance(entry["msgstr"], list) else [entry["msgstr"]]


def pattern(text: str) -> re.Pattern:
    """A catalog's string as a pattern, its placeholders standing for any words."""
    return re.compile(".+?".join(re.escape(p) for p in PLACEHOLDER.split(text)), re.S)


@cache
def sentences(code: str) -> tuple[re.Pattern, ...]:
    """Each translation of ``code``'s catalog (each form of a plural) as a pattern."""
    return tuple(pattern(f) for e in _entries(code) for f in forms(e) if f)


def said_in(caption: str, patterns) -> bool:
    """Whether ``caption`` is one of ``patterns``' sentences, or several of them one after
    another (a caption that says two things: "No line can. What can: ...")."""
    if any(p.fullmatch(caption) for p in patterns):
        return True
    for cut in re.finditer(r"(?<=[.?!:;])\s+", caption):
        if any(p.fullmatch(caption[:cut.start()]) for p in patterns) and \
                said_in(caption[cut.end():], patterns):
            return True
    return False


def translation(code: str, msgid: str, context: str | None = None, form: int = 0) -> str:
    """The catalog's own translation of ``msgid`` (form ``form`` of a plural)."""
    for e in _entries(code):
        if e["msgid"] == msgid and e["msgctxt"] == context:
            return forms(e)[form]
    raise KeyError(msgid)


def messages_script():
    """scripts/messages.py (the extraction and the catalogs' upkeep), imported as a module."""
    spec = importlib.util.spec_from_file_location("messages_script",
                                                  LOCALE.parent / "scripts/messages.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module
