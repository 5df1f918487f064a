"""The explainer's strings for translators: extract them into locale/messages.pot, start or
update a language's catalog.

    .venv/bin/python scripts/messages.py              # write locale/messages.pot (make messages)
    .venv/bin/python scripts/messages.py --init fr    # start locale/fr.po, every entry empty
    .venv/bin/python scripts/messages.py --update     # add new strings to every locale/*.po

The extraction reads the code of scenes/ and explainer/ with Python's ast (the strings are
never run): every call of ``_("...")``, ``N_("...")``, ``ngettext("...", "...", n)``,
``pgettext("context", "...")`` and ``npgettext("context", "...", "...", n)`` with literal
strings (scenes/toolkit/language.py). Then the explorer's page (explainer/explore/): every
``tr("...")``, ``trh("...")`` and ``ntr("...", "...", n)`` of literal strings in its scripts
(explainer/explore/**/*.js), and its template's words (each element marked ``data-t``, each
``title`` and ``aria-label``), read by explainer/explore/words.py. A marker called with
anything else than literals is one line and exit 2: the catalogs could not list what it says.
"""

from __future__ import annotations

import argparse
import ast
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("scenes", "explainer")
# the module that defines the markers: of its own calls, only those of literals mark strings
# (the others pass on what they are given)
DEFINES = "scenes/toolkit/language.py"
# the explorer's page: its scripts and its template (explainer/explore/words.py reads them)
EXPLORE = "explainer/explore"
LOCALE = ROOT / "locale"
TEMPLATE = LOCALE / "messages.pot"

# marker -> how many leading literal strings it takes: (has context, has plural)
MARKERS = {"_": (False, False), "N_": (False, False), "ngettext": (False, True),
           "pgettext": (True, False), "npgettext": (True, True)}

HEADER = {
    "Project-Id-Version": "mlp-explainer",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}


class ExtractError(Exception):
    pass


@dataclass
class Message:
    context: str | None
    msgid: str
    plural: str | None = None
    where: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str | None, str]:
        return self.context, self.msgid


def _literal(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def extract_source(text: str, where: str, literal_only: bool = False) -> list[Message]:
    """Every marked string of one module's source, in the order written (with
    ``literal_only``, a marker called with other than literals is passed over)."""
    found = []
    for node in ast.walk(ast.parse(text, filename=where)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in MARKERS):
            continue
        context, plural = MARKERS[node.func.id]
        wanted = 1 + context + plural
        args = [_literal(a) for a in node.args[:wanted]]
        if len(node.args) < wanted or any(a is None for a in args):
            if literal_only:
                continue
            raise ExtractError(f"{where}:{node.lineno}: {node.func.id}() needs literal strings "
                               f"(the catalogs list them), found {ast.unparse(node)[:60]}")
        ctx = args.pop(0) if context else None
        found.append((node.lineno, node.col_offset,
                      Message(ctx, args[0], args[1] if plural else None, [where])))
    return [m for _line, _col, m in sorted(found, key=lambda f: f[:2])]


def extract_page(root: Path = ROOT) -> list[Message]:
    """Every marked string of the explorer's page (its scripts, then its template), in the
    order written."""
    from explainer.explore import words

    folder = root / EXPLORE
    found = []
    try:
        for path in sorted(folder.rglob("*.js")):
            rel = path.relative_to(folder).as_posix()
            for msgid, plural, _line in words.extract_script(
                    path.read_text(encoding="utf-8"), f"{EXPLORE}/{rel}",
                    literal_only=rel == words.DEFINES):
                found.append(Message(None, msgid, plural, [f"{EXPLORE}/{rel}"]))
        template = folder / words.TEMPLATE
        if template.exists():
            where = f"{EXPLORE}/{words.TEMPLATE}"
            for msgid, plural, _line in words.extract_template(template.read_text(encoding="utf-8"),
                                                         where):
                found.append(Message(None, msgid, plural, [where]))
    except words.ExtractError as e:
        raise ExtractError(str(e)) from None
    return found


def extract(root: Path = ROOT, sources=SOURCES) -> list[Message]:
    """Every marked string of the project's code, each once, in the order first met."""
    messages: dict[tuple[str | None, str], Message] = {}

    def add(m: Message) -> None:
        if m.key in messages:
            known = messages[m.key].where
            known += [w for w in m.where if w not in known]
            if m.plural and not messages[m.key].plural:
                messages[m.key].plural = m.plural
        else:
            messages[m.key] = m

    for folder in sources:
        for path in sorted((root / folder).rglob("*.py")):
            rel = path.relative_to(root).as_posix()
            for m in extract_source(path.read_text(encoding="utf-8"), rel,
                                    literal_only=rel == DEFINES):
                add(m)
    if "explainer" in sources:
        for m in extract_page(root):
            add(m)
    return list(messages.values())


def quote(text: str) -> str:
    """A .po string: C escapes, a long or multi-line one split after each newline."""
    body = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
            .replace("\n", "\\n\n"))
    parts = body.split("\n")
    if len(parts) == 1:
        return f'"{parts[0]}"'
    return '""\n' + "\n".join(f'"{p}"' for p in parts if p)


def entry(m: Message, translated=None, comments=(), flags=(), nplurals: int = 2) -> str:
    lines = [f"# {c}" if c else "#" for c in comments]
    lines.append("#: " + " ".join(m.where))  # the files, not lines: edits move no entry
    if "{" in m.msgid:
        flags = ("python-brace-format", *[f for f in flags if f != "python-brace-format"])
    if flags:
        lines.append("#, " + ", ".join(flags))
    if m.context is not None:
        lines.append(f"msgctxt {quote(m.context)}")
    lines.append(f"msgid {quote(m.msgid)}")
    if m.plural is not None:
        lines.append(f"msgid_plural {quote(m.plural)}")
        forms = translated if isinstance(translated, list) else [""] * nplurals
        lines += [f"msgstr[{k}] {quote(f)}" for k, f in enumerate(forms)]
    else:
        lines.append(f"msgstr {quote(translated or '')}")
    return "\n".join(lines)


def header(fields: dict[str, str], comments=()) -> str:
    text = "".join(f"{k}: {v}\n" for k, v in fields.items())
    return "\n".join([*(f"# {c}" for c in comments), 'msgid ""', "msgstr " + quote(text)])


def template(messages: list[Message]) -> str:
    head = header(HEADER, ["The explainer's strings, extracted by scripts/messages.py from",
                           "scenes/ and explainer/: do not edit; each language is locale/CODE.po."])
    return "\n\n".join([head, *(entry(m) for m in messages)]) + "\n"


def catalog_text(code: str, messages: list[Message], old: list[dict] | None = None,
                 old_header: dict[str, str] | None = None) -> str:
    """locale/CODE.po: every message, with the translation ``old`` entries give it (and
    their comments and flags), else empty and '# reviewed: no'."""
    fields = dict(old_header or {})
    fields = {**HEADER, "Language": code,
              "Plural-Forms": "nplurals=2; plural=(n != 1);", **fields}
    known = {(e["msgctxt"], e["msgid"]): e for e in old or [] if e["msgid"]}
    nplurals = _nplurals(fields["Plural-Forms"])
    parts = [header(fields, [f"The explainer in {code}: one entry per string of "
                             "locale/messages.pot.",
                             "'# reviewed: yes' once a speaker of the language has checked "
                             "an entry, 'no' until then."])]
    for m in messages:
        e = known.get(m.key)
        if e is not None and isinstance(e["msgstr"], list) != (m.plural is not None):
            e = None  # a string that gained or lost its plural: translate it again
        if e is None:
            parts.append(entry(m, None, ["reviewed: no"], nplurals=nplurals))
        else:
            parts.append(entry(m, e["msgstr"], e["comments"] or ["reviewed: no"],
                               sorted(e["flags"])))
    return "\n\n".join(parts) + "\n"


def _nplurals(rule: str) -> int:
    """How many plural forms a Plural-Forms rule has ("nplurals=3; plural=..." -> 3)."""
    for part in rule.split(";"):
        name, _sep, value = part.partition("=")
        if name.strip() == "nplurals" and value.strip().isdigit():
            return max(1, int(value))
    return 2


def _header_fields(entries: list[dict]) -> dict[str, str]:
    for e in entries:
        if e["msgid"] == "" and e["msgctxt"] is None:
            return {k.strip(): v.strip() for k, _sep, v in
                    (line.partition(":") for line in str(e["msgstr"]).splitlines()) if k}
    return {}


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(ROOT))
    from scenes.toolkit.language import LanguageError, read_po

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    g = p.add_mutually_exclusive_group()
    g.add_argument("--init", metavar="CODE", help="start locale/CODE.po from the template")
    g.add_argument("--update", action="store_true", help="bring every locale/*.po up to date")
    args = p.parse_args(argv)
    try:
        messages = extract()
    except (ExtractError, SyntaxError) as e:
        print(f"messages: {e}", file=sys.stderr)
        return 2
    LOCALE.mkdir(exist_ok=True)
    TEMPLATE.write_text(template(messages), encoding="utf-8")
    print(f"{TEMPLATE.relative_to(ROOT)}: {len(messages)} strings")
    if args.init:
        code = args.init
        if not code.replace("_", "").isalnum() or code == "messages":
            print(f"messages: --init: expected a language code such as fr or pt_BR, got {code!r}",
                  file=sys.stderr)
            return 2
        path = LOCALE / f"{code}.po"
        if path.exists():
            print(f"messages: --init: {path.relative_to(ROOT)} exists; use --update",
                  file=sys.stderr)
            return 2
        path.write_text(catalog_text(code, messages), encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: started, {len(messages)} strings to translate")
    if args.update:
        for path in sorted(LOCALE.glob("*.po")):
            try:
                old = read_po(path.read_text(encoding="utf-8"), str(path))
            except LanguageError as e:
                print(f"messages: {e}", file=sys.stderr)
                return 2
            path.write_text(catalog_text(path.stem, messages, old, _header_fields(old)),
                            encoding="utf-8")
            print(f"{path.relative_to(ROOT)}: up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
