"""Fixtures for the scene tests: one TeX cache per test module."""

from __future__ import annotations

from functools import partial

import pytest
from plane_render import asset
from plane_render import render as render_small


@pytest.fixture(scope="module")
def tex_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("tex")


@pytest.fixture(scope="module")
def render(tex_dir):
    """plane_render.render with the module's shared TeX cache."""
    return partial(render_small, tex_dir=tex_dir)


@pytest.fixture(scope="module")
def render_asset(tmp_path_factory, render):
    """Render a scene on a bundled trace, in a folder of its own: (trace, scene, last frame)."""

    def run(scene_cls, name: str = "seed-notebook"):
        trace = asset(name)
        scene, frame = render(scene_cls, tmp_path_factory.mktemp(scene_cls.__name__),
                              trace=trace)
        return trace, scene, frame

    return run
