"""The manim-slides adaptation: active exactly on a Manim where manim-slides' own Slide fails,
and a slide scene rendered through it gives manim-slides' deck (its JSON and videos)."""

from __future__ import annotations

import json

import av
from manim import Circle, Create, FadeOut, Square
from manim_slides import Slide as OwnSlide

from explainer.pipeline import slides_compat
from scenes.manim_config import manim_config


def probe(base):
    class TwoSlides(base):
        skip_reversing = True

        def construct(self):
            self.play(Create(Square()), run_time=0.4)
            self.next_slide()
            self.play(FadeOut(self.mobjects[0]), Create(Circle()), run_time=0.4)

    return TwoSlides


def render_slides(base, tmp_path):
    """Render a two-slide scene with ``base`` as its Slide class; the deck's JSON."""
    folder = tmp_path / "slides"
    with manim_config({"media_dir": str(tmp_path / "media"), "pixel_height": 90,
                       "pixel_width": 160, "frame_rate": 5, "disable_caching": True,
                       "verbosity": "ERROR", "progress_bar": "none"}, output="movie"):
        probe(base)(output_folder=folder).render()
    return json.loads((folder / "TwoSlides.json").read_text())


def test_the_adaptation_is_on_exactly_where_manim_slides_own_slide_fails(tmp_path):
    try:
        render_slides(OwnSlide, tmp_path)
        own_works = True
    except (AttributeError, KeyError, ValueError):
        own_works = False
    # When a manim-slides release renders on this Manim by itself, slides_compat can go.
    assert slides_compat.NEEDS_ADAPTING is not own_works
    assert (slides_compat.Slide is OwnSlide) is own_works


def test_a_slide_scene_gives_manim_slides_deck(tmp_path):
    deck = render_slides(slides_compat.Slide, tmp_path)
    assert len(deck["slides"]) == 2
    assert deck["resolution"] == [160, 90]
    for slide in deck["slides"]:  # each slide's video holds its 0.4 s at 5 fps
        with av.open(slide["file"]) as video:
            assert sum(1 for _ in video.decode(video=0)) == 2

