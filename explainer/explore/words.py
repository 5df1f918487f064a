"""The explorer's words: which strings its page shows (marked in its script and template),
and their translations for the page, from the catalogs (scenes.toolkit.language).

The page's script marks every string it shows with ``tr("...")`` (a sentence, its named
placeholders ``{name}`` filled from an object), ``trh("...")`` (the same, for markup) or
``ntr("{n} point", "{n} points", n)`` (words that follow a count), with literal strings
only; its template marks an element whose text is words with ``data-t``, and its ``title``
and ``aria-label`` attributes are words. :func:`extract_script` and
:func:`extract_template` read them without running anything (scripts/messages.py lists them
in locale/messages.pot); a marker of anything else than literals is an
:class:`ExtractError` of one line.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from importlib.resources import files

# marker -> how many leading literal strings it takes
SCRIPT_MARKERS = {"tr": 1, "trh": 1, "ntr": 2}
# the template's attributes that are words
WORD_ATTRIBUTES = ("title", "aria-label")
# the page's words live in these files of the package (scripts/messages.py reads the same)
TEMPLATE = "template.html"
# the module that defines the markers (its own calls pass on what they are given)
DEFINES = "js/words.js"
# how many counts the page's table of plural forms covers (see plural_table)
PLURAL_TABLE = 200


class ExtractError(Exception):
    """A marker the catalogs could not list (not of literal strings): one line."""


# ------------------------------------------------------------------ the script's markers
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_REGEX_AFTER = set("(,=:[!&|?{};+-*%<>~^") | {"return", "typeof", "case", "do", "else", "in",
                                              "of", "new", "delete", "void", "throw"}


def _unescape(body: str) -> str:
    out, k = [], 0
    while k < len(body):
        c = body[k]
        if c != "\\":
            out.append(c)
            k += 1
            continue
        nxt = body[k + 1] if k + 1 < len(body) else ""
        if nxt == "u" and body[k + 2:k + 3] == "{":
            end = body.index("}", k)
            out.append(chr(int(body[k + 3:end], 16)))
            k = end + 1
        elif nxt == "u":
            out.append(chr(int(body[k + 2:k + 6], 16)))
            k += 6
        elif nxt == "x":
            out.append(chr(int(body[k + 2:k + 4], 16)))
            k += 4
        elif nxt == "\n":  # a line continuation
            k += 2
        else:
            out.append(_ESCAPES.get(nxt, nxt))
            k += 2
    return "".join(out)


def _tokens(text: str):
    """The tokens of a JavaScript source: (kind, value, line), kind one of "name", "str"
    (a quoted string, or a template literal without ${...}: its value), "tpl" (a template
    literal with ${...}: not a literal), "num", "punct". Comments, regular expressions and
    the insides of a template's ${...} (their own tokens come too) are read past."""
    k, line, n = 0, 1, len(text)
    prev = None  # the last significant token, for telling a regex from a division
    stack: list[int] = []  # brace depths of the template literals we are inside ${...} of
    depth = 0
    while k < n:
        c = text[k]
        if c == "\n":
            line += 1
            k += 1
        elif c.isspace():
            k += 1
        elif text.startswith("//", k):
            k = text.find("\n", k)
            k = n if k < 0 else k
        elif text.startswith("/*", k):
            end = text.find("*/", k + 2)
            end = n if end < 0 else end + 2
            line += text.count("\n", k, end)
            k = end
        elif c in "'\"":
            start, k = k, k + 1
            while k < n and text[k] != c:
                k += 2 if text[k] == "\\" else 1
            body = text[start + 1:k]
            prev = ("str", _unescape(body), line)
            line += body.count("\n")
            k += 1
            yield prev
        elif c == "`" or (c == "}" and stack and depth == stack[-1]):
            # a template literal, or its text after one of its ${...}
            resumed = c == "}"
            if resumed:
                stack.pop()
            start, k = k, k + 1
            while k < n and text[k] != "`" and not text.startswith("${", k):
                k += 2 if text[k] == "\\" else 1
            body, at = text[start + 1:k], line
            line += body.count("\n")
            closed = k >= n or text[k] == "`"
            k += 1 if closed else 2
            if not closed:
                stack.append(depth)
            if not resumed:
                prev = ("str", _unescape(body), at) if closed else ("tpl", None, at)
                yield prev
            # after the whole literal a value (a "/" divides); inside ${ an expression starts
            prev = ("num", "template", at) if closed else ("punct", "(", at)
        elif c == "/" and (prev is None or prev[1] in _REGEX_AFTER and prev[0] != "str"):
            k += 1
            in_class = False
            while k < n and (text[k] != "/" or in_class):
                if text[k] == "\\":
                    k += 1
                elif text[k] == "[":
                    in_class = True
                elif text[k] == "]":
                    in_class = False
                k += 1
            k += 1
            while k < n and (text[k].isalnum() or text[k] == "_"):
                k += 1
            prev = ("num", "regex", line)
        elif c.isalpha() or c in "_$":
            m = re.compile(r"[\w$]+").match(text, k)
            prev = ("name", m.group(), line)
            k = m.end()
            yield prev
        elif c.isdigit():
            m = re.compile(r"[\w.]+").match(text, k)
            prev = ("num", m.group(), line)
            k = m.end()
            yield prev
        else:
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
            prev = ("punct", c, line)
            k += 1
            yield prev


def extract_script(text: str, where: str, literal_only: bool = False) -> list[tuple]:
    """Every marked string of one script, in the order written: (msgid, plural or None,
    line). A marker called with anything else than literal strings is an ExtractError
    (passed over with ``literal_only``)."""
    toks = list(_tokens(text))
    found = []
    for i, (kind, value, line) in enumerate(toks):
        if kind != "name" or value not in SCRIPT_MARKERS:
            continue
        if i + 1 >= len(toks) or toks[i + 1][:2] != ("punct", "("):
            continue
        if i and (toks[i - 1][:2] == ("punct", ".") or toks[i - 1][:2] == ("name", "function")):
            continue  # a method of something else, or the marker's definition
        wanted = SCRIPT_MARKERS[value]
        args, j = [], i + 2
        for _a in range(wanted):
            tok = toks[j] if j < len(toks) else ("punct", ")", line)
            after = toks[j + 1][1] if j + 1 < len(toks) else ""
            if tok[0] != "str" or after not in (",", ")"):
                break
            args.append(tok[1])
            j += 2
        if len(args) < wanted:
            if literal_only:
                continue
            shown = {"str": repr, "tpl": lambda _v: "`...${...}`"}
            snippet = "".join(shown.get(t[0], str)(t[1]) for t in toks[i:i + 8])
            raise ExtractError(f"{where}:{line}: {value}() needs literal strings (the "
                               f"catalogs list them), found {snippet[:60]}")
        found.append((args[0], args[1] if wanted == 2 else None, line))
    return found


# ---------------------------------------------------------------- the template's words
class _TemplateWords(HTMLParser):
    def __init__(self, where: str) -> None:
        super().__init__(convert_charrefs=True)
        self.where, self.found, self.open = where, [], None  # open: [line, text, depth]

    def _literal(self, text: str, what: str) -> str:
        if "{{" in text:
            raise ExtractError(f"{self.where}:{self.getpos()[0]}: {what} needs literal words "
                               f"(the catalogs list them), found {text.strip()[:60]!r}")
        return " ".join(text.split())

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.open is not None:
            raise ExtractError(f"{self.where}:{self.getpos()[0]}: data-t needs an element of "
                               f"words only (the catalogs list them), found <{tag}> inside")
        for name in WORD_ATTRIBUTES:
            if attrs.get(name):
                self.found.append((self._literal(attrs[name], name), None, self.getpos()[0]))
        if "data-t" in attrs:
            self.open = [self.getpos()[0], ""]

    def handle_data(self, data):
        if self.open is not None:
            self.open[1] += data

    def handle_endtag(self, tag):
        if self.open is not None:
            line, text = self.open
            self.open = None
            self.found.append((self._literal(text, "data-t"), None, line))


def extract_template(text: str, where: str) -> list[tuple]:
    """Every word of the page's template (the text of each element marked ``data-t``, each
    ``title`` and ``aria-label``), in the order written: (msgid, None, line)."""
    parser = _TemplateWords(where)
    parser.feed(text)
    parser.close()
    return [f for f in parser.found if f[0]]


# ------------------------------------------------------------------ the page's words
def _resource_text(name: str) -> str:
    place = files("explainer.explore")
    for part in name.split("/"):
        place = place.joinpath(part)
    return place.read_text(encoding="utf-8")


@cache
def page_messages() -> tuple[tuple[str, str | None], ...]:
    """The explorer's strings: (msgid, plural or None) of every marker in its script's
    modules and its template, each once."""
    from explainer.explore.page import SCRIPT_MODULES

    seen: dict[str, str | None] = {}
    for name in SCRIPT_MODULES:
        for msgid, plural, _line in extract_script(_resource_text(f"js/{name}"), name,
                                                   literal_only=f"js/{name}" == DEFINES):
            seen.setdefault(msgid, plural)
    for msgid, plural, _line in extract_template(_resource_text(TEMPLATE), TEMPLATE):
        seen.setdefault(msgid, plural)
    return tuple(seen.items())


def plural_table(rule) -> list[int]:
    """Which plural form each count 0 .. PLURAL_TABLE - 1 takes (``rule``: a catalog's
    Plural-Forms, n -> form); a larger count n takes the form of 100 + n % 100 (every
    gettext rule of the languages here depends on n % 100 and n % 10 from 100 on)."""
    return [int(rule(k)) for k in range(PLURAL_TABLE)]


def language_words(code: str) -> dict:
    """What the page needs to speak language ``code``: the translation of each of its
    strings the catalog has (a plural string: its forms), the plural forms of the counts,
    and how the language writes numbers (the catalog's "," "." and "{number}%" in the
    context "number format")."""
    from scenes.toolkit.language import catalog

    found = catalog(code)
    words: dict[str, str | list[str]] = {}
    for msgid, plural in page_messages():
        value = found.messages.get((None, msgid))
        if value is None:
            continue
        if plural is None and isinstance(value, list):
            value = value[0]
        words[msgid] = value
    number = {}
    for sign in (",", ".", "{number}%"):
        value = found.messages.get(("number format", sign), sign)
        number["%" if sign == "{number}%" else sign] = value[0] if isinstance(value, list) \
            else value
    return {"words": words, "plural": plural_table(found.plural), "number": number}


def page_words(language: str) -> dict:
    """The page's languages: ``default`` (the one it speaks unless its URL asks for another
    with ?lang=CODE) and the words of each language with a catalog (English, the source,
    needs none)."""
    from scenes.toolkit.language import DEFAULT, available

    return {"default": language,
            "languages": {code: language_words(code) for code in available() if code != DEFAULT}}
