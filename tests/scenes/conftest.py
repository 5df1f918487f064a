"""Fixtures for the scene tests: one TeX cache per test module."""

from __future__ import annotations

from functools import partial

import pytest
from plane_render import render as render_small


@pytest.fixture(scope="module")
def tex_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("tex")


@pytest.fixture(scope="module")
def render(tex_dir):
    """plane_render.render with the module's shared TeX cache."""
    return partial(render_small, tex_dir=tex_dir)
