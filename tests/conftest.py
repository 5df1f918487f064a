"""What every test folder shares: a test whose grouping is ignored fails, saying so.

`make test` runs ``pytest -n 2 --dist loadgroup``: the tests of a file marked with
``xdist_group`` share renders (module fixtures) and must run on one worker. A pytest or
pytest-xdist that drops the mark would still pass them, while rendering each shared render
once per worker, so the check is here and not in the timings.
"""

from __future__ import annotations

import pytest

UNGROUPED = pytest.StashKey[bool]()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    if not getattr(config.option, "loadgroup", False):
        return
    for item in items:  # xdist has named each marked test's group in its id by now
        if item.get_closest_marker("xdist_group") and "@" not in item.nodeid:
            item.stash[UNGROUPED] = True


def pytest_runtest_setup(item):
    if item.stash.get(UNGROUPED, False):
        pytest.fail("--dist loadgroup ignored this test's xdist_group mark: this pytest and "
                    "pytest-xdist do not group tests (install the versions pyproject.toml's "
                    "dev extra names)", pytrace=False)


@pytest.fixture(scope="session", autouse=True)
def one_tex_cache(tmp_path_factory):
    """One TeX cache a worker: each TeX string the tests' renders draw is compiled once per
    pytest worker, not once per test or per file (compiling is most of a small render's
    time). Renders that name a ``tex_dir`` of their own keep it. Each worker has its own
    folder: two processes writing one cache could read each other's half-written files."""
    try:
        from manim import config
    except ImportError:  # a test environment without Manim compiles no TeX
        yield None
        return
    before = config.tex_dir
    config.tex_dir = str(tmp_path_factory.mktemp("tex"))
    yield config.tex_dir
    config.tex_dir = before
