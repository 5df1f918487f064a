"""The story in five pictures, and what a perfect score does not tell.

Render from the repository root::

    manim -ql scenes/recap.py Recap

Plays the story's own runs (assets/blobs-linear.npz, circles-feature-map.npz and
seed-notebook.npz): one line; a feature map designed for the circles; the network's lines
that cooperate; its learned feature map sigma(Wx + b), where the meta classifier's plane is
a line; the loss its gradients lowered. Then the seed's caveat: the emptiest spot inside the
data, where no training point lies, and how sure the network is there. Its words are said
in the language of $MLP_LANGUAGE.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from any folder

import numpy as np  # noqa: E402
from manim import (  # noqa: E402
    DOWN,
    Circle,
    Create,
    DashedVMobject,
    Group,
    VGroup,
)

from mlp.bundled import SEED_NOTEBOOK, bundled_path  # noqa: E402
from mlp.trace import load_trace  # noqa: E402
from scenes.toolkit.clouds import PointCloud  # noqa: E402
from scenes.toolkit.fades import FadeIn, FadeOut  # noqa: E402
from scenes.toolkit.geometry import square_box  # noqa: E402
from scenes.toolkit.language import _, decimal, grouped, ngettext  # noqa: E402
from scenes.toolkit.plane import ClassifierLine, Heatmap, PlaneFrame  # noqa: E402
from scenes.toolkit.playback import TraceScene, input_plane, panel_column  # noqa: E402
from scenes.toolkit.readouts import (  # noqa: E402
    HEADING_WIDTH,
    caption,
    chapter_title,
)
from scenes.toolkit.sample import display_sample  # noqa: E402
from scenes.toolkit.style import FOREGROUND, MUTED, unit_color  # noqa: E402
from scenes.toolkit.surface import sample_note  # noqa: E402
from scenes.toolkit.words import class_phrase, data_phrase, percent, separated  # noqa: E402

PANEL = 2.5  # the side of each small picture
LABEL_SIZE = 16  # the pictures' labels' font size
XS = np.linspace(-5.65, 5.65, 5)


def wrapped(text: str, width: float, *, font_size: float, color: str = FOREGROUND) -> VGroup:
    """``text`` in rows no wider than ``width``, broken between words (shrunk only when one
    word is wider), left-aligned: a sentence of any language's length keeps its size."""
    rows, row = [], []
    for word in (w for w in text.split(" ") if w):  # not at no-break spaces
        if row and caption(" ".join([*row, word]), font_size=font_size).width > width:
            rows.append(caption(" ".join(row), font_size=font_size, color=color))
            row = []
        row.append(word)
    rows.append(caption(" ".join(row), font_size=font_size, color=color))
    group = VGroup(*rows).arrange(DOWN, aligned_edge=np.array([-1, 0, 0]), buff=0.1)
    if group.width > width:
        group.scale_to_fit_width(width)
    return group


def point_words(x: float, y: float) -> str:
    """A point's coordinates, "(0.1, -0.2)": with a decimal comma, "(0,1; -0,2)"."""
    a, b = decimal(x, ".1f"), decimal(y, ".1f")
    return f"({a}; {b})" if "," in decimal(0.5, ".1f") else f"({a}, {b})"


def emptiest_spot(X: np.ndarray, inside: np.ndarray | None = None,
                  resolution: int = 80) -> tuple[np.ndarray, float]:
    """The point inside the convex hull of ``inside`` (default: X) farthest from every point
    of X, and that distance (a grid search)."""
    from scipy.spatial import Delaunay

    hull = Delaunay(X if inside is None else inside)
    (x0, x1), (y0, y1) = (X[:, 0].min(), X[:, 0].max()), (X[:, 1].min(), X[:, 1].max())
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    G = np.column_stack([gx.ravel(), gy.ravel()])
    G = G[hull.find_simplex(G) >= 0]
    d = np.sqrt(((G[:, None, :] - X[None, :, :]) ** 2).sum(-1)).min(axis=1)
    k = int(np.argmax(d))
    return G[k], float(d[k])


def warp_view(trace, pos: float) -> tuple[np.ndarray, float]:
    """The hidden points h = sigma(Wx + b) seen in a plane: u along the meta classifier's
    weights (so its plane w_m . h + b_m = 0 is the line u = u_0) and v across it, the
    points' widest spread orthogonal to w_m. Returns (n, 2) and u_0."""
    H = trace.hidden(pos, 1)
    Ws, bs = trace.params_at(pos)
    w, b = np.asarray(Ws[1])[:, 0], float(np.asarray(bs[1])[0])
    e = w / np.linalg.norm(w)
    rest = H - np.outer(H @ e, e)
    rest = rest - rest.mean(axis=0)
    _, _, vt = np.linalg.svd(rest, full_matrices=False)
    return np.column_stack([H @ e, rest @ vt[0]]), -b / np.linalg.norm(w)


class Recap(TraceScene):
    """Five pictures of the story, then the empty centre and the question of trust."""

    default_trace = SEED_NOTEBOOK
    # every run it shows: the seed's network, and the linear and feature-map runs before it
    default_traces = ("blobs-linear", "circles-feature-map", SEED_NOTEBOOK)
    requires = {"hidden_layers": 1, "output": "binary", "input_dim": 2}
    script = ("prepare", "line", "feature_map", "cooperating", "warp", "gradients",
              "empty_centre", "trust")

    def prepare(self) -> None:
        self.blobs = load_trace(bundled_path(self.default_traces[0]))
        self.circles = load_trace(bundled_path(self.default_traces[1]))
        self.head = chapter_title(_("What we saw"), _("five ideas, one after the other"))
        self.pictures = Group()
        self.add(self.head)
        self.shown = display_sample(self.trace)  # the points drawn of the run played

    @staticmethod
    def drawn(t, P=None) -> tuple[np.ndarray, np.ndarray]:
        """The points of ``t`` the pictures draw, at most DISPLAY_POINTS of them: their
        inputs, or their rows of P (n, 2), points placed otherwise, and their labels."""
        s = display_sample(t)
        return (s.X if P is None else np.asarray(P)[s.index]), s.y

    def small_frame(self, k: int, xlim, ylim) -> PlaneFrame:
        return PlaneFrame(xlim, ylim, height=PANEL, center=np.array([XS[k], 0.4, 0]),
                          x_label=None, show_axes=False)

    def label(self, frame, *lines: str) -> VGroup:
        """The picture's label under it, every one in one size: a line too wide for the
        picture breaks between words (shrunk only when one word is wider)."""
        rows = []
        for i, text in enumerate(lines):
            colour = FOREGROUND if i == 0 else MUTED
            # broken at spaces only: a narrow no-break space ("98 %") holds
            words, row = [w for w in text.split(" ") if w], []
            for word in words:
                if row and caption(" ".join([*row, word]), font_size=LABEL_SIZE).width \
                        > PANEL - 0.05:
                    rows.append(caption(" ".join(row), font_size=LABEL_SIZE, color=colour))
                    row = []
                row.append(word)
            rows.append(caption(" ".join(row), font_size=LABEL_SIZE, color=colour))
        group = VGroup(*rows).arrange(DOWN, buff=0.08)
        if group.width > PANEL - 0.05:
            group.scale_to_fit_width(PANEL - 0.05)
        return group.next_to(frame, DOWN, buff=0.15)

    def show(self, name: str, said: str, parts: list, label: VGroup) -> None:
        with self.beat(name, said):
            self.play(*[FadeIn(p) for p in parts], FadeIn(label), run_time=self.seconds(1.0))
            self.pause(0.5)
        self.pictures.add(*parts, label)

    def line(self) -> None:
        t = self.blobs
        f = self.small_frame(0, *square_box(*t.data_bounds(0.12)))
        Ws, bs = t.params_at(t.n_snapshots - 1)
        line = ClassifierLine(f, Ws[0][:, 0], bs[0][0], color=FOREGROUND, stroke_width=2.5,
                              normal_length=0.3)
        acc = percent(float(t.accuracy[-1]))
        self.show("one line", _("One line: for {data}, it is {share} right.").format(
                      data=data_phrase(t), share=acc),
                  [f, PointCloud.from_data(f, *self.drawn(t), radius=0.03), line],
                  self.label(f, _("1. one line"), _("{share} right on {data}").format(
                      share=acc, data=data_phrase(t))))

    def feature_map(self) -> None:
        t = self.circles
        P = t.X * t.X
        top = float(P.max()) * 1.08
        f = self.small_frame(1, (-0.06 * top, top), (-0.06 * top, top))
        Ws, bs = t.params_at(t.n_snapshots - 1)
        line = ClassifierLine(f, Ws[0][:, 0], bs[0][0], color=FOREGROUND, stroke_width=2.5,
                              normal_length=0.3)
        acc = percent(float(t.accuracy[-1]))
        said = (_("A feature map designed for circles, phi(x) = [x1^2, x2^2]: there, a line "
                  "separates them.") if separated(t) else
                _("A feature map designed for circles, phi(x) = [x1^2, x2^2]: there, a line is "
                  "{share} right.").format(share=acc))
        self.show("feature map", said,
                  [f, PointCloud.from_data(f, *self.drawn(t, P), radius=0.03), line],
                  self.label(f, _("2. phi, designed"), _("a line: {share} right").format(
                      share=acc)))

    def cooperating(self) -> None:
        t = self.trace
        self.seed_box = square_box(*t.data_bounds(0.12))
        f = self.small_frame(2, *self.seed_box)
        Ws, bs = t.params_at(t.n_snapshots - 1)
        n = t.sizes[1]
        lines = [ClassifierLine(f, Ws[0][:, i], bs[0][i], color=unit_color(i),
                                stroke_width=2.5, normal_length=0.3) for i in range(n)]
        said = ngettext("{n} line that works on its own, a classifier, read by a meta "
                        "classifier.", "{n} lines that work together, each one a classifier, "
                        "read by a meta classifier.", n).format(n=n)
        self.show("cooperating", said,
                  [f, PointCloud.from_data(f, *self.drawn(t), radius=0.03), *lines],
                  self.label(f, ngettext("3. {n} cooperating line", "3. {n} cooperating lines",
                                         n).format(n=n), _("and a meta classifier")))

    def warp(self) -> None:
        t = self.trace
        end = t.n_snapshots - 1
        V, u0 = warp_view(t, end)
        # each axis stretched to the picture's width: the corners of the cube, seen apart
        lo, span = V.min(axis=0), np.maximum(np.ptp(V, axis=0), 1e-9)
        V, u0 = (V - lo) / span, (u0 - lo[0]) / span[0]
        f = self.small_frame(3, (-0.1, 1.1), (-0.1, 1.1))
        cut = ClassifierLine(f, (1.0, 0.0), -u0, color=FOREGROUND, stroke_width=2.5,
                             show_normal=False)
        acc = percent(float(t.accuracy[-1]))
        said = (_("The network learns its own feature map, sigma(Wx + b): there, one plane "
                  "separates the classes.") if separated(t) else
                _("The network learns its own feature map, sigma(Wx + b): there, one plane is "
                  "{share} right.").format(share=acc))
        self.show("learned warp", said,
                  [f, PointCloud.from_data(f, *self.drawn(t, V), radius=0.03), cut],
                  self.label(f, _("4. phi, learned"), "sigma(Wx + b)",
                             _("a plane: {share} right").format(share=acc)))

    def gradients(self) -> None:
        t = self.trace
        f = self.small_frame(4, *self.seed_box)
        n = t.sizes[1]
        W0, b0 = t.params_at(0)
        W1, b1 = t.params_at(t.n_snapshots - 1)
        start = [DashedVMobject(ClassifierLine(f, W0[0][:, i], b0[0][i], color=MUTED,
                                               stroke_width=2, show_normal=False).line,
                                num_dashes=12) for i in range(n)]
        end = [ClassifierLine(f, W1[0][:, i], b1[0][i], color=unit_color(i), stroke_width=2.5,
                              show_normal=False) for i in range(n)]
        l0, l1 = float(t.loss[0]), float(t.loss[-1])
        steps = int(t.steps[-1])
        first, last = decimal(l0, ".2f"), decimal(l1, ".3f")
        said = ngettext("Gradients of the loss pulled the lines there: the loss fell from "
                        "{first} to {last} in {n} step.", "Gradients of the loss pulled the "
                        "lines there: the loss fell from {first} to {last} in {n} steps.",
                        steps).format(first=first, last=last, n=steps)
        self.show("gradients", said,
                  [f, PointCloud.from_data(f, *self.drawn(t), radius=0.03), *start, *end],
                  self.label(f, _("5. gradients pull lines"), _("loss {first} to {last}").format(
                      first=first, last=last)))

    def empty_centre(self) -> None:
        t = self.trace
        end = t.n_snapshots - 1
        spot, gap = emptiest_spot(t.X, t.X[np.asarray(t.y) == 1])
        p1 = float(np.ravel(t.predict_proba(end, spot[None, :]))[-1])
        k = int(p1 >= 0.5)
        sure = max(p1, 1 - p1)
        self.spot, self.sure, self.spot_class = spot, sure, k
        frame = input_plane(t)
        heat = Heatmap(frame, resolution=(120, 120))
        heat.set_probabilities(t.predict_grid(end, *heat.sample_limits(), resolution=(120, 120)))
        cloud = PointCloud.from_data(frame, *self.drawn(t))
        shown_note = sample_note(self.shown, frame)
        ring = Circle(radius=0.18, color=FOREGROUND, stroke_width=3).move_to(
            frame.to_scene(spot[None, :])[0])
        # the run's own score: "What 99.5% does not tell" for a run short of 100%
        head = chapter_title(_("What {share} does not tell").format(
                                 share=percent(float(t.accuracy[-1]))),
                             _("the network after training"))
        where, within = point_words(*spot), decimal(gap, ".2f")
        note = VGroup(*wrapped(_("at {where}, no training point").format(where=where),
                               HEADING_WIDTH, font_size=22),
                      *wrapped(_("within {gap}: {share} sure of {cls}").format(
                          gap=within, share=percent(sure), cls=class_phrase(t, k)),
                          HEADING_WIDTH, font_size=22)
                      ).arrange(DOWN, aligned_edge=np.array([-1, 0, 0]), buff=0.1)
        panel_column(head, note)
        self.limits_head, self.note = head, note
        said = _("Yet at {where}, with no training point within {gap}, the network is {share} "
                 "sure it is {cls}.").format(where=where, gap=within, share=percent(sure),
                                             cls=class_phrase(t, k))
        with self.beat("empty centre", said):
            # the spot the words name is drawn from the beat's first frame, as the five
            # pictures give way to the trained network's plane
            self.play(FadeOut(self.pictures), FadeOut(self.head), FadeIn(heat), FadeIn(frame),
                      FadeIn(cloud), FadeIn(shown_note), FadeIn(head), Create(ring),
                      FadeIn(note),
                      run_time=self.seconds(1.0))
            self.bring_to_front(ring)
            self.pause(1.4)

    def trust(self) -> None:
        t = self.trace
        acc = percent(float(t.accuracy[-1]))
        n = t.n_total
        asked = _("Would we trust it on data from a function we do not know?")
        question = VGroup(*wrapped(ngettext("{share} right on {n} point.",
                                            "{share} right on {n} points.", n).format(
                                                share=acc, n=grouped(n)),
                                   HEADING_WIDTH, font_size=22),
                          *wrapped(asked, HEADING_WIDTH, font_size=22, color=MUTED)
                          ).arrange(DOWN, aligned_edge=np.array([-1, 0, 0]), buff=0.1)
        panel_column(self.limits_head, self.note, question, buff=0.5)
        said = ngettext("{share} right on the {n} training point.",
                        "{share} right on the {n} training points.", n).format(
                            share=acc, n=grouped(n))
        with self.beat("trust", f"{said} {asked}"):
            self.play(FadeIn(question), run_time=self.seconds(0.8))
            self.pause(1.5)


__all__ = ["Recap", "emptiest_spot", "warp_view"]
