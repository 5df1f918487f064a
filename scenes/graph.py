"""The computational graph (the seed's nn.png): a forward pass for one data point, the backward
pass bringing each weight its gradient, and the update to the next snapshot.

    manim -ql scenes/graph.py ComputationalGraph

Needs a [2, k, 1] network (k <= 6) with a binary output; every number is the trace's or the
core's at the chosen snapshot.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    UP,
    Dot,
    FadeIn,
    FadeOut,
    Indicate,
    MoveAlongPath,
    Tex,
    VGroup,
    config,
)

from mlp.trace import Trace
from scenes.toolkit.backprop import (
    choose_point,
    choose_snapshot,
    is_adam,
    load_graph_trace,
    point_pass,
)
from scenes.toolkit.network_graph import NetworkGraph, signed
from scenes.toolkit.playback import TraceScene
from scenes.toolkit.readouts import caption
from scenes.toolkit.style import FOREGROUND, GRADIENT, MUTED, NEGATIVE, POSITIVE, class_color


class ComputationalGraph(TraceScene):
    """The graph of the trace's network at one snapshot: forward pass, backward pass, update.

    ``snapshot`` and ``point`` (class attributes, None = chosen from the trace) pick the
    moment and the data point. After the backward pass, ``graph.gradients[key]`` holds the
    dL/dw shown on each edge (keys as NetworkGraph.edges).
    """

    default_trace = "seed-notebook"
    snapshot: int | None = None
    point: int | None = None

    script = ("setup_graph", "show_graph", "forward_pass", "backward_pass", "update_step")

    def load_trace(self) -> Trace:
        return load_graph_trace(self)

    def setup_graph(self) -> None:
        t = self.trace
        self.k = self.snapshot if self.snapshot is not None else choose_snapshot(t)
        self.k = range(t.n_snapshots)[self.k]
        self.next_k = min(self.k + 1, t.n_snapshots - 1)
        model = t.model(self.k)
        self.index = self.point if self.point is not None else choose_point(model, t)
        self.passed = point_pass(t, self.k, self.index)
        W0, b0 = t.params_at(self.k)
        W1, b1 = t.params_at(self.next_k)
        scale = max(np.max(np.abs(np.concatenate([a.ravel() for a in W0 + b0 + W1 + b1]))), 1e-9)
        self.graph = NetworkGraph(W0, b0, weight_scale=float(scale), width=10.5, height=4.6)
        self.graph.shift(0.35 * DOWN)

    def show_graph(self) -> None:
        step = int(self.trace.steps[self.k])
        with self.beat("the graph", f"The network at step {step}. Colour: a weight's sign; "
                       "thickness: its size."):
            t = self.trace
            self.title = Tex(rf"The network as a computational graph, step {int(t.steps[self.k])}",
                             font_size=38, color=FOREGROUND).to_edge(UP, buff=0.25)
            legend = VGroup(
                caption("positive weight", font_size=18, color=POSITIVE),
                caption("negative weight", font_size=18, color=NEGATIVE),
                caption("thickness: size", font_size=18, color=MUTED),
            ).arrange(DOWN, aligned_edge=np.array([1, 0, 0]), buff=0.08)
            legend.to_corner(np.array([1, 1, 0]), buff=0.3).shift(0.55 * DOWN)
            self.legend = legend
            self.play(FadeIn(self.title), FadeIn(self.graph), FadeIn(legend),
                      run_time=self.seconds(1.5))
            self.pause(2.0)  # time to read the graph and its caption

    def forward_pass(self) -> None:
        p = self.passed
        text = (f"Forward pass for one data point of class {p.y}: values flow left to right, "
                f"to y-hat = {p.y_hat:.3f} and its loss {p.loss:.3f}.")
        with self.beat("forward pass", text):
            g, p = self.graph, self.passed
            x_text = ", ".join(f"{v:.2f}" for v in p.x)
            self.point_text = Tex(
                rf"Forward pass for one data point: $\boldsymbol{{x}} = ({x_text})$, $y = {p.y}$",
                font_size=30, color=FOREGROUND)
            self.point_text.to_edge(DOWN, buff=0.2)
            swatch = Dot(radius=0.09, color=class_color(p.y)).next_to(self.point_text, np.array(
                [-1, 0, 0]), buff=0.15)
            self.play(FadeIn(self.point_text), FadeIn(swatch), run_time=self.seconds(0.8))
            self.node_values = VGroup()
            d, k = g.sizes[0], g.sizes[1]
            inputs = [g.value_label(0, i, signed(v, 2)) for i, v in enumerate(p.x)]
            inputs.append(g.value_label(0, d, "1"))
            self.play(*[FadeIn(m) for m in inputs], run_time=self.seconds(0.8))
            self.node_values.add(*inputs)
            hidden = [g.value_label(1, j, signed(v, 3)) for j, v in enumerate(p.h)]
            hidden.append(g.value_label(1, k, "1"))
            lit = [g.edges[(0, i, j)].copy().set_stroke(color=FOREGROUND, opacity=0.9)
                   for i in range(d + 1) for j in range(k)]
            self.play(*[FadeIn(m) for m in lit], run_time=self.seconds(0.5))
            self.play(*[FadeOut(m) for m in lit], *[FadeIn(m) for m in hidden],
                      run_time=self.seconds(0.8))
            self.node_values.add(*hidden)
            out = g.value_label(2, 0, signed(p.y_hat, 3))
            loss = g.value_label(3, 0, signed(p.loss, 3))
            lit = [g.edges[(1, j, 0)].copy().set_stroke(color=FOREGROUND, opacity=0.9)
                   for j in range(k + 1)]
            self.play(*[FadeIn(m) for m in lit], run_time=self.seconds(0.5))
            self.play(*[FadeOut(m) for m in lit], FadeIn(out), run_time=self.seconds(0.7))
            self.play(FadeIn(loss), Indicate(g.nodes[3][0], color=GRADIENT),
                      run_time=self.seconds(0.8))
            self.node_values.add(out, loss)
            self.swatch = swatch
            self.pause(1.0)

    def pulse(self, key) -> Dot:
        line = self.graph.edges[key]
        dot = Dot(radius=0.08, color=GRADIENT)
        dot.move_to(line.get_end())
        return dot

    def backward_pass(self) -> None:
        with self.beat("backward pass", "Backward pass: from the loss back along every edge, "
                       "each weight gets its gradient dL/dw for this point."):
            g, p = self.graph, self.passed
            text = Tex(r"Backward pass: each edge gets $\partial L / \partial w$ for this point",
                       font_size=30, color=GRADIENT).to_edge(DOWN, buff=0.2)
            self.play(FadeOut(self.point_text), FadeOut(self.swatch), FadeIn(text),
                      run_time=self.seconds(0.6))
            self.bottom = text
            loss_dot = Dot(radius=0.08, color=GRADIENT).move_to(g.loss_edge.get_end())
            self.play(MoveAlongPath(loss_dot, g.loss_edge.copy().reverse_points()),
                      run_time=self.seconds(0.6))
            self.remove(loss_dot)
            self.gradient_labels = VGroup()
            for layer in (1, 0):
                keys = [key for key in g.edges if key[0] == layer]
                dots, paths = [], []
                for key in keys:
                    dot = self.pulse(key)
                    dots.append(dot)
                    paths.append(g.edges[key].copy().reverse_points())
                self.play(*[MoveAlongPath(dt, pa) for dt, pa in zip(dots, paths, strict=True)],
                          run_time=self.seconds(1.0))
                labels = [g.gradient_label(key, p.grad_b[layer][key[2]] if key[1] == g.sizes[layer]
                                           else p.grad_W[layer][key[1], key[2]]) for key in keys]
                self.play(*[FadeOut(dt) for dt in dots], *[FadeIn(lb) for lb in labels],
                          run_time=self.seconds(0.6))
                self.gradient_labels.add(*labels)
            self.pause(2.0)

    def update_step(self) -> None:
        t = self.trace
        over = "summed" if t.meta.get("reduction") == "sum" else "averaged"
        steps = f"step {int(t.steps[self.k])} becomes {int(t.steps[self.next_k])}"
        if is_adam(t):
            text = (f"Update: Adam steps each weight against running averages of its "
                    f"gradient, each weight at its own rate: {steps}.")
        else:
            text = (f"Update: each weight steps against its gradient, {over} over all "
                    f"{len(t.X)} points: {steps}.")
        with self.beat("update", text):
            t, g = self.trace, self.graph
            a, b = int(t.steps[self.k]), int(t.steps[self.next_k])
            lr = t.meta.get("training", {}).get("lr")
            n = len(t.X)
            sum_or_mean = (r"\sum_i" if t.meta.get("reduction") == "sum"
                           else rf"\tfrac{{1}}{{{len(t.X)}}}\sum_i")
            alpha = rf"{lr:g}" if lr is not None else r"\alpha"
            change = max(float(np.max(np.abs(t.weights[i][self.next_k] - t.weights[i][self.k])))
                         for i in range(2))
            change = max(change, *(float(np.max(np.abs(t.biases[i][self.next_k] -
                                                       t.biases[i][self.k]))) for i in range(2)))
            if is_adam(t):
                rate = t.meta["training"].get("optimizer_lr")
                alpha = rf"{rate:g}" if isinstance(rate, int | float) else r"\alpha"
                rule = (rf"Adam's step: $w \leftarrow w - {alpha}\,\hat m/(\sqrt{{\hat v}}"
                        rf"+\epsilon)$, $\hat m, \hat v$ running averages of "
                        rf"$\partial L/\partial w$ and its square")
            else:
                rule = (rf"Update: $w \leftarrow w - {alpha}\cdot{sum_or_mean} "
                        rf"\partial L_i/\partial w$ over all {n} points")
            text = Tex(rf"{rule} (step {a} $\to$ {b}); the largest change is {change:.3f}",
                       font_size=26, color=FOREGROUND)
            if text.width > config.frame_width - 0.4:  # a long rule shrinks to stay in frame
                text.scale_to_fit_width(config.frame_width - 0.4)
            text.to_edge(DOWN, buff=0.2)
            self.play(FadeOut(self.bottom), FadeIn(text), run_time=self.seconds(0.6))
            new_title = Tex(rf"The network as a computational graph, step {b}",
                            font_size=38, color=FOREGROUND).move_to(self.title)
            self.play(FadeOut(self.gradient_labels), FadeOut(self.node_values),
                      run_time=self.seconds(0.6))
            self.play(*g.restyle(*t.params_at(self.next_k)), FadeOut(self.title), FadeIn(new_title),
                      run_time=self.seconds(1.5))
            self.title = new_title
            self.pause(2.0)
