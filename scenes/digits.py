"""A real data set: handwritten digits. The same machinery as the plane's, on real data.

Render from the repository root::

    manim -ql scenes/digits.py HandwrittenDigits

Plays $MLP_TRACE when set, else assets/digits-width-16.npz (a 64-16-10 softmax network on
scikit-learn's 8x8 digits, with its test set): any classifier on image inputs (a trace
that records its inputs' image shape) with a test set, of any width and depth. It shows
some inputs as the images they are, the first layer's units as what they look for (their
weights drawn as images, scenes.toolkit.templates) changing through training, the test
digits in the last hidden layer's space (mlp.projection.layer_projection, its first two
axes), the confusion matrix on the test set (scenes.toolkit.confusion) and the test
accuracy against the training accuracy (scenes.toolkit.scores). Every number is the trace's;
every word is said in the language of $MLP_LANGUAGE.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from any folder

import numpy as np  # noqa: E402
from manim import DOWN, LEFT, UP, Create, Group, SurroundingRectangle, linear  # noqa: E402

from mlp.projection import layer_projection, meta_normal  # noqa: E402
from mlp.trace import Trace  # noqa: E402
from scenes.toolkit.clouds import PointCloud  # noqa: E402
from scenes.toolkit.confusion import ConfusionMatrix, confusion_counts, most_confused  # noqa: E402
from scenes.toolkit.fades import FadeIn, FadeOut  # noqa: E402
from scenes.toolkit.geometry import square_box  # noqa: E402
from scenes.toolkit.language import _, grouped, ngettext  # noqa: E402
from scenes.toolkit.plane import PlaneFrame  # noqa: E402
from scenes.toolkit.playback import (  # noqa: E402
    PLANE_CENTER,
    PLANE_HEIGHT,
    TracePlayer,
    TraceScene,
    panel_column,
)
from scenes.toolkit.readouts import (  # noqa: E402
    ClassLegend,
    TrainingClock,
    caption,
    chapter_title,
    name_text,
)
from scenes.toolkit.sample import display_sample  # noqa: E402
from scenes.toolkit.scores import ScoreCurves  # noqa: E402
from scenes.toolkit.style import MAX_CLASSES, MUTED, PANEL_WIDTH, class_color  # noqa: E402
from scenes.toolkit.surface import sample_note  # noqa: E402
from scenes.toolkit.templates import UnitTemplates, image_shape, input_image  # noqa: E402
from scenes.toolkit.traces import mismatch  # noqa: E402
from scenes.toolkit.words import (  # noqa: E402
    activation_name,
    class_names,
    dataset_name,
    n_classes,
    optimizer_words,
    percent,
    shorten,
    training_record,
)

EXAMPLES_PER_CLASS = 2  # inputs shown as images at the start, the first of each class
TEMPLATES_SHOWN = 16  # first-layer units drawn as templates (the first ones)
NAME_CHARS = 12  # a class's name in a caption, at most
OVERFIT_GAP = 0.02  # a test accuracy this far below the training accuracy is overfitting


def examples(trace: Trace, per_class: int = EXAMPLES_PER_CLASS) -> list[int]:
    """The training inputs shown as images: the first ``per_class`` of each class, in
    class order."""
    y = np.asarray(trace.y)
    return [int(i) for c in range(n_classes(trace)) for i in np.flatnonzero(y == c)[:per_class]]


def handwritten(trace: Trace) -> bool:
    """Whether the images are handwritten digits: scikit-learn's digits (and MNIST)."""
    return dataset_name(trace) in ("digits", "mnist")


def data_words(trace: Trace, total: int, rows: int, cols: int) -> str:
    """The data in a sentence: "Real data: 1,797 handwritten digits, each an image of 8x8
    pixels." for scikit-learn's digits (and MNIST), else "... 1,797 images, ..."."""
    if handwritten(trace):
        said = ngettext("Real data: {total} handwritten digit, each an image of {rows}x{cols} "
                        "pixels.", "Real data: {total} handwritten digits, each an image of "
                        "{rows}x{cols} pixels.", total)
    else:
        said = ngettext("Real data: {total} image of {rows}x{cols} pixels.",
                        "Real data: {total} images, each of {rows}x{cols} pixels.", total)
    return said.format(total=grouped(total), rows=rows, cols=cols)


def hidden_view(trace: Trace):
    """The last hidden layer's fixed 2-D view of the test inputs: its projection
    (mlp.projection.layer_projection) at the end of training, the first two axes kept, the
    same map at every position so that the points' moves are the network's."""
    layer = len(trace.sizes) - 2
    projection = layer_projection(trace.model(trace.n_snapshots - 1), trace.X_test, layer)
    return layer, projection


def hidden_view_words(trace: Trace, layer: int, projection) -> str:
    """What the hidden view's two axes are, for the screen."""
    width = trace.sizes[layer]
    if projection.exact:
        return (_("hidden units 1 and 2 of the {width}").format(width=width) if width > 2
                else _("the 2 hidden units"))
    if meta_normal(trace.model(trace.n_snapshots - 1), layer) is not None:
        return ngettext("{width} hidden unit seen along w_m and its first principal component",
                        "{width} hidden units seen along w_m and their first principal component",
                        width).format(width=width)
    return ngettext("{width} hidden unit seen through its first 2 principal components",
                    "{width} hidden units seen through their first 2 principal components",
                    width).format(width=width)


def hidden_points(trace: Trace, pos: float, layer: int, projection, X=None) -> np.ndarray:
    """The test inputs' (or inputs X's) coordinates (m, 2) in the hidden view at ``pos``."""
    X = trace.X_test if X is None else X
    return projection(trace.model_at(pos).hidden(X, layer))[:, :2]


def nearest_centre_share(trace: Trace, k: int = -1) -> float:
    """The share of the test inputs whose hidden activations (the last hidden layer's, all
    its units) at snapshot ``k`` lie nearer their own class's mean than any other class's:
    how well the classes form groups of their own there."""
    layer = len(trace.sizes) - 2
    H = trace.model(k % trace.n_snapshots).hidden(trace.X_test, layer)
    y = np.asarray(trace.y_test)
    present = np.unique(y)
    centres = np.stack([H[y == c].mean(axis=0) for c in present])
    d = ((H[:, None, :] - centres[None]) ** 2).sum(axis=2)
    return float(np.mean(present[np.argmin(d, axis=1)] == y))


def short_name(trace: Trace, c: int) -> str:
    """Class c's name in a caption, cut to NAME_CHARS (the sentence quotes it)."""
    return shorten(class_names(trace)[c], NAME_CHARS)


def per_epoch(trace: Trace) -> bool:
    """Whether the trace's steps are epochs (scikit-learn's runs)."""
    return training_record(trace).get("step") == "epoch"


class HandwrittenDigits(TraceScene):
    """Handwritten digits as images, the hidden units' templates learning them, the test
    digits in the hidden space, the confusion matrix and the test accuracy against the
    training accuracy."""

    default_trace = "digits-width-16"
    train_seconds: float = 12.0
    requires = {"input_dim": None, "min_hidden_layers": 1, "max_classes": MAX_CLASSES}
    script = ("build", "show_data", "show_network", "show_templates", "train",
              "show_hidden_space", "show_confusion", "show_scores")

    @classmethod
    def refusal(cls, trace: Trace) -> str | None:
        """A classifier (a regression gets mismatch's line) on image inputs, with a test
        set, at least one hidden layer and at most MAX_CLASSES classes."""
        where = trace.path or "trace"
        if not trace.kind.classification:
            return mismatch(trace, **cls.requirements())
        if image_shape(trace) is None:
            return (f"needs image inputs (a trace that records their image shape), but "
                    f"{where} has {trace.sizes[0]} inputs and no image shape")
        if not trace.has_test:
            return f"needs a test set, but {where} has none"
        return mismatch(trace, **cls.requirements())

    # ------------------------------------------------------------------ set-up
    def build(self) -> None:
        t = self.trace
        self.player = TracePlayer(t)
        acts = sorted(set(t.activations), key=t.activations.index)
        self.titles = chapter_title(_("A real data set: handwritten digits"),
                                    _("{sizes} network, {activations} units, {output} output")
                                    .format(sizes="-".join(map(str, t.sizes)),
                                            activations=", ".join(map(activation_name, acts)),
                                            output=activation_name(t.output)))
        self.clock = TrainingClock(t, font_size=26)
        self.player.follow(self.clock, self.clock.set_position)
        self.scores = ScoreCurves(t, width=3.6, height=1.5)
        self.player.follow(self.scores, self.scores.set_position)
        self.shown_units = list(range(min(TEMPLATES_SHOWN, t.sizes[1])))

    def stage(self, mobject) -> None:
        """Fit ``mobject`` in the picture's place, left of the panel."""
        if mobject.height > PLANE_HEIGHT:
            mobject.scale_to_fit_height(PLANE_HEIGHT)
        if mobject.width > 6.8:
            mobject.scale_to_fit_width(6.8)
        mobject.move_to(PLANE_CENTER)

    # ------------------------------------------------------------------ beats
    def show_data(self) -> None:
        t = self.trace
        picks = examples(t)
        names = class_names(t)
        cells = []
        for i in picks:
            image = input_image(t, t.X[i], height=1.0)
            label = name_text(names[int(t.y[i])], 1.0, font_size=20,
                              color=class_color(int(t.y[i])))
            cells.append(Group(image, label.next_to(image, DOWN, buff=0.08)))
        columns = 5 if len(cells) > 8 else max(len(cells), 1)
        self.examples = Group(*cells).arrange_in_grid(cols=columns, buff=(0.25, 0.2))
        self.stage(self.examples)
        rows, cols = image_shape(t)
        total = t.n_total + t.n_test_total  # all of them, when the trace keeps a sample
        text = " ".join([data_words(t, total, rows, cols),
                         ngettext("Here is {n} of them, with its label.",
                                  "Here are {n} of them, with their labels.",
                                  len(picks)).format(n=len(picks))])
        with self.beat("data", text):
            self.add(self.titles)  # the title from the first frame
            self.play(FadeIn(self.examples), run_time=self.seconds(1.0))

    def show_network(self) -> None:
        t = self.trace
        d, h, K = t.sizes[0], t.sizes[1], n_classes(t)
        # a diagram more than a sentence: each count with its own noun, between arrows
        self.network_words = caption("  ->  ".join([
            ngettext("x: {n} pixel", "x: {n} pixels", d).format(n=d),
            ngettext("h: {n} unit", "h: {n} units", h).format(n=h),
            ngettext("{n} class", "{n} classes", K).format(n=K)]), font_size=22, color=MUTED)
        if self.network_words.width > PANEL_WIDTH:
            self.network_words.scale_to_fit_width(PANEL_WIDTH)
        panel_column(self.titles, self.network_words, self.clock, self.scores, buff=0.4)
        text = (ngettext("The same machinery as before: one input per pixel, {d} in all, then "
                         "hidden units, then a probability for each of the {k} class.",
                         "The same machinery as before: one input per pixel, {d} in all, then "
                         "hidden units, then a probability for each of the {k} classes.", K)
                if t.output == "softmax" else
                _('The same machinery as before: one input per pixel, {d} in all, then hidden '
                  'units, then the probability of "{name}".')).format(
                      d=d, k=K, name=short_name(t, 1))
        with self.beat("network", text):
            self.play(FadeIn(self.network_words), run_time=self.seconds(1.0))
        text = ngettext("{train} image trains the network; {test} more are kept aside, a "
                        "test it never trains on.", "{train} images train the network; {test} "
                        "more are kept aside, a test it never trains on.", t.n_total).format(
                            train=grouped(t.n_total), test=grouped(t.n_test_total))
        with self.beat("split", text):
            self.play(FadeIn(self.clock), FadeIn(self.scores), run_time=self.seconds(1.0))

    def show_templates(self) -> None:
        t = self.trace
        self.templates = UnitTemplates(t, self.shown_units, columns=4, cell=1.25, buff=0.25)
        self.stage(self.templates)
        self.player.follow(self.templates, self.templates.set_position)
        d, width, n = t.sizes[0], t.sizes[1], len(self.shown_units)
        weighs = ngettext("Each hidden unit weighs the {d} pixel.",
                          "Each hidden unit weighs all {d} pixels.", d).format(d=d)
        here = (ngettext("Drawn as an image, its weights are what it looks for; here the first "
                         "{n} of its {width} unit, before training.",
                         "Drawn as an image, its weights are what it looks for; here the first "
                         "{n} of its {width} units, before training.", width)
                if n < width else
                ngettext("Drawn as an image, its weights are what it looks for; here its {width} "
                         "unit, before training.", "Drawn as an image, its weights are what it "
                         "looks for; here its {width} units, before training.", width)
                ).format(n=n, width=width)
        text = f"{weighs} {here}"
        with self.beat("templates", text):
            self.play(FadeOut(self.examples), FadeIn(self.templates),
                      run_time=self.seconds(1.5))

    def train(self) -> None:
        t = self.trace
        mid = (t.n_snapshots - 1) // 2
        text = _("Trained with {optimiser}, the weights take shape: violet where a unit wants "
                 "ink, brown where it wants none.").format(
                     optimiser=optimizer_words(t, penalty=False))
        with self.beat("training", text):
            self.play(self.player.animate_to(mid), run_time=self.seconds(self.train_seconds / 2),
                      rate_func=linear)
        text = (_("By epoch {step} it gets {train} of the training images right, and {test} of "
                  "the test.") if per_epoch(t) else
                _("By step {step} it gets {train} of the training images right, and {test} of "
                  "the test.")).format(step=int(t.steps[-1]), train=percent(t.accuracy[-1], 1),
                                       test=percent(t.test_accuracy[-1], 1))
        with self.beat("trained", text):
            self.play(self.player.animate_to(), run_time=self.seconds(self.train_seconds / 2),
                      rate_func=linear)

    def show_hidden_space(self) -> None:
        t = self.trace
        layer, projection = hidden_view(t)
        # the test images drawn: every one, or past DISPLAY_POINTS a stratified sample
        self.hidden_sample = shown = display_sample(t, test=True)
        end = hidden_points(t, self.player.end, layer, projection, shown.X)
        start = hidden_points(t, 0.0, layer, projection, shown.X)
        both = np.vstack([start, end])
        pad = 0.08 * max(float(np.ptp(both)), 1e-9)
        box = square_box((float(both[:, 0].min()) - pad, float(both[:, 0].max()) + pad),
                         (float(both[:, 1].min()) - pad, float(both[:, 1].max()) + pad))
        self.hidden_frame = PlaneFrame(*box, height=PLANE_HEIGHT, center=PLANE_CENTER,
                                       x_label=None, y_label=None, show_axes=False)
        self.hidden_cloud = PointCloud(self.hidden_frame.to_scene(start), shown.y,
                                       radius=0.05)
        self.hidden_note = caption(hidden_view_words(t, layer, projection), font_size=18,
                                   color=MUTED)
        if self.hidden_note.width > self.hidden_frame.width:
            self.hidden_note.scale_to_fit_width(self.hidden_frame.width)
        self.hidden_note.next_to(self.hidden_frame, UP, buff=0.08).align_to(
            self.hidden_frame, LEFT)
        self.hidden_shown = sample_note(shown, self.hidden_frame, noun="test images")
        self.legend = ClassLegend(class_names(t), columns=5, font_size=20)
        panel_column(self.titles, self.network_words, self.clock, self.scores, self.legend,
                     buff=0.4)
        self.player.seek(0.0)

        def move(pos: float) -> None:
            self.hidden_cloud.set_centers(
                self.hidden_frame.to_scene(hidden_points(t, pos, layer, projection, shown.X)))

        share = nearest_centre_share(t)
        kept = len(t.X_test)
        if shown.partial and kept > shown.shown and kept == shown.total:
            said = ngettext("{shown} of the {total} test image in the hidden space, replayed: "
                            "{share} of all {kept} end nearer their own class's centre than any "
                            "other's.", "{shown} of the {total} test images in the hidden "
                            "space, replayed: {share} of all {kept} end nearer their own "
                            "class's centre than any other's.", shown.total)
        elif shown.partial and kept > shown.shown:
            said = ngettext("{shown} of the {total} test image in the hidden space, replayed: "
                            "{share} of the {kept} the trace keeps end nearer their own class's "
                            "centre than any other's.", "{shown} of the {total} test images in "
                            "the hidden space, replayed: {share} of the {kept} the trace keeps "
                            "end nearer their own class's centre than any other's.", shown.total)
        elif shown.partial:
            said = ngettext("{shown} of the {total} test image in the hidden space, replayed: "
                            "{share} end nearer their own class's centre than any other's.",
                            "{shown} of the {total} test images in the hidden space, replayed: "
                            "{share} end nearer their own class's centre than any other's.",
                            shown.total)
        else:
            said = ngettext("The {shown} test image in the hidden space, replayed: {share} ends "
                            "nearer its own class's centre than any other's.", "The {shown} test "
                            "images in the hidden space, replayed: {share} end nearer their own "
                            "class's centre than any other's.", shown.shown)
        text = said.format(shown=grouped(shown.shown), total=grouped(shown.total),
                           kept=grouped(kept), share=percent(share))
        with self.beat("hidden space", text):
            self.play(FadeOut(self.templates), FadeIn(self.hidden_frame),
                      FadeIn(self.hidden_cloud), FadeIn(self.hidden_note),
                      FadeIn(self.hidden_shown), FadeIn(self.legend), run_time=self.seconds(1.0))
            self.player.follow(self.hidden_cloud, move)
            self.play(self.player.animate_to(), run_time=self.seconds(5.0), rate_func=linear)

    def show_confusion(self) -> None:
        t = self.trace
        self.confusion = ConfusionMatrix(t, cell=0.5, font_size=18)
        self.stage(self.confusion)
        self.player.seek(0.0)
        self.player.follow(self.confusion, self.confusion.set_position)
        counts = confusion_counts(t, t.n_snapshots - 1)
        worst = most_confused(counts)
        right = int(np.trace(counts))
        if worst is None:
            mistakes = _("none off it.")
        else:
            i, j, n = worst
            mistakes = ngettext('most often "{true}" read as "{predicted}" ({n} time).',
                                'most often "{true}" read as "{predicted}" ({n} times).',
                                n).format(true=short_name(t, i), predicted=short_name(t, j), n=n)
        total = int(counts.sum())
        # the diagonal's count, then the mistakes: a clause of its own after the semicolon
        diagonal = (ngettext("{right} of {total} test image shown on the diagonal; {mistakes}",
                             "{right} of {total} test images shown on the diagonal; {mistakes}",
                             total) if len(t.X_test) < t.n_test_total else
                    ngettext("{right} of {total} test image on the diagonal; {mistakes}",
                             "{right} of {total} test images on the diagonal; {mistakes}",
                             total)).format(right=grouped(right), total=grouped(total),
                                            mistakes=mistakes)
        text = " ".join([_("Row: true class, column: prediction."), diagonal])
        with self.beat("confusion", text):
            self.play(FadeOut(self.hidden_frame), FadeOut(self.hidden_cloud),
                      FadeOut(self.hidden_note), FadeOut(self.hidden_shown),
                      FadeOut(self.legend), FadeIn(self.confusion),
                      run_time=self.seconds(1.0))
            self.play(self.player.animate_to(), run_time=self.seconds(4.0), rate_func=linear)

    def show_scores(self) -> None:
        t = self.trace
        train, test = float(t.accuracy[-1]), float(t.test_accuracy[-1])
        # the curves again, their axis from a tenth below the lower end score: the gap shows
        low = max(0.0, np.floor(min(train, test) * 10) / 10 - 0.1)
        zoomed = ScoreCurves(t, width=3.6, height=1.5, low=low).set_position(self.player.end)
        zoomed.move_to(self.scores, aligned_edge=LEFT + UP)
        if train - test >= OVERFIT_GAP:
            gap = _("The gap, {gap}, is overfitting.").format(gap=percent(train - test, 1))
        elif train > test:
            gap = _("A gap of only {gap}: it does almost as well on them.").format(
                gap=percent(train - test, 1))
        else:
            gap = _("No gap: it does as well on them.")
        text = " ".join([_("On new images, the test: {test}, against {train} on its own training "
                           "images.").format(test=percent(test, 1), train=percent(train, 1)),
                         gap])
        with self.beat("scores", text):
            self.play(FadeOut(self.scores), FadeIn(zoomed), run_time=self.seconds(0.8))
            self.play(Create(SurroundingRectangle(zoomed, color=MUTED, buff=0.12)),
                      run_time=self.seconds(0.6))
            self.pause(2.0)
