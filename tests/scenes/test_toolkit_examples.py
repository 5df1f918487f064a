"""Every mobject's Examples section is a scene that runs: each is rendered at a small size and
must put something on screen."""

from __future__ import annotations

import inspect
import re
import textwrap
from pathlib import Path

import manim
import numpy as np
import pytest

import scenes.toolkit.beats as beats
import scenes.toolkit.clouds as clouds
import scenes.toolkit.confusion as confusion
import scenes.toolkit.geometry as geometry
import scenes.toolkit.hidden_space as hidden_space
import scenes.toolkit.network_graph as network_graph
import scenes.toolkit.plane as plane
import scenes.toolkit.playback as playback
import scenes.toolkit.readouts as readouts
import scenes.toolkit.scores as scores
import scenes.toolkit.style as style
import scenes.toolkit.templates as templates
from mlp.trace import load_trace
from scenes.manim_config import manim_config

MODULES = [beats, clouds, confusion, hidden_space, network_graph, plane, readouts, scores,
           templates]


def examples():
    """(name, source) of each Examples block of a mobject class in the toolkit."""
    found = []
    for module in MODULES:
        for name, cls in inspect.getmembers(module, inspect.isclass):
            mine = cls.__module__ == module.__name__
            if not mine or not issubclass(cls, manim.Mobject | manim.Scene):
                continue
            doc = inspect.getdoc(cls) or ""
            match = re.search(r"Examples\n-+\n::\n\n(.*)", doc, re.S)
            assert match, f"{name} has no Examples section"
            found.append((name, textwrap.dedent(match.group(1))))
    return found


@pytest.mark.parametrize(("name", "source"), examples(), ids=[n for n, _ in examples()])
def test_the_example_renders(name, source, tmp_path, tex_dir, monkeypatch):
    monkeypatch.chdir(Path(__file__).resolve().parents[2])  # the examples name assets/...
    namespace = dict(vars(manim))
    for module in (geometry, style, *MODULES, playback):
        namespace.update({k: v for k, v in vars(module).items() if not k.startswith("_")})
    namespace.update(np=np, load_trace=load_trace, __name__="example")
    exec(compile(source, f"<{name} example>", "exec"), namespace)
    scene_cls = next(v for v in namespace.values()
                     if isinstance(v, type) and v.__module__ == "example")
    with manim_config({"media_dir": str(tmp_path), "tex_dir": str(tex_dir), "pixel_height": 90,
                       "pixel_width": 160, "frame_rate": 5, "disable_caching": True,
                       "verbosity": "ERROR", "progress_bar": "none",
                       "output_file": str(tmp_path / "example")}, output="none"):
        scene = scene_cls()
        scene.render()
        frame = np.asarray(scene.renderer.get_frame())[..., :3]
    assert scene.mobjects, name
    assert frame.max() > 60, name  # something brighter than the background was drawn
