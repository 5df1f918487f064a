"""Who pulls the lines: each data point's own share of one hidden line's gradient step.

    manim -ql scenes/pull.py WhoPullsTheLines

For first-layer unit j, point i's own gradient (dL_i/dw_j, dL_i/db_j), back-propagated
through every layer of the network, would change the unit's pre-activation at x_i by
-lr (dL_i/dw_j . x_i + dL_i/db_j), which moves the line w_j . x + b_j = 0 where the point
sits by that much over |w_j|, along the normal. Each point carries an arrow of that shift;
under plain gradient descent the line then moves by the sum (the trace's next snapshot).
For any other optimiser (Adam, momentum) the step is not lr times the gradient: the arrows
are then the gradient's own shares (lr taken as 1) and the screen says so.

Plays $MLP_TRACE when set, else assets/seed-notebook.npz: any network on plane inputs with
1 to 6 hidden layers of up to 64 units and a binary or softmax output.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    FadeIn,
    FadeOut,
    GrowFromPoint,
    Tex,
    VGroup,
    linear,
)

from mlp.network import MLP
from mlp.trace import Trace
from scenes.toolkit.backprop import choose_snapshot
from scenes.toolkit.clouds import ArrowField, PointCloud
from scenes.toolkit.plane import ClassifierLine
from scenes.toolkit.playback import TracePlayer, TraceScene, input_plane, panel_column
from scenes.toolkit.readouts import TrainingClock, caption
from scenes.toolkit.style import FOREGROUND, GRADIENT, MUTED, unit_color
from scenes.toolkit.traces import PLAYS


def plain_descent(trace: Trace) -> bool:
    """Whether every step was w <- w - lr * grad: ``lr`` recorded, and no momentum."""
    training = trace.meta.get("training") or {}
    return training.get("lr") is not None and not training.get("momentum")


def optimizer_name(trace: Trace) -> str:
    """The optimiser as recorded ("adam", "Adam", "sgd"), or "the optimiser"."""
    name = (trace.meta.get("training") or {}).get("optimizer")
    return str(name) if name else "the optimiser"


def step_size(trace: Trace) -> float:
    """What multiplies the summed per-example gradients in the arrows: lr for a summed loss,
    lr / n for the mean, under plain gradient descent; otherwise the same with lr = 1 (the
    gradient's own shares, as the optimiser's step is not lr times the gradient)."""
    lr = float((trace.meta.get("training") or {})["lr"]) if plain_descent(trace) else 1.0
    return lr if trace.meta.get("reduction", "mean") == "sum" else lr / len(trace.X)


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


class WhoPullsTheLines(TraceScene):
    """For one first-layer unit, every point's own pull on its line (its gradient through all
    the layers); misclassified points pull hardest; the line moves by the sum, and training
    goes on.

    ``shown_pulls`` (n,) are the shifts drawn at the first step (data units, before the
    on-screen magnification ``gain``); ``unit`` None picks the unit that moves most.
    """

    default_trace = "seed-notebook"
    snapshot: int | None = None
    unit: int | None = None
    steps_after: int = 8

    requires = {**PLAYS}
    script = ("setup_plane", "show_line", "show_pulls", "move_by_sum", "next_steps")

    def setup_plane(self) -> None:
        t = self.trace
        k = self.snapshot if self.snapshot is not None else choose_snapshot(t)
        self.k = range(t.n_snapshots)[k]
        self.step = step_size(t)
        self.plain = plain_descent(t)
        model = t.model(self.k)
        if self.unit is None:
            moves = [np.abs(line_pulls(model, t.X, t.y, j, self.step)[0].sum())
                     for j in range(t.sizes[1])]
            self.unit = int(np.argmax(moves))
        self.frame = input_plane(t)
        self.cloud = PointCloud.from_data(self.frame, t.X, t.y, radius=0.055)
        self.player = TracePlayer(t, start=self.k)
        W, b = t.params_at(self.k)
        self.others = VGroup(*[
            ClassifierLine(self.frame, W[0][:, j], b[0][j], color=unit_color(j),
                           stroke_width=2, show_normal=False).set_opacity(0.3)
            for j in range(t.sizes[1]) if j != self.unit])
        self.line = ClassifierLine(self.frame, W[0][:, self.unit], b[0][self.unit],
                                   color=unit_color(self.unit), stroke_width=5)
        shift, _ = line_pulls(model, t.X, t.y, self.unit, self.step)
        # one scale for every arrow of the scene: the longest pull of the snapshots played
        # (from k to the last step shown) is 1.1 scene units
        end = min(self.k + 1 + self.steps_after, t.n_snapshots - 1)
        longest = max(float(np.max(np.abs(line_pulls(t.model(i), t.X, t.y, self.unit,
                                                     self.step)[0])))
                      for i in range(self.k, end + 1))
        self.gain = 1.1 / max(longest, 1e-12) / self.frame.scale_factor
        self.shown_pulls = shift
        self.arrows = ArrowField()
        self.rings = PointCloud(radius=0.12, colors=[FOREGROUND], fill_opacity=0.0,
                                outline=FOREGROUND, outline_width=1.5, outline_opacity=0.9)
        self.clock = TrainingClock(t, font_size=26)
        self.clock.set_position(self.k)

    def pulls_at(self, pos: float):
        """Arrows, rings and the sum at trace position ``pos``: (starts, vectors, wrong)."""
        t = self.trace
        model = t.model_at(pos)
        shift, normal = line_pulls(model, t.X, t.y, self.unit, self.step)
        starts = self.frame.to_scene(t.X)
        n3 = np.array([normal[0], normal[1], 0.0])
        vectors = (shift * self.gain * self.frame.scale_factor)[:, None] * n3
        wrong = model.predict(t.X) != t.y
        return starts, vectors, wrong, shift

    def refresh(self, pos: float) -> None:
        starts, vectors, wrong, _ = self.pulls_at(pos)
        self.arrows.set_arrows(starts, vectors)
        self.rings.set_centers(starts[wrong])
        W, b = self.trace.params_at(pos)
        self.line.set_params(W[0][:, self.unit], b[0][self.unit])
        for line, j in zip(self.others, [j for j in range(self.trace.sizes[1])
                                         if j != self.unit], strict=True):
            line.set_params(W[0][:, j], b[0][j])

    def show_line(self) -> None:
        j = self.unit + 1
        text = (f"Hidden line {j} at step {int(self.trace.steps[self.k])}: which points pull "
                "it, and how hard?")
        with self.beat("the hidden line", text):
            j = self.unit + 1
            self.title = VGroup(
                Tex(f"Who pulls hidden line {j},", font_size=36, color=FOREGROUND),
                Tex(rf"$\boldsymbol{{w}}_{j}\cdot\boldsymbol{{x}} + b_{j} = 0$?", font_size=36,
                    color=unit_color(self.unit)),
            ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
            self.panel_text = VGroup(self.title, self.clock)
            panel_column(self.title, self.clock)
            self.play(FadeIn(self.frame), FadeIn(self.cloud), FadeIn(self.others),
                      FadeIn(self.line), FadeIn(self.panel_text), run_time=self.seconds(1.5))
            self.pause(1.6)  # time to read the question

    def show_pulls(self) -> None:
        _, _, wrong, shift = self.pulls_at(self.k)
        n_wrong = int(wrong.sum())
        text = ("Each arrow: how far that point alone would move the line. " if self.plain else
                "Each arrow: that point's own gradient, shown as a shift of the line. ")
        if n_wrong == 0:
            text += "No point is misclassified at this step."
        else:
            mean_wrong = float(np.mean(np.abs(shift[wrong])))
            mean_right = float(np.mean(np.abs(shift[~wrong]))) if (~wrong).any() else 0.0
            who = "The circled point is" if n_wrong == 1 else f"The {n_wrong} circled points are"
            text += (f"{who} misclassified"
                     + (" and pull hardest." if mean_wrong > mean_right else "."))
        with self.beat("the pulls", text):
            starts, vectors, wrong, shift = self.pulls_at(self.k)
            self.arrows.set_arrows(starts, vectors)
            self.rings.set_centers(starts[wrong])
            mean_wrong = float(np.mean(np.abs(shift[wrong]))) if wrong.any() else 0.0
            mean_right = float(np.mean(np.abs(shift[~wrong]))) if (~wrong).any() else 0.0
            self.means = (mean_wrong, mean_right)
            what = (["each arrow: how far that point alone",
                     f"would move the line where it sits (x{self.gain:.0f})"] if self.plain else
                    ["each arrow: that point's own gradient",
                     f"as a shift of the line (lr = 1, x{self.gain:.0f})"])
            text = VGroup(
                *(caption(line, font_size=20, color=GRADIENT) for line in what),
                caption(f"circled: misclassified now ({int(wrong.sum())} at step "
                        f"{int(self.trace.steps[self.k])})", font_size=20, color=FOREGROUND),
                caption(f"mean pull at step {int(self.trace.steps[self.k])}:", font_size=20,
                        color=MUTED),
                caption(f"misclassified {mean_wrong:.1e}, the others {mean_right:.1e}",
                        font_size=20, color=MUTED),
            ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
            text.next_to(self.clock, DOWN, buff=0.5).align_to(self.clock, LEFT)
            self.legend = text
            self.play(GrowFromPoint(self.arrows, self.frame.to_scene([[0, 0]])[0]),
                      FadeIn(text[:2]), run_time=self.seconds(1.5))
            self.play(FadeIn(self.rings), FadeIn(text[2:]), run_time=self.seconds(1.0))
            self.pause(3.0)

    def move_by_sum(self) -> None:
        opt = optimizer_name(self.trace)
        said, shown = (("The line moves by the sum of all the pulls: one gradient step.",
                        "the line moves by the sum of all pulls:\none gradient step")
                       if self.plain else
                       (f"The line moves by one step of {opt}, which rescales the sum of the "
                        "pulls.", f"the line moves by one {opt} step,\nbuilt from the sum "
                        "of all pulls"))
        with self.beat("the sum", said):
            t = self.trace
            note = caption(shown, font_size=20, color=FOREGROUND)
            note.next_to(self.legend, DOWN, buff=0.35).align_to(self.legend, LEFT)
            self.play(FadeIn(note), run_time=self.seconds(0.6))
            self.player.follow(self.clock, self.clock.set_position)
            self.arrows.add_updater(lambda m: self.refresh(self.player.pos))
            self.play(self.player.animate_to(min(self.k + 1, t.n_snapshots - 1)),
                      run_time=self.seconds(1.5), rate_func=linear)
            self.pause(0.8)
            self.note = note

    def next_steps(self) -> None:
        t = self.trace
        end = min(self.k + 1 + self.steps_after, t.n_snapshots - 1)
        text = (f"Then the next step begins, with new pulls, through step {int(t.steps[end])}: "
                "training is many such steps.")
        with self.beat("the next steps", text):
            t = self.trace
            note = caption("and the next step begins", font_size=20, color=FOREGROUND)
            note.move_to(self.note, aligned_edge=LEFT)
            self.play(FadeOut(self.note), FadeIn(note), run_time=self.seconds(0.5))
            end = min(self.k + 1 + self.steps_after, t.n_snapshots - 1)
            self.play(self.player.animate_to(end), run_time=self.seconds(8.0), rate_func=linear)
            self.arrows.clear_updaters()
            self.pause(2.0)
