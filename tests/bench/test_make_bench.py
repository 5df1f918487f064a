"""`make bench` runs every benchmark in bench/: every figure the README's Measured section
gives comes from one of them."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def bench_recipe() -> list[str]:
    """The scripts the Makefile's bench target runs, in order."""
    text = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^bench:.*\n((?:\t.*\n)+)", text, flags=re.M)
    assert recipe, "the Makefile has no bench target"
    return re.findall(r"(bench/\w+\.py)", recipe.group(1))


def test_make_bench_runs_every_benchmark_script():
    scripts = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "bench").glob("*.py")
                     if p.name not in {"__init__.py", "common.py"})
    assert scripts, "no benchmark scripts found"
    assert sorted(bench_recipe()) == scripts


def test_every_script_the_readme_quotes_is_run_by_make_bench():
    measured = (ROOT / "README.md").read_text().split("## Measured", 1)[1].split("\n## ", 1)[0]
    quoted = set(re.findall(r"bench/\w+\.py", measured))
    assert quoted, "the Measured section names no benchmark script"
    assert quoted <= set(bench_recipe())
