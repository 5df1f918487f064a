"""Render the explainer's scenes with the manim CLI, in parallel and cached, and export them.

`explainer.pipeline.run.render(Options(...))` is the whole pipeline; `mlp-explainer render`
is its command line.
"""
