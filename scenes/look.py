"""The explainer's look (background colour, frame rate) wherever Manim is started from.

Manim reads ``manim.cfg`` from the folder of the scene file, so a chapter rendered from
the package gets the look from ``scenes/manim.cfg``. A lecturer's own ``lecture.py`` lives in
a folder of its own, and a notebook has no scene file at all; importing ``scenes`` (any
chapter or toolkit module) applies the same look to Manim's config, as a layer between
Manim's own defaults and whatever the user chose:

- a value still at Manim's library default takes the explainer's;
- a value the user set (their own ``manim.cfg``, ``--config_file``, ``--fps`` or a quality
  flag such as ``-qh``, ``tempconfig``, ``config.x = ...``) is kept.

So ``manim lecture.py MyScene`` renders 1080p at the explainer's 30 fps like
``manim scenes/linear.py LinearClassifier``, ``-ql`` still gives 480p15, and ``%%manim`` in a
notebook gets the dark background.

Importing ``scenes`` does not import Manim: when Manim is not loaded yet, the look is applied
the moment it is.
"""

from __future__ import annotations

import configparser
import importlib.abc
import importlib.util
import sys
from pathlib import Path

# The one source of the look: the manim.cfg beside the chapters, shipped in the wheel.
LOOK_FILE = Path(__file__).with_name("manim.cfg")
# The options that make the look, each with the manim CLI options that set it.
LOOK_KEYS = {"background_color": (), "frame_rate": ("frame_rate", "quality")}


def _cli_section(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser()
    parser.read(path, encoding="utf-8")
    return parser["CLI"]


def look() -> dict[str, str]:
    """The look as ``scenes/manim.cfg`` writes it, option -> text.

    >>> sorted(look())
    ['background_color', 'frame_rate']
    """
    section = _cli_section(LOOK_FILE)
    return {key: section[key] for key in LOOK_KEYS}


def _library_defaults() -> dict[str, str]:
    """Manim's own defaults for the look's options (its default.cfg)."""
    import manim

    section = _cli_section(Path(manim.__file__).parent / "_config" / "default.cfg")
    return {key: section[key] for key in LOOK_KEYS}


def _same(key: str, a, b) -> bool:
    from manim import ManimColor

    if key == "background_color":
        return ManimColor.parse(a).to_hex() == ManimColor.parse(b).to_hex()
    return float(a) == float(b)


def _given_on_command_line() -> set[str]:
    """The manim CLI options given on the command line of the manim command now running."""
    try:
        import click
        from click.core import ParameterSource
    except ImportError:  # pragma: no cover - Manim's CLI is built on click
        return set()
    ctx = click.get_current_context(silent=True)
    given: set[str] = set()
    while ctx is not None:
        for name in ctx.params:
            if ctx.get_parameter_source(name) is ParameterSource.COMMANDLINE:
                given.add(name)
        ctx = ctx.parent
    return given


def apply_look(config=None) -> dict[str, str]:
    """Give ``config`` (Manim's global config by default) the explainer's look where the user
    left Manim's default; return what was set, option -> value."""
    import manim
    from manim import ManimColor

    config = manim.config if config is None else config
    defaults = _library_defaults()
    given = _given_on_command_line()
    applied = {}
    for key, value in look().items():
        if given & set(LOOK_KEYS[key]) or not _same(key, config[key], defaults[key]):
            continue
        config[key] = float(value) if key == "frame_rate" else ManimColor.parse(value)
        applied[key] = value
    return applied


class _Loader(importlib.abc.Loader):
    """Manim's own loader, which applies the look once Manim has loaded."""

    def __init__(self, inner: importlib.abc.Loader) -> None:
        self._inner = inner

    def create_module(self, spec):
        return self._inner.create_module(spec)

    def exec_module(self, module) -> None:
        self._inner.exec_module(module)
        apply_look()

    def __getattr__(self, name: str):  # resources and the rest, as Manim's loader has them
        return getattr(self._inner, name)


class _OnManimImport(importlib.abc.MetaPathFinder):
    """Finds Manim as usual, once, and wraps its loader in _Loader."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "manim":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader)
        return spec


def apply_look_with_manim() -> None:
    """Apply the look now if Manim is loaded, else as soon as it is."""
    if "manim" in sys.modules:
        apply_look()
    elif not any(isinstance(f, _OnManimImport) for f in sys.meta_path):
        sys.meta_path.insert(0, _OnManimImport())
