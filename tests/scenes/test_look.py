"""The explainer's look (scenes/manim.cfg's background colour and frame rate) wherever Manim
is started: a scene file in a folder of the user's own, rendered by the manim command, gets
it where the user left Manim's default, and keeps whatever the user chose."""

from __future__ import annotations

import configparser
import json
import os
import subprocess
import sys
from pathlib import Path

import manim
import pytest
from manim import ManimColor
from manim._config.utils import ManimConfig

from scenes.look import apply_look

ROOT = Path(__file__).resolve().parents[2]


def _cli(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser()
    parser.read(path)
    return parser["CLI"]


LOOK = _cli(ROOT / "scenes" / "manim.cfg")
LIBRARY = Path(manim.__file__).parent / "_config" / "default.cfg"

SCENE = """
import json, sys
from manim import Scene, config
import scenes.toolkit.plane  # any of the toolkit's mobjects

class Probe(Scene):
    def construct(self):
        with open("seen.json", "w") as f:
            json.dump({"background": config.background_color.to_hex(),
                       "fps": float(config.frame_rate), "height": config.pixel_height}, f)
"""


def _library_config() -> ManimConfig:
    """A config holding Manim's own defaults only (no project or user manim.cfg)."""
    parser = configparser.ConfigParser()
    parser.read(LIBRARY)
    return ManimConfig().digest_parser(parser)


def test_a_config_at_manims_defaults_gets_the_look():
    config = _library_config()
    assert apply_look(config) == {"background_color": LOOK["background_color"],
                                  "frame_rate": LOOK["frame_rate"]}
    assert config.background_color.to_hex() == ManimColor(LOOK["background_color"]).to_hex()
    assert config.frame_rate == float(LOOK["frame_rate"])


def test_what_the_user_set_is_kept():
    config = _library_config()
    config.background_color, config.frame_rate = "#FFFFFF", 24
    assert apply_look(config) == {}
    assert (config.background_color.to_hex(), config.frame_rate) == ("#FFFFFF", 24)


def _render(folder: Path, *flags: str) -> dict:
    (folder / "probe.py").write_text(SCENE)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "manim", "render", "--dry_run", *flags,
                           "probe.py", "Probe"], cwd=folder, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads((folder / "seen.json").read_text())


@pytest.mark.parametrize("flags, fps, height", [
    ((), float(LOOK["frame_rate"]), 1080),  # no quality flag: the look's frame rate
    (("-ql",), 15.0, 480),                    # a quality flag is the user's choice
    (("-qh",), 60.0, 1080),
    (("--fps", "24"), 24.0, 1080),
])
def test_the_manim_command_in_a_folder_of_ones_own(tmp_path, flags, fps, height):
    seen = _render(tmp_path, *flags)
    assert seen == {"background": ManimColor(LOOK["background_color"]).to_hex(),
                    "fps": fps, "height": height}


def test_a_manim_cfg_of_ones_own_wins(tmp_path):
    (tmp_path / "manim.cfg").write_text("[CLI]\nbackground_color = #FFFFFF\nframe_rate = 24\n")
    assert _render(tmp_path) == {"background": "#FFFFFF", "fps": 24.0, "height": 1080}
