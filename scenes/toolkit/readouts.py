"""Text and numbers on screen: captions, headings, legends, and the readouts that follow a
trace (the training clock's numbers, the loss curve).

Plain text is Pango (``Text``, no LaTeX) in the project's font; digits that change every
frame are TeX glyphs typeset once and copied (:class:`NumberText`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import numpy as np
from manim import DOWN, LEFT, ORIGIN, RIGHT, UP, Dot, Line, MathTex, Square, Text, VGroup, VMobject

from mlp.trace import Trace
from scenes.toolkit.language import NARROW_SPACE, _, decimal, ngettext, translate
from scenes.toolkit.output_kind import kind_words
from scenes.toolkit.style import (
    FONT,
    FOREGROUND,
    MUTED,
    PANEL_LEFT,
    PANEL_TOP,
    PANEL_WIDTH,
    TITLE_SIZE,
    class_color,
)
from scenes.toolkit.words import shorten, step_unit

M = TypeVar("M", bound=VMobject)

# The widest a panel's heading may be before it is scaled down to fit the right-hand panel.
HEADING_WIDTH = 5.8


def caption(text: str, *, font_size: float = 30, color: str = FOREGROUND) -> Text:
    """A line of plain text in the project's font (Pango, no LaTeX)."""
    return Text(text, font=FONT, font_size=font_size, color=color)


def fit_name(name: str, max_width: float, build: Callable[[str], M]) -> M:
    """``build(name)``, a mobject showing a name from a trace (a class's, an input's), no
    wider than ``max_width``: the name as it is when it fits, else its start and an ellipsis
    (words.shorten), as long as fits. Every place on screen that shows such a name makes it
    here, so none runs out of its place. ``.full_name`` on the result is the whole name."""
    name = str(name)
    shown = build(name)
    chars = len(name)
    while shown.width > max_width and chars > 1:
        chars = min(chars - 1, max(1, int(chars * max_width / shown.width)))
        shown = build(shorten(name, chars))
    shown.full_name = name
    return shown


def name_text(name: str, max_width: float, *, font_size: float = 22,
              color: str = FOREGROUND) -> Text:
    """A name from a trace as plain text in at most ``max_width`` (:func:`fit_name`).
    Pango's ``Text`` takes no markup: "<b>x</b>" or "&amp;" in a name shows as those
    characters."""
    return fit_name(name, max_width, lambda s: caption(s, font_size=font_size, color=color))


class Heading(VGroup):
    """A panel's title over its subtitle, left-aligned, each scaled down to ``max_width`` if
    wider (a long title never shrinks its subtitle).

    Parts: ``title`` and ``subtitle`` (Text); ``heading[0]`` and ``heading[1]`` are the same.

    Examples
    --------
    ::

        class ShowHeading(Scene):
            def construct(self):
                self.add(Heading("The decision boundary", "a 2-3-1 network"))
    """

    def __init__(self, title: str, subtitle: str, *, font_size: float = 30,
                 subtitle_size: float = 22, subtitle_color: str = MUTED,
                 max_width: float = HEADING_WIDTH, buff: float = 0.15, **kwargs) -> None:
        super().__init__(**kwargs)
        self.title = caption(title, font_size=font_size)
        self.subtitle = caption(subtitle, font_size=subtitle_size, color=subtitle_color)
        for line in (self.title, self.subtitle):
            if line.width > max_width:
                line.scale_to_fit_width(max_width)
        self.add(self.title, self.subtitle)
        self.arrange(DOWN, aligned_edge=LEFT, buff=buff)


def chapter_title(title: str, subtitle: str) -> Heading:
    """The chapter's title over its subtitle, where every chapter has it: at the top of the
    right-hand panel (scenes.toolkit.style's grammar)."""
    head = Heading(title, subtitle, font_size=TITLE_SIZE)
    return head.next_to([PANEL_LEFT, PANEL_TOP, 0], DOWN, buff=0).align_to(
        [PANEL_LEFT, 0, 0], LEFT)


class LineLegend(VGroup):
    """A legend of coloured lines: a swatch and an equation per row, one row per line.

    ``entries`` are (colour, TeX) pairs. Up to ``max_rows`` rows are listed (all of them
    when only one more would follow); past that an ``overflow`` row says how many there are.
    Parts: ``rows`` (each a VGroup of ``swatch`` Line and TeX), ``overflow`` (Text or None);
    the legend's submobjects are the rows, then the overflow row.

    Examples
    --------
    ::

        class ShowLegend(Scene):
            def construct(self):
                self.add(LineLegend([(unit_color(i), f"w_{i}") for i in range(5)], max_rows=2))
    """

    def __init__(self, entries: Sequence[tuple[str, str]], *, what: str | None = None,
                 max_rows: int = 3, font_size: float = 26, buff: float = 0.12,
                 swatch_width: float = 5.0, **kwargs) -> None:
        super().__init__(**kwargs)
        n = len(entries)
        shown = entries if n <= max_rows + 1 else entries[:max_rows]
        self.rows = []
        for color, tex in shown:
            swatch = Line(LEFT * 0.25, RIGHT * 0.25, stroke_color=color, stroke_width=swatch_width)
            row = VGroup(swatch, MathTex(tex, font_size=font_size, color=FOREGROUND))
            self.rows.append(row.arrange(RIGHT, buff=0.2))
        self.add(*self.rows)
        self.overflow = None
        if n > len(shown):
            said = (ngettext("... {n} line in all", "... {n} lines in all", n).format(n=n)
                    if what is None else _("... {n} {what} in all").format(n=n, what=what))
            self.overflow = caption(said, font_size=20, color=MUTED)
            self.add(self.overflow)
        self.arrange(DOWN, aligned_edge=LEFT, buff=buff)


class ClassLegend(VGroup):
    """A legend of classes: a colour swatch and a name per class, in up to ``columns``
    columns (the same colours as the data points and the regions), no wider than
    ``max_width``: a name too long for its column is cut with an ellipsis (name_text).

    Parts: ``rows`` (each a VGroup of ``swatch`` Square and name Text), in class order.

    Examples
    --------
    ::

        class ShowClasses(Scene):
            def construct(self):
                self.add(ClassLegend(["setosa", "versicolor", "virginica"]))
    """

    def __init__(self, names: Sequence[str], *, columns: int = 2, font_size: float = 22,
                 swatch: float = 0.22, max_width: float = PANEL_WIDTH, **kwargs) -> None:
        super().__init__(**kwargs)
        cols = max(1, min(int(columns), len(names)))
        gap, pad = 0.35, 0.12
        # each name gets its column's share of max_width, after the swatches and the gaps
        room = (max_width - (cols - 1) * gap) / cols - swatch - pad
        self.rows = []
        for k, name in enumerate(names):
            box = Square(swatch, stroke_width=0, fill_color=class_color(k), fill_opacity=1)
            row = VGroup(box, name_text(name, room, font_size=font_size, color=class_color(k)))
            self.rows.append(row.arrange(RIGHT, buff=pad))
        self.add(*self.rows)
        rows = -(-len(self.rows) // cols)
        self.arrange_in_grid(rows=rows, cols=cols, buff=(gap, 0.12), col_alignments="l" * cols)


# ------------------------------------------------------------------------ number glyphs
_GLYPHS = "0123456789.%-,"
# spaces a number may hold (a narrow one before German's "%"): an advance, no glyph, as a
# share of a digit's advance
_SPACES = {" ": 0.5, NARROW_SPACE: 0.4}
_glyph_cache: dict[float, dict[str, tuple[list[np.ndarray], float]]] = {}


def _glyphs(font_size: float) -> dict[str, tuple[list[np.ndarray], float]]:
    """TeX's glyphs for digits, '.', '%', '-' and ',' at ``font_size``: each char's paths
    (points relative to its pen position on the baseline) and its advance, typeset once; and
    the spaces' advances."""
    if font_size not in _glyph_cache:
        parts = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ".", r"\%", "-", ","]
        tex = MathTex(*parts, font_size=font_size)
        baseline = tex[1].get_bottom()[1]  # the foot of "1" sits on the baseline
        lefts = [m.get_left()[0] for m in tex]
        digit_advance = (lefts[9] - lefts[0]) / 9
        table = {}
        for i, ch in enumerate(_GLYPHS):
            glyph = tex[i]
            pen = lefts[i]
            if ch.isdigit():  # digits are tabular: centre each in one advance
                pen = glyph.get_center()[0] - digit_advance / 2
                advance = digit_advance
            else:
                advance = glyph.width + 0.25 * digit_advance
            paths = [m.points - np.array([pen, baseline, 0.0])
                     for m in glyph.family_members_with_points()]
            table[ch] = (paths, advance)
        for ch, share in _SPACES.items():
            table[ch] = ([], share * digit_advance)
        _glyph_cache[font_size] = table
    return _glyph_cache[font_size]


class NumberText(VMobject):
    """A number written with TeX glyphs typeset once, rewritten by copying their points.

    Much cheaper per change than DecimalNumber (no TeX run, no deep copy), so a readout can
    change every frame. ``text`` is the string shown; characters other than digits, '.',
    ',', '%', '-' and a space (as a language writes a number: "99,5 %") are refused.
    The left end of the baseline stays where it was.

    Examples
    --------
    ::

        class ShowNumber(Scene):
            def construct(self):
                self.add(NumberText("12.5%", font_size=48).place(ORIGIN))
    """

    def __init__(self, text: str = "0", *, font_size: float = 30, color: str = FOREGROUND,
                 **kwargs) -> None:
        super().__init__(fill_color=color, fill_opacity=1.0, stroke_width=0, **kwargs)
        self.font_size_ = float(font_size)
        self.anchor = np.zeros(3)  # left end of the baseline
        self._local0: np.ndarray | None = None
        self.text = ""
        self.set_text(text)

    def set_text(self, text: str) -> NumberText:
        bad = sorted(set(text) - set(_GLYPHS) - set(_SPACES))
        if bad:
            raise ValueError(f"NumberText can show digits, '.', ',', '%', '-' and spaces, "
                             f"got {bad}")
        if len(self.points) and self._local0 is not None:  # follow any shift since then
            self.anchor = self.points[0] - self._local0
        table = _glyphs(self.font_size_)
        pen, chunks = 0.0, []
        for ch in text:
            paths, advance = table[ch]
            chunks.extend(p + np.array([pen, 0.0, 0.0]) for p in paths)
            pen += advance
        self.text = text
        local = np.concatenate(chunks) if chunks else np.zeros((0, 3))
        self._local0 = local[0].copy() if len(local) else None
        self.points = local + self.anchor
        return self

    def place(self, point) -> NumberText:
        """Put the left end of the baseline at ``point``."""
        if len(self.points) and self._local0 is not None:
            self.anchor = self.points[0] - self._local0
        shift = np.asarray(point, dtype=np.float64) - self.anchor
        self.anchor = self.anchor + shift
        self.points = self.points + shift
        return self


# ---------------------------------------------------------------------- training clock
def text_baseline(text: Text) -> float:
    """The y of a Text's baseline: its bottom, raised by the descender when it has one."""
    bottom = text.get_bottom()[1]
    if any(c in "gjpqy" for c in text.original_text):
        size = text.font_size
        depth = caption("op", font_size=size).height - caption("o", font_size=size).height
        return bottom + depth
    return bottom


class TrainingClock(VGroup):
    """The training clock: step (or epoch), loss and accuracy (R^2 for a regression) of the
    trace's snapshot at a position.

    The numbers are the trace's own (``trace.steps``, ``trace.loss``, ``trace.score`` of
    ``trace.snapshot_at(pos)``), never recomputed. ``shown`` is the (step, loss, accuracy)
    tuple on screen, ``snapshot`` its index, ``texts()`` the three strings. Parts: ``step``,
    ``loss``, ``accuracy`` (NumberText) and their ``names``.

    Examples
    --------
    ::

        class ShowClock(Scene):
            def construct(self):
                player = TracePlayer(load_trace("assets/seed-notebook.npz"))
                self.add(player.follow(TrainingClock(player.trace)))
                self.play(player.animate_to(), run_time=4)
    """

    def __init__(self, trace: Trace, *, font_size: float = 30, loss_decimals: int = 4,
                 show_total: bool = True, **kwargs) -> None:
        super().__init__(**kwargs)
        self.trace = trace
        self.loss_decimals = loss_decimals
        self.names = VGroup(*(caption(s, font_size=font_size * 0.7, color=MUTED)
                              for s in (step_unit(trace), _("loss"),
                                        translate(kind_words(trace).score_name))))
        self.names.arrange(DOWN, aligned_edge=LEFT, buff=0.28)
        # baselines relative to each name's centre, measured once (Text creation is slow)
        self._baselines = [text_baseline(n) - n.get_y() for n in self.names]
        self.step = NumberText("0", font_size=font_size)
        self.loss = NumberText("0", font_size=font_size)
        self.accuracy = NumberText("0", font_size=font_size)
        self.total = (MathTex(rf"/\,{int(trace.steps[-1])}", font_size=font_size * 0.8,
                              color=MUTED) if show_total else VGroup())
        self.add(self.names, self.step, self.loss, self.accuracy, self.total)
        self.snapshot = -1
        self.set_position(0.0)

    def texts(self) -> tuple[str, str, str]:
        """The strings on screen for step, loss and accuracy."""
        return self.step.text, self.loss.text, self.accuracy.text

    def format(self, step: int, loss: float, accuracy: float) -> tuple[str, str, str]:
        return (str(int(step)), decimal(loss, f".{self.loss_decimals}f"),
                kind_words(self.trace).score_text(accuracy))

    def set_position(self, pos: float) -> TrainingClock:
        """Show the numbers of snapshot ``trace.snapshot_at(pos)``."""
        k = self.trace.snapshot_at(pos)
        if k == self.snapshot:
            return self
        self.snapshot = k
        t = self.trace
        self.shown = (int(t.steps[k]), float(t.loss[k]), float(t.score[k]))
        x = self.names.get_right()[0] + 0.3
        for name, base, value, text in zip(self.names, self._baselines,
                                           (self.step, self.loss, self.accuracy),
                                           self.format(*self.shown), strict=True):
            value.set_text(text)
            value.place([x, name.get_y() + base, 0.0])
        if isinstance(self.total, MathTex):
            self.total.next_to(self.step, RIGHT, buff=0.1).align_to(self.step, DOWN)
        return self


# --------------------------------------------------------------------------- loss curve
class LossCurve(VGroup):
    """The trace's recorded loss against training step, drawn up to a trace position.

    x is the step on a log scale (log(1 + step)) by default, so the first steps, where most
    of the movement happens, get room; ``log_steps=False`` gives a linear axis. y runs from
    0 to the largest recorded loss. ``curve`` holds the drawn part (interpolated to the
    exact position), ``dot`` the current value.

    Examples
    --------
    ::

        class ShowLoss(Scene):
            def construct(self):
                trace = load_trace("assets/seed-notebook.npz")
                self.add(LossCurve(trace).set_position(trace.n_snapshots - 1))
    """

    def __init__(self, trace: Trace, *, width: float = 4.2, height: float = 2.2,
                 color: str = FOREGROUND, font_size: float = 20, log_steps: bool = True,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.trace = trace
        self.width_, self.height_ = width, height
        self.log_steps = log_steps
        self.x_max = self._x(float(max(trace.steps[-1], 1)))
        self.y_max = float(max(trace.loss.max(), 1e-12)) * 1.05
        self.axes = VGroup(Line(ORIGIN, width * RIGHT, stroke_color=MUTED, stroke_width=2),
                           Line(ORIGIN, height * UP, stroke_color=MUTED, stroke_width=2))
        self.curve = VMobject(stroke_color=color, stroke_width=3)
        self.dot = Dot(radius=0.05, color=color)
        y_name = caption(_("loss"), font_size=font_size, color=MUTED)
        y_name.next_to(self.axes[1], UP, buff=0.1).align_to(self.axes[1], LEFT)
        x_name = caption(_("step (log scale)") if log_steps else _("step"),
                         font_size=font_size, color=MUTED)
        self.ticks = VGroup()
        for step in self._tick_steps():
            x = self._x(step) / self.x_max * width
            tick = Line(ORIGIN, 0.08 * DOWN, stroke_color=MUTED, stroke_width=2).shift(x * RIGHT)
            label = caption(f"{step:g}", font_size=font_size * 0.9, color=MUTED)
            label.next_to(tick, DOWN, buff=0.06)
            self.ticks.add(VGroup(tick, label))
        x_name.next_to(self.ticks, DOWN, buff=0.1).align_to(self.axes[0], RIGHT)
        self.labels = VGroup(y_name, x_name)
        self.add(self.axes, self.ticks, self.curve, self.dot, self.labels)
        self.set_position(0.0)

    def _x(self, steps):
        steps = np.asarray(steps, dtype=np.float64)
        return np.log1p(steps) if self.log_steps else steps

    def _tick_steps(self) -> list[float]:
        last = float(self.trace.steps[-1])
        if not self.log_steps:
            return [0.0, last]
        ticks = [0.0] + [10.0 ** k for k in range(0, 12) if 10.0 ** k < last * 0.6]
        return ticks + [last]

    def _to_scene(self, steps, losses) -> np.ndarray:
        o = self.axes[0].get_start()
        pts = np.zeros((len(steps), 3))
        pts[:, 0] = o[0] + self._x(steps) / self.x_max * self.width_
        pts[:, 1] = o[1] + np.asarray(losses) / self.y_max * self.height_
        return pts

    def set_position(self, pos: float) -> LossCurve:
        t = self.trace
        pos = float(np.clip(pos, 0, t.n_snapshots - 1))
        k = int(np.floor(pos))
        frac = pos - k
        steps = list(t.steps[:k + 1].astype(float))
        losses = list(t.loss[:k + 1])
        if frac > 0 and k + 1 < t.n_snapshots:
            steps.append(t.step_at(pos))
            losses.append((1 - frac) * t.loss[k] + frac * t.loss[k + 1])
        pts = self._to_scene(steps, losses)
        if len(pts) == 1:
            pts = np.vstack([pts, pts])
        self.curve.set_points_as_corners(pts)
        self.dot.move_to(pts[-1])
        return self

