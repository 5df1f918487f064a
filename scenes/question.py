"""The question the story answers: the data, and whether one line can separate it.

Render from the repository root::

    manim -ql scenes/question.py OpeningQuestion

Plays the data of $MLP_TRACE, else assets/seed-notebook.npz (the seed's rings): any
classification trace on plane inputs. Whether a line can put each class on its own side is
decided on the data by a linear program (mlp/separability.py), not by a training run.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from any folder

import numpy as np  # noqa: E402
from manim import (  # noqa: E402
    DOWN,
    LEFT,
    DashedVMobject,
    UpdateFromAlphaFunc,
    VGroup,
    linear,
)

from mlp.separability import linearly_separable  # noqa: E402
from scenes.toolkit.fades import FadeIn  # noqa: E402
from scenes.toolkit.language import _, ngettext  # noqa: E402
from scenes.toolkit.plane import ClassifierLine  # noqa: E402
from scenes.toolkit.playback import TraceScene, input_plane, panel_column  # noqa: E402
from scenes.toolkit.readouts import HEADING_WIDTH, caption, chapter_title  # noqa: E402
from scenes.toolkit.style import FOREGROUND, MUTED  # noqa: E402
from scenes.toolkit.surface import plane_cloud, sample_note  # noqa: E402
from scenes.toolkit.words import data_phrase, grouped_int, n_classes  # noqa: E402


def one_line_separates(trace) -> bool:
    """Whether some line puts each class on its own side (two classes), or, for more
    classes, every class apart from all the others."""
    y = np.asarray(trace.y)
    return all(linearly_separable(trace.X, (y == k).astype(int))
               for k in range(1 if n_classes(trace) == 2 else n_classes(trace)))


class OpeningQuestion(TraceScene):
    """The data, the question, and the answer the story builds towards."""

    default_trace = "seed-notebook"
    requires = {"input_dim": 2, "input_map": None}  # the data alone: any input map
    script = ("show_data", "ask", "answer")

    def show_data(self) -> None:
        t = self.trace
        self.frame = input_plane(t)
        self.cloud = plane_cloud(t, self.frame)  # at most DISPLAY_POINTS points
        self.sample_note = sample_note(self.cloud.sample, self.frame)
        phrase = data_phrase(t)
        n = t.n_total
        self.head = chapter_title(_("Can a line separate these?"), ngettext(
            "{data}, {n} point", "{data}, {n} points", n).format(data=phrase, n=grouped_int(n)))
        panel_column(self.head)
        said = ngettext("{Data}: {n} point, one colour per class.",
                        "{Data}: {n} points, one colour per class.", n).format(
                            Data=phrase[0].upper() + phrase[1:], n=grouped_int(n))
        with self.beat("data", said):
            self.add(self.frame)
            self.add(self.head)  # the title from the first frame
            self.play(FadeIn(self.cloud), FadeIn(self.sample_note), run_time=self.seconds(1.0))
            self.pause(0.5)

    def ask(self) -> None:
        t = self.trace
        centre = t.X.mean(axis=0)
        line = ClassifierLine(self.frame, (1.0, 0.0), -centre[0], color=MUTED,
                              show_normal=False)
        side = self.frame.border.height

        def dashed() -> DashedVMobject:
            # dashes of one length, whatever the share of the line inside the frame
            return DashedVMobject(line.line, num_dashes=max(2, round(30 * line.line.get_length()
                                                                      / side)))

        def turn(probe, alpha: float) -> None:
            # the line through the data's centre at angle pi * alpha, clipped to the frame
            # at every angle (a clipped segment turned would leave the frame)
            w = np.array([np.cos(np.pi * alpha), np.sin(np.pi * alpha)])
            line.set_params(w, -float(w @ centre))
            probe.become(dashed())

        self.probe = dashed()
        # the question on screen, in two lines (the catalog's line break)
        lines = _("one straight line,\neach class on its own side?").split("\n")
        self.question = VGroup(*(caption(line, font_size=22, color=FOREGROUND)
                                 for line in lines)).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        if self.question.width > HEADING_WIDTH:
            self.question.scale_to_fit_width(HEADING_WIDTH)
        panel_column(self.head, self.question)
        with self.beat("question", _("Can one straight line put each class on its own side? "
                                     "If not, what can?")):
            self.add(self.probe)
            self.play(FadeIn(self.question), run_time=self.seconds(0.6))
            self.play(UpdateFromAlphaFunc(self.probe, turn), run_time=self.seconds(3.0),
                      rate_func=linear)

    def answer(self) -> None:
        self.separable = one_line_separates(self.trace)
        # the answer: a first sentence, then a second, each a line on screen
        if self.separable:
            parts = (_("Here one line can."),
                     _("The story starts there, and builds lines that cooperate."))
        else:
            parts = (_("No line can, whatever its angle."),
                     _("What can: lines that work together."))
        said = " ".join(parts)
        self.verdict = VGroup(*(caption(part, font_size=22,
                                        color=FOREGROUND if i == 0 else MUTED)
                                for i, part in enumerate(parts)))
        self.verdict.arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        if self.verdict.width > HEADING_WIDTH:
            self.verdict.scale_to_fit_width(HEADING_WIDTH)
        panel_column(self.head, self.question, self.verdict)
        with self.beat("answer", said):
            self.play(FadeIn(self.verdict), run_time=self.seconds(0.8))
            self.pause(1.0)


__all__ = ["OpeningQuestion", "one_line_separates"]
