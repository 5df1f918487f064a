"""The command line run in this process, as a shell would run it: in a folder, its exit
code and what it printed. A traceback is not caught here, so a test that expects one line
fails on it (with the traceback) instead of reading it from stderr.
A subprocess costs an interpreter and its imports, seconds each on a loaded machine; tests
that need a real process (a closed pipe, a signal) still start one."""

from __future__ import annotations

import io
import os
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from explainer.cli import main


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


def run_cli(*argv: str, cwd: Path | str) -> Ran:
    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    os.chdir(cwd)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(list(argv))
            except SystemExit as e:  # argparse's usage errors
                code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    finally:
        os.chdir(here)
    return Ran(code, out.getvalue(), err.getvalue())
