"""The language the explainer speaks: its captions, its words on screen and its numbers.

One knob sets it for every chapter: $MLP_LANGUAGE (``en`` by default), which
``mlp-explainer render --language`` passes to each scene. English is the source: the strings
in the code are English, marked with :func:`_` (a sentence), :func:`ngettext` (a sentence
whose words follow a count), :func:`pgettext` (a word that needs its context) and
:func:`N_` (a string translated where it is used). Each other language is one catalog, the
gettext file ``locale/<code>.po`` in the repository (in an installed package,
``scenes/locale/``), read as it is: nothing is compiled or generated. ``locale/messages.pot``,
which ``make messages`` extracts from the code, lists every marked string.

A string a catalog does not translate (or marks ``#, fuzzy``) is said in English, with one
warning naming it. Placeholders are named (``_("{n} points").format(n=...)``), so a
translator sees whole sentences and may put the words in any order.

Numbers in prose follow the language too: :func:`number` rewrites an English-formatted
number ("1,234.5") with the catalog's separators ("1.234,5" in German), and the catalog's
"{number}%" says how a percentage is written ("99,5 %" in German, with a narrow space).
Formulas (TeX math) are not translated.

>>> translate("loss", "de"), translate("loss", "en")
('Verlust', 'loss')
"""

from __future__ import annotations

import ast
import gettext
import os
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ENV_VAR = "MLP_LANGUAGE"
DEFAULT = "en"
# the context of the strings that say how a number is written (see number)
NUMBER_CONTEXT = "number format"  # (written out where used: the extraction reads literals)
NARROW_SPACE = "\u202f"


def _locale_dir() -> Path:
    """The catalogs: inside the package when installed (scenes/locale/), else the
    checkout's locale/ (their source)."""
    here = Path(__file__).resolve().parent.parent
    installed = here / "locale"
    return installed if installed.is_dir() else here.parent / "locale"


LOCALE_DIR = _locale_dir()


class LanguageError(ValueError):
    """A language without a catalog, or a catalog that cannot be read (one line)."""


class MissingTranslation(UserWarning):
    """A string the language's catalog does not translate: it is said in English."""


@dataclass
class Catalog:
    """One language's translations, read from its .po file.

    ``messages`` maps (context or None, msgid) to the translation, or to the list of plural
    forms for a string with a plural; ``plural`` is the catalog's Plural-Forms rule (n ->
    which form); ``reviewed`` holds the keys whose entry says ``# reviewed: yes``;
    ``tex_preamble`` is what its header's ``X-TeX-Preamble`` adds to LaTeX's preamble so the
    language's letters print in a formula's \\text{} (Russian: ``\\usepackage[T2A]{fontenc}``).
    """

    language: str
    messages: dict[tuple[str | None, str], str | list[str]] = field(default_factory=dict)
    plural: Callable[[int], int] = lambda n: int(n != 1)
    reviewed: set[tuple[str | None, str]] = field(default_factory=set)
    entries: list[dict] = field(default_factory=list)
    tex_preamble: str = ""


def available() -> tuple[str, ...]:
    """The languages the explainer speaks: English, and one per catalog."""
    found = sorted(p.stem for p in LOCALE_DIR.glob("*.po")) if LOCALE_DIR.is_dir() else []
    return (DEFAULT, *[c for c in found if c != DEFAULT])


def check_language(code: str, where: str = ENV_VAR) -> str:
    """``code`` when the explainer speaks it, else a LanguageError of one line that names
    the languages there are."""
    if code not in available():
        raise LanguageError(f"{where}: expected one of the languages with a catalog "
                            f"({', '.join(available())}), got {code!r}")
    return code


def language() -> str:
    """The language of $MLP_LANGUAGE (``en`` when unset or empty); LanguageError if none
    of the catalogs is for it."""
    code = os.environ.get(ENV_VAR, "").strip() or DEFAULT
    return check_language(code)


def _unquote(text: str, where: str) -> str:
    text = text.strip()
    if not (len(text) >= 2 and text[0] == text[-1] == '"'):
        raise LanguageError(f"{where}: expected a quoted string, found {text[:40]!r}")
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        raise LanguageError(f"{where}: expected a quoted string, found {text[:40]!r}") from None


def read_po(text: str, where: str = "catalog") -> list[dict]:
    """The entries of a .po file's text, each a dict: ``msgctxt`` (or None), ``msgid``,
    ``msgid_plural`` (or None), ``msgstr`` (a string, or a list of plural forms),
    ``flags`` (set), ``comments`` (the translator's lines, without '# '), ``line``."""
    entries: list[dict] = []
    entry: dict = {}
    key: tuple | None = None

    def close() -> None:
        nonlocal entry, key
        if "msgid" in entry:
            entry.setdefault("msgctxt", None)
            entry.setdefault("msgid_plural", None)
            forms = entry.pop("forms", {})
            entry["msgstr"] = ([forms[k] for k in sorted(forms)] if entry["msgid_plural"]
                               else entry.get("msgstr", ""))
            entries.append(entry)
        elif entry.get("forms") or entry.get("msgstr"):
            raise LanguageError(f"{where}:{entry.get('line')}: a msgstr without its msgid")
        entry, key = {}, None

    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        at = f"{where}:{n}"
        if not line:
            close()
            continue
        if line.startswith("#"):
            if "msgid" in entry:  # comments begin the next entry
                close()
            entry.setdefault("flags", set())
            entry.setdefault("comments", [])
            entry.setdefault("line", n)
            if line.startswith("#,"):
                entry["flags"].update(f.strip() for f in line[2:].split(",") if f.strip())
            elif line.startswith("# ") or line == "#":
                entry["comments"].append(line[2:])
            continue
        if line.startswith('"'):
            if key is None:
                raise LanguageError(f"{at}: a string that continues nothing")
            value = _unquote(line, at)
            if key[0] == "forms":
                entry["forms"][key[1]] += value
            else:
                entry[key[0]] += value
            continue
        word, _sep, rest = line.partition(" ")
        if word in ("msgctxt", "msgid") and "msgid" in entry:  # the next entry begins
            close()
        entry.setdefault("flags", set())
        entry.setdefault("comments", [])
        entry.setdefault("line", n)
        if word in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
            entry[word] = _unquote(rest, at)
            key = (word,)
        elif word.startswith("msgstr[") and word.endswith("]") and word[7:-1].isdigit():
            entry.setdefault("forms", {})[int(word[7:-1])] = _unquote(rest, at)
            key = ("forms", int(word[7:-1]))
        else:
            raise LanguageError(f"{at}: expected msgctxt, msgid, msgid_plural or msgstr, "
                                f"found {line[:40]!r}")
    close()
    return entries


def parse_catalog(text: str, code: str, where: str = "catalog") -> Catalog:
    """A :class:`Catalog` from a .po file's text: its header's Plural-Forms rule, and every
    entry that translates its string (empty and ``#, fuzzy`` entries translate nothing)."""
    entries = read_po(text, where)
    catalog = Catalog(code, entries=entries)
    for e in entries:
        if e["msgid"] == "" and e["msgctxt"] is None:  # the header
            for line in str(e["msgstr"]).splitlines():
                name, _sep, value = line.partition(":")
                if name.strip().lower() == "x-tex-preamble":
                    catalog.tex_preamble = value.strip()
                if name.strip().lower() == "plural-forms":
                    rule = value.split("plural=", 1)[-1].strip().rstrip(";")
                    try:
                        catalog.plural = gettext.c2py(rule)
                    except ValueError:
                        raise LanguageError(f"{where}: Plural-Forms: expected a C "
                                            f"expression of n, got {rule!r}") from None
            continue
        key = (e["msgctxt"], e["msgid"])
        if any(c.strip().lower() == "reviewed: yes" for c in e["comments"]):
            catalog.reviewed.add(key)
        translated = e["msgstr"]
        done = all(translated) if isinstance(translated, list) else bool(translated)
        if done and translated and "fuzzy" not in e["flags"]:
            catalog.messages[key] = translated
    return catalog


@cache
def catalog(code: str) -> Catalog | None:
    """The catalog of language ``code`` (None for English, the source), read once."""
    if code == DEFAULT:
        return None
    path = LOCALE_DIR / f"{check_language(code)}.po"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise LanguageError(f"{path}: could not read the catalog ({e.strerror})") from None
    return parse_catalog(text, code, str(path))


_warned: set[tuple[str, str | None, str]] = set()


def _missing(code: str, context: str | None, msgid: str) -> None:
    if (code, context, msgid) in _warned:
        return
    _warned.add((code, context, msgid))
    where = f" (context {context!r})" if context else ""
    # the warning names the line that asked for the string, outside this module
    level, frame = 1, sys._getframe(0)
    while frame is not None and frame.f_code.co_filename == __file__:
        level, frame = level + 1, frame.f_back
    warnings.warn(f"{code}: no translation of {msgid!r}{where} in {code}.po; it is said in "
                  f"English", MissingTranslation, stacklevel=level)


def _lookup(context: str | None, msgid: str, code: str | None = None):
    code = language() if code is None else check_language(code)
    found = catalog(code)
    if found is None:
        return None
    value = found.messages.get((context, msgid))
    if value is None:
        _missing(code, context, msgid)
    return value, found


def pgettext(context: str | None, msgid: str) -> str:
    """``msgid`` in the current language, told apart from the same English words elsewhere
    by ``context`` (English, with one warning, when the catalog lacks it)."""
    hit = _lookup(context, msgid)
    if hit is None or hit[0] is None:
        return msgid
    value = hit[0]
    return value[0] if isinstance(value, list) else value


def _(msgid: str) -> str:
    """``msgid``, an English sentence or words, in the current language."""
    return pgettext(None, msgid)


def npgettext(context: str | None, singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` that count ``n`` takes in the current language
    (its catalog's plural rule); the English form when the catalog lacks it."""
    hit = _lookup(context, singular)
    english = singular if n == 1 else plural
    if hit is None or hit[0] is None:
        return english
    value, found = hit
    if not isinstance(value, list):
        return value
    k = found.plural(int(n))
    return value[k] if 0 <= k < len(value) else english


def ngettext(singular: str, plural: str, n: int) -> str:
    """``ngettext("{n} point", "{n} points", n).format(n=n)``: the words for count n."""
    return npgettext(None, singular, plural, n)


def N_(msgid: str) -> str:
    """Marks ``msgid`` for the catalog where it is written (a table's entry), leaving it in
    English: the code that shows it translates it then, with :func:`translate`."""
    return msgid


def translate(msgid: str, code: str | None = None) -> str:
    """A string marked elsewhere (with :func:`N_`) in the current language (or in language
    ``code``): :func:`_` for a value, which the extraction does not read."""
    hit = _lookup(None, msgid, code)
    if hit is None or hit[0] is None:
        return msgid
    return hit[0][0] if isinstance(hit[0], list) else hit[0]


def tex_preamble(code: str | None = None) -> str:
    """What LaTeX's preamble needs for the words of language ``code`` (the current one by
    default): its catalog's ``X-TeX-Preamble``, "" for English and most languages."""
    code = language() if code is None else check_language(code)
    found = catalog(code)
    return found.tex_preamble if found is not None else ""


def catalog_key(code: str) -> str | None:
    """What identifies language ``code``'s words, for a render's cache: its catalog's
    SHA-256 (None for English)."""
    if check_language(code) == DEFAULT:
        return None
    import hashlib

    return hashlib.sha256((LOCALE_DIR / f"{code}.po").read_bytes()).hexdigest()


@contextmanager
def speaking(code: str) -> Iterator[str]:
    """Within the block, :func:`_`, :func:`ngettext` and the others speak language ``code``
    (as $MLP_LANGUAGE would say), for code that writes several languages in one process
    (the render's page); the language before is back after it."""
    before = os.environ.get(ENV_VAR)
    os.environ[ENV_VAR] = check_language(code)
    try:
        yield code
    finally:
        if before is None:
            os.environ.pop(ENV_VAR, None)
        else:
            os.environ[ENV_VAR] = before


def own_name(code: str) -> str:
    """Language ``code``'s name for itself ("Deutsch", "Español"): its catalog's translation
    of "English" in the context "language's own name"."""
    with speaking(code):
        return pgettext("language's own name", "English")  # its name in itself: Deutsch


# ------------------------------------------------------------------------------ numbers
def number(text: str) -> str:
    """A number formatted the English way ("1,234.5", from ``f"{x:,.1f}"``) with the
    current language's separators: its catalog's translations of "," and "." in the
    context "number format"."""
    if language() == DEFAULT:
        return text
    comma = pgettext("number format", ",")  # the thousands separator
    point = pgettext("number format", ".")  # the decimal point
    return "".join(comma if c == "," else point if c == "." else c for c in text)


def decimal(value: float, spec: str = "g") -> str:
    """``format(value, spec)`` with the current language's separators (``spec`` is a
    format spec such as ".3f", ",", "g")."""
    return number(format(value, spec))


def grouped(n: int) -> str:
    """A count with thousands separators: "12,000" in English, "12.000" in German."""
    return number(f"{int(n):,}")


def percent_sign(digits: str) -> str:
    """Digits already in the language's format, as a percentage: "99.5%" in English,
    "99,5 %" in German (the catalog's translation of "{number}%")."""
    return pgettext("number format", "{number}%").format(number=digits)


__all__ = ["ENV_VAR", "DEFAULT", "LOCALE_DIR", "LanguageError", "MissingTranslation", "Catalog",
           "available", "check_language", "language", "read_po", "parse_catalog", "catalog",
           "_", "ngettext", "pgettext", "npgettext", "N_", "translate", "tex_preamble",
           "catalog_key", "speaking", "own_name", "number", "decimal", "grouped",
           "percent_sign"]
