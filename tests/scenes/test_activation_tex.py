"""Every activation's symbol and derivative, as the scenes write them, compile in LaTeX."""

from __future__ import annotations

import pytest
from manim import MathTex, tempconfig

from mlp.activations import RECORDS
from scenes.warp import squash_caption


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_symbol_and_derivative_compile(name, tex_dir, tmp_path):
    a = RECORDS[name]
    with tempconfig({"media_dir": str(tmp_path), "tex_dir": str(tex_dir)}):
        assert len(MathTex(rf"h = {a.tex}(s)").submobjects) > 0
        assert len(MathTex(a.derivative_tex).submobjects) > 0


def test_the_squash_caption_names_the_box_or_the_activation():
    assert squash_caption(RECORDS["sigmoid"], (0.0, 1.0)).endswith(
        "squashed into $(0, 1)$")
    assert r"\tanh(" in squash_caption(RECORDS["tanh"], (-1.0, 1.0))
    silu = squash_caption(RECORDS["silu"], None)
    assert r"\mathrm{SiLU}(" in silu and silu.endswith("the activation")
