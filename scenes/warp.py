"""The hidden space: the input plane warps into sigma(Wx + b), where a plane separates the data.

Scenes (run from the repository root; the trace is $MLP_TRACE or the bundled default):

    manim -ql scenes/warp.py HiddenSpaceWarp
    manim -ql scenes/warp.py WarpDuringTraining

Both play any width and depth, a binary or softmax output. Width 3 is the seed's cube;
width 2 is a flat warp of the plane into the unit square; wider layers are seen through a
linear projection to 3D (the meta classifier's normal and two principal components),
which the scene says on screen, and only their strongest units' lines are drawn
(scenes.toolkit.units), with how many more there are. Inputs of more than 2 features start
from their fixed view (scenes.toolkit.inputs), a grid on the view's plane through the
data's mean warped with them; no unit's line is drawn there, as none is a line of the view.

Every word on screen and in the captions is said in the language of $MLP_LANGUAGE
(scenes.toolkit.language): the panel's statements are words (Pango) with their formulas in
TeX between dollar signs, laid out by measuring them (:func:`statement_lines`).
"""

from __future__ import annotations

import textwrap
from functools import cache

import numpy as np
from manim import (
    DL,
    DOWN,
    LEFT,
    Create,
    MathTex,
    Polygon,
    Text,
    ThreeDScene,
    ValueTracker,
    VGroup,
    linear,
)

from mlp.activations import Activation, activation
from mlp.bundled import DEPTH, MANY_CLASSES, TWO_UNITS
from mlp.separability import linearly_separable
from mlp.trace import Trace
from scenes.toolkit.camera import (
    FOCAL_DISTANCE as FOCAL,
)
from scenes.toolkit.camera import (
    StageCamera,
    View,
    best_view,
    fit_view,
    least_visible,
    neighbour_agreement,
    view_rotation,
    visible_fraction,
)
from scenes.toolkit.clouds import LineSet, PointCloud
from scenes.toolkit.fades import FadeIn, FadeOut
from scenes.toolkit.geometry import fit_frame, grid_polylines, pad3
from scenes.toolkit.hidden_space import (
    ClassRegions,
    MetaPlane,
    WarpPicture,
    class_regions,
    layer_projection,
    projection_words,
    section_vertices,
    warp_picture,
)
from scenes.toolkit.inputs import input_plane_of
from scenes.toolkit.language import N_, _, decimal, ngettext, translate
from scenes.toolkit.playback import TracePlayer, TraceScene, square_limits
from scenes.toolkit.readouts import LossCurve, TrainingClock, caption, chapter_title
from scenes.toolkit.sample import display_sample
from scenes.toolkit.style import (
    FOREGROUND,
    MUTED,
    PANEL_LEFT,
    PANEL_WIDTH,
    REGION_COLORS,
    STAGE,
    unit_color,
)
from scenes.toolkit.subtitles import wrap as wrap_words
from scenes.toolkit.surface import sample_note
from scenes.toolkit.traces import ANY_NETWORK
from scenes.toolkit.units import more_words, strongest_units
from scenes.toolkit.words import is_rings, percent, voting_sides

# The part of the stage the pictures are fitted to: labels get the rest.
# The least angle between the line of sight and a diagonal of the cube (degrees): nearer,
# two corners nearly meet and the cube reads as a flat hexagon.
MIN_DIAGONAL_ANGLE = 22.0
# The share of points whose nearest neighbour on screen has their class, above which a
# view is said to show the classes apart.
SEEN_APART = 0.95
LEGEND_TOP = 0.6  # where the panel's legends begin, under three lines of statement
LEGEND_GAP = 0.3  # the least gap between a statement and a legend under it
STAGE_FIT = (STAGE[0] + 0.4, STAGE[1] - 0.4, STAGE[2] + 0.35, STAGE[3] - 0.35)
# The panel's statements: words in Pango, formulas in TeX, of about the same size
STATEMENT_SIZE = 20
STATEMENT_MATH_SIZE = 30
X_TEX = r"$\boldsymbol{x}$"
LINEAR_TEX = r"$\boldsymbol{s} = \boldsymbol{W}\boldsymbol{x}$"
SHIFT_TEX = r"$\boldsymbol{s} = \boldsymbol{W}\boldsymbol{x} + \boldsymbol{b}$"
META_TEX = r"$\boldsymbol{w}_m\cdot\boldsymbol{h} + b_m = 0$"
HIDDEN_LINE_TEX = r"$\boldsymbol{w}_i\cdot\boldsymbol{x} + b_i = 0$"

# The captions that differ by what the squash bends the plane into (and whether the camera
# turns to show it), or by what decides the class (a line, a plane, class regions): each a
# whole sentence, so every language says each one in its own words.
SQUASH_WORDS = {
    ("square", True): N_("{step}: {act} squashes each coordinate into ({lo}, {hi}): the plane "
                         "bends into the square."),
    ("cube", True): N_("{step}: {act} squashes each coordinate into ({lo}, {hi}): the plane "
                       "bends into the cube."),
    ("box", True): N_("{step}: {act} squashes each coordinate into ({lo}, {hi}): the plane "
                      "bends into the box."),
    ("square", False): N_("{step}: {act} squashes each coordinate into ({lo}, {hi}). Seen where "
                          "it spreads widest, the plane bends into the square."),
    ("cube", False): N_("{step}: {act} squashes each coordinate into ({lo}, {hi}). Seen where "
                        "it spreads widest, the plane bends into the cube."),
    ("box", False): N_("{step}: {act} squashes each coordinate into ({lo}, {hi}). Seen where it "
                       "spreads widest, the plane bends into the box."),
}
# a deeper network's layer: (what it takes its input into, whether it is the first layer)
TAKE_WORDS = {
    ("square", True): N_("Layer {layer}: W, b and {act} take the plane into a new square."),
    ("cube", True): N_("Layer {layer}: W, b and {act} take the plane into a new cube."),
    ("box", True): N_("Layer {layer}: W, b and {act} take the plane into a new box."),
    ("hidden space", True): N_("Layer {layer}: W, b and {act} take the plane into a new "
                               "hidden space."),
    ("square", False): N_("Layer {layer}: W, b and {act} take layer {previous}'s output into a "
                          "new square."),
    ("cube", False): N_("Layer {layer}: W, b and {act} take layer {previous}'s output into a "
                        "new cube."),
    ("box", False): N_("Layer {layer}: W, b and {act} take layer {previous}'s output into a new "
                       "box."),
    ("hidden space", False): N_("Layer {layer}: W, b and {act} take layer {previous}'s output "
                                "into a new hidden space."),
}
# the meta classifier's beat: (which words, line or plane)
META_WORDS = {
    ("plain", "line"): N_("The meta classifier's line, w_m.h + b_m = 0: {share} of the points "
                          "on their side."),
    ("plain", "plane"): N_("The meta classifier's plane, w_m.h + b_m = 0: {share} of the points "
                           "on their side."),
    ("corner", "line"): N_("The meta classifier's line, w_m.h + b_m = 0, cuts that corner off: "
                           "{share} of the points on their side."),
    ("corner", "plane"): N_("The meta classifier's plane, w_m.h + b_m = 0, cuts that corner "
                            "off: {share} of the points on their side."),
    ("square", "line"): N_("In the square, the best line training found puts {share} of the "
                           "points on their class's side."),
    ("splits", "line"): N_("Layer {layer}'s line splits that band: {share} of the points on "
                           "their side."),
    ("splits", "plane"): N_("Layer {layer}'s plane splits that band: {share} of the points on "
                            "their side."),
    ("crosses", "line"): N_("Layer {layer}'s line cuts across that band: {share} of the points "
                            "on their side."),
    ("crosses", "plane"): N_("Layer {layer}'s plane cuts across that band: {share} of the "
                             "points on their side."),
    ("one", "line"): N_("In layer {layer}, one line: {share} of the points on their side."),
    ("one", "plane"): N_("In layer {layer}, one plane: {share} of the points on their side."),
}
# the warp during training: what decides the class
RIGHT_WORDS = {"line": N_("The line gets {share} right."),
               "plane": N_("The plane gets {share} right."),
               "class regions": N_("The class regions get {share} right.")}
FOLLOW_WORDS = {
    "line": N_("As W and b change, the points move and the meta classifier's line follows "
               "them. Step {step}: {share} right."),
    "plane": N_("As W and b change, the points move and the meta classifier's plane follows "
                "them. Step {step}: {share} right."),
    "class regions": N_("As W and b change, the points move and the output's class regions "
                        "follow them. Step {step}: {share} right."),
}
TRAINING_WORDS = {
    "line": N_("Training: as W and b change, the points move through the hidden space and the "
               "meta classifier's line follows them."),
    "plane": N_("Training: as W and b change, the points move through the hidden space and the "
                "meta classifier's plane follows them."),
    "class regions": N_("Training: as W and b change, the points move through the hidden space "
                        "and the output's class regions follow them."),
}
END_WORDS = {"line": N_("Step {step}: the line gets {share} right."),
             "plane": N_("Step {step}: the plane gets {share} right."),
             "class regions": N_("Step {step}: the class regions get {share} right.")}


def squash_formula(act: Activation, layer: int = 1, depth: int = 1) -> str:
    """h = g(Wx + b) in TeX math (no dollars), in the activation's own symbol; for a layer of
    a deeper network, h^(l) = g(W_l h^(l-1) + b_l).

    >>> print(squash_formula(activation("tanh"), 2, 2))
    \\boldsymbol{h}^{(2)} = \\tanh(\\boldsymbol{W}_{2}\\boldsymbol{h}^{(1)} + \\boldsymbol{b}_{2})
    """
    if depth == 1:
        return rf"\boldsymbol{{h}} = {act.tex}(\boldsymbol{{W}}\boldsymbol{{x}} + \boldsymbol{{b}})"
    inp = r"\boldsymbol{x}" if layer == 1 else rf"\boldsymbol{{h}}^{{({layer - 1})}}"
    return (rf"\boldsymbol{{h}}^{{({layer})}} = {act.tex}(\boldsymbol{{W}}_{{{layer}}}{inp} + "
            rf"\boldsymbol{{b}}_{{{layer}}})")


def squash_caption(act: Activation, box: tuple[float, float] | None, layer: int = 1,
                   depth: int = 1) -> str:
    """The statement of the squash, h = g(Wx + b), in the activation's own symbol: words
    with the formulas between dollar signs (:func:`statement_lines`).

    >>> squash_caption(activation("tanh"), (-1.0, 1.0))[-39:]
    'each coordinate squashed into $(-1, 1)$'
    """
    formula = "$" + squash_formula(act, layer, depth) + "$"
    if box is None:
        return (_("{formula}: the activation").format(formula=formula) if depth == 1 else
                _("Layer {layer}, {formula}: the activation").format(layer=layer,
                                                                     formula=formula))
    where = f"$({decimal(box[0], 'g')}, {decimal(box[1], 'g')})$"
    if depth == 1:
        return _("{formula}: each coordinate squashed into {box}").format(formula=formula,
                                                                          box=where)
    return _("Layer {layer}, {formula}: each coordinate squashed into {box}").format(
        layer=layer, formula=formula, box=where)


def statement_words(text: str) -> list[str]:
    """The words of a statement, a formula between dollar signs kept whole with what is
    written against it ("$x$," is one word).

    >>> statement_words("The plane $a + b = 0$: it cuts")
    ['The', 'plane', '$a + b = 0$:', 'it', 'cuts']
    """
    words: list[str] = []
    for chunk in text.split():
        if words and words[-1].count("$") % 2 == 1:
            words[-1] += " " + chunk  # inside math: keep together
        else:
            words.append(chunk)
    return words


@cache
def _spacing(font_size: float) -> tuple[float, float]:
    """A word space's width at ``font_size``, and how far above a strut's foot the middle
    of a lower-case letter sits (where a formula's middle goes)."""
    a = caption("a", font_size=font_size)
    space = caption("a a", font_size=font_size).width - 2 * a.width
    x = caption("|x", font_size=font_size)
    return space, float(x[1].get_center()[1] - x[0].get_bottom()[1])


def _words_text(words: str, font_size: float, color: str) -> Text:
    """Words in the statement's font, placed so that the foot of a strut (a "|" before them,
    then removed) is at y = 0: the pieces of a line share that foot, whatever their letters
    (Latin or Cyrillic, with descenders or without)."""
    t = caption("|" + words, font_size=font_size, color=color)
    foot = t[0].get_bottom()[1]
    t.remove(t[0])
    t.shift([0, -foot, 0])
    t.original_text = t.text = words
    return t


def _word_group(word: str, font_size: float, math_size: float, color: str) -> VGroup:
    """One word (or run of words) of a statement: its words and formulas side by side, on
    the line's foot."""
    space, middle = _spacing(font_size)
    out = VGroup()
    for i, part in enumerate(word.split("$")):
        if not part.strip():
            continue
        if i % 2:  # between dollars: a formula, its middle at the letters' middle
            m = MathTex(part, font_size=math_size, color=color).move_to([0, middle, 0])
        else:
            m = _words_text(part.strip(), font_size, color)
        if len(out):
            gap = space if part[:1].isspace() or word.split("$")[i - 1][-1:].isspace() else 0.04
            m.shift([out.get_right()[0] + gap - m.get_left()[0], 0, 0])
        out.add(m)
    return out


def statement_lines(text: str, width: float, *, font_size: float = STATEMENT_SIZE,
                    math_size: float = STATEMENT_MATH_SIZE, color: str = FOREGROUND) -> VGroup:
    """A statement (words, with formulas in TeX between dollar signs) in lines no wider than
    ``width``, left-aligned: words in Pango (any script), formulas in MathTex. Each word is
    measured: a line breaks between words, never inside a formula, and after a word that
    ends in ':'. A line wider than ``width`` (one long formula) is scaled down to fit."""
    space, _middle = _spacing(font_size)
    lines: list[list[str]] = []
    current: list[str] = []
    used = 0.0
    for w in statement_words(text):
        need = _word_group(w, font_size, math_size, color).width
        if current and used + space + need > width:
            lines.append(current)
            current, used = [], 0.0
        used += need + (space if current else 0.0)
        current.append(w)
        if w.endswith(":"):
            lines.append(current)
            current, used = [], 0.0
    if current:
        lines.append(current)
    out = VGroup()
    for words in lines:
        # the words between formulas as one Text: Pango spaces and kerns them itself
        runs: list[str] = []
        for w in words:
            if runs and "$" not in w and "$" not in runs[-1]:
                runs[-1] += " " + w
            else:
                runs.append(w)
        line = VGroup()
        for r in runs:
            g = _word_group(r, font_size, math_size, color)
            if len(line):
                g.shift([line.get_right()[0] + space - g.get_left()[0], 0, 0])
            line.add(g)
        if line.width > width:
            line.scale_to_fit_width(width)
        out.add(line)
    out.arrange(DOWN, aligned_edge=LEFT, buff=0.16)
    return out


class WarpScene(TraceScene, ThreeDScene):
    """What the warp scenes share: loading and checking the trace, the layout (the stage on
    the left, the panel with the title and the beat's statement on the right: the grammar of
    scenes.toolkit.style), the camera chosen from the geometry at each beat, the cube, its
    axis labels and the meta classifier's plane.

    The camera only moves while nothing else does (:meth:`stage_camera`): it turns, then the points
    move under a still camera. ``view`` is the camera's current View.
    """

    default_trace = "seed-notebook"
    title_text = N_("The hidden layer warps the plane")
    grid_lines: int = 21
    samples: int = 41
    requires = ANY_NETWORK
    lines_drawn: int = 3  # a wider first layer draws its strongest units' lines
    # the camera's polar angles the stage may use for a 3-D picture (a view from above
    # flattens the cube, one from the side hides its floor)
    phis = np.radians(np.arange(35.0, 76.0, 5.0))
    open_phis = np.radians(np.arange(10.0, 91.0, 5.0))
    thetas = np.radians(np.arange(-180.0, 180.0, 10.0))

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("camera_class", StageCamera)
        super().__init__(**kwargs)

    def screen_axes(self) -> tuple[np.ndarray, np.ndarray]:
        """The camera's right and up directions in scene space, so dots face the viewer."""
        # built from the camera's current angles: the cached matrix lags one frame behind
        R = self.renderer.camera.generate_rotation_matrix()
        return R[0], R[1]

    def limits(self, trace: Trace) -> tuple[tuple[float, float], tuple[float, float]]:
        """The square of the input plane the warp shows: the data, with a small margin."""
        return square_limits(trace, margin=0.08)

    # ------------------------------------------------------------------ the panel
    def open_panel(self, subtitle: str) -> None:
        """The chapter's title at the top of the panel, on screen from the first frame."""
        self.heading = chapter_title(translate(self.title_text), subtitle)
        self.add_fixed_in_frame_mobjects(self.heading)
        self.caption = None

    def statement(self, text: str) -> VGroup:
        """What a beat states, under the title: words with formulas between dollar signs, in
        lines that fit the panel (:func:`statement_lines`: broken after ': ' and between
        words, never inside a formula)."""
        lines = statement_lines(text, PANEL_WIDTH)
        lines.next_to(self.heading, DOWN, buff=0.45).align_to([PANEL_LEFT, 0, 0], LEFT)
        lines.tex_string = text  # the whole statement, as written
        return lines

    def legend_top(self) -> float:
        """Where a legend under the statement begins: LEGEND_TOP, or lower when the
        statement (in a longer language) reaches below it."""
        caption_ = getattr(self, "caption", None)
        if caption_ is None or not len(caption_):
            return LEGEND_TOP
        return min(LEGEND_TOP, caption_.get_bottom()[1] - LEGEND_GAP)

    def set_caption(self, text: str | None, *, old=None, run_time: float = 0.6):
        """Replace the beat's statement in the panel (fixed in frame)."""
        new = None
        if text:
            new = self.statement(text)
            self.add_fixed_in_frame_mobjects(new)
        anims = []
        if old is not None:
            anims.append(FadeOut(old))
        if new is not None:
            anims.append(FadeIn(new))
        if anims:
            self.play(*anims, run_time=self.seconds(run_time))
        return new

    def panel_note(self, text: str) -> Text:
        """A note in the panel's foot (what a projection shows), wrapped to its width."""
        lines = wrap_words(text, 44)
        if max(len(line) for line in lines) > 44:  # too long for two lines: as many as it takes
            lines = textwrap.wrap(" ".join(text.split()), 44)
        note = caption("\n".join(lines), font_size=20 if len(lines) <= 3 else 17, color=MUTED)
        if note.width > PANEL_WIDTH:
            note.scale_to_fit_width(PANEL_WIDTH)
        note.to_edge(DOWN, buff=0.35).align_to([PANEL_LEFT, 0, 0], LEFT)
        return note

    def shown_points_note(self) -> VGroup:
        """"2,000 of 50,000 points shown" in the stage's lower left corner, fixed in the
        frame, when the cloud is a sample of the points (``self.shown``); else empty."""
        note = sample_note(self.shown)
        if len(note):
            note.to_corner(DL, buff=0.25)
            self.add_fixed_in_frame_mobjects(note)
        return note

    def view_words(self) -> str:
        """For more than 2 inputs: the inputs' view and the grid, for the panel's foot."""
        view = self.plane.view
        d = len(view.origin)
        a, b = (axis_name(x) for x in view.axes)
        if view.kind == "lda":
            return ngettext("{d} input seen through their discriminant view (LDA), {a} and "
                            "{b}; the grid: its plane through the data's mean.",
                            "{d} inputs seen through their discriminant view (LDA), {a} and "
                            "{b}; the grid: its plane through the data's mean.", d).format(
                                d=d, a=a, b=b)
        return ngettext("{d} input seen through their principal components, {a} and {b}; "
                        "the grid: its plane through the data's mean.",
                        "{d} inputs seen through their principal components, {a} and {b}; "
                        "the grid: its plane through the data's mean.", d).format(d=d, a=a, b=b)

    def inputs_statement(self) -> str:
        """For more than 2 inputs, the panel's statement of the opening: the inputs in their
        view, a grid on its plane."""
        d = self.trace.sizes[0]
        if self.plane.view.kind == "lda":
            return ngettext("The {d} input in their discriminant view (LDA), a grid on its plane",
                            "The {d} inputs in their discriminant view (LDA), a grid on its "
                            "plane", d).format(d=d)
        return ngettext("The {d} input in their principal components, a grid on its plane",
                        "The {d} inputs in their principal components, a grid on its plane",
                        d).format(d=d)

    def inputs_caption(self) -> str:
        """For more than 2 inputs, the caption of the opening beat."""
        d = self.trace.sizes[0]
        if self.plane.view.kind == "lda":
            return ngettext("The {d} input placed by their discriminant view (LDA), and a grid "
                            "on that view's plane.",
                            "The {d} inputs placed by their discriminant view (LDA), and a grid "
                            "on that view's plane.", d).format(d=d)
        return ngettext("The {d} input placed by their principal components, and a grid on "
                        "that view's plane.",
                        "The {d} inputs placed by their principal components, and a grid on "
                        "that view's plane.", d).format(d=d)

    def plain_caption(self, text: str) -> str:
        """A subtitle about the hidden space, saying so when the view is a projection."""
        return text if self.projection.exact else seen_through(text)

    # ------------------------------------------------------------------ the camera
    def stage_camera(self, subjects: list[np.ndarray], extent: list[np.ndarray], *,
              score=None, top: bool = False, run_time: float = 1.2, also=()) -> list:
        """Turn the camera, alone, to the view this beat needs, before anything moves.

        ``subjects`` are the sheets or clouds the beat speaks of (scene points), each to be
        seen as flat-on as can be (the smallest of their visible fractions is maximised, or
        ``score(view)``); ``extent`` is everything that must fit the stage. ``top`` keeps
        the view from above (a flat picture). The axis labels move with the camera.
        ``also`` are animations that move no point (a plane drawn, a statement swapped),
        played with the turn, or alone for ``run_time`` when the view stays.
        """
        pts = np.vstack([np.asarray(e).reshape(-1, 3) for e in extent if np.size(e)])
        if top:
            view = View(0.0, -np.pi / 2)
        else:
            if score is None:
                def score(v):
                    return min(visible_fraction(s, v) for s in subjects)
            corners = getattr(self, "corners", None)
            if corners is not None and len(corners) and score is not None:
                plain = score

                def score(v, plain=plain):  # never along the box's diagonal
                    return plain(v) - (diagonal_angle(v) < MIN_DIAGONAL_ANGLE)
            # without a box a sheet may need a view from higher up to be seen
            phis = self.phis if corners is not None else self.open_phis
            view = best_view(score, phis, self.thetas, prefer=getattr(self, "view", None))
        view = fit_view(view, pts, STAGE_FIT)
        old = getattr(self, "view", None)
        self.view = view
        cam = self.renderer.camera
        if old is None:
            self.set_camera_orientation(**view.angles())
            cam.offset_x.set_value(view.offset[0])
            cam.offset_y.set_value(view.offset[1])
            if also:
                self.play(*also, run_time=self.seconds(run_time))
            return []
        same = (abs(old.phi - view.phi) < 1e-9 and abs(old.theta - view.theta) < 1e-9
                and abs(old.zoom - view.zoom) < 1e-3
                and np.allclose(old.offset, view.offset, atol=1e-3))
        if same:
            # the labels may still have to make room for what ``also`` draws
            placed = getattr(self, "placed", {})
            moved = [lab.animate.move_to(spot) for lab, spot in
                     zip(placed, self.label_spots(placed) if placed else [], strict=True)
                     if not np.allclose(lab.get_center(), spot, atol=1e-3)]
            if also or moved:
                self.play(*also, *moved, run_time=self.seconds(run_time))
            return []
        moves = self.label_moves() + [cam.offset_x.animate.set_value(view.offset[0]),
                                      cam.offset_y.animate.set_value(view.offset[1])] + list(also)
        self.move_camera(**view.angles(), added_anims=moves, run_time=self.seconds(run_time))
        return []

    def label_moves(self) -> list:
        """Animations taking the labels (``self.placed``: label -> candidate anchors) to the
        places clear of the data and of each other in the current view."""
        placed = getattr(self, "placed", {})
        if not placed:
            return []
        spots = self.label_spots(placed)
        return [lab.animate.move_to(spot) for lab, spot in zip(placed, spots, strict=True)]

    def label_spots(self, placed: dict) -> list[np.ndarray]:
        """For each label, the scene point of its anchor candidates whose place on screen
        is farthest from the data, the other labels and the stage's edge."""
        v = self.view
        R = view_rotation(v.phi, v.theta)
        data = self.avoid_points()
        data2 = v.project(data) if len(data) else np.zeros((0, 2))
        planes = [v.project(np.asarray(P).reshape(-1, 3)) for P in getattr(self, "_planes", [])]
        taken: list[np.ndarray] = []
        spots = []
        x0, x1, y0, y1 = STAGE
        for lab, (anchors, middle) in placed.items():
            best, best_score = None, -np.inf
            half = np.array([lab.width, lab.height]) / 2
            for a in anchors:
                p = v.project(a[None])[0]
                m = v.project(np.asarray(middle)[None])[0]
                out = p - m
                out = out / (np.linalg.norm(out) + 1e-9)
                q = p + out * (0.25 + half.max())
                clear = np.inf
                if len(data2):
                    gap = np.abs(data2 - q) - half
                    clear = float(np.max(gap, axis=1).min())
                for t in taken:
                    clear = min(clear, float(np.max(np.abs(t - q) - 2 * half)))
                for plane in planes:  # never on a plane drawn filled
                    if any(inside_convex(q + half * np.array(c), plane)
                           for c in ((0, 0), (1, 1), (-1, -1), (1, -1), (-1, 1))):
                        clear = min(clear, -1.0)
                edge = min(q[0] - half[0] - x0, x1 - q[0] - half[0], q[1] - half[1] - y0,
                           y1 - q[1] - half[1])
                s = min(clear, edge)
                if s > best_score:
                    best, best_score, a0 = q, s, a
            # whole inside the stage: never at the frame's top or under the panel
            best = np.clip(best, [x0 + half[0], y0 + half[1]], [x1 - half[0], y1 - half[1]])
            taken.append(best)
            # the scene point that shows at ``best``: its anchor moved in the screen's plane
            p0 = v.project(a0[None])[0]
            f = FOCAL / (FOCAL - float(np.asarray(a0) @ R[2]))
            d = (best - p0) / (v.zoom * f)
            spots.append(np.asarray(a0) + R[0] * d[0] + R[1] * d[1])
        return spots

    def avoid_points(self) -> np.ndarray:
        """The data points the labels must keep off (scene points): wherever the beat puts
        them (``_avoid``), and where they are."""
        return np.vstack([np.asarray(a).reshape(-1, 3) for a in getattr(self, "_avoid", [])]
                         + [np.asarray(self.cloud.centers).reshape(-1, 3)])

    def lines_at(self, p: WarpPicture, *stages: int) -> list[np.ndarray]:
        """The hidden lines drawn (scene points) at ``stages`` of picture ``p``: what the
        labels keep off besides the points."""
        shown = len(getattr(self, "hidden_lines", ()))
        return [L[i] for L in p.lines[:shown] for i in stages if np.size(L[i])]

    def place_labels(self, placed: dict) -> None:
        """Put each label at its clearest anchor in the current view, facing the camera."""
        self.placed = placed
        for lab, spot in zip(placed, self.label_spots(placed), strict=True):
            lab.move_to(spot)
        self.add_fixed_orientation_mobjects(*placed)

    def box_edges(self, picture: WarpPicture) -> LineSet:
        """The cube's 12 edges (the square's 4 for width 2) as one LineSet on screen."""
        polys = np.stack([picture.frames[3].to_scene(e) for e in cube_edges(picture)])
        return LineSet(polys, color=MUTED, stroke_width=1.5, opacity=0.8)

    def axis_labels(self, picture: WarpPicture) -> dict:
        """h_1, h_2(, h_3) beside the cube's edges along their axes, in the units' colours:
        label -> (the scene points of the middles of its axis's edges, the cube's centre)."""
        out = {}
        edges = cube_edges(picture)
        middle = picture.frames[3].to_scene(np.mean(np.vstack(edges), axis=0)[None])[0]
        for i in range(picture.width):
            along = [e for e in edges if abs(e[1][i] - e[0][i]) > 0]
            anchors = [picture.frames[3].to_scene(e.mean(axis=0)[None])[0] for e in along]
            lab = MathTex(f"h_{{{i + 1}}}", font_size=34, color=unit_color(i))
            out[lab] = (anchors, middle)
        return out

    def linear_axes(self, picture: WarpPicture) -> tuple[VGroup, dict]:
        """The axes s_1, s_2(, s_3) through s = 0 for the linear stages, in the units' colours
        (none when the view is a projection), and their labels (label -> (both ends, the
        origin))."""
        axes, labels = VGroup(), {}
        if not picture.projection.exact:
            return axes, labels
        V = np.vstack([picture.view[1], picture.view[2]])
        for i in range(picture.width):
            reach = 1.1 * float(np.max(np.abs(V[:, i])))
            a, b = np.zeros(3), np.zeros(3)
            a[i], b[i] = -reach, reach
            ends = picture.frames[1].to_scene(np.stack([a, b]))
            axes.add(LineSet(ends[None], color=unit_color(i), stroke_width=2, opacity=0.8))
            label = MathTex(f"s_{{{i + 1}}}", font_size=32, color=unit_color(i))
            origin = picture.frames[1].to_scene(np.zeros((1, 3)))[0]
            # along either half of the axis, its end first
            spots = [origin + f * (e - origin) for e in (ends[1], ends[0])
                     for f in (1.0, 0.8, 0.6)]
            labels[label] = (spots, origin)
        return axes, labels


def seen_through(sentence: str) -> str:
    """A caption about a space seen through a projection, saying so."""
    return _("{sentence} (seen through a projection)").format(sentence=sentence)


def axis_name(name: str) -> str:
    """An input view's axis name on screen ("PC1", "LD2" stay; "PC1 across LD1" is words)."""
    return _("PC1 across LD1") if name == "PC1 across LD1" else name


def diagonal_angle(view: View) -> float:
    """The least angle (degrees) between the camera's line of sight and a diagonal of the
    box: near 0 two corners sit on one spot and the box reads as a flat hexagon.

    >>> round(diagonal_angle(View(np.arccos(1 / np.sqrt(3)), np.radians(45.0))))
    0
    """
    out = view_rotation(view.phi, view.theta)[2]
    diagonals = np.array([[1, 1, 1], [1, 1, -1], [1, -1, 1], [-1, 1, 1]]) / np.sqrt(3)
    return float(np.degrees(np.arccos(np.clip(np.abs(diagonals @ out).max(), -1, 1))))


def polygon_samples(vertices, n: int = 16) -> np.ndarray:
    """Points along the edges of a polygon (m, 3), for labels to keep off its outline."""
    V = np.asarray(vertices, dtype=np.float64).reshape(-1, 3)
    if len(V) < 2:
        return V
    u = np.linspace(0.0, 1.0, n, endpoint=False)[:, None]
    return np.vstack([a + u * (b - a) for a, b in zip(V, np.roll(V, -1, axis=0), strict=True)])


def inside_convex(q: np.ndarray, P: np.ndarray) -> bool:
    """Whether the 2-D point q is inside the convex polygon of the points P (m, 2)."""
    if len(P) < 3:
        return False
    c = P.mean(axis=0)
    V = P[np.argsort(np.arctan2(P[:, 1] - c[1], P[:, 0] - c[0]))]
    E = np.roll(V, -1, axis=0) - V
    cross = E[:, 0] * (q[1] - V[:, 1]) - E[:, 1] * (q[0] - V[:, 0])
    return bool((cross > 0).all() or (cross < 0).all())


def segment_samples(ends, n: int = 25) -> np.ndarray:
    """Points along a segment (2, 3)."""
    a, b = np.asarray(ends, dtype=np.float64).reshape(2, 3)
    return a + np.linspace(0.0, 1.0, n)[:, None] * (b - a)


def cube_edges(picture: WarpPicture) -> list[np.ndarray]:
    """The squash box's edges in view coordinates: the cube's 12 (the square's 4)."""
    lo, hi = picture.box
    if picture.width == 2:
        c = np.array([[lo, lo, 0], [hi, lo, 0], [hi, hi, 0], [lo, hi, 0]], dtype=float)
        return [np.stack([c[i], c[(i + 1) % 4]]) for i in range(4)]
    edges = []
    for a in range(3):
        for u in (lo, hi):
            for v in (lo, hi):
                p, q = np.zeros(3), np.zeros(3)
                others = [d for d in range(3) if d != a]
                p[others[0]] = q[others[0]] = u
                p[others[1]] = q[others[1]] = v
                p[a], q[a] = lo, hi
                edges.append(np.stack([p, q]))
    return edges


class HiddenSpaceWarp(WarpScene):
    """The input plane deforms into the hidden space of the trained network, layer by layer:
    in full (three beats, W, +b and the activation) when ``full_steps``, else one beat a
    layer; the points coloured by their region of the hidden lines land in the cube's
    corners; the output's plane (binary) or its class regions (softmax) split the last
    hidden layer; each hidden line becomes the plane h_i = 1/2; h is named the feature map,
    learned. Before each beat the camera turns (alone) to the view that shows it.

    ``pictures[l]`` is hidden layer l + 1's WarpPicture; the data end at
    ``picture.points[3]`` (``picture`` the last layer's): ``frames[3]`` of the projected
    last hidden layer of the trace's last snapshot. ``snapshot`` picks another one.
    """

    snapshot: int = -1
    full_steps: bool = True

    script = ("setup_picture", "show_input_plane", "warp_layers", "regions_in_corners",
              "show_meta_classifier", "lines_become_planes", "learned_feature_map", "finish")

    # ------------------------------------------------------------------ beats
    def setup_picture(self) -> None:
        t = self.trace
        self.model = t.model(self.snapshot)
        # the points drawn: every one, or past DISPLAY_POINTS a stratified sample of them
        self.shown = display_sample(t)
        # the share of points on their class's side of the meta classifier's plane
        self.accuracy = float(np.mean(self.model.predict(t.X) == t.y))
        self.depth = len(t.sizes) - 2
        self.plane = input_plane_of(t)
        xlim, ylim = self.limits(t)
        self.pictures: list[WarpPicture] = []
        for layer in range(1, self.depth + 1):
            self.pictures.append(warp_picture(
                self.model, self.shown.X, layer_projection(self.model, t.X, layer), xlim, ylim,
                self.grid_lines, self.samples, layer=layer,
                previous=self.pictures[-1] if self.pictures else None, plane=self.plane,
                one_motion=not self.full_steps))
        self.picture = self.pictures[-1]
        self.projection = self.picture.projection
        # whether any plane of the last hidden layer could split a binary output's classes
        self.separable = t.output != "binary" or linearly_separable(
            self.model.hidden(t.X, self.depth), t.y)
        self.flat = all(p.width == 2 for p in self.pictures)
        self.stage_value = ValueTracker(0.0)
        self.stage = self.stage_value  # the tracker (tests read it)
        p0 = self.pictures[0]
        self.grid = LineSet(p0.grid[0], color=MUTED, stroke_width=1.0, opacity=0.45)
        # beyond 3 units the lines crowd the picture: the strongest 3 (scenes.toolkit.units)
        self.line_units = strongest_units(t, 1, self.lines_drawn) if len(p0.lines) else []
        shown = [p0.lines[i] for i in self.line_units]
        self.hidden_lines = VGroup(*[
            LineSet(L[0][None] if len(L[0]) else np.zeros((0, 2, 3)), color=unit_color(i),
                    stroke_width=3.5)
            for i, L in zip(self.line_units, shown, strict=True)
        ])
        self.more_lines = more_words(len(shown), p0.width) if len(shown) else ""
        self.line_names = VGroup()
        self.cloud = PointCloud(p0.points[0], self.shown.y, radius=0.055, outline_width=0)
        self.grid.add_updater(lambda m: m.set_polylines(self.at("grid")))
        for mob, L in zip(self.hidden_lines, shown, strict=True):
            if len(L[0]):
                mob.add_updater(lambda m, L=L: m.set_polylines(
                    p0.at(L, min(self.stage_value.get_value(), 3.0))[None]))
        self.cloud.add_updater(lambda m: m.set_centers(self.at("points"), *self.screen_axes()))
        self.cube, self.axes_labels = VGroup(), VGroup()
        self.note = None
        self.projection_notes: list[str] = []  # every note naming a projection, in order
        self.placed: dict = {}
        # the first frame: the title, the input plane and its points
        self.open_panel(_("a {sizes} network, step {step}").format(
            sizes="-".join(map(str, t.sizes)), step=int(t.steps[self.snapshot])))
        self.stage_camera([], [p0.grid[0], p0.points[0]], top=True)
        if len(self.hidden_lines) and self.more_lines:
            text = _("The input plane {x}, a grid over it, and its strongest units' lines")
        elif len(self.hidden_lines):
            text = _("The input plane {x}, a grid over it, and each hidden unit's line")
        elif self.plane.exact:
            text = _("The input plane {x} and a grid over it")
        else:
            text = self.inputs_statement()
        self.caption = self.statement(text.replace("{x}", X_TEX))
        self.add_fixed_in_frame_mobjects(self.caption)
        self.add(self.grid, self.cloud)
        self.sample_note = self.shown_points_note()

    def at(self, name: str) -> np.ndarray:
        """``name`` ('points' or 'grid') of the picture the stage tracker is in: stages
        3(l - 1) to 3l are hidden layer l's."""
        stage = self.stage_value.get_value()
        i = int(min(max(np.ceil(stage / 3.0) - 1, 0), self.depth - 1))
        p = self.pictures[i]
        return p.at(getattr(p, name), stage - 3 * i)

    def show_input_plane(self) -> None:
        k = self.pictures[0].width
        if len(self.hidden_lines) and self.more_lines:
            text = ngettext("The input plane, a grid over it, and the {n} strongest of the {k} "
                            "hidden unit's lines.",
                            "The input plane, a grid over it, and the {n} strongest of the {k} "
                            "hidden units' lines.", k).format(n=len(self.hidden_lines), k=k)
        elif len(self.hidden_lines):
            text = ngettext("The input plane, a grid over it, and the {k} hidden line, one per "
                            "hidden unit.",
                            "The input plane, a grid over it, and the {k} hidden lines, one per "
                            "hidden unit.", k).format(k=k)
        elif not self.plane.exact:
            text = self.inputs_caption()
        else:
            text = ngettext("The input plane with a grid over it. The {k} hidden unit is seen "
                            "through a projection to 3D.",
                            "The input plane with a grid over it. The {k} hidden units are seen "
                            "through a projection to 3D.", k).format(k=k)
        if not self.full_steps and self.plane.exact:  # the plane was shown before: the new
            text = (ngettext("The input plane again, with only {k} hidden line this time.",
                             "The input plane again, with only {k} hidden lines this time.",
                             k).format(k=k)
                    if self.depth == 1 else
                    _("Now {layers}: the first one draws {lines} in the input plane.").format(
                        layers=ngettext("{n} hidden layer", "{n} hidden layers",
                                        self.depth).format(n=self.depth),
                        lines=ngettext("{n} line", "{n} lines", k).format(n=k)))
        with self.beat("the input plane", text):
            names = VGroup(*[
                MathTex(rf"w_{{{i + 1}}}\cdot x + b_{{{i + 1}}} = 0", font_size=26,
                        color=unit_color(i))
                for i in self.line_units if len(self.pictures[0].lines[i][0])
            ])
            if self.more_lines:  # how many units' lines are not drawn
                names.add(caption(self.more_lines, font_size=22, color=MUTED))
            names.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
            if len(names):
                names.next_to([PANEL_LEFT, self.legend_top(), 0], DOWN, buff=0).align_to(
                    [PANEL_LEFT, 0, 0], LEFT)
            self.add_fixed_in_frame_mobjects(names)
            self.line_names = names
            self.play(*[Create(m) for m in self.hidden_lines], FadeIn(names),
                      run_time=self.seconds(1.2))
            notes = [] if self.plane.exact else [self.view_words()]
            if self.depth == 1 and not self.projection.exact:
                self.projection_notes.append(projection_words(self.projection))
                notes.append(projection_words(self.projection))
            if notes:
                self.note = self.panel_note(" ".join(notes))
                self.add_fixed_in_frame_mobjects(self.note)
                self.play(FadeIn(self.note), run_time=self.seconds(0.6))
            self.pause(0.8)

    # -------------------------------------------------------------- what the camera frames
    def sheets(self, p: WarpPicture, stages) -> list[np.ndarray]:
        """The grid (the warped plane) at each of ``stages``, as scene points."""
        return [p.grid[i].reshape(-1, 3) for i in stages]

    def path_sheets(self, p: WarpPicture, per_stage: int = 8) -> list[np.ndarray]:
        """The grid as drawn at every 1/per_stage of a stage of picture ``p``'s whole
        motion, 0 to 3 (scene points)."""
        return [p.at(p.grid, s).reshape(-1, 3) for s in np.linspace(0.0, 3.0, 3 * per_stage + 1)]

    def extent(self, p: WarpPicture, stages, *more) -> list[np.ndarray]:
        """Everything of picture ``p`` on screen at ``stages``, and ``more``."""
        out = [p.grid[i] for i in stages] + [p.points[i] for i in stages]
        out += [L[i] for L in p.lines for i in stages if np.size(L[i])]
        return out + [np.asarray(m).reshape(-1, 3) for m in more if np.size(m)]

    def box_corners(self, p: WarpPicture) -> np.ndarray:
        if p.box is None:
            return np.zeros((0, 3))
        return p.frames[3].to_scene(np.vstack(cube_edges(p)))

    def warp_layers(self) -> None:
        for layer in range(1, self.depth + 1):
            if self.full_steps:
                self.linear_map(layer)
                self.shift(layer)
                self.squash(layer)
            else:
                self.warp_layer(layer)

    def layer_texts(self, layer: int) -> tuple[str, str, str]:
        """The captions of layer ``layer``'s linear map, shift and its input's name."""
        if self.depth == 1:
            return (_("{formula}: a linear map, the lines stay straight").format(
                        formula=LINEAR_TEX),
                    _("{formula}: a shift").format(formula=SHIFT_TEX), r"\boldsymbol{x}")
        inp = r"\boldsymbol{x}" if layer == 1 else rf"\boldsymbol{{h}}^{{({layer - 1})}}"
        W, b = rf"\boldsymbol{{W}}_{{{layer}}}", rf"\boldsymbol{{b}}_{{{layer}}}"
        return (_("Layer {layer}, {formula}: a linear map").format(
                    layer=layer, formula=rf"$\boldsymbol{{s}} = {W}{inp}$"),
                _("Layer {layer}, {formula}: a shift").format(
                    layer=layer, formula=rf"$\boldsymbol{{s}} = {W}{inp} + {b}$"), inp)

    def squash_text(self, layer: int) -> str:
        """The statement of layer ``layer``'s squash."""
        p = self.pictures[layer - 1]
        name = self.model.activations[layer - 1]
        return squash_caption(activation(name), p.box, layer, self.depth)

    def layer_name(self, layer: int) -> str:
        """The statement naming layer ``layer`` by its formula, h = g(Wx + b) (for a deeper
        network: "Layer 2, h^(2) = ...")."""
        act = activation(self.model.activations[layer - 1])
        formula = "$" + squash_formula(act, layer, self.depth) + "$"
        return formula if self.depth == 1 else _("Layer {layer}, {formula}").format(
            layer=layer, formula=formula)

    def clear_previous_layer(self, layer: int) -> list:
        """Animations taking the previous layer's box, labels and lines away."""
        if layer == 1:
            return []
        anims = [FadeOut(m) for m in (self.cube, self.axes_labels, self.hidden_lines,
                                      self.line_names) if len(m)]
        self.cube, self.axes_labels = VGroup(), VGroup()
        self.placed, self.corners = {}, None
        return anims

    def layer_notes(self, layer: int) -> list:
        p = self.pictures[layer - 1]
        if self.depth > 1 and not p.projection.exact:
            return self.swap_note(_("Layer {layer}: {description}").format(
                layer=layer, description=projection_words(p.projection)))
        if self.depth > 1 and self.note is not None:
            return self.swap_note(None)
        return []

    def linear_map(self, layer: int = 1) -> None:
        p = self.pictures[layer - 1]
        if self.depth == 1:
            d = self.trace.sizes[0]
            if self.flat and d == 2:
                said = _("Step 1, s = Wx: each hidden unit weighs the two inputs. A linear map "
                         "keeps the grid's lines straight.")
            elif self.flat:
                said = ngettext("Step 1, s = Wx: each hidden unit weighs the {d} input. A linear "
                                "map keeps the grid's lines straight.",
                                "Step 1, s = Wx: each hidden unit weighs the {d} inputs. A linear "
                                "map keeps the grid's lines straight.", d).format(d=d)
            elif d == 2:  # the camera leaves the view from above: say why
                said = _("Step 1, s = Wx: each unit weighs the two inputs. Seen where the "
                         "sheet spreads widest, the grid's lines stay straight.")
            else:
                said = ngettext("Step 1, s = Wx: each unit weighs the {d} input. Seen where the "
                                "sheet spreads widest, the grid's lines stay straight.",
                                "Step 1, s = Wx: each unit weighs the {d} inputs. Seen where the "
                                "sheet spreads widest, the grid's lines stay straight.",
                                d).format(d=d)
        elif layer == 1:
            said = ngettext("Layer {layer} of {depth}, step 1: a linear map of the input plane "
                            "into {k} dimension. The grid stays straight.",
                            "Layer {layer} of {depth}, step 1: a linear map of the input plane "
                            "into {k} dimensions. The grid stays straight.", p.width).format(
                                layer=layer, depth=self.depth, k=p.width)
        else:
            said = ngettext("Layer {layer} of {depth}, step 1: a linear map of layer "
                            "{previous}'s output into {k} dimension. The grid stays straight.",
                            "Layer {layer} of {depth}, step 1: a linear map of layer "
                            "{previous}'s output into {k} dimensions. The grid stays straight.",
                            p.width).format(layer=layer, depth=self.depth, previous=layer - 1,
                                            k=p.width)
        with self.beat("s = Wx" if self.depth == 1 else f"layer {layer}: s = Wh", said):
            anims = self.clear_previous_layer(layer) + self.layer_notes(layer)
            self.caption = self.set_caption(self.layer_texts(layer)[0], old=self.caption)
            if anims:
                self.play(*anims, run_time=self.seconds(0.6))
            self.s_axes, ax_labels = self.linear_axes(p)
            ends = [np.vstack(list(a for a, _ in ax_labels.values()))] if ax_labels else []
            self._avoid = [p.points[0], p.points[1], *self.lines_at(p, 0, 1),
                           *[segment_samples(np.array(a)[[0, 3]]) for a, _ in
                             ax_labels.values()]]
            self.stage_camera(self.sheets(p, (0, 1)), self.extent(p, (0, 1), *ends),
                       top=self.flat)
            self.place_labels(ax_labels)
            self.s_labels = VGroup(*ax_labels)
            self.play(self.stage_value.animate.set_value(3.0 * (layer - 1) + 1.0),
                      FadeIn(self.s_axes), FadeIn(self.s_labels), run_time=self.seconds(2.5))
            self.pause(0.6)

    def swap_note(self, text: str | None) -> list:
        """Animations replacing the note naming the projection (the panel's foot)."""
        anims = [FadeOut(self.note)] if self.note is not None else []
        self.note = None
        if text:
            self.projection_notes.append(text)
            self.note = self.panel_note(text)
            self.add_fixed_in_frame_mobjects(self.note)
            anims.append(FadeIn(self.note))
        return anims

    def shift(self, layer: int = 1) -> None:
        p = self.pictures[layer - 1]
        said = _("Step 2, + b: each unit adds its bias. The whole sheet moves, unbent.")
        if not self.flat:
            said = _("Step 2, + b: each unit adds its bias. The view makes room for where the "
                     "sheet goes: it moves, unbent.")
        if self.depth > 1:
            said = _("Layer {layer}, step 2: + b, the bias, shifts everything without bending "
                     "it.").format(layer=layer)
        with self.beat("+ b" if self.depth == 1 else f"layer {layer}: + b", said):
            self.caption = self.set_caption(self.layer_texts(layer)[1], old=self.caption)
            ends = [np.vstack([a for a, _ in self.placed.values()])] if self.placed else []
            self._avoid = [p.points[1], p.points[2], *self.lines_at(p, 1, 2)]
            if self.placed:
                self._avoid += [segment_samples(np.array(a)[[0, 3]])
                                for a, _ in self.placed.values()]
            self.stage_camera(self.sheets(p, (1, 2)), self.extent(p, (1, 2), *ends), top=self.flat)
            self.play(self.stage_value.animate.set_value(3.0 * (layer - 1) + 2.0),
                      run_time=self.seconds(2.0))
            self.pause(0.5)

    def squash(self, layer: int = 1) -> None:
        p = self.pictures[layer - 1]
        name = self.model.activations[layer - 1]
        act = activation(name).said
        step = _("Step 3") if self.depth == 1 else _("Layer {layer}, step 3").format(layer=layer)
        if p.box is None:
            said = (_("{step}: {act} bends the grid: the hidden space h.") if self.depth == 1
                    else _("{step}: {act} bends the grid: hidden layer {layer}.")).format(
                        step=step, act=act, layer=layer)
        else:
            where = "square" if p.width == 2 else "cube" if p.projection.exact else "box"
            said = translate(SQUASH_WORDS[where, self.flat]).format(
                step=step, act=act, lo=decimal(p.box[0], "g"), hi=decimal(p.box[1], "g"))
        with self.beat(name if self.depth == 1 else f"layer {layer}: {name}",
                       self.layer_caption(said, p)):
            self.caption = self.set_caption(self.squash_text(layer), old=self.caption)
            self._avoid = [p.points[2], p.points[3], *self.lines_at(p, 2, 3)]
            self.corners = self.box_corners(p) if p.box is not None else None
            # the s axes go as the camera turns to the box: they are s's, not h's
            self.placed = {}
            self.stage_camera(self.sheets(p, (2, 3)), self.extent(p, (2, 3), self.box_corners(p)),
                              top=self.flat, also=[FadeOut(self.s_axes), FadeOut(self.s_labels)])
            extra = self.show_box(p)
            self.play(self.stage_value.animate.set_value(3.0 * layer), *extra,
                      run_time=self.seconds(3.0))
            self.pause(1.0)

    def show_box(self, p: WarpPicture) -> list:
        """The squash box's edges and axis labels, placed for the current view; their
        FadeIns."""
        self.cube, self.axes_labels = VGroup(), VGroup()
        if p.box is None:
            return []
        self.cube = self.box_edges(p)
        self.corners = np.unique(self.box_corners(p).round(9), axis=0)
        labels = self.axis_labels(p)
        self._avoid = [p.points[3], *self.lines_at(p, 3)]
        self.place_labels(labels)
        self.axes_labels = VGroup(*labels)
        return [FadeIn(self.cube), FadeIn(self.axes_labels)]

    def warp_layer(self, layer: int) -> None:
        """One beat for a whole layer: its three steps in one motion, under a still camera."""
        p = self.pictures[layer - 1]
        act = activation(self.model.activations[layer - 1])
        where = ("square" if p.width == 2 else "cube" if p.projection.exact else "box") \
            if p.box is not None else "hidden space"
        k = p.width
        if self.depth == 1:
            if where == "square":
                said = ngettext("The same three steps with {k} hidden unit: {act}(Wx + b) takes "
                                "the plane into the square.",
                                "The same three steps with {k} hidden units: {act}(Wx + b) takes "
                                "the plane into the square.", k)
            elif where == "cube":
                said = ngettext("The same three steps with {k} hidden unit: {act}(Wx + b) takes "
                                "the plane into the cube.",
                                "The same three steps with {k} hidden units: {act}(Wx + b) takes "
                                "the plane into the cube.", k)
            elif where == "box":
                said = ngettext("The same three steps with {k} hidden unit: {act}(Wx + b) takes "
                                "the plane into the box.",
                                "The same three steps with {k} hidden units: {act}(Wx + b) takes "
                                "the plane into the box.", k)
            else:
                said = ngettext("The same three steps with {k} hidden unit: {act}(Wx + b) takes "
                                "the plane into the hidden space.",
                                "The same three steps with {k} hidden units: {act}(Wx + b) takes "
                                "the plane into the hidden space.", k)
            said = said.format(k=k, act=act.said)
            name = "the warp"
        else:
            share = self.band_share(p)
            if share is not None and layer == 1:
                said = _("Layer {layer}: W, b and {act} press the plane into a thin band: "
                         "{share} of the spread lies along one line.")
            elif share is not None:
                said = _("Layer {layer}: W, b and {act} press layer {previous}'s output into a "
                         "thin band: {share} of the spread lies along one line.")
            else:
                said = translate(TAKE_WORDS[where, layer == 1])
            said = said.format(layer=layer, act=act.said, previous=layer - 1,
                               share=percent(share or 0.0))
            if not self.flat and len(self.layer_caption(said, p)) <= 110:
                # why the camera turns
                said = _("Seen where the sheet spreads widest. {sentence}").format(sentence=said)
            name = f"layer {layer}"
        with self.beat(name, self.layer_caption(said, p)):
            anims = self.clear_previous_layer(layer) + self.layer_notes(layer)
            if anims:
                self.play(*anims, run_time=self.seconds(0.6))
            # the panel names this layer once its warp is on screen, not over the last one
            old = self.caption
            self.caption = self.statement(self.layer_name(layer))
            self.add_fixed_in_frame_mobjects(self.caption)
            self.remove(self.caption)
            self._avoid = [p.points[0], p.points[3], *self.lines_at(p, 0, 3)]
            self.corners = self.box_corners(p) if p.box is not None else None
            # the sheet never edge-on all the way, not only at the stages: in between, a
            # plane on its way to its linear image can turn edge-on in a view that shows both
            self.stage_camera([], self.extent(p, (0, 1, 2, 3), self.box_corners(p)),
                              score=least_visible(self.path_sheets(p)), top=self.flat)
            # the square (cube, box) the caption names is drawn first, so the sheet is seen
            # going into it (on the way it may be a thin strip: the linear map's image); its
            # labels come where the sheet has gone
            edges = self.box_edges(p) if p.box is not None else None
            if edges is not None:
                self.play(FadeIn(edges), run_time=self.seconds(0.8))
            self.play(self.stage_value.animate.set_value(3.0 * layer), FadeIn(self.caption),
                      *([FadeOut(old)] if old is not None else []), run_time=self.seconds(3.5))
            after = []
            if self.depth == 1 and len(self.hidden_lines):
                # no later beat speaks of the hidden lines: they go with their legend
                after = [FadeOut(self.hidden_lines), FadeOut(self.line_names)]
            box = self.show_box(p)  # its labels placed clear of where the points went
            if box:
                self.remove(edges)
                self.add(self.cube)
            if box or after:
                self.play(*box[1:], *after, run_time=self.seconds(0.6))
            self.pause(0.8)

    def band_share(self, p: WarpPicture) -> float | None:
        """What a deeper layer's squash does to the sheet, measured: the share of its spread
        along one direction when it is pressed into a band (at least 90%), else None."""
        V = p.view[3] - p.view[3].mean(axis=0)
        s = np.linalg.svd(V, compute_uv=False) ** 2
        share = float(s[0] / s.sum()) if s.sum() > 0 else 0.0
        return share if share >= 0.9 else None

    def layer_caption(self, text: str, picture: WarpPicture) -> str:
        """A subtitle about a layer's space, saying so when it is seen through a projection."""
        return text if picture.projection.exact else seen_through(text)

    # ---------------------------------------------------------------------- payoffs
    def region_codes(self) -> np.ndarray | None:
        """For one hidden layer of 3 units whose box is a cube: each point's count of
        hidden lines on whose kept side it lies (ThreeClassifiers' numbers), else None."""
        p = self.picture
        if (self.depth != 1 or p.width != 3 or not p.projection.exact or p.box is None
                or self.trace.output != "binary" or not self.plane.exact):
            return None
        W, b, side = voting_sides(self.trace, self.trace.n_snapshots - 1 if self.snapshot == -1
                                  else self.snapshot)
        S = self.shown.X @ W + b
        return ((S * side) > 0).sum(axis=1)

    def regions_in_corners(self) -> None:
        counts = self.region_codes()
        if counts is None:
            return
        p = self.picture
        full = p.width
        mid = (p.box[0] + p.box[1]) / 2
        # which corner each point is nearest: the side of h_i = mid it is on
        corner = (p.view[3] > mid).astype(int)
        codes = corner @ (2 ** np.arange(3))
        n_corners = len(np.unique(codes))
        inner = counts == full
        # the camera turns to the view where the corners stand apart: the words say so
        if inner.any() and len(np.unique(codes[inner])) == 1:
            said = ngettext("Seen where the corners stand apart, each region of the {k} hidden "
                            "line has its own corner: {n} of the 8. Where all {k} lines agree, "
                            "one corner.",
                            "Seen where the corners stand apart, each region of the {k} hidden "
                            "lines has its own corner: {n} of the 8. Where all {k} lines agree, "
                            "one corner.", full)
        else:
            said = ngettext("Seen where the corners stand apart, each region of the {k} hidden "
                            "line has its own corner: {n} of the 8.",
                            "Seen where the corners stand apart, each region of the {k} hidden "
                            "lines has its own corner: {n} of the 8.", full)
        said = said.format(k=full, n=n_corners)
        with self.beat("regions in corners", said):
            self.caption = self.set_caption(
                _("Each region of the hidden lines: a corner of the cube"), old=self.caption)
            ramp = [REGION_COLORS[min(c, len(REGION_COLORS) - 1)] for c in range(full + 1)]
            self.region_cloud = PointCloud(self.cloud.centers, counts, radius=0.055,
                                           outline_width=0, colors=ramp)
            pts = self.cloud.centers

            def score(v):  # the corners apart on screen, and the points of each region
                return neighbour_agreement(v.project(pts), codes) - (
                    diagonal_angle(v) < MIN_DIAGONAL_ANGLE)
            self._avoid = [p.points[3], *self.lines_at(p, 3)]
            self.stage_camera([], self.extent(p, (3,), self.box_corners(p)), score=score)
            self.region_cloud.set_centers(self.cloud.centers, *self.screen_axes())
            numbers = VGroup()
            for code in np.unique(codes):
                members = codes == code
                c = int(np.bincount(counts[members]).argmax())
                at = p.frames[3].to_scene(np.array([[p.box[int(bit)] for bit in
                                                     ((code >> np.arange(3)) & 1)]]))[0]
                numbers.add(MathTex(str(c), font_size=30, color=FOREGROUND).move_to(at))
            self.corner_numbers = numbers
            self.place_labels({**{lab: ([lab.get_center()], self.picture.frames[3].to_scene(
                np.full((1, 3), mid))[0]) for lab in numbers}, **self.placed_cube_labels()})
            key = caption("\n".join(wrap_words(_(
                "the number: how many of the hidden lines put the point on their kept side"),
                40)), font_size=20, color=MUTED)
            if key.width > PANEL_WIDTH:
                key.scale_to_fit_width(PANEL_WIDTH)
            key.next_to([PANEL_LEFT, self.legend_top(), 0], DOWN, buff=0).align_to(
                [PANEL_LEFT, 0, 0], LEFT)
            self.add_fixed_in_frame_mobjects(key)
            self.region_key = key
            self.play(FadeOut(self.cloud), FadeIn(self.region_cloud), FadeIn(numbers),
                      FadeOut(self.line_names), FadeIn(key), run_time=self.seconds(1.5))
            self.pause(1.5)

    def placed_cube_labels(self) -> dict:
        """The cube's axis labels with their anchors, so they move with the camera."""
        if not len(self.axes_labels):
            return {}
        fresh = self.axis_labels(self.picture)
        return {old: anchors for old, anchors in zip(self.axes_labels, fresh.values(),
                                                     strict=True)}

    def show_meta_classifier(self) -> None:
        if self.trace.output == "softmax":
            self.show_class_regions()
            return
        what = "line" if self.picture.width == 2 else "plane"
        case = "plain"
        if getattr(self, "region_cloud", None) is not None and self.accuracy == 1.0:
            case = "corner"
        if not self.full_steps:
            case = ("square" if self.picture.width == 2 and self.depth == 1 else
                    ("splits" if self.accuracy == 1.0 else "crosses")
                    if self.band_share(self.picture) is not None else "one")
        text = translate(META_WORDS[case, what]).format(share=percent(self.accuracy),
                                                        layer=self.depth)
        if not self.flat:
            text = _("Seen where the plane shows best. {sentence}").format(sentence=text)
        with self.beat("the meta classifier", text):
            if self.accuracy == 1.0:
                t = (_("The meta classifier's line {formula}: it separates the classes")
                     if what == "line" else
                     _("The meta classifier's plane {formula}: it separates the classes"))
            else:
                t = (_("The meta classifier's line {formula}: {share} of the points on their side")
                     if what == "line" else
                     _("The meta classifier's plane {formula}: {share} of the points on their "
                       "side"))
            t = t.format(formula=META_TEX, share=percent(self.accuracy))
            # the statement, the plane (and the turn that shows it) from the beat's start:
            # never words about a plane not yet drawn
            old, self.caption = self.caption, self.statement(t)
            self.add_fixed_in_frame_mobjects(self.caption)
            self.meta_plane = MetaPlane(self.picture)
            verts, pts, y = self.meta_plane.vertices, self.cloud.centers, self.shown.y

            def score(v):
                seen = visible_fraction(verts, v) if len(verts) >= 3 else 1.0
                return min(seen, 0.6) + neighbour_agreement(v.project(pts), y)
            self._avoid = [self.picture.points[3], *self.lines_at(self.picture, 3),
                           polygon_samples(verts)]
            self._planes = [verts] if len(verts) >= 3 else []
            self.placed = self.placed_cube_labels()
            anims = [Create(self.meta_plane), FadeIn(self.caption)]
            anims += [FadeOut(old)] if old is not None else []
            if getattr(self, "region_cloud", None) is not None:
                anims += [FadeOut(self.region_cloud), FadeIn(self.cloud),
                          FadeOut(self.region_key), FadeOut(self.corner_numbers)]
            self.stage_camera([], self.extent(self.picture, (3,), self.box_corners(self.picture),
                                              verts), score=score, top=self.flat, also=anims,
                              run_time=1.5)
            self.pause(2.0)

    def show_class_regions(self) -> None:
        K = self.trace.sizes[-1]
        if self.projection.exact:
            text = ngettext("The output's {k} class region, in the hidden space: {share} of the "
                            "points lie in their class's region.",
                            "The output's {k} class regions, in the hidden space: {share} of the "
                            "points lie in their class's region.", K)
        else:
            text = ngettext("The output's {k} class region, seen through the projection: {share} "
                            "of the points lie in their class's region.",
                            "The output's {k} class regions, seen through the projection: "
                            "{share} of the points lie in their class's region.", K)
        text = text.format(k=K, share=percent(self.accuracy))
        with self.beat("the class regions", text):
            layer = f"^{{({self.depth})}}" if self.depth > 1 else ""
            self.caption = self.set_caption(ngettext(
                "The {k} class's region in {formula}: {share} of the points in their own",
                "The {k} classes' regions in {formula}: {share} of the points in their own",
                K).format(k=K, formula=rf"$\boldsymbol{{h}}{layer}$",
                          share=percent(self.accuracy)), old=self.caption)
            pts, y = self.cloud.centers, self.shown.y
            self._avoid = [self.picture.points[3], *self.lines_at(self.picture, 3)]
            self.placed = self.placed_cube_labels()
            lattice = class_regions(self.picture, self.model,
                                    31 if self.picture.width == 2 else 9)[0]
            self.stage_camera([], self.extent(self.picture, (3,), self.box_corners(self.picture),
                                              lattice),
                       score=lambda v: neighbour_agreement(v.project(pts), y)
                       + 0.3 * visible_fraction(pts, v), top=self.flat)
            self.regions = ClassRegions(self.picture, K, self.model)
            self.regions.set_model(self.model, *self.screen_axes())
            self.play(FadeIn(self.regions), run_time=self.seconds(1.5))
            self.pause(2.0)

    def lines_become_planes(self) -> None:
        p = self.picture
        if (self.depth > 1 or p.box is None or p.width > 3 or not self.full_steps
                or len(self.hidden_lines) < p.width):
            return
        half = (p.box[0] + p.box[1]) / 2
        level = "1/2" if p.box == (0.0, 1.0) else "0"
        what = "line" if self.flat else "plane"
        if self.flat:
            text = _("Each hidden line w_i.x + b_i = 0 became the line h_i = {level}: where "
                     "hidden unit i outputs exactly {half}.")
        else:  # the camera turns to show the planes: the words say so
            text = _("Seen where the planes spread widest: each hidden line w_i.x + b_i = 0 "
                     "became the plane h_i = {level}, where unit i outputs {half}.")
        text = text.format(level=level, half=decimal(half, "g"))
        with self.beat(f"hidden lines become {what}s", text):
            statement = (_("Each hidden line {formula}: the line {level}") if self.flat else
                         _("Each hidden line {formula}: the plane {level}"))
            self.caption = self.set_caption(statement.format(
                formula=HIDDEN_LINE_TEX, level=f"$h_i = {level}$"), old=self.caption)
            self.unit_planes = VGroup()
            polys = []
            for i in range(p.width):
                normal = np.zeros(3)
                normal[i] = 1.0
                polys.append(section_vertices(p, normal, -half))
            self._avoid = [p.points[3], *self.lines_at(p, 3),
                           *[polygon_samples(v) for v in polys]]
            self._planes = [*getattr(self, "_planes", []), *(v for v in polys if len(v) >= 3)]
            self.placed = self.placed_cube_labels()
            self.stage_camera(polys if not self.flat else [],
                              self.extent(p, (3,), self.box_corners(p)), top=self.flat)
            for i, verts in enumerate(polys):
                if self.flat:
                    plane = LineSet(verts[None], color=unit_color(i), stroke_width=2.5, opacity=0.9)
                else:
                    plane = Polygon(*verts, stroke_color=unit_color(i), stroke_width=1.5,
                                    fill_color=unit_color(i), fill_opacity=0.16)
                self.unit_planes.add(plane)
                line = self.hidden_lines[i]
                self.play(FadeIn(plane), line.animate.set_stroke(width=6),
                          run_time=self.seconds(1.0))
                self.play(line.animate.set_stroke(width=3.5), run_time=self.seconds(0.4))
            self.pause(2.0)

    @staticmethod
    def fold_words(rings: str, folded: str, what: str, k: int) -> str:
        """The last word when no line (plane) of the hidden space splits the classes: the
        units fold the plane (the inputs), but none does ("rings": the inner circle stays
        tangled in the outer ring); ``{k}`` still to fill."""
        if rings == "rings" and folded == "plane" and what == "line":
            return ngettext(
                "{k} hidden unit folds the plane, but the inner circle stays tangled in the outer "
                "ring: no line here puts each class on its own side.",
                "{k} hidden units fold the plane, but the inner circle stays tangled in the outer "
                "ring: no line here puts each class on its own side.", k)
        if rings == "rings" and folded == "plane":
            return ngettext(
                "{k} hidden unit folds the plane, but the inner circle stays tangled in the outer "
                "ring: no plane here puts each class on its own side.",
                "{k} hidden units fold the plane, but the inner circle stays tangled in the outer "
                "ring: no plane here puts each class on its own side.", k)
        if rings == "rings" and what == "line":
            return ngettext(
                "{k} hidden unit folds the inputs, but the inner circle stays tangled in the "
                "outer ring: no line here puts each class on its own side.",
                "{k} hidden units fold the inputs, but the inner circle stays tangled in the "
                "outer ring: no line here puts each class on its own side.", k)
        if rings == "rings":
            return ngettext(
                "{k} hidden unit folds the inputs, but the inner circle stays tangled in the "
                "outer ring: no plane here puts each class on its own side.",
                "{k} hidden units fold the inputs, but the inner circle stays tangled in the "
                "outer ring: no plane here puts each class on its own side.", k)
        if folded == "plane" and what == "line":
            return ngettext("{k} hidden unit folds the plane, but no line here puts each class "
                            "on its own side.",
                            "{k} hidden units fold the plane, but no line here puts each class "
                            "on its own side.", k)
        if folded == "plane":
            return ngettext("{k} hidden unit folds the plane, but no plane here puts each class "
                            "on its own side.",
                            "{k} hidden units fold the plane, but no plane here puts each class "
                            "on its own side.", k)
        if what == "line":
            return ngettext("{k} hidden unit folds the inputs, but no line here puts each class "
                            "on its own side.",
                            "{k} hidden units fold the inputs, but no line here puts each class "
                            "on its own side.", k)
        return ngettext("{k} hidden unit folds the inputs, but no plane here puts each class "
                        "on its own side.",
                        "{k} hidden units fold the inputs, but no plane here puts each class "
                        "on its own side.", k)

    def learned_feature_map(self) -> None:
        if self.depth != 1 or not self.full_steps:
            return
        act = activation(self.model.activations[0])
        said = _("So h = {act}(Wx + b) is a feature map phi(x), as x1^2, x2^2 was: one "
                 "learned from the data, not designed.").format(act=act.said)
        with self.beat("a learned feature map", said):
            self.caption = self.set_caption(_("{formula}: a feature map, learned").format(
                formula=rf"$\phi(\boldsymbol{{x}}) = {act.tex}(\boldsymbol{{W}}\boldsymbol{{x}} + "
                        r"\boldsymbol{b})$"), old=self.caption)
            self.pause(2.0)

    def finish(self) -> None:
        if not len(getattr(self, "unit_planes", [])) and self.separable:
            self.pause(2.0)
            return
        what = "line" if self.flat else "plane"
        k = self.picture.width
        folded = "plane" if self.plane.exact else "inputs"
        if self.accuracy == 1.0 and self.plane.exact:
            text = (ngettext("{k} hidden line in the input plane; one line in the hidden space "
                             "separates the classes.",
                             "{k} hidden lines in the input plane; one line in the hidden space "
                             "separates the classes.", k) if what == "line" else
                    ngettext("{k} hidden line in the input plane; one plane in the hidden space "
                             "separates the classes.",
                             "{k} hidden lines in the input plane; one plane in the hidden space "
                             "separates the classes.", k))
        elif self.accuracy == 1.0:
            text = (ngettext("{k} hidden unit; one line in the hidden space separates the "
                             "classes.",
                             "{k} hidden units; one line in the hidden space separates the "
                             "classes.", k) if what == "line" else
                    ngettext("{k} hidden unit; one plane in the hidden space separates the "
                             "classes.",
                             "{k} hidden units; one plane in the hidden space separates the "
                             "classes.", k))
        elif self.separable:
            text = (_("In the hidden space the meta classifier's line decides the class.")
                    if what == "line" else
                    _("In the hidden space the meta classifier's plane decides the class."))
        else:
            rings = "rings" if is_rings(self.trace) else "any"
            text = self.fold_words(rings, folded, what, k)
        text = text.format(k=k)
        with self.beat("one plane", text):
            if not self.separable:
                tex = (_("No line in this hidden space puts each class on its own side")
                       if what == "line" else
                       _("No plane in this hidden space puts each class on its own side"))
            elif self.accuracy == 1.0:
                tex = (_("In the hidden space one line, {formula}, separates the classes")
                       if what == "line" else
                       _("In the hidden space one plane, {formula}, separates the classes"))
            else:
                tex = (_("In the hidden space one line, {formula}, decides the class")
                       if what == "line" else
                       _("In the hidden space one plane, {formula}, decides the class"))
            tex = tex.format(formula=META_TEX)
            self.caption = self.set_caption(tex, old=self.caption)
            if len(getattr(self, "unit_planes", [])):
                self.play(FadeOut(self.unit_planes), run_time=self.seconds(0.8))
            self.pause(3.0)


class WarpDuringTraining(WarpScene):
    """The data's hidden representation through training: the points move in the cube as W
    and b change, from tangled to separable by a plane that follows the trace, with the
    training clock and the loss curve in the panel. The camera, chosen once to show the
    cloud at every snapshot, stays still while the points move."""

    title_text = N_("The warp during training")
    grid_lines: int = 13
    new_only: bool = False  # say only what an earlier warp during training did not

    script = ("setup_picture", "show_start", "train")

    def setup_picture(self) -> None:
        t = self.trace
        final = t.model(-1)
        self.depth = len(t.sizes) - 2  # the last hidden layer is the one shown
        self.plane = input_plane_of(t)
        self.projection = layer_projection(final, t.X, self.depth)
        self.xlim, self.ylim = self.limits(t)
        # The frame stays the final one, so motion on screen is motion in the hidden space.
        self.shown = display_sample(t)  # the points drawn
        self.picture = warp_picture(final, self.shown.X, self.projection, self.xlim, self.ylim,
                                    self.grid_lines, self.samples, layer=self.depth,
                                    plane=self.plane)
        self.frame = self.picture.frames[3]
        self.flat = self.picture.width == 2
        self.player = TracePlayer(t)  # its position is recorded as the clip's timeline
        self.pos = self.player.tracker
        self.grid_xy = grid_polylines(self.xlim, self.ylim, self.grid_lines, self.samples)
        # the inputs the grid stands for: the plane, or the view's plane through the mean
        self.grid_inputs = self.plane.lift(self.grid_xy.reshape(-1, 2))
        self.grid = LineSet(color=MUTED, stroke_width=1.0, opacity=0.4)
        self.cloud = PointCloud(np.zeros((self.shown.shown, 3)), self.shown.y, radius=0.055,
                                outline_width=0)
        if t.output == "binary":
            self.meta_plane = MetaPlane(self.picture, t.model(0))
        else:
            self.meta_plane = ClassRegions(self.picture, t.sizes[-1], t.model(0))
        self.open_panel(_("a {sizes} network").format(sizes="-".join(map(str, t.sizes))))
        self.clock = TrainingClock(t, font_size=26)
        # beyond 2 inputs the chapter opens on the inputs' view, as HiddenSpaceWarp does:
        # the points where the view puts them and the grid on its plane (the scene's z = 0)
        self.opening = ValueTracker(1.0)
        self.inputs_view = None
        if not self.plane.exact:
            f0 = fit_frame(pad3(np.array([[self.xlim[0], self.ylim[0]],
                                          [self.xlim[1], self.ylim[1]]])), radius=3.0)
            self.inputs_view = (f0.to_scene(pad3(self.plane.place(self.shown.X))),
                                f0.to_scene(pad3(self.grid_xy.reshape(-1, 2))).reshape(
                                    *self.grid_xy.shape[:2], 3))
            self.opening.set_value(0.0)
        self.cloud.add_updater(lambda m: self.refresh())
        self.placed = {}
        self.choose_view()
        if self.inputs_view is not None:  # from above first; choose_view's turn comes later
            self.hidden_view = self.view
            self.view = None
            self.stage_camera([], list(self.inputs_view), top=True)
        self.refresh()

    def snapshots_seen(self) -> list[np.ndarray]:
        """The cloud at a few snapshots through training (scene points)."""
        t = self.trace
        return [self.frame.to_scene(self.projection(t.model(int(k)).hidden(self.shown.X,
                                                                           self.depth)))
                for k in self.seen_steps()]

    def seen_steps(self) -> np.ndarray:
        """The snapshots the camera is chosen to show (their indices)."""
        t = self.trace
        return np.unique(np.linspace(0, t.n_snapshots - 1, 7).round().astype(int))

    def choose_view(self) -> None:
        clouds = self.snapshots_seen()
        last, y = clouds[-1], self.shown.y
        t = self.trace
        G = self.grid_inputs
        ks = self.seen_steps()
        extent = clouds + [self.frame.to_scene(self.projection(t.model(int(k)).hidden(
            G, self.depth))) for k in ks]
        if isinstance(self.meta_plane, ClassRegions):  # the regions around the points
            extent += [class_regions(self.picture, t.model(int(k)), self.meta_plane.per_side,
                                     self.frame.to_data(c))[0] for k, c in
                       zip(ks, clouds, strict=True)]
        else:
            for k in ks:
                extent.append(MetaPlane(self.picture, t.model(int(k))).vertices)
        if self.picture.box is not None:
            extent.append(self.frame.to_scene(np.vstack(cube_edges(self.picture))))
        if self.inputs_view is not None:
            extent += list(self.inputs_view)
        self.view = None

        def score(v):
            return min(min(visible_fraction(c, v) for c in clouds), 0.5) + \
                neighbour_agreement(v.project(last), y)
        self._avoid = clouds
        self.stage_camera([], extent, score=score, top=self.flat)
        # how far the view shows the classes apart (1: every point's neighbour on screen
        # is of its class)
        self.seen_apart = neighbour_agreement(self.view.project(last), y)

    def tick(self, clock: TrainingClock) -> None:
        clock.set_position(self.pos.get_value())
        # the numbers are rebuilt on change: keep the new ones fixed in the frame too
        self.renderer.camera.add_fixed_in_frame_mobjects(clock)

    def refresh(self) -> None:
        pos = self.pos.get_value()
        model = self.trace.model_at(pos)
        axes = self.screen_axes()
        where = self.projection(model.hidden(self.shown.X, self.depth))
        points = self.frame.to_scene(where)
        G = self.grid_xy
        g = self.frame.to_scene(self.projection(model.hidden(self.grid_inputs, self.depth)))
        g = g.reshape(*G.shape[:2], 3)
        f = self.opening.get_value()
        if f < 1.0:  # on the way from the inputs' view into the hidden space
            points = (1 - f) * self.inputs_view[0] + f * points
            g = (1 - f) * self.inputs_view[1] + f * g
        self.cloud.set_centers(points, *axes)
        self.grid.set_polylines(g)
        if isinstance(self.meta_plane, ClassRegions):
            self.meta_plane.set_model(model, *axes, near=where)  # around the points now
        else:
            self.meta_plane.set_model(model)

    def what(self) -> str:
        """What decides the class in the picture: the plane (line), or the class regions."""
        if self.trace.output == "softmax":
            return "class regions"
        return "line" if self.flat else "plane"

    def show_start(self) -> None:
        t = self.trace
        what = self.what()
        act = activation(t.activations[self.depth - 1])
        step, share = int(t.steps[0]), percent(t.accuracy[0])
        verdict = translate(RIGHT_WORDS[what]).format(share=share)
        if isinstance(self.meta_plane, MetaPlane) and self.picture.box is not None and \
                not len(self.meta_plane.vertices):  # nothing of it to see yet
            verdict = (_("No line cuts the square yet: all on one side, {share} right.")
                       if self.flat else
                       _("No plane cuts the cube yet: all on one side, {share} right.")).format(
                           share=share)
        if self.depth == 1:
            said = _("Step {step}: the data in the hidden space, h = {act}(Wx + b). {verdict}")
        else:
            said = _("Step {step}: the data in the last hidden layer (layer {layer} of {layer}), "
                     "h = {act}(W h + b). {verdict}")
        said = said.format(step=step, act=act.said, layer=self.depth, verdict=verdict)
        if self.new_only:  # the warp during training was shown before: what is new
            K = t.sizes[-1] if t.output == "softmax" else 2
            said = _("Now {classes}, and {units}: one region per class. At step {step}, "
                     "{share} right.").format(
                classes=ngettext("{k} class", "{k} classes", K).format(k=K),
                units=ngettext("{n} hidden unit", "{n} hidden units",
                               self.picture.width).format(n=self.picture.width),
                step=step, share=share)
        formula = "$" + squash_formula(act, self.depth, self.depth) + "$"
        text = (_("The hidden space {formula}") if self.depth == 1 else
                _("The last hidden layer: {formula}")).format(formula=formula)
        notes = [] if self.plane.exact else [self.view_words()]
        if not self.projection.exact:
            notes.append(_("{description} (the final network's h)").format(
                description=projection_words(self.projection)))
        note = self.panel_note(" ".join(notes)) if notes else None
        parts = [self.meta_plane]
        if self.picture.box is not None:
            self.cube = self.box_edges(self.picture)
            labels = self.axis_labels(self.picture)
            parts += [self.cube, *labels]
        self.sample_note = self.shown_points_note()
        if self.inputs_view is not None:
            self.open_on_inputs(note)
        # the first frame (or the first after the inputs): the statement, the clock and
        # the loss curve, the data where training starts
        old = self.caption
        self.caption = self.statement(text)
        self.add_fixed_in_frame_mobjects(self.caption)
        self.clock.next_to(self.caption, DOWN, buff=0.45).align_to([PANEL_LEFT, 0, 0], LEFT)
        self.loss_curve = self.panel_curve(note)
        self.player.follow(self.loss_curve)
        self.add_fixed_in_frame_mobjects(self.clock, self.loss_curve)
        with self.beat("the hidden space at the start", self.plain_caption(said)):
            if self.inputs_view is None:
                if self.picture.box is not None:
                    self.place_labels(labels)
                self.add(self.grid, self.cloud, *parts)
                if note is not None:
                    self.add_fixed_in_frame_mobjects(note)
                    self.play(FadeIn(note), run_time=self.seconds(0.6))
            else:  # the camera turns alone, then the points move into the hidden space
                view, cam = self.hidden_view, self.renderer.camera
                self.view = view
                self.move_camera(**view.angles(), added_anims=[
                    cam.offset_x.animate.set_value(view.offset[0]),
                    cam.offset_y.animate.set_value(view.offset[1]), FadeOut(old),
                    FadeIn(self.caption), FadeIn(self.clock), FadeIn(self.loss_curve)],
                    run_time=self.seconds(1.2))
                self.play(self.opening.animate.set_value(1.0), run_time=self.seconds(2.0))
                if self.picture.box is not None:
                    self.place_labels(labels)
                self.play(*[FadeIn(m) for m in parts], run_time=self.seconds(0.6))
            self.clock.add_updater(self.tick)
            self.pause(2.0)

    def open_on_inputs(self, note) -> None:
        """For more than 2 inputs: the points where the inputs' view puts them, the grid on
        its plane, as HiddenSpaceWarp opens."""
        self.caption = self.statement(self.inputs_statement())
        self.add_fixed_in_frame_mobjects(self.caption)
        self.add(self.grid, self.cloud)
        said = self.inputs_caption()
        with self.beat("the inputs", said):
            if note is not None:
                self.add_fixed_in_frame_mobjects(note)
                self.play(FadeIn(note), run_time=self.seconds(0.6))
            self.pause(1.0)

    def panel_curve(self, note) -> LossCurve:
        """The loss curve under the clock, as tall as fits above the panel's note."""
        t = self.trace
        height = 1.5 if self.plane.exact else 1.0
        curve = None
        for _attempt in range(2):  # built once more, shorter, when its labels would reach the note
            curve = LossCurve(t, width=3.6, height=height, font_size=18)
            curve.next_to(self.clock, DOWN, buff=0.5).align_to([PANEL_LEFT + 0.1, 0, 0], LEFT)
            if note is None:
                break
            over = note.get_top()[1] + 0.15 - curve.get_bottom()[1]
            if over <= 0:
                break
            height = max(height - over, 0.4)
        return curve

    def train(self) -> None:
        t = self.trace
        what = self.what()
        best = float(np.max(t.accuracy))
        k = int(np.argmax(t.accuracy >= best))  # the first snapshot at the run's best share
        end = t.n_snapshots - 1
        loss_k, loss_end = decimal(float(t.loss[k]), ".3f"), decimal(float(t.loss[end]), ".3f")
        if 0 < k < end and self.new_only:
            then = (_("The loss goes on falling, at {loss}; at step {step}, {share} right.")
                    if t.loss[end] < t.loss[k] else
                    _("The loss ends at {loss}; at step {step}, {share} right."))
            spans = [(_("Training pulls each class into its own region: at step {step}, "
                        "{share} right.").format(step=int(t.steps[k]), share=percent(best)),
                      k, "training"),
                     (then.format(loss=loss_end, step=int(t.steps[end]),
                                  share=percent(t.accuracy[end])), end, "training on")]
        elif 0 < k < end:
            first = translate(FOLLOW_WORDS[what]).format(step=int(t.steps[k]),
                                                         share=percent(best))
            then = (_("Training goes on: the loss falls from {start} to {end}.").format(
                        start=loss_k, end=loss_end) if t.loss[end] < t.loss[k] else
                    _("Training goes on: the loss ends at {loss}.").format(loss=loss_end))
            spans = [(first, k, "training"), (then, end, "training on")]
        else:
            spans = [(translate(TRAINING_WORDS[what]), end, "training")]
        total = self.seconds(10.0)
        for said, to, name in spans:
            with self.beat(name, said):
                share = (to - self.pos.get_value()) / max(end, 1)
                self.play(self.pos.animate.set_value(to),
                          run_time=max(total * share, self.seconds(2.0)), rate_func=linear)
        said = translate(END_WORDS[what]).format(step=int(t.steps[-1]),
                                                 share=percent(t.accuracy[-1]))
        if self.new_only and len(spans) > 1:
            said = ""  # said in the last span
        if not self.projection.exact and self.seen_apart < SEEN_APART:
            said = ngettext("{k} hidden unit seen in 3 directions: where the classes cross here, "
                            "they lie apart in the others. {sentence}",
                            "{k} hidden units seen in 3 directions: where the classes cross "
                            "here, they lie apart in the others. {sentence}",
                            self.projection.width).format(k=self.projection.width,
                                                          sentence=said).strip()
        if said:
            with self.beat("trained", said):
                self.pause(2.0)


# The story's chapters on networks beyond the seed's: the same scenes, another bundled run.
class TwoUnitsWarp(HiddenSpaceWarp):
    """HiddenSpaceWarp on the seed's rings with two hidden units: they fold the plane into
    the square, but the inner circle stays inside the outer ring there."""

    default_trace = TWO_UNITS
    title_text = N_("Two units are not enough")
    full_steps = False


class DepthWarp(HiddenSpaceWarp):
    """HiddenSpaceWarp on two hidden layers of three units, one beat a layer: each layer
    warps the previous one's cube, and each beat's camera frames that layer's cube (the
    sheet passes through it on its way: ``warp_picture(one_motion=True)``)."""

    default_trace = DEPTH
    title_text = N_("Two hidden layers, two warps")
    full_steps = False


class ManyClassesWarp(WarpDuringTraining):
    """WarpDuringTraining on the 3-arm spiral: the last hidden layer through training, among
    the output's three class regions, drawn around where the points are at each step."""

    default_trace = MANY_CLASSES
    title_text = N_("Many classes, last hidden layer")
    new_only = True
