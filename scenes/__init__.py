"""scenes: Manim scenes and shared mobjects that play mlp-explainer traces.

Importing it gives Manim the explainer's look (scenes/look.py) wherever Manim is started.
"""

from __future__ import annotations

from scenes.look import apply_look_with_manim

apply_look_with_manim()
