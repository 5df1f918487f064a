"""scenes: Manim scenes and shared mobjects that play mlp-explainer traces."""
