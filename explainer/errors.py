"""The error a command reports as one line on stderr with exit code 2."""

from __future__ import annotations


class UsageError(Exception):
    """A bad argument or a bad input file: the CLI prints the message alone and exits 2."""
