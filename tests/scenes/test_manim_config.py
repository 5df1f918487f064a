"""In-process renders set Manim's output once, the way the running Manim understands it, and
refuse any option Manim's tempconfig would drop without a word."""

from __future__ import annotations

import av
import pytest
import srt
from manim import Circle, Create, Scene, config

from scenes.manim_config import HAS_OUTPUT_FORMAT, manim_config

# Options of one supported Manim only: the other one's must be refused, not dropped.
OTHER_MANIMS_OPTIONS = ["write_to_movie", "save_last_frame"] if HAS_OUTPUT_FORMAT \
    else ["live_preview"]
# The running Manim's options for what a render writes.
OUTPUT_OPTIONS = {"format": "mp4"} if HAS_OUTPUT_FORMAT \
    else {"format": "mp4", "write_to_movie": True, "save_last_frame": False}


class OneCaption(Scene):
    def construct(self):
        self.play(Create(Circle()), subcaption="a circle", run_time=0.4)


def render(tmp_path, output):
    with manim_config({"media_dir": str(tmp_path), "pixel_height": 90, "pixel_width": 160,
                       "frame_rate": 5, "disable_caching": True, "verbosity": "ERROR",
                       "progress_bar": "none", "output_file": str(tmp_path / "scene")},
                      output=output):
        OneCaption().render()
    return sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")
                  if p.is_file())


@pytest.mark.parametrize("key", ["pixel_heigth", *OTHER_MANIMS_OPTIONS])
def test_an_option_this_manim_does_not_have_is_refused(key):
    with pytest.raises(ValueError, match=f"no config option '{key}'"):
        with manim_config({key: 100}):
            pass


@pytest.mark.parametrize("key", OUTPUT_OPTIONS)
def test_the_output_is_said_once_not_as_an_option(key):
    with pytest.raises(ValueError, match="output="):
        with manim_config({key: OUTPUT_OPTIONS[key]}):
            pass


def test_options_hold_inside_and_are_restored_after():
    before = config.pixel_height
    with manim_config({"pixel_height": 90, "frame_rate": 5}):
        assert (config.pixel_height, config.frame_rate) == (90, 5)
    assert config.pixel_height == before


def test_output_none_writes_no_video_and_no_image(tmp_path):
    written = render(tmp_path, "none")
    assert not [f for f in written if f.endswith((".mp4", ".mov", ".png", ".gif"))], written


def test_output_movie_writes_the_video_and_its_subtitles(tmp_path):
    written = render(tmp_path, "movie")
    assert "scene.mp4" in written and "scene.srt" in written, written
    with av.open(str(tmp_path / "scene.mp4")) as video:
        assert sum(1 for _ in video.decode(video=0)) == 2  # 0.4 s at 5 fps
    cues = list(srt.parse((tmp_path / "scene.srt").read_text(encoding="utf-8")))
    assert [c.content for c in cues] == ["a circle"]
