"""Every manim command the pipeline and `mlp-explainer demo` run is one the installed Manim's
own command line parses, and none uses a flag Manim 0.22 removed or gave another meaning."""

from __future__ import annotations

import subprocess

import click
import pytest
from manim.cli.render.commands import render as manim_render

from explainer.cli import main
from explainer.pipeline.plan import Job, Settings
from explainer.pipeline.worker import manim_command

# Removed in Manim 0.22; -l now starts a live preview instead of rendering at low quality.
REMOVED = {"--write_to_movie", "-g", "--save_pngs", "-i", "--save_as_gif", "--flush_cache",
           "--custom_folders", "-l"}
SETTINGS = [Settings("l"), Settings("h", resolution=(256, 144), fps=10)]


def pipeline_command(variant: str, settings: Settings) -> list[str]:
    job = Job(index=1, scene="TinyLine", title="t", module="scenes/x.py", root=".",
              variant=variant, settings=settings, key="k", out_dir="out", work_dir="work",
              record="r.json", slides_module="work/TinyLine_slides.py"
              if variant == "slides" else None)
    return manim_command(job)


def demo_command(monkeypatch, tmp_path) -> list[str]:
    ran = []

    def fake_run(cmd, **kwargs):
        ran.append(cmd)
        return subprocess.CompletedProcess(cmd, 1)

    monkeypatch.setattr(subprocess, "run", fake_run)
    main(["demo", "--media-dir", str(tmp_path)])
    return ran[0]


def manim_args(cmd: list[str]) -> list[str]:
    """The arguments after `python -m manim` (and its `render` subcommand)."""
    assert cmd[1:3] == ["-m", "manim"], cmd
    args = cmd[3:]
    return args[1:] if args[:1] == ["render"] else args


def refusal(args: list[str]) -> str | None:
    """Why the installed Manim's `manim render` refuses args (None when it takes them)."""
    try:
        manim_render.make_context("render", list(args), resilient_parsing=False)
    except click.UsageError as e:  # an unknown flag, a bad value
        return e.format_message()
    return None


def assert_manim_takes(args: list[str]) -> None:
    assert not [a for a in args if a.split("=")[0] in REMOVED], args
    assert refusal(args) is None, args


@pytest.mark.parametrize("variant", ["video", "mov", "webm-alpha", "slides"])
@pytest.mark.parametrize("settings", SETTINGS, ids=["ql", "qh-sized"])
def test_pipeline_commands_parse_on_the_installed_manim(variant, settings):
    assert_manim_takes(manim_args(pipeline_command(variant, settings)))


def test_demo_command_parses_on_the_installed_manim(monkeypatch, tmp_path, capsys):
    assert_manim_takes(manim_args(demo_command(monkeypatch, tmp_path)))


def test_an_unknown_flag_is_refused_by_the_parse():
    assert "--no_such_flag" in refusal(["scenes/x.py", "X", "--no_such_flag"])


def test_mp4_clips_take_the_drawings_encoder_options():
    from scenes.manim_config import HAS_OUTPUT_FORMAT  # Manim 0.22: --encoder-option exists

    fast = pipeline_command("video", Settings("h"))
    today = pipeline_command("video", Settings("h", drawing="manim"))
    assert "--encoder-option" not in today
    assert ("preset=superfast" in fast and "crf=21" in fast) == HAS_OUTPUT_FORMAT
    for variant in ("mov", "webm-alpha", "slides"):  # other codecs keep their own settings
        assert "--encoder-option" not in pipeline_command(variant, Settings("h"))
