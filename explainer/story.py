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
    assets: the bundled traces (names under assets/) the scene plays by default; None means
        they are found in the scene's sources (a name, or its prefix before trailing digits).
    """

    module: str
    scene: str
    title: str
    plays_trace: bool = True
    assets: tuple[str, ...] | None = None


STORY: list[Chapter] = [
    Chapter("scenes/linear.py", "LinearClassifier", "A line separates two classes"),
    Chapter("scenes/linear.py", "CirclesAreNotSeparable", "Circles no line can separate"),
    Chapter("scenes/feature_map.py", "FeatureMap", "A feature map makes them separable"),
    Chapter("scenes/three_classifiers.py", "ThreeClassifiers",
            "Three lines around the inner circle"),
    Chapter("scenes/hidden_lines.py", "HiddenLinesTraining", "The hidden units' lines learn"),
    Chapter("scenes/decision_boundary.py", "DecisionBoundary",
            "The decision boundary through training"),
    Chapter("scenes/decision_boundary.py", "WidthProgression",
            "Wider hidden layers, rounder boundaries", plays_trace=False),
    Chapter("scenes/warp.py", "HiddenSpaceWarp", "The hidden layer warps the plane"),
    Chapter("scenes/warp.py", "WarpDuringTraining", "The warp during training"),
    Chapter("scenes/graph.py", "ComputationalGraph", "Forward and backward through the graph"),
    Chapter("scenes/chain_rule.py", "ChainRulePath", "The chain rule, term by term"),
    Chapter("scenes/pull.py", "WhoPullsTheLines", "Who pulls the lines"),
]
