"""The idea before the network: three linear classifiers whose sides, added up, enclose
the inner circle.

Render from the repository root::

    manim -ql scenes/three_classifiers.py ThreeClassifiers

The three lines are the hidden units' lines w_i . x + b_i = 0 at the end of $MLP_TRACE,
else of assets/seed-notebook.npz: the first hidden layer of any network on plane inputs
(up to 8 units; 1 to 6 hidden layers; binary or softmax). For a 2-h-1 binary network each
line's side is the one the meta classifier counts towards class 1 (the sign of its
weight); for any other, the side where the unit is on (w_i . x + b_i > 0). Where all of
them agree is the outlined region; the scene says how many regions the lines cut the
plane into.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from any folder

import numpy as np  # noqa: E402
from manim import (  # noqa: E402
    DOWN,
    LEFT,
    Create,
    MathTex,
    Polygon,
    VGroup,
    VMobject,
)

from scenes.toolkit.fades import FadeIn  # noqa: E402
from scenes.toolkit.geometry import (  # noqa: E402
    agreement_polygon,
    arrangement_regions,
    half_plane_polygon,
)
from scenes.toolkit.language import _, ngettext  # noqa: E402
from scenes.toolkit.plane import ClassifierLine  # noqa: E402
from scenes.toolkit.playback import TraceScene, input_plane, panel_column  # noqa: E402
from scenes.toolkit.readouts import HEADING_WIDTH, Heading, LineLegend, caption  # noqa: E402
from scenes.toolkit.style import FOREGROUND, MUTED, class_color, unit_color  # noqa: E402
from scenes.toolkit.surface import plane_cloud, sample_note  # noqa: E402
from scenes.toolkit.traces import PLAYS  # noqa: E402
from scenes.toolkit.words import (  # noqa: E402
    class_phrase,
    encloses_class_1,
    voting_sides,
)


def _two_lines(text: str) -> list[str]:
    """A panel's words in their lines: at the line breaks the sentence has (each language
    breaks its own), else after its first comma or colon (kept at the end of line one)."""
    if "\n" in text:
        return text.split("\n")
    cut = min((i for i in (text.find(", "), text.find(": ")) if i >= 0), default=-1)
    return [text] if cut < 0 else [text[:cut + 1], text[cut + 2:]]


def region_counts(frame, W, b, side, X, resolution: int = 200,
                  min_share: float = 0.001) -> list[tuple[int, np.ndarray]]:
    """For each region the lines cut the frame into (that covers at least ``min_share`` of
    it): how many kept sides cover it, and a spot (2,) inside it for a label, as far as
    possible from lines, frame edges and data."""
    (x0, x1), (y0, y1) = frame.xlim, frame.ylim
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    G = np.column_stack([gx.ravel(), gy.ravel()])
    S = side[None, :] * (G @ W + b[None, :])  # (m, h) signed, kept side > 0
    norms = np.linalg.norm(W, axis=0)
    clearance = np.min(np.abs(S) / norms[None, :], axis=1)
    clearance = np.minimum(clearance, np.min(np.column_stack(
        [G[:, 0] - x0, x1 - G[:, 0], G[:, 1] - y0, y1 - G[:, 1]]), axis=1))
    d2 = ((G[:, None, :] - np.asarray(X)[None, :, :2]) ** 2).sum(axis=-1)
    clearance = np.minimum(clearance, np.sqrt(d2.min(axis=1)))
    codes = (S > 0) @ (1 << np.arange(W.shape[1]))
    out = []
    for code in np.unique(codes):
        idx = np.nonzero(codes == code)[0]
        if len(idx) < max(min_share * len(G), 1):
            continue
        best = idx[np.argmax(clearance[idx])]
        out.append((int(bin(int(code)).count("1")), G[best]))
    return out


def classifier_words(i: int, n: int) -> str:
    """What the caption says as classifier i (from 0) of n joins: each in its own words."""
    if i == 0:
        return _("Classifier 1 keeps one side of its line, shaded in its colour.")
    if i == n - 1:
        return _("And classifier {k}, the last: its own line, its own side.").format(k=i + 1)
    return [_("Classifier {k} adds another line, and the side it keeps."),
            _("Then classifier {k}, with a line of its own."),
            _("Classifier {k} brings one more side.")][(i - 1) % 3].format(k=i + 1)


class ThreeClassifiers(TraceScene):
    """Three lines around the inner circle; their sides add up to a region enclosing it."""

    default_trace = "seed-notebook"

    requires = {**PLAYS, "max_first_width": 8}
    script = ("show_data", "add_classifiers", "combine")

    def show_data(self) -> None:
        t = self.trace
        self.frame = input_plane(t)
        self.cloud = plane_cloud(t, self.frame)  # at most DISPLAY_POINTS points
        self.sample_note = sample_note(self.cloud.sample, self.frame)
        n = t.sizes[1]
        self.meta_classifier = len(t.sizes) == 3 and t.output == "binary"
        kept = (_("each one keeps the side facing {inner}").format(inner=class_phrase(t, 1))
                if self.meta_classifier else _("each one keeps the side where its unit is on"))
        title = (_("Three linear classifiers, combined") if n == 3 else
                 ngettext("{n} linear classifier, combined", "{n} linear classifiers, combined",
                          n).format(n=n))
        head = Heading(title, kept)
        self.head = head
        panel_column(head)  # the title in its place from the first frame
        with self.beat("data", _("Instead of one line, take several.")):
            self.add(self.frame)
            self.add(head)  # the title from the first frame
            self.play(FadeIn(self.cloud), FadeIn(self.sample_note), run_time=self.seconds(1.0))

    def add_classifiers(self) -> None:
        t = self.trace
        if self.meta_classifier:
            W, b, side = voting_sides(t, t.n_snapshots - 1)
        else:
            Ws, bs = t.params_at(t.n_snapshots - 1)
            W, b, side = Ws[0], bs[0], np.ones(t.sizes[1])
        self.W, self.b, self.side = W, b, side
        f = self.frame
        self.lines, self.regions = VGroup(), VGroup()
        for i in range(W.shape[1]):
            # the normal arrow points to the kept side
            line = ClassifierLine(f, side[i] * W[:, i], side[i] * b[i], color=unit_color(i))
            poly = half_plane_polygon(W[:, i], b[i], f.xlim, f.ylim, side[i])
            if len(poly) >= 3:
                region = Polygon(*f.to_scene(poly), stroke_width=0, fill_color=unit_color(i),
                                 fill_opacity=0.16)
            else:  # the kept side misses the plane shown: nothing of it to shade
                region = VMobject(stroke_width=0, fill_color=unit_color(i), fill_opacity=0.16)
            self.lines.add(line)
            self.regions.add(region)
        legend = LineLegend([(unit_color(i), rf"w_{i + 1}\cdot x + b_{i + 1} "
                              + (r"\ge" if side[i] > 0 else r"\le") + " 0")
                             for i in range(W.shape[1])], font_size=28, buff=0.15)
        self.legend = legend
        self.enclosed = agreement_polygon(f.xlim, f.ylim, W, b, side)
        # the claim on screen is checked on the data: every class-1 point inside, no other
        self.encloses = self.meta_classifier and encloses_class_1(t, f.xlim, f.ylim)
        self.n_regions = arrangement_regions(W, b, f.xlim, f.ylim)
        inner = class_phrase(t, 1)
        # the panel's words (in two lines) and the caption's sentence
        if self.encloses:
            panel = _("where all of them agree,\nthey enclose {inner}").format(inner=inner)
            said = _("Where all of them agree, they enclose {inner}.").format(inner=inner)
        else:
            panel = _("where all of them agree:\nthe outlined region")
            said = _("Where all of them agree: the outlined region.")
        # the panel's words in one line, and the caption that says them
        self.verdict, self.said_verdict = panel.replace("\n", " "), said
        self.sum_text = VGroup(
            caption(_("the shaded sides add up:"), font_size=22, color=MUTED),
            *(caption(part, font_size=24, color=FOREGROUND) for part in _two_lines(panel)))
        for part in self.sum_text:  # a language's longer words stay in the panel
            if part.width > HEADING_WIDTH:
                part.scale_to_fit_width(HEADING_WIDTH)
        self.sum_text.arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        panel_column(self.head, legend, self.sum_text, buff=0.5)
        for i in range(W.shape[1]):
            with self.beat(f"classifier {i + 1}", classifier_words(i, W.shape[1])):
                self.add(self.regions[i], self.frame)
                self.bring_to_front(self.lines[: i + 1], self.cloud)
                anims = [FadeIn(self.regions[i]), Create(self.lines[i])]
                if i < len(legend):
                    anims.append(FadeIn(legend[i]))
                self.play(*anims, run_time=self.seconds(1.2))
                self.pause(0.4)

    def combine(self) -> None:
        f = self.frame
        poly = self.enclosed
        self.counts = VGroup()
        if self.W.shape[1] <= 4:  # past that, too many regions to label
            full = self.W.shape[1]
            for count, spot in region_counts(f, self.W, self.b, self.side, self.trace.X):
                label = MathTex(str(count), font_size=34 if count == full else 28,
                                color=FOREGROUND if count == full else MUTED)
                self.counts.add(label.move_to(f.to_scene(spot)[0]))
        n = self.W.shape[1]
        lines = ngettext("{n} line", "{n} lines", n).format(n=n)
        # the count is the geometry's; a region too thin to hold a label is said apart
        labelled = len(self.counts)
        self.unlabelled = self.n_regions - labelled if labelled else 0
        k, thin = self.n_regions, self.unlabelled
        if thin > 0:
            panel = ngettext("{lines}: {k} region in the plane, {thin} too thin to label",
                             "{lines}: {k} regions in the plane, {thin} too thin to label", k)
            said = ngettext("Count, everywhere, how many classifiers keep that side: the "
                            "{lines} cut the plane into {k} region, {thin} too thin to label.",
                            "Count, everywhere, how many classifiers keep that side: the "
                            "{lines} cut the plane into {k} regions, {thin} too thin to label.",
                            k)
        else:
            panel = ngettext("{lines}: {k} region in the plane",
                             "{lines}: {k} regions in the plane", k)
            said = ngettext("Count, everywhere, how many classifiers keep that side: the "
                            "{lines} cut the plane into {k} region.",
                            "Count, everywhere, how many classifiers keep that side: the "
                            "{lines} cut the plane into {k} regions.", k)
        self.regions_text = caption(panel.format(lines=lines, k=k, thin=thin),
                                    font_size=22, color=MUTED)
        if self.regions_text.width > HEADING_WIDTH:
            self.regions_text.scale_to_fit_width(HEADING_WIDTH)
        self.regions_text.next_to(self.sum_text, DOWN, buff=0.35).align_to(self.sum_text, LEFT)
        with self.beat("count", said.format(lines=lines, k=k, thin=thin)):
            self.play(FadeIn(self.sum_text[0]), FadeIn(self.counts), FadeIn(self.regions_text),
                      run_time=self.seconds(1.0))
            self.pause(0.6)
        anims = [FadeIn(self.sum_text[1:])]
        if len(poly) >= 3:
            region = Polygon(*f.to_scene(poly), stroke_color=FOREGROUND, stroke_width=3,
                             fill_color=class_color(1) if self.meta_classifier else MUTED,
                             fill_opacity=0.35)
            self.add(region)
            self.bring_to_front(self.lines, self.cloud, self.counts)
            anims.append(FadeIn(region))
            anims.append(self.regions.animate.set_fill(opacity=0.07))
            self.enclosed_region = region
        with self.beat("combined", self.said_verdict):
            self.play(*anims, run_time=self.seconds(1.5))
            self.pause(2.5)
