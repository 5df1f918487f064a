"""The explainer's chapters, in the order of the seed's narrative.

Each chapter is one Manim scene rendered as one clip. The render pipeline
(`mlp-explainer render`) renders exactly this list, in this order; change the story here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Chapter:
    """One scene of the explainer.

    module: the scene's file, relative to the repository root (as given to the manim CLI).
    scene: the Scene class in that file.
    title: the chapter title (chapter markers, index page, slides).
    plays_trace: whether the scene plays one trace that `--trace FILE` may replace
        (through $MLP_TRACE); False for scenes that play fixed bundled traces.
    assets: the bundled traces (names under assets/) the scene plays by default (its
        default_trace, or default_traces); they are in the cache key and the manifest. None
        means: every asset named in the scene's sources (a name, or its prefix before
        trailing digits), a safe superset.
    """

    module: str
    scene: str
    title: str
    plays_trace: bool = True
    assets: tuple[str, ...] | None = None


SEED = ("seed-notebook",)
WIDTHS = tuple(f"seed-width-{w}" for w in range(5, 55, 5))

STORY: list[Chapter] = [
    Chapter("scenes/linear.py", "LinearClassifier", "A line separates two classes",
            assets=("blobs-linear",)),
    Chapter("scenes/linear.py", "CirclesAreNotSeparable", "Circles no line can separate",
            assets=("circles-linear",)),
    Chapter("scenes/feature_map.py", "FeatureMap", "A feature map makes them separable",
            assets=("circles-feature-map",)),
    Chapter("scenes/three_classifiers.py", "ThreeClassifiers",
            "Three lines around the inner circle", assets=SEED),
    Chapter("scenes/hidden_lines.py", "HiddenLinesTraining", "The hidden units' lines learn",
            assets=SEED),
    Chapter("scenes/decision_boundary.py", "DecisionBoundary",
            "The decision boundary through training", assets=SEED),
    Chapter("scenes/decision_boundary.py", "WidthProgression",
            "Wider hidden layers, rounder boundaries", plays_trace=False, assets=WIDTHS),
    Chapter("scenes/warp.py", "HiddenSpaceWarp", "The hidden layer warps the plane",
            assets=SEED),
    Chapter("scenes/warp.py", "WarpDuringTraining", "The warp during training", assets=SEED),
    Chapter("scenes/graph.py", "ComputationalGraph", "Forward and backward through the graph",
            assets=SEED),
    Chapter("scenes/chain_rule.py", "ChainRulePath", "The chain rule, term by term",
            assets=SEED),
    Chapter("scenes/pull.py", "WhoPullsTheLines", "Who pulls the lines", assets=SEED),
]
