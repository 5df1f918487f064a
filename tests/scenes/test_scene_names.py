"""Names from a trace are text, never markup, in the scenes too: class names holding Pango
markup show as those characters (as many glyphs as a plain Text of the same characters,
none made bold), TeX's specials print as themselves, and a 45-character name is cut with an
ellipsis so DecisionBoundary's legend stays inside the frame. Built without rendering."""

from __future__ import annotations

import pytest
from manim import MarkupText, config, tempconfig
from networks import _core

from mlp.trace import load_trace, save_trace
from scenes.decision_boundary import prediction_key
from scenes.toolkit.playback import panel_column
from scenes.toolkit.readouts import ClassLegend, caption
from scenes.toolkit.style import FONT, PANEL_LEFT
from scenes.toolkit.words import class_names, class_phrase

BOLD = "<b>x</b>"
SPAN = '<span foreground="red">&amp;</span>'
LONG = "the mean concavity of the nucleus, in microns"  # 45 characters
assert len(LONG) == 45
INPUT = r"\input{/etc/hostname}"
SPECIALS = r"$x^2$ & #1_~%{}"


def named(folder, core_args, names):
    """A small run of the core's training with these class names in its file, loaded back
    through the trace's own checks."""
    trace = _core(*core_args[:3], **core_args[3])
    trace.meta["dataset"] = {**trace.meta["dataset"], "class_names": names}
    save_trace(trace, folder / "named.npz")
    trace = load_trace(folder / "named.npz")
    assert trace.class_names == names
    return trace


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    folder = tmp_path_factory.mktemp("names")
    with tempconfig({"pixel_width": 160, "pixel_height": 90, "tex_dir": str(folder / "tex"),
                     "media_dir": str(folder)}):
        yield folder


def glyphs(text) -> int:
    return len(text.family_members_with_points())


def test_markup_in_class_names_is_shown_as_its_characters_and_the_legend_fits(tiny):
    names = [BOLD, SPAN, LONG]
    trace = named(tiny, ("spiral", [2, 4, 3], "tanh",
                         {"n": 30, "steps": 10, "lr": 0.05}), names)
    assert class_names(trace) == names
    key = prediction_key(trace)
    panel_column(key)  # where DecisionBoundary puts it: the panel, left at PANEL_LEFT
    legend = key[0]
    shown = [row[1] for row in legend.rows]
    assert [t.full_name for t in shown] == names
    assert shown[0].original_text == BOLD  # nothing cut, nothing taken as markup
    plain = caption(BOLD, font_size=22)  # the same characters, plain
    assert glyphs(shown[0]) == glyphs(plain) == len(BOLD)
    assert shown[0].width == pytest.approx(plain.width, rel=1e-6)
    for text, name in zip(shown[1:], names[1:], strict=True):  # cut: still characters
        cut = text.original_text
        assert cut.endswith("\u2026") and name.startswith(cut[:-1]) and len(cut) < len(name)
        assert glyphs(text) == glyphs(caption(cut, font_size=22)) == len(cut.replace(" ", ""))
    # what markup would have made of it: one bold glyph, not eight
    assert glyphs(MarkupText(BOLD, font=FONT, font_size=22)) == 1
    right = config.frame_width / 2
    assert PANEL_LEFT - 1e-6 <= key.get_left()[0] and key.get_right()[0] <= right
    assert class_phrase(trace, 2).endswith('\u2026"') and len(class_phrase(trace, 2)) < 35


def test_ten_long_names_stay_inside_the_frame(tiny):
    legend = ClassLegend([f"{k}: {LONG}"[:45] for k in range(10)], columns=3)
    panel_column(legend)
    assert legend.get_right()[0] <= config.frame_width / 2
    assert all(row[1].original_text.endswith("\u2026") for row in legend.rows)


def test_tex_specials_in_a_binary_runs_names_print_as_themselves(tiny):
    names = [LONG, INPUT]
    trace = named(tiny, ("moons", [2, 3, 1], "tanh", {"n": 30, "steps": 10, "lr": 0.05}),
                  names)
    key = prediction_key(trace)
    panel_column(key)
    tex, (lo, _, hi) = key
    # written by hand: each of TeX's specials escaped to print as itself
    assert tex.tex_string == (r"P(\text{\textbackslash{}input\{/etc/hostname\}}\mid x)")
    # P ( the 21 characters of the name | x ): one glyph each, no file read into it
    assert glyphs(tex) == 2 + len(INPUT) + 3
    for text, name in ((lo, LONG), (hi, INPUT)):  # beside the strip: cut to fit, as text
        assert text.original_text.endswith("\u2026") and name.startswith(text.original_text[:-1])
    assert key.get_right()[0] <= config.frame_width / 2


def test_every_tex_special_in_a_name_is_escaped(tiny):
    from scenes.decision_boundary import colour_key

    key = colour_key(("a", SPECIALS))
    assert key[0].tex_string == (r"P(\text{\$x\textasciicircum{}2\$ \& \#1\_"
                                 r"\textasciitilde{}\%\{\}}\mid x)")
    assert glyphs(key[0]) == 2 + len(SPECIALS.replace(" ", "")) + 3
    _, (lo, _, hi) = colour_key(("malignant", "benign"))  # names that fit are never cut
    assert (lo.original_text, hi.original_text) == ("malignant", "benign")
