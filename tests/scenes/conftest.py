"""Fixtures for the scene tests: one TeX cache a worker, and one render of each scene
on each of the tests' networks (tests/helpers/networks.py) for the whole session."""

from __future__ import annotations

from functools import partial

import pytest
from networks import network
from plane_render import checking
from plane_render import render as render_small


@pytest.fixture(scope="session")
def tex_dir(one_tex_cache):
    """The worker's TeX cache (tests/conftest.py): each TeX string compiled once."""
    return one_tex_cache


@pytest.fixture(scope="module")
def render(tex_dir):
    """plane_render.render with the module's shared TeX cache."""
    return partial(render_small, tex_dir=tex_dir)


@pytest.fixture(scope="session")
def rendered(tmp_path_factory, tex_dir):
    """rendered(scene_cls, name, **settings) -> (scene, last frame): ``scene_cls`` played on
    the network ``name`` (``networks.network``) by plane_render.render with ``settings``.

    Each scene, network and settings is rendered once a session (once per pytest worker:
    the files that share a render are in one xdist_group), in a folder of its own, and the
    same (scene, frame) is handed to every test that asks for it: tests read them and
    change nothing. As it plays, the scene records any text it
    leaves outside the frame in ``scene.outside`` (plane_render.checking).
    """
    done = {}

    def get(scene_cls, name: str, **settings):
        key = (scene_cls, name, tuple(sorted(settings.items())))
        if key not in done:
            done[key] = render_small(checking(scene_cls),
                                     tmp_path_factory.mktemp(scene_cls.__name__),
                                     tex_dir=tex_dir, trace=network(name), **settings)
        return done[key]

    return get
