"""The explainer's explorer pages: one per trace a clip plays, and none (no link, no failure)
for a trace the page cannot draw, such as the digits chapter's 64 inputs."""

from __future__ import annotations

from pipeline_helpers import ROOT

from explainer.pipeline.run import _explore_pages


def test_a_trace_the_page_cannot_draw_leaves_its_clip_without_a_page_and_the_others_theirs(
        tmp_path):
    clips = [{"scene": s, "timeline": [{"trace": f"assets/{a}.npz", "samples": [[0.0, 0.0]]}]}
             for s, a in (("HandwrittenDigits", "digits-width-16"),
                          ("LinearClassifier", "blobs-linear"))]
    _explore_pages(clips, tmp_path, ROOT)
    assert "explore" not in clips[0]
    page = tmp_path / clips[1]["explore"]["file"]
    assert page.is_file() and "<html" in page.read_text(encoding="utf-8").lower()
    assert [p.name for p in (tmp_path / "explore").iterdir()] == [page.name]
