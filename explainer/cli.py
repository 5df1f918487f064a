"""The mlp-explainer command line: one subcommand per module in COMMANDS."""

from __future__ import annotations

import argparse
import importlib
import sys

from explainer import __version__
from explainer.errors import UsageError
from mlp.trace import TraceError

# Each module defines NAME, HELP, add_arguments(parser) and run(args) -> int.
COMMANDS = [
    "explainer.commands.train",
    "explainer.commands.inspect",
    "explainer.commands.demo",
    "explainer.commands.render",
    "explainer.commands.import_",
    "explainer.commands.explore",
]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2, no usage dump
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="mlp-explainer", description=__doc__)
    parser.add_argument("--version", action="version",
                        version=f"mlp-explainer {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name in COMMANDS:
        module = importlib.import_module(name)
        p = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return int(args.run(args) or 0)
    except (UsageError, TraceError, ValueError) as e:
        print(f"mlp-explainer: error: {e}" if not str(e).startswith("mlp-explainer")
              else f"{e}", file=sys.stderr)
        return 2
    except OSError as e:  # a file that cannot be read or written: say which and why
        where = f"{e.filename}: " if e.filename else ""
        print(f"mlp-explainer: error: {where}{e.strerror or e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("mlp-explainer: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
