"""mlp-explainer explore: a trace as one offline, interactive HTML page."""

from __future__ import annotations

from pathlib import Path

from mlp.trace import load_trace

NAME = "explore"
HELP = ("Write an interactive page for a trace: the input plane, the hidden space, the network "
        "and the curves, scrubbed through training (one offline HTML file).")


def add_arguments(p) -> None:
    p.add_argument("trace", help="a trace file (.npz)")
    p.add_argument("--out", type=Path, default=None,
                   help="the page to write (default: the trace's name with .html, in the "
                        "current folder)")
    p.add_argument("--title", default=None, help="the page's title (default: the trace's name)")
    p.add_argument("--language", default=None, metavar="CODE",
                   help="the language the page speaks unless its address asks for another "
                        "with ?lang=CODE (default: $MLP_LANGUAGE, else en); the page holds "
                        "the words of every language with a catalog")


def run(args) -> int:
    from explainer.explore import write_page
    from explainer.explore.page import page_language

    language = page_language(args.language)  # an unknown language: one line, before any work
    trace = load_trace(args.trace)
    out = args.out or Path(Path(args.trace).stem + ".html")  # under the current folder
    if out.is_dir():
        raise OSError(21, "is a folder; give the page's file name", str(out))
    path = write_page(trace, out, title=args.title, language=language)
    print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KiB): open it in a browser; "
          "it needs no network and can be shared as one file")
    return 0
