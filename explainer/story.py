"""The explainer's chapters, in the order of the seed's narrative.

Each chapter is one Manim scene rendered as one clip. The render pipeline
(`mlp-explainer render`) renders exactly this list, in this order; change the story here.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from pathlib import Path

from mlp.bundled import (
    BUNDLED,
    CURVE,
    DEPTH,
    DIGITS,
    MANY_CLASSES,
    SEED_NOTEBOOK,
    TWO_UNITS,
    WIDTH_TRACES,
)
from scenes.toolkit.language import N_

# The folder that holds the packages mlp, scenes and explainer: the checkout, or
# site-packages when the package is installed. The built-in story's modules are relative to it.
PROJECT_ROOT = Path(__file__).resolve().parent.parent

# One folder or file name of a scene's module path: no separators, no "." or "..", nothing
# a shell, a URL or generated source would read differently.
_PATH_PART = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
_ASSET_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def check_scene_name(name) -> str:
    """A scene's name becomes a class name in generated source and a file name: it must be a
    Python identifier (and not a keyword). Returns it, or raises ValueError saying why not.

    >>> check_scene_name("HiddenLinesTraining")
    'HiddenLinesTraining'
    """
    if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name) \
            or not name.isascii():
        raise ValueError(f"scene {name!r}: expected a Scene class name (ASCII letters, digits "
                         f"and _, not starting with a digit)")
    return name


def check_module_path(path) -> str:
    """A scene's module is a .py file given relative to a folder (the project's root, or the
    folder of the story file that names it) with / between folders: no absolute path, no "."
    or ".." part, no backslash. Returns it, or raises ValueError saying why not.

    >>> check_module_path("scenes/linear.py")
    'scenes/linear.py'
    """
    expected = ("expected the scene's .py file relative to the story's folder or the project's "
                "root, such as scenes/linear.py or lecture.py (folders and file named with "
                "letters, digits, _, - and ., no '..')")
    if not isinstance(path, str) or not path.endswith(".py"):
        raise ValueError(f"module {path!r}: {expected}")
    parts = path.split("/")
    if any(not _PATH_PART.fullmatch(part) or set(part) == {"."} or ".." in part
           for part in parts):
        raise ValueError(f"module {path!r}: {expected}")
    return path


def check_asset_name(name) -> str:
    """A bundled trace's name: the file assets/NAME.npz, so a plain file name."""
    if not isinstance(name, str) or not _ASSET_NAME.fullmatch(name) or ".." in name:
        raise ValueError(f"asset {name!r}: expected the name of a trace under assets/, such as "
                         f"seed-notebook (letters, digits, _, - and .)")
    return name


def module_root(chapter: Chapter, default: Path = PROJECT_ROOT) -> Path:
    """The folder the chapter's module is relative to (``default`` when it names none)."""
    return chapter.root if chapter.root is not None else default


def story_module_root(story_dir: Path, module: str) -> Path | None:
    """The folder a story file's module is in: the story's own folder when the module is
    there, else the project's root when it is one of the project's; None when neither."""
    for root in (story_dir, PROJECT_ROOT):
        if (root / module).is_file():
            return root
    return None


@dataclass(frozen=True)
class Chapter:
    """One scene of the explainer.

    module: the scene's file, relative to ``root`` (as given to the manim CLI, run there).
    scene: the Scene class in that file.
    title: the chapter title (chapter markers, index page, slides), in English: the
        built-in story's are marked for the catalogs (N_), and the render says them in its
        language (scenes.toolkit.language).
    plays_trace: whether the scene plays one trace that `--trace FILE` may replace
        (through $MLP_TRACE); False for scenes that play fixed bundled traces.
    assets: the bundled traces (names under assets/) the scene plays by default (its
        default_trace, or default_traces); they are in the cache key and the manifest. None
        means: every asset named in the scene's sources (a name, or its prefix before
        trailing digits), a safe superset.
    root: the folder ``module`` is relative to: for a chapter of a story file, the file's
        folder (or the project's root, when the module is one of the project's own); None
        for the built-in story: the project's root.
    """

    module: str
    scene: str
    title: str
    plays_trace: bool = True
    assets: tuple[str, ...] | None = None
    root: Path | None = None

    def __post_init__(self) -> None:
        check_module_path(self.module)
        check_scene_name(self.scene)
        if not isinstance(self.title, str) or not self.title.strip() or \
                any(ord(c) < 32 for c in self.title):
            raise ValueError(f"title {self.title!r}: expected one line of text")
        for name in self.assets or ():
            check_asset_name(name)
        unknown = [a for a in self.assets or () if a not in BUNDLED]
        if unknown:
            raise ValueError(f"{self.scene}: assets must be bundled traces "
                             f"({', '.join(BUNDLED)}), got {unknown[0]!r}")


SEED = (SEED_NOTEBOOK,)

STORY: list[Chapter] = [
    Chapter("scenes/question.py", "OpeningQuestion", N_("Can a line separate these?"),
            assets=SEED),
    Chapter("scenes/linear.py", "LinearClassifier", N_("One line between two classes"),
            assets=("blobs-linear",)),
    Chapter("scenes/linear.py", "CirclesAreNotSeparable", N_("Circles no line can separate"),
            assets=("circles-linear",)),
    Chapter("scenes/feature_map.py", "FeatureMap", N_("A feature map, then a line"),
            assets=("circles-feature-map",)),
    Chapter("scenes/three_classifiers.py", "ThreeClassifiers",
            N_("Three lines around the inner circle"), assets=SEED),
    Chapter("scenes/network.py", "BecomeANetwork", N_("The classifiers become a network"),
            assets=SEED),
    Chapter("scenes/hidden_lines.py", "HiddenLinesTraining", N_("The hidden units' lines learn"),
            assets=SEED),
    Chapter("scenes/decision_boundary.py", "DecisionBoundary",
            N_("The decision boundary through training"), assets=SEED),
    Chapter("scenes/decision_boundary.py", "WidthProgression",
            N_("Wider hidden layers, rounder boundaries"), plays_trace=False, assets=WIDTH_TRACES),
    Chapter("scenes/warp.py", "HiddenSpaceWarp", N_("The hidden layer warps the plane"),
            assets=SEED),
    # The story's own runs beyond the seed's network: these chapters keep their traces.
    Chapter("scenes/warp.py", "TwoUnitsWarp", N_("Two units are not enough"), plays_trace=False,
            assets=(TWO_UNITS,)),
    Chapter("scenes/warp.py", "WarpDuringTraining", N_("The warp during training"), assets=SEED),
    Chapter("scenes/warp.py", "DepthWarp", N_("Two hidden layers, one warp after another"),
            plays_trace=False, assets=(DEPTH,)),
    Chapter("scenes/decision_boundary.py", "ManyClassesRegions", N_("Many classes"),
            plays_trace=False, assets=(MANY_CLASSES,)),
    Chapter("scenes/warp.py", "ManyClassesWarp", N_("Many classes in the last hidden layer"),
            plays_trace=False, assets=(MANY_CLASSES,)),
    Chapter("scenes/graph.py", "ComputationalGraph", N_("Forward and backward through the graph"),
            assets=SEED),
    Chapter("scenes/chain_rule.py", "ChainRulePath", N_("The chain rule, term by term"),
            assets=SEED),
    Chapter("scenes/pull.py", "WhoPullsTheLines", N_("Who pulls the lines"), assets=SEED),
    # The same machinery on real data: 8x8 images of handwritten digits, with a test set.
    Chapter("scenes/digits.py", "HandwrittenDigits", N_("A real data set: handwritten digits"),
            assets=(DIGITS,)),
    # A regression of one input: the hidden units' curves add up to the fit.
    Chapter("scenes/bumps.py", "BumpsAddUp", N_("Bumps add up to any curve"), assets=(CURVE,)),
    Chapter("scenes/recap.py", "Recap", N_("What we saw, and what a perfect score does not tell"),
            plays_trace=False, assets=("blobs-linear", "circles-feature-map", SEED_NOTEBOOK)),
]
