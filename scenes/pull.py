"""Who pulls the lines: each data point's own share of one hidden line's gradient step.

    manim -ql scenes/pull.py WhoPullsTheLines

For first-layer unit j, point i's own gradient (dL_i/dw_j, dL_i/db_j), back-propagated
through every layer of the network, would change the unit's pre-activation at x_i by
-lr (dL_i/dw_j . x_i + dL_i/db_j), which moves the line w_j . x + b_j = 0 where the point
sits by that much over |w_j|, along the normal. Each point of the batch the step used
(when the trace records it: full batch, or the core's own mini-batches) carries an arrow of
that shift, with the recorded lr (lr taken as 1 when there is none, as under Adam). The line
then moves to the trace's next snapshot; the scene says how many steps of which optimiser
lie between and, when that move is not the sum of the pulls (several steps, momentum, an L2
penalty, Adam, an unrecorded batch), shows both and says why.

Plays $MLP_TRACE when set, else assets/seed-notebook.npz: any network on plane inputs (the
lines live in the input plane) with at least one hidden layer, of any width and depth, and at
most as many classes as the palette tells apart. A first layer wider than the lines drawn
shows its strongest (scenes.toolkit.units) and says how many more there are.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    GrowFromPoint,
    MathTex,
    VGroup,
    config,
    linear,
)

from mlp.network import MLP
from mlp.trace import Trace
from scenes.toolkit.backprop import choose_snapshot
from scenes.toolkit.clouds import ArrowField, PointCloud
from scenes.toolkit.fades import FadeIn, FadeOut
from scenes.toolkit.language import _, decimal, ngettext, number
from scenes.toolkit.output_kind import flagged_points, kind_words
from scenes.toolkit.plane import ClassifierLine
from scenes.toolkit.playback import TracePlayer, TraceScene, input_plane, panel_column
from scenes.toolkit.readouts import TrainingClock, caption, chapter_title
from scenes.toolkit.style import (
    FOREGROUND,
    GRADIENT,
    MAX_CLASSES,
    MUTED,
    PANEL_LEFT,
    PANEL_WIDTH,
    unit_color,
)
from scenes.toolkit.surface import plane_cloud, sample_note
from scenes.toolkit.units import more_words, strongest_units
from scenes.toolkit.words import (
    optimizer_words,
    recorded_lr,
    step_batch,
    step_size,
    training_record,
    weight_decay,
)


def gap_words(trace: Trace, k: int) -> str:
    """What happened between snapshot k and the next, in words: "1 step of gradient
    descent", "5 steps of Adam", "3 epochs of scikit-learn's adam"."""
    gap = int(trace.steps[k + 1] - trace.steps[k])
    if training_record(trace).get("step") == "epoch":
        words = ngettext("{n} epoch of {optimiser}", "{n} epochs of {optimiser}", gap)
    else:
        words = ngettext("{n} step of {optimiser}", "{n} steps of {optimiser}", gap)
    return words.format(n=gap, optimiser=optimizer_words(trace))


def point_on_line(w: np.ndarray, b: float, c: np.ndarray) -> np.ndarray:
    """The point of the line w . x + b = 0 nearest c."""
    return c - (w @ c + b) / max(float(w @ w), 1e-24) * w


def line_pulls(model: MLP, X: np.ndarray, y: np.ndarray, unit: int,
               step: float) -> tuple[np.ndarray, np.ndarray]:
    """Each point's own shift of hidden line ``unit`` where the point sits.

    Returns (shift (n,), normal (2,)): point i alone would move the line w . x + b = 0 at x_i
    by ``shift[i]`` data units along the unit normal w / |w| (the core's per-example
    gradients, times ``step``).
    """
    gW, gb = model.per_example_gradients(X, y)
    g_w = gW[0][:, :, unit]  # (n, 2)
    g_b = gb[0][:, unit]  # (n,)
    w = model.weights[0][:, unit]
    norm = float(np.linalg.norm(w))
    shift = step * (np.einsum("ni,ni->n", g_w, X) + g_b) / max(norm, 1e-12)
    return shift, w / max(norm, 1e-12)


@dataclass
class StepAccount:
    """What the trace holds about the move from snapshot ``k`` to the next, for hidden line
    ``unit``, and what the pulls at ``k`` add up to.

    ``batch`` (indices) is the points the update from snapshot k's step used, None when the
    trace does not record it (the arrows are then every point's share of the whole data's
    gradient); ``batch_words`` says which. ``scale`` multiplies each point's gradient.
    ``before``/``after`` are the line's (w (2,), b) at k and at the next snapshot (the
    trace's own); ``by_sum`` is where the summed pulls put it (None without a recorded lr,
    or without a next snapshot). ``agree`` says whether the trace's move is the sum of the
    pulls; ``reasons`` why not, in words. ``moved`` and ``moved_by_sum`` are how far the line
    moved at the middle of the data (the point of the line nearest it).
    """

    k: int
    unit: int
    batch: np.ndarray | None
    batch_words: str
    scale: float
    before: tuple[np.ndarray, float]
    after: tuple[np.ndarray, float] | None
    by_sum: tuple[np.ndarray, float] | None
    agree: bool
    reasons: list[str]
    moved: float | None
    moved_by_sum: float | None
    gap: str | None


def batch_pulls(trace: Trace, pos: float, unit: int) -> tuple[np.ndarray, np.ndarray,
                                                                np.ndarray | None, float]:
    """Each point's pull on hidden line ``unit`` at trace position ``pos``, for the batch the
    update from the snapshot shown there used: (shift (n,), normal (2,), batch, scale).

    Points outside a known batch pull nothing (shift 0); an unknown batch counts every point
    (its share of the whole data's gradient)."""
    k = trace.snapshot_at(pos)
    batch, _ = step_batch(trace, int(trace.steps[k]))
    model = trace.model_at(pos)
    idx = np.arange(len(trace.X)) if batch is None else batch
    scale = step_size(trace, None if batch is None else len(batch))
    part, normal = line_pulls(model, trace.X[idx], trace.y[idx], unit, scale)
    shift = np.zeros(len(trace.X))
    shift[idx] = part
    return shift, normal, batch, scale


def unit_moves(trace: Trace, k: int) -> np.ndarray:
    """How far the summed pulls of snapshot ``k``'s batch move each first-layer line, in
    absolute value: ``abs(batch_pulls(trace, k, j)[0].sum())`` for every unit j, from one
    backward pass."""
    batch, _ = step_batch(trace, int(trace.steps[k]))
    idx = np.arange(len(trace.X)) if batch is None else batch
    scale = step_size(trace, None if batch is None else len(batch))
    model = trace.model(k)
    gW, gb = model.per_example_gradients(trace.X[idx], trace.y[idx])
    norms = np.maximum(np.linalg.norm(model.weights[0], axis=0), 1e-12)
    shift = scale * (np.einsum("nij,ni->nj", gW[0], trace.X[idx]) + gb[0]) / norms
    return np.abs(shift.sum(axis=0))


def step_account(trace: Trace, k: int, unit: int) -> StepAccount:
    """What the move from snapshot k to k + 1 of line ``unit`` is, and whether it is the sum
    of the pulls at k (see :class:`StepAccount`)."""
    step = int(trace.steps[k])
    batch, words = step_batch(trace, step)
    idx = np.arange(len(trace.X)) if batch is None else batch
    scale = step_size(trace, None if batch is None else len(batch))
    W, b = trace.weights[0], trace.biases[0]
    before = (W[k][:, unit].copy(), float(b[k][unit]))
    c = trace.X.mean(axis=0)
    if k + 1 >= trace.n_snapshots:
        return StepAccount(k, unit, batch, words, scale, before, None, None, False,
                           [_("the trace holds no later snapshot")], None, None, None)
    after = (W[k + 1][:, unit].copy(), float(b[k + 1][unit]))
    lr = recorded_lr(trace)
    by_sum = None
    if lr is not None:
        gW, gb = trace.model(k).per_example_gradients(trace.X[idx], trace.y[idx])
        by_sum = (before[0] - scale * gW[0][:, :, unit].sum(axis=0),
                  before[1] - scale * float(gb[0][:, unit].sum()))
    change = np.append(after[0] - before[0], after[1] - before[1])
    agree = by_sum is not None and bool(
        np.linalg.norm(np.append(by_sum[0], by_sum[1]) - np.append(*after))
        <= 1e-6 * np.linalg.norm(change) + 1e-12)
    training = training_record(trace)
    gap = int(trace.steps[k + 1] - trace.steps[k])
    epoch = training.get("step") == "epoch"
    reasons = []
    if not agree:
        if lr is None:
            reasons.append(_("{optimiser} rescales each weight's step").format(
                optimiser=optimizer_words(trace, penalty=False)))
        if gap > 1:
            later = (ngettext("the next snapshot is {n} epoch later, each with new pulls",
                              "the next snapshot is {n} epochs later, each with new pulls", gap)
                     if epoch else
                     ngettext("the next snapshot is {n} step later, each with new pulls",
                              "the next snapshot is {n} steps later, each with new pulls", gap))
            reasons.append(later.format(n=gap))
        if epoch and batch is None:
            reasons.append(_("an epoch is many mini-batch updates"))
        elif batch is None:
            reasons.append(_("the trace does not record the batch"))
        momentum = training.get("momentum")
        if isinstance(momentum, int | float) and momentum and lr is not None:
            reasons.append(_("momentum adds what earlier steps carried"))
        if weight_decay(trace):
            reasons.append(_("the L2 penalty shrinks the weights too"))
        if not reasons:
            reasons.append(_("the trace's change is not the sum of the pulls"))

    def moved(params):
        return float(np.linalg.norm(point_on_line(*params, c) - point_on_line(*before, c)))

    return StepAccount(k, unit, batch, words, scale, before, after, by_sum, agree, reasons,
                       moved(after), None if by_sum is None else moved(by_sum),
                       gap_words(trace, k))


def distances(a: float, b: float) -> tuple[str, str]:
    """Two distances with as many significant digits as it takes to tell them apart (3 to 6).

    >>> distances(0.031234, 0.0312), distances(0.5, 0.25)
    (('0.03123', '0.0312'), ('0.5', '0.25'))
    """
    for digits in range(3, 7):
        x, y = f"{a:.{digits}g}", f"{b:.{digits}g}"
        if x != y:
            break
    return x, y


def panel_lines(text: str, room: float, *, font_size: float = 20,
                color: str = FOREGROUND) -> VGroup:
    """A panel sentence as lines of text, each no wider than ``room``: cut at its spaces
    where the words of the scene's language reach the edge (measured, not counted)."""
    whole = caption(text, font_size=font_size, color=color)
    if whole.width <= room:
        return VGroup(whole)
    chars = max(8, int(len(text) * room / whole.width))
    while True:
        lines = [caption(line, font_size=font_size, color=color)
                 for line in textwrap.wrap(text, chars)]
        if chars <= 8 or all(line.width <= room for line in lines):
            return VGroup(*lines).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        chars -= 2


def fit_above_bottom(group: VGroup, margin: float = 0.15) -> float:
    """Shrinks ``group`` about its top left corner when it reaches below the frame's bottom
    (less ``margin``), so it ends there; the factor it was scaled by (1 when it fits)."""
    limit = -config.frame_height / 2 + margin
    if group.get_bottom()[1] >= limit:
        return 1.0
    corner = group.get_corner(UP + LEFT)
    factor = (corner[1] - limit) / group.height
    group.scale(factor, about_point=corner)
    return factor


def flagged_words(classification: bool, n: int, hardest: bool) -> str:
    """The sentence about the circled points: how many, what they are (misclassified, or a
    regression's far from the fit) and whether they pull hardest."""
    if classification:
        if n == 0:
            return _("No point is misclassified at this step.")
        if n == 1:
            return (_("The circled point is misclassified and pulls hardest.") if hardest else
                    _("The circled point is misclassified."))
        if hardest:
            return ngettext("The {n} circled point is misclassified and pulls hardest.",
                            "The {n} circled points are misclassified and pull hardest.",
                            n).format(n=n)
        return ngettext("The {n} circled point is misclassified.",
                        "The {n} circled points are misclassified.", n).format(n=n)
    if n == 0:
        return _("No point is far from the fit (over 2 RMSE) at this step.")
    if n == 1:
        return (_("The circled point is far from the fit (over 2 RMSE) and pulls hardest.")
                if hardest else _("The circled point is far from the fit (over 2 RMSE)."))
    if hardest:
        return ngettext("The {n} circled point is far from the fit (over 2 RMSE) and pulls "
                        "hardest.",
                        "The {n} circled points are far from the fit (over 2 RMSE) and pull "
                        "hardest.", n).format(n=n)
    return ngettext("The {n} circled point is far from the fit (over 2 RMSE).",
                    "The {n} circled points are far from the fit (over 2 RMSE).", n).format(n=n)


class WhoPullsTheLines(TraceScene):
    """For one first-layer unit, every point's own pull on its line (its gradient through all
    the layers); misclassified points (a regression's: those far from the fit, each pulling
    by its residual) pull hardest; the line moves to the trace's next
    snapshot, and the screen says whether that move is the sum of the pulls and what lies
    between the two snapshots (how many steps of which optimiser, on which batch).

    ``shown_pulls`` (n,) are the shifts drawn at the first step (data units, before the
    on-screen magnification ``gain``); ``unit`` None picks the unit that moves most.
    ``account`` is the StepAccount of the move shown; ``moved_to`` the line's (w, b) on
    screen after it.
    """

    default_trace = "seed-notebook"
    snapshot: int | None = None
    unit: int | None = None
    steps_after: int = 8
    LINES_DRAWN = 16  # first-layer lines drawn at most; a wider layer draws its strongest

    # the lines live in the input plane (2-D inputs, no map); any width and depth (a wide first
    # layer draws its strongest lines); a regression too: its points pull by their residual
    requires = {"min_hidden_layers": 1, "max_classes": MAX_CLASSES, "input_dim": 2,
                "classification": False}
    script = ("setup_plane", "show_line", "show_pulls", "move_by_sum", "next_steps")

    def setup_plane(self) -> None:
        t = self.trace
        k = (self.snapshot if self.snapshot is not None
             else choose_snapshot(t, room=self.steps_after + 1))
        self.k = range(t.n_snapshots)[k]
        self.has_next = self.k + 1 < t.n_snapshots
        if self.unit is None:
            self.unit = int(np.argmax(unit_moves(t, self.k)))
        # the lines drawn: all of a first layer up to LINES_DRAWN, else its strongest, this
        # unit's among them
        drawn = strongest_units(t, 1, self.LINES_DRAWN, include=self.unit)
        self.other_units = [j for j in drawn if j != self.unit]
        self.more_lines = more_words(len(drawn), t.sizes[1])
        self.among = self.unit in strongest_units(t, 1, self.LINES_DRAWN)
        self.n_drawn = len(drawn)
        self.account = step_account(t, self.k, self.unit)
        self.step = self.account.scale
        self.frame = input_plane(t)
        self.cloud = plane_cloud(t, self.frame, radius=0.055)
        # the points drawn (at most DISPLAY_POINTS): their arrows and rings, nobody else's
        self.shown = self.cloud.sample
        self.sample_note = sample_note(self.shown, self.frame)
        self.words = kind_words(t)
        self.player = TracePlayer(t, start=self.k)
        W, b = t.params_at(self.k)
        self.others = VGroup(*[
            ClassifierLine(self.frame, W[0][:, j], b[0][j], color=unit_color(j),
                           stroke_width=2, show_normal=False).set_opacity(0.3)
            for j in self.other_units])
        self.line = ClassifierLine(self.frame, W[0][:, self.unit], b[0][self.unit],
                                   color=unit_color(self.unit), stroke_width=5)
        shift = batch_pulls(t, self.k, self.unit)[0]
        # one scale for every arrow of the scene: the longest pull of the snapshots played
        # (from k to the last step shown) is 1.1 scene units
        end = min(self.k + 1 + self.steps_after, t.n_snapshots - 1)
        longest = max(float(np.max(np.abs(batch_pulls(t, i, self.unit)[0])))
                      for i in range(self.k, end + 1))
        self.gain = 1.1 / max(longest, 1e-12) / self.frame.scale_factor
        self.shown_pulls = shift
        self.arrows = ArrowField()
        self.rings = PointCloud(radius=0.12, colors=[FOREGROUND], fill_opacity=0.0,
                                outline=FOREGROUND, outline_width=1.5, outline_opacity=0.9)
        self.clock = TrainingClock(t, font_size=26)
        self.clock.set_position(self.k)

    def pulls_at(self, pos: float):
        """Arrows, rings and the pulls at trace position ``pos``: (starts, vectors, wrong,
        shift)."""
        t = self.trace
        model = t.model_at(pos)
        shift, normal, _, _ = batch_pulls(t, pos, self.unit)
        s = self.shown
        shift = shift[s.index]
        starts = self.frame.to_scene(s.X)
        n3 = np.array([normal[0], normal[1], 0.0])
        vectors = (shift * self.gain * self.frame.scale_factor)[:, None] * n3
        wrong = flagged_points(t, model, s.X, s.y)
        return starts, vectors, wrong, shift

    def refresh(self, pos: float) -> None:
        starts, vectors, wrong, _ = self.pulls_at(pos)
        self.arrows.set_arrows(starts, vectors)
        self.rings.set_centers(starts[wrong])
        W, b = self.trace.params_at(pos)
        self.line.set_params(W[0][:, self.unit], b[0][self.unit])
        for line, j in zip(self.others, self.other_units, strict=True):
            line.set_params(W[0][:, j], b[0][j])

    def show_line(self) -> None:
        j = self.unit + 1
        step = int(self.trace.steps[self.k])
        text = _("Hidden line {j} at step {step}: which points pull it, and how hard?").format(
            j=j, step=step)
        n, width = self.n_drawn, self.trace.sizes[1]
        if self.more_lines:
            text += " " + (_("Drawn: the {n} strongest lines of {width}.") if self.among else
                           _("Drawn: this line and the {n} strongest of {width}.")).format(
                               n=n if self.among else n - 1, width=width)
        with self.beat("the hidden line", text):
            j = self.unit + 1
            drawn = ((_("the {n} strongest lines; {more}") if self.among else
                      _("this line and the {n} strongest; {more}")).format(
                          n=n if self.among else n - 1, more=self.more_lines)
                     if self.more_lines else "")
            self.title = VGroup(
                # the clock moves on past it at the end: the subtitle names what it dates
                chapter_title(_("Who pulls hidden line {j}?").format(j=j),
                              _("the pulls at step {step}").format(step=step)),
                MathTex(rf"\boldsymbol{{w}}_{{{j}}}\cdot\boldsymbol{{x}} + b_{{{j}}} = 0",
                        font_size=34, color=unit_color(self.unit)),
                *([panel_lines(drawn, self.room, color=MUTED)] if drawn else []),
            ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
            self.panel_text = VGroup(self.title, self.clock)
            panel_column(self.title, self.clock)
            self.add(self.title)  # the title from the first frame
            self.play(FadeIn(self.frame), FadeIn(self.cloud), FadeIn(self.sample_note),
                      FadeIn(self.others),
                      FadeIn(self.line), FadeIn(self.clock), run_time=self.seconds(1.5))
            self.pause(1.6)  # time to read the question

    def show_pulls(self) -> None:
        a = self.account
        step = int(self.trace.steps[self.k])
        _starts, _vectors, wrong, shift = self.pulls_at(self.k)
        n_wrong = int(wrong.sum())
        lr = recorded_lr(self.trace)
        if a.batch is None:
            first = _("The trace does not record which points step {step} used: each arrow is "
                      "that point's own share of the gradient over all the points.").format(
                          step=step)
        elif len(a.batch) < len(self.trace.X):
            first = ngettext("Step {step} used a mini-batch of {n} point: each arrow, how far "
                             "that point alone would move the line.",
                             "Step {step} used a mini-batch of {n} points: each arrow, how far "
                             "that point alone would move the line.", len(a.batch)).format(
                                 step=step, n=len(a.batch))
        else:
            first = (_("Each arrow: how far that point alone would move the line.") if lr else
                     _("Each arrow: that point's own gradient, shown as a shift of the line."))
        sentences = [first, (self.words.said("pulls", self.trace) or "").strip()]
        pulling = np.abs(shift) > 0
        mean_wrong = float(np.mean(np.abs(shift[wrong & pulling]))) \
            if (wrong & pulling).any() else 0.0
        mean_right = float(np.mean(np.abs(shift[~wrong & pulling]))) \
            if (~wrong & pulling).any() else 0.0
        sentences.append(flagged_words(self.words.classification, n_wrong,
                                       mean_wrong > mean_right))
        text = " ".join(s for s in sentences if s)
        with self.beat("the pulls", text):
            starts, vectors, wrong, shift = self.pulls_at(self.k)
            self.arrows.set_arrows(starts, vectors)
            self.rings.set_centers(starts[wrong])
            pulling = np.abs(shift) > 0
            mean_wrong = float(np.mean(np.abs(shift[wrong & pulling]))) \
                if (wrong & pulling).any() else 0.0
            mean_right = float(np.mean(np.abs(shift[~wrong & pulling]))) \
                if (~wrong & pulling).any() else 0.0
            self.means = (mean_wrong, mean_right)
            gain = f"x{self.gain:.0f}"
            if a.batch is None:
                what = [(_("each arrow: that point's share of the gradient over all points (the "
                           "batch is not recorded), {gain}") if lr else
                         _("each arrow: that point's share of the gradient over all points (the "
                           "batch is not recorded, lr = 1), {gain}")).format(gain=gain)]
            elif lr is not None:
                what = [_("each arrow: how far that point alone would move the line where it "
                          "sits ({gain})").format(gain=gain)]
                if len(a.batch) < len(self.trace.X):
                    what.append(ngettext("only the {n} point of step {step}'s batch pulls",
                                         "only the {n} points of step {step}'s batch pull",
                                         len(a.batch)).format(n=len(a.batch), step=step))
            else:
                what = [_("each arrow: that point's own gradient as a shift of the line (lr = 1, "
                          "{gain})").format(gain=gain)]
            c = self.words.classification
            circled = (ngettext("circled: misclassified at step {step} ({n} point)",
                                "circled: misclassified at step {step} ({n} points)", n_wrong)
                       if c else
                       ngettext("circled: far from the fit at step {step} ({n} point)",
                                "circled: far from the fit at step {step} ({n} points)", n_wrong))
            means = {"wrong": number(f"{mean_wrong:.1e}"), "right": number(f"{mean_right:.1e}")}
            mean = (_("misclassified {wrong}, the others {right}") if c else
                    _("far from the fit {wrong}, the others {right}")).format(**means)
            room = self.room
            text = VGroup(
                *(panel_lines(line, room, color=GRADIENT) for line in what),
                panel_lines(circled.format(step=step, n=n_wrong), room),
                panel_lines(_("mean pull at step {step}:").format(step=step), room, color=MUTED),
                panel_lines(mean, room, color=MUTED),
            ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
            text.next_to(self.clock, DOWN, buff=0.5).align_to(self.clock, LEFT)
            self.legend = text
            # the move's note, below: the panel shrinks as one when a language's longer
            # words would take it past the frame's bottom
            self.move_note = VGroup(*(panel_lines(line, self.room)
                                      for line in self.move_words()[1]))
            self.move_note.arrange(DOWN, aligned_edge=LEFT, buff=0.1)
            self.move_note.next_to(text, DOWN, buff=0.35).align_to(text, LEFT)
            self.panel_scale = fit_above_bottom(VGroup(text, self.move_note))
            self.play(GrowFromPoint(self.arrows, self.frame.to_scene([[0, 0]])[0]),
                      FadeIn(text[:-3]), run_time=self.seconds(1.5))
            self.play(FadeIn(self.rings), FadeIn(text[-3:]), run_time=self.seconds(1.0))
            self.pause(3.0)

    def move_words(self) -> tuple[str, list[str]]:
        """The caption of the move and the panel's sentences about it."""
        a = self.account
        if a.after is None:
            return (_("The trace holds no later snapshot: there is no step to show the line "
                      "moving."), [_("the trace holds no later snapshot: no move to show")])
        if a.agree:
            said = _("The line moves by the sum of all the pulls: {gap} on {batch}.").format(
                gap=a.gap, batch=a.batch_words)
            return said, [_("the line moves by the sum of all pulls: {gap} on {batch}").format(
                gap=a.gap, batch=a.batch_words)]
        why = "; ".join(a.reasons)
        if a.by_sum is None:
            moved = decimal(a.moved, ".3g")
            said = _("The next snapshot is {gap} later; the line moves {moved} at the middle of "
                     "the data, not by the sum of the pulls: {why}.").format(
                         gap=a.gap, moved=moved, why=why)
            return said, [_("the line moves to the next snapshot, {gap} later: {moved} at the "
                            "middle of the data, not the sum of the pulls").format(
                                gap=a.gap, moved=moved)]
        by_sum, moved = (number(d) for d in distances(a.moved_by_sum, a.moved))
        said = _("The sum of the pulls would move the line {by_sum} (the grey line); the next "
                 "snapshot, {gap} later, has moved it {moved}: {why}.").format(
                     by_sum=by_sum, gap=a.gap, moved=moved, why=why)
        return said, [_("grey: the sum of the pulls would move it {by_sum}").format(
                          by_sum=by_sum),
                      _("solid: the next snapshot, {gap} later, moved it {moved}").format(
                          gap=a.gap, moved=moved)]

    def move_by_sum(self) -> None:
        said = self.move_words()[0]
        with self.beat("the sum", said):
            a = self.account
            note = self.move_note
            extra = []
            if a.after is not None:
                # the panel's counts were step k's: from here the moment is the clock's
                now = panel_lines(_("circled: misclassified at the clock's step")
                                  if self.words.classification else
                                  _("circled: far from the fit at the clock's step"),
                                  self.room).scale(self.panel_scale)
                now.move_to(self.legend[-3], aligned_edge=LEFT)
                extra += [FadeOut(self.legend[-3]), FadeIn(now)]
            if a.by_sum is not None and not a.agree:
                self.ghost = ClassifierLine(self.frame, *a.by_sum, color=MUTED, stroke_width=3,
                                            show_normal=False)
                extra.append(FadeIn(self.ghost))
            self.play(FadeIn(note), *extra, run_time=self.seconds(0.6))
            if a.after is not None:
                self.player.follow(self.clock, self.clock.set_position)
                self.arrows.add_updater(lambda m: self.refresh(self.player.pos))
                self.play(self.player.animate_to(self.k + 1), run_time=self.seconds(1.5),
                          rate_func=linear)
                self.moved_to = (self.line.w.copy(), self.line.b)
            self.pause(0.8)
            self.note = note

    def next_steps(self) -> None:
        t = self.trace
        end = min(self.k + 1 + self.steps_after, t.n_snapshots - 1)
        if end <= self.k + 1:
            return
        epoch = training_record(t).get("step") == "epoch"
        # the chapter ends on where the run got to: how many points are still circled
        left = int(np.sum(flagged_points(t, t.model_at(end), self.shown.X, self.shown.y)))
        when = (_("epoch {step}") if epoch else _("step {step}")).format(step=int(t.steps[end]))
        at = self.left_words(left, self.shown.partial).format(when=when, n=left)
        text = " ".join([_("Then training goes on, with new pulls at every epoch.") if epoch
                         else _("Then training goes on, with new pulls at every step."), at])
        with self.beat("the next steps", text):
            note = panel_lines(at, self.room).scale(self.panel_scale)
            note.next_to(self.note.get_corner(UP + LEFT), DOWN + RIGHT, buff=0)
            fade = [FadeOut(self.note)]
            if getattr(self, "ghost", None) is not None:
                fade.append(FadeOut(self.ghost))
            self.play(*fade, run_time=self.seconds(0.5))
            self.play(self.player.animate_to(end), run_time=self.seconds(6.5), rate_func=linear)
            self.arrows.clear_updaters()
            self.play(FadeIn(note), run_time=self.seconds(0.5))  # once the clock is there
            self.pause(1.5)

    def left_words(self, n: int, partial: bool) -> str:
        """Where the run got to, with {when} (its step) and {n}: how many points (of those
        drawn, when a sample is) are still circled."""
        if self.words.classification:
            if partial:
                return ngettext("By {when}: {n} shown misclassified.",
                                "By {when}: {n} shown misclassified.", n)
            return ngettext("By {when}: {n} misclassified.", "By {when}: {n} misclassified.", n)
        if partial:
            return ngettext("By {when}: {n} shown far from the fit.",
                            "By {when}: {n} shown far from the fit.", n)
        return ngettext("By {when}: {n} far from the fit.", "By {when}: {n} far from the fit.", n)

    @property
    def room(self) -> float:
        """The width the panel's sentences have: the panel's, inside the frame."""
        return min(PANEL_WIDTH, config.frame_width / 2 - 0.2 - PANEL_LEFT)
