"""The Dask path: renders sent to a real distributed.LocalCluster with two workers."""

from __future__ import annotations

import json
import os

import pytest
from distributed import Client, LocalCluster
from pipeline_helpers import FPS, SIZE, SMALL, decode, sha256, story_file

from explainer.cli import main
from explainer.pipeline.executors import DaskExecutor
from explainer.pipeline.plan import Settings
from explainer.pipeline.run import Options, render
from explainer.story import Chapter

# Its tests share renders (module fixtures): one worker runs the file, so each is made once.
pytestmark = pytest.mark.xdist_group("render-dask")


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as c, Client(c) as client:
        pids = set(client.run(os.getpid).values())
        yield c.scheduler_address, pids


def test_cli_renders_through_the_cluster(cluster, tmp_path):
    address, _ = cluster
    out = tmp_path / "out"
    story = story_file(tmp_path, [("TinyLine", "A square"), ("TinyTrace", "Snapshots")])
    code = main(["render", "--story", str(story), *SMALL, "--out", str(out), "--executor",
                 "dask", "--scheduler", address, "--quiet"])
    assert code == 0
    m = json.loads((out / "manifest.json").read_text())
    assert [c["scene"] for c in m["clips"]] == ["TinyLine", "TinyTrace"]
    for clip in m["clips"]:
        frames = decode(out / clip["file"])
        assert len(frames) == clip["frames"] and frames[0].shape == (SIZE[1], SIZE[0], 3)
        assert clip["sha256"] == sha256(out / clip["file"])
    assert [c["title"] for c in m["explainer"]["chapters"]] == ["A square", "Snapshots"]


def test_jobs_run_on_the_workers_and_share_the_cache(cluster, tmp_path):
    address, worker_pids = cluster
    out = tmp_path / "out"
    story = [Chapter("tests/explainer/fixtures/tiny_scenes.py", "TinyLine", "A square",
                     assets=("seed-notebook",))]
    settings = Settings("l", SIZE, FPS)
    report = render(Options(out=out, settings=settings, story=story, executor="dask",
                            scheduler=address, quiet=True))
    assert report.ok and report.rendered == ["TinyLine"]
    assert len(report.results) == 1
    pid = int(report.results[0].worker.rsplit(":", 1)[1])
    assert pid in worker_pids and pid != os.getpid()
    # The same cache whichever executor renders: a local re-run renders nothing.
    again = render(Options(out=out, settings=settings, story=story, jobs=1, quiet=True))
    assert again.rendered == [] and again.reused == ["TinyLine"]


def test_unreachable_scheduler_is_one_clear_error():
    executor = DaskExecutor("tcp://127.0.0.1:9", timeout=2)
    with pytest.raises(ValueError, match="--scheduler tcp://127.0.0.1:9: cannot connect"):
        executor.run([], lambda job: None, lambda job, result: None)
