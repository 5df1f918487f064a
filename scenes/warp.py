"""The hidden space: the input plane warps into sigma(Wx + b), where a plane separates the data.

Scenes (run from the repository root; the trace is $MLP_TRACE or the bundled default):

    manim -ql scenes/warp.py HiddenSpaceWarp
    manim -ql scenes/warp.py WarpDuringTraining

Both need one hidden layer, a binary output and 2-D inputs. Width 3 is the seed's cube;
width 2 is a flat warp of the plane into the unit square; wider layers are seen through a
linear projection to 3D (the meta classifier's normal and two principal components),
which the scene says on screen.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DEGREES,
    DOWN,
    UP,
    Create,
    FadeIn,
    FadeOut,
    MathTex,
    Polygon,
    Tex,
    ThreeDScene,
    ValueTracker,
    VGroup,
    linear,
)

from mlp.activations import Activation, activation
from mlp.bundled import DEPTH, MANY_CLASSES, TWO_UNITS
from mlp.separability import linearly_separable
from mlp.trace import Trace
from scenes.toolkit.clouds import LineSet, PointCloud
from scenes.toolkit.geometry import grid_polylines
from scenes.toolkit.hidden_space import (
    ClassRegions,
    MetaPlane,
    WarpPicture,
    layer_projection,
    section_vertices,
    warp_picture,
)
from scenes.toolkit.playback import TracePlayer, TraceScene, square_limits
from scenes.toolkit.readouts import TrainingClock, caption
from scenes.toolkit.style import FOREGROUND, MUTED, unit_color
from scenes.toolkit.words import is_rings, percent, percent_tex

TOP_VIEW = {"phi": 0.0, "theta": -90 * DEGREES}
TILTED_VIEW = {"phi": 62 * DEGREES, "theta": -50 * DEGREES}
# Beyond 3 units the first view axis is w_m: ending the turn looking along the plane
# shows the two classes on either side of it.
EDGE_ON_END = -112 * DEGREES
STAGE_CAPTIONS = (
    r"The input plane $\boldsymbol{x}$, a grid over it, and each hidden unit's line",
    r"$\boldsymbol{s} = \boldsymbol{W}\boldsymbol{x}$: a linear map",
    r"$\boldsymbol{s} = \boldsymbol{W}\boldsymbol{x} + \boldsymbol{b}$: a shift",
)


def squash_caption(act: Activation, box: tuple[float, float] | None) -> str:
    """The caption of the squash, h = g(Wx + b), in the activation's own symbol.

    >>> squash_caption(activation("tanh"), (-1.0, 1.0))[-33:]
    'each coordinate squashed into $(-1, 1)$'
    """
    h = rf"$\boldsymbol{{h}} = {act.tex}(\boldsymbol{{W}}\boldsymbol{{x}} + \boldsymbol{{b}})$: "
    return h + (f"each coordinate squashed into $({box[0]:g}, {box[1]:g})$" if box is not None
                else "the activation")


class WarpScene(TraceScene, ThreeDScene):
    """What both warp scenes share: loading and checking the trace, the camera's screen axes,
    the fixed-in-frame captions, the cube and the meta classifier's plane."""

    default_trace = "seed-notebook"
    grid_lines: int = 21
    samples: int = 41
    requires = {"input_dim": 2, "max_hidden_layers": 6, "max_width": 64, "max_classes": 8}

    def screen_axes(self) -> tuple[np.ndarray, np.ndarray]:
        """The camera's right and up directions in scene space, so dots face the viewer."""
        # built from the camera's current angles: the cached matrix lags one frame behind
        R = self.renderer.camera.generate_rotation_matrix()
        return R[0], R[1]

    def limits(self, trace: Trace) -> tuple[tuple[float, float], tuple[float, float]]:
        """The square of the input plane the warp shows: the data, with a small margin."""
        return square_limits(trace, margin=0.08)

    def set_caption(self, text: str | None, *, old=None, run_time: float = 0.6):
        """Replace the caption at the top of the frame (fixed in frame)."""
        new = None
        if text:
            new = Tex(text, font_size=34, color=FOREGROUND).to_edge(UP, buff=0.3)
            self.add_fixed_in_frame_mobjects(new)
        anims = []
        if old is not None:
            anims.append(FadeOut(old))
        if new is not None:
            anims.append(FadeIn(new))
        if anims:
            self.play(*anims, run_time=self.seconds(run_time))
        return new

    def plain_caption(self, text: str) -> str:
        """A subtitle about the hidden space, saying so when the view is a projection."""
        return text if self.projection.exact else text + " (seen through a projection)"

    def box_edges(self, picture: WarpPicture) -> LineSet:
        """The cube's 12 edges (the square's 4 for width 2) as one LineSet on screen."""
        lo, hi = picture.box
        if picture.width == 2:
            c = np.array([[lo, lo], [hi, lo], [hi, hi], [lo, hi], [lo, lo]])
            edges = [c]
        else:
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
        polys = np.stack([picture.frames[3].to_scene(e) for e in edges])
        return LineSet(polys, color=MUTED, stroke_width=1.5, opacity=0.8)

    def axis_labels(self, picture: WarpPicture) -> VGroup:
        """h_1, h_2(, h_3) at the ends of the cube's axes, in the units' colours."""
        lo, hi = picture.box
        labels = VGroup()
        for i in range(picture.width):
            end = np.full(3, lo)
            if picture.width == 2:
                end[2] = 0
            end[i] = hi + 0.12 * (hi - lo)
            lab = MathTex(f"h_{i + 1}", font_size=34, color=unit_color(i))
            lab.move_to(picture.frames[3].to_scene(end[None])[0])
            labels.add(lab)
        return labels

    def linear_axes(self, picture: WarpPicture) -> VGroup:
        """The axes s_1, s_2(, s_3) through s = 0 for the linear stages, in the units' colours
        (none when the view is a projection)."""
        axes = VGroup()
        if not picture.projection.exact:
            return axes
        V = np.vstack([picture.view[1], picture.view[2]])
        for i in range(picture.width):
            reach = 1.1 * float(np.max(np.abs(V[:, i])))
            a, b = np.zeros(3), np.zeros(3)
            a[i], b[i] = -reach, reach
            ends = picture.frames[1].to_scene(np.stack([a, b]))
            line = LineSet(ends[None], color=unit_color(i), stroke_width=2, opacity=0.8)
            label = MathTex(f"s_{i + 1}", font_size=32, color=unit_color(i))
            label.move_to(ends[1] + 0.3 * (ends[1] - ends[0]) / np.linalg.norm(ends[1] - ends[0]))
            axes.add(VGroup(line, label))
        return axes


class HiddenSpaceWarp(WarpScene):
    """The input plane deforms into the hidden space of the trained network, layer by layer,
    in three stages each (W, +b, the activation), each layer starting from the previous
    layer's representation; the camera turns; the output's plane (binary) or its class
    regions (softmax) split the last hidden layer; for one hidden layer, each hidden unit's
    line becomes the plane h_i = 1/2.

    ``pictures[l]`` is hidden layer l + 1's WarpPicture; the data end at
    ``picture.points[3]`` (``picture`` the last layer's): ``frames[3]`` of the projected
    last hidden layer of the trace's last snapshot. ``snapshot`` picks another one.
    """

    snapshot: int = -1

    script = ("setup_picture", "show_input_plane", "warp_layers", "show_meta_classifier",
              "lines_become_planes", "finish")

    # ------------------------------------------------------------------ beats
    def setup_picture(self) -> None:
        t = self.trace
        self.model = t.model(self.snapshot)
        # the share of points on their class's side of the meta classifier's plane
        self.accuracy = float(np.mean(self.model.predict(t.X) == t.y))
        self.depth = len(t.sizes) - 2
        xlim, ylim = self.limits(t)
        self.pictures: list[WarpPicture] = []
        for layer in range(1, self.depth + 1):
            self.pictures.append(warp_picture(
                self.model, t.X, layer_projection(self.model, t.X, layer), xlim, ylim,
                self.grid_lines, self.samples, layer=layer,
                previous=self.pictures[-1] if self.pictures else None))
        self.picture = self.pictures[-1]
        self.projection = self.picture.projection
        # whether any plane of the last hidden layer could split a binary output's classes
        self.separable = t.output != "binary" or linearly_separable(
            self.model.hidden(t.X, self.depth), t.y)
        self.flat = all(p.width == 2 for p in self.pictures)
        self.stage = ValueTracker(0.0)
        p0 = self.pictures[0]
        self.grid = LineSet(p0.grid[0], color=MUTED, stroke_width=1.0, opacity=0.45)
        # beyond 3 units the lines crowd the picture and their planes are not in the view
        shown = p0.lines if p0.width <= 3 else []
        self.hidden_lines = VGroup(*[
            LineSet(L[0][None] if len(L[0]) else np.zeros((0, 2, 3)), color=unit_color(i),
                    stroke_width=3.5)
            for i, L in enumerate(shown)
        ])
        self.cloud = PointCloud(p0.points[0], t.y, radius=0.055, outline_width=0)
        self.grid.add_updater(lambda m: m.set_polylines(self.at("grid")))
        for mob, L in zip(self.hidden_lines, shown, strict=True):
            if len(L[0]):
                mob.add_updater(lambda m, L=L: m.set_polylines(
                    p0.at(L, min(self.stage.get_value(), 3.0))[None]))
        self.cloud.add_updater(lambda m: m.set_centers(self.at("points"), *self.screen_axes()))
        self.set_camera_orientation(**TOP_VIEW)
        self.tilted = False
        self.note = None
        self.projection_notes: list[str] = []  # every note naming a projection, in order

    def at(self, name: str) -> np.ndarray:
        """``name`` ('points' or 'grid') of the picture the stage tracker is in: stages
        3(l - 1) to 3l are hidden layer l's."""
        stage = self.stage.get_value()
        i = int(min(max(np.ceil(stage / 3.0) - 1, 0), self.depth - 1))
        p = self.pictures[i]
        return p.at(getattr(p, name), stage - 3 * i)

    def show_input_plane(self) -> None:
        k = self.pictures[0].width
        if len(self.hidden_lines):
            text = (f"The input plane, a grid over it, and the {k} hidden lines, one per "
                    "hidden unit.")
        else:
            text = (f"The input plane with a grid over it. The {k} hidden units are seen "
                    "through a projection to 3D.")
        with self.beat("the input plane", text):
            self.caption = self.set_caption(
                STAGE_CAPTIONS[0] if len(self.hidden_lines) else
                r"The input plane $\boldsymbol{x}$ and a grid over it")
            names = VGroup(*[
                MathTex(rf"w_{i + 1}\cdot x + b_{i + 1} = 0", font_size=26, color=unit_color(i))
                for i in range(len(self.hidden_lines)) if len(self.pictures[0].lines[i][0])
            ]).arrange(DOWN, aligned_edge=np.array([-1, 0, 0]), buff=0.15).to_corner(
                np.array([-1, -1, 0]), buff=0.4)
            self.add_fixed_in_frame_mobjects(names)
            self.line_names = names
            self.play(Create(self.grid), FadeIn(self.cloud), run_time=self.seconds(1.5))
            self.play(*[Create(m) for m in self.hidden_lines], FadeIn(names),
                      run_time=self.seconds(1.2))
            if self.depth == 1 and not self.projection.exact:
                self.projection_notes.append(self.projection.description)
                self.note = caption(self.projection.description, font_size=20, color=MUTED)
                self.note.to_corner(np.array([1, -1, 0]), buff=0.3)
                self.add_fixed_in_frame_mobjects(self.note)
                self.play(FadeIn(self.note), run_time=self.seconds(0.6))
            self.pause(0.8)

    def warp_layers(self) -> None:
        for layer in range(1, self.depth + 1):
            self.linear_map(layer)
            self.shift(layer)
            self.squash(layer)

    def layer_texts(self, layer: int) -> tuple[str, str, str]:
        """The captions of layer ``layer``'s linear map, shift and its input's name."""
        if self.depth == 1:
            return STAGE_CAPTIONS[1], STAGE_CAPTIONS[2], r"\boldsymbol{x}"
        inp = r"\boldsymbol{x}" if layer == 1 else rf"\boldsymbol{{h}}^{{({layer - 1})}}"
        W, b = rf"\boldsymbol{{W}}_{{{layer}}}", rf"\boldsymbol{{b}}_{{{layer}}}"
        return (rf"Layer {layer}: $\boldsymbol{{s}} = {W}{inp}$: a linear map",
                rf"Layer {layer}: $\boldsymbol{{s}} = {W}{inp} + {b}$: a shift", inp)

    def linear_map(self, layer: int = 1) -> None:
        p = self.pictures[layer - 1]
        if self.depth == 1:
            said = "Forward pass, step 1: s = Wx, a linear map. The grid stays straight."
        else:
            source = "the input plane" if layer == 1 else f"layer {layer - 1}'s output"
            said = (f"Layer {layer} of {self.depth}, step 1: a linear map of {source} into "
                    f"{p.width} dimensions. The grid stays straight.")
        with self.beat("s = Wx" if self.depth == 1 else f"layer {layer}: s = Wh", said):
            text = self.layer_texts(layer)[0]
            self.caption = self.set_caption(text, old=self.caption)
            self.s_axes = self.linear_axes(p)
            for ax in self.s_axes:
                self.add_fixed_orientation_mobjects(ax[1])
            start = 3.0 * (layer - 1)
            anims = [self.stage.animate.set_value(start + 1.0), FadeIn(self.s_axes)]
            if layer > 1:  # the previous layer's box and lines give way
                anims += [FadeOut(m) for m in (self.cube, self.axes_labels,
                                               self.hidden_lines, self.line_names) if len(m)]
                self.cube, self.axes_labels = VGroup(), VGroup()
            if self.depth > 1 and not p.projection.exact:
                anims += self.swap_note(f"Layer {layer}: " + p.projection.description)
            elif self.depth > 1 and self.note is not None:
                anims += self.swap_note(None)
            if not self.flat and not self.tilted and p.width > 2:
                self.tilted = True
                self.move_camera(**TILTED_VIEW, added_anims=anims, run_time=self.seconds(3.0))
            else:
                self.play(*anims, run_time=self.seconds(2.5))
            self.pause(0.6)

    def swap_note(self, text: str | None) -> list:
        """Animations replacing the note naming the projection (bottom right)."""
        anims = [FadeOut(self.note)] if self.note is not None else []
        self.note = None
        if text:
            self.projection_notes.append(text)
            self.note = caption(text, font_size=20, color=MUTED)
            self.note.to_corner(np.array([1, -1, 0]), buff=0.3)
            self.add_fixed_in_frame_mobjects(self.note)
            anims.append(FadeIn(self.note))
        return anims

    def shift(self, layer: int = 1) -> None:
        said = "Step 2: + b, the bias, shifts everything without bending it."
        if self.depth > 1:
            said = f"Layer {layer}, step 2: + b, the bias, shifts everything without bending it."
        with self.beat("+ b" if self.depth == 1 else f"layer {layer}: + b", said):
            self.caption = self.set_caption(self.layer_texts(layer)[1], old=self.caption)
            self.play(self.stage.animate.set_value(3.0 * (layer - 1) + 2.0),
                      run_time=self.seconds(2.0))
            self.pause(0.5)

    def squash(self, layer: int = 1) -> None:
        p = self.pictures[layer - 1]
        name = self.model.activations[layer - 1]
        said = activation(name).said
        step = "Step 3" if self.depth == 1 else f"Layer {layer}, step 3"
        if p.box is None:
            said = f"{step}: {said} bends the grid: the hidden space h."
            if self.depth > 1:
                said = f"{step}: {activation(name).said} bends the grid: hidden layer {layer}."
        else:
            where = "square" if p.width == 2 else "cube" if p.projection.exact else "box"
            said = (f"{step}: {said} squashes each coordinate "
                    f"into ({p.box[0]:g}, {p.box[1]:g}): into the {where}.")
        last = layer == self.depth
        flat_here = p.width == 2
        with self.beat(name if self.depth == 1 else f"layer {layer}: {name}",
                       self.layer_caption(said, p)):
            text = squash_caption(activation(name), p.box)
            if self.depth > 1:
                inp = self.layer_texts(layer)[2]
                text = (rf"Layer {layer}: " + text.replace(
                    r"\boldsymbol{h}", rf"\boldsymbol{{h}}^{{({layer})}}").replace(
                    r"\boldsymbol{W}\boldsymbol{x} + \boldsymbol{b}",
                    rf"\boldsymbol{{W}}_{{{layer}}}{inp} + \boldsymbol{{b}}_{{{layer}}}"))
            self.caption = self.set_caption(text, old=self.caption)
            extra = []
            self.cube, self.axes_labels = VGroup(), VGroup()
            if p.box is not None:
                self.cube = self.box_edges(p)
                self.axes_labels = self.axis_labels(p)
                self.add_fixed_orientation_mobjects(*self.axes_labels)
                extra = [FadeIn(self.cube), FadeIn(self.axes_labels)]
            extra.append(FadeOut(self.s_axes))
            self.play(self.stage.animate.set_value(3.0 * layer), *extra,
                      run_time=self.seconds(3.0))
            if self.flat or (flat_here and not last):
                self.pause(1.5)
        if self.flat or not last:
            return
        turn = ("The camera turns: the two classes lie apart."
                if self.accuracy == 1.0 and self.trace.output == "binary"
                else "The camera turns around the hidden space.")
        with self.beat("the camera turns", turn):
            self.begin_ambient_camera_rotation(rate=0.12)
            self.pause(2.5)

    def layer_caption(self, text: str, picture: WarpPicture) -> str:
        """A subtitle about a layer's space, saying so when it is seen through a projection."""
        return text if picture.projection.exact else text + " (seen through a projection)"

    def show_meta_classifier(self) -> None:
        if self.trace.output == "softmax":
            self.show_class_regions()
            return
        what = "line" if self.picture.width == 2 else "plane"
        text = (f"The meta classifier's {what}, w_m.h + b_m = 0: {percent(self.accuracy)} "
                "of the points on their side.")
        with self.beat("the meta classifier", text):
            t = r"The meta classifier's plane $\boldsymbol{w}_m\cdot\boldsymbol{h} + b_m = 0$"
            if what == "line":
                t = t.replace("plane", "line")
            verdict = (" separates the classes" if self.accuracy == 1.0 else
                       f": {percent_tex(self.accuracy)} of the points on their side")
            self.caption = self.set_caption(t + verdict, old=self.caption)
            self.meta_plane = MetaPlane(self.picture)
            if self.projection.exact:
                self.play(Create(self.meta_plane), run_time=self.seconds(1.5))
            else:
                # the first view axis is w_m: turn to look along the plane
                self.stop_ambient_camera_rotation()
                self.move_camera(phi=70 * DEGREES, theta=EDGE_ON_END,
                                 added_anims=[Create(self.meta_plane)], run_time=self.seconds(2.0))
            self.pause(2.0)

    def show_class_regions(self) -> None:
        K = self.trace.sizes[-1]
        seen = "in the hidden space" if self.projection.exact else "seen through the projection"
        text = (f"The output's {K} class regions, {seen}: {percent(self.accuracy)} of the "
                "points lie in their class's region.")
        with self.beat("the class regions", text):
            layer = f"^{{({self.depth})}}" if self.depth > 1 else ""
            self.caption = self.set_caption(
                rf"The {K} classes' regions in $\boldsymbol{{h}}{layer}$: "
                rf"{percent_tex(self.accuracy)} of the points in their own", old=self.caption)
            self.regions = ClassRegions(self.picture, K, self.model)
            self.regions.set_model(self.model, *self.screen_axes())
            self.play(FadeIn(self.regions), run_time=self.seconds(1.5))
            self.pause(2.0)

    def lines_become_planes(self) -> None:
        p = self.picture
        if self.depth > 1 or p.box is None or p.width > 3:
            return
        half = (p.box[0] + p.box[1]) / 2
        level = "1/2" if p.box == (0.0, 1.0) else "0"
        what = "line" if self.flat else "plane"
        text = (f"Each hidden line w_i.x + b_i = 0 became the {what} h_i = {level}: where "
                f"hidden unit i outputs exactly {half:g}.")
        with self.beat(f"hidden lines become {what}s", text):
            p = self.picture
            self.caption = self.set_caption(
                rf"Each hidden line $\boldsymbol{{w}}_i\cdot\boldsymbol{{x}} + b_i = 0$ became the "
                rf"{what} $h_i = {level}$", old=self.caption)
            self.unit_planes = VGroup()
            for i in range(p.width):
                normal = np.zeros(3)
                normal[i] = 1.0
                verts = section_vertices(p, normal, -half)
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

    def finish(self) -> None:
        if not len(getattr(self, "unit_planes", [])):
            self.pause(2.0)
            self.stop_ambient_camera_rotation()
            return
        what = "line" if self.flat else "plane"
        k = self.picture.width
        if self.accuracy == 1.0:
            text = (f"{k} hidden lines in the input plane; one {what} in the hidden space "
                    "separates the classes.")
        elif self.separable:
            text = f"In the hidden space the meta classifier's {what} decides the class."
        elif is_rings(self.trace):
            text = (f"{k} hidden units fold the plane, but the inner circle stays tangled in "
                    f"the outer ring: no {what} here puts each class on its own side.")
        else:
            text = (f"{k} hidden units fold the plane, but no {what} here puts each class on "
                    "its own side.")
        with self.beat("one plane", text):
            verdict = ("separates the classes" if self.accuracy == 1.0 else
                       "decides the class")
            tex = (rf"In the hidden space one {what}, $\boldsymbol{{w}}_m\cdot\boldsymbol{{h}} + "
                   rf"b_m = 0$, {verdict}")
            if not self.separable:
                tex = rf"No {what} in this hidden space puts each class on its own side"
            self.caption = self.set_caption(tex, old=self.caption)
            self.play(FadeOut(self.unit_planes), run_time=self.seconds(0.8))
            self.pause(3.0)
        self.stop_ambient_camera_rotation()


class WarpDuringTraining(WarpScene):
    """The data's hidden representation through training: the points move in the cube as W
    and b change, from tangled to separable by a plane that follows the trace, with the
    training clock."""

    grid_lines: int = 13
    rotation: float = 0.08  # radians per second of the camera's turn while training plays

    script = ("setup_picture", "show_start", "train")

    def setup_picture(self) -> None:
        t = self.trace
        final = t.model(-1)
        self.depth = len(t.sizes) - 2  # the last hidden layer is the one shown
        self.projection = layer_projection(final, t.X, self.depth)
        self.xlim, self.ylim = self.limits(t)
        # The frame stays the final one, so motion on screen is motion in the hidden space.
        self.picture = warp_picture(final, t.X, self.projection, self.xlim, self.ylim,
                                    self.grid_lines, self.samples, layer=self.depth)
        self.frame = self.picture.frames[3]
        self.flat = self.picture.width == 2
        self.player = TracePlayer(t)  # its position is recorded as the clip's timeline
        self.pos = self.player.tracker
        self.grid_xy = grid_polylines(self.xlim, self.ylim, self.grid_lines, self.samples)
        self.grid = LineSet(color=MUTED, stroke_width=1.0, opacity=0.4)
        self.cloud = PointCloud(np.zeros((len(t.X), 3)), t.y, radius=0.055, outline_width=0)
        if t.output == "binary":
            self.meta_plane = MetaPlane(self.picture, t.model(0))
        else:
            self.meta_plane = ClassRegions(self.picture, t.sizes[-1], t.model(0))
        self.clock = TrainingClock(t, font_size=26).to_corner(np.array([-1, -1, 0]), buff=0.35)
        self.add_fixed_in_frame_mobjects(self.clock)
        self.cloud.add_updater(lambda m: self.refresh())
        view = TOP_VIEW if self.flat else TILTED_VIEW
        if not self.projection.exact:
            turn = self.rotation * (self.seconds(10.0) + self.seconds(2.0))
            view = {"phi": 70 * DEGREES, "theta": EDGE_ON_END - turn}
        self.set_camera_orientation(**view)
        self.refresh()

    def tick(self, clock: TrainingClock) -> None:
        clock.set_position(self.pos.get_value())
        # the numbers are rebuilt on change: keep the new ones fixed in the frame too
        self.renderer.camera.add_fixed_in_frame_mobjects(clock)

    def refresh(self) -> None:
        pos = self.pos.get_value()
        model = self.trace.model_at(pos)
        axes = self.screen_axes()
        self.cloud.set_centers(self.frame.to_scene(self.projection(
            model.hidden(self.trace.X, self.depth))), *axes)
        G = self.grid_xy
        g = self.frame.to_scene(self.projection(model.hidden(G.reshape(-1, 2), self.depth)))
        g = g.reshape(*G.shape[:2], 3)
        self.grid.set_polylines(g)
        if isinstance(self.meta_plane, ClassRegions):
            self.meta_plane.set_model(model, *axes)
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
        verb = "get" if what == "class regions" else "gets"
        act = activation(t.activations[self.depth - 1])
        if self.depth == 1:
            space = f"the hidden space, h = {act.said}(Wx + b)"
        else:
            space = (f"the last hidden layer (layer {self.depth} of {self.depth}), "
                     f"h = {act.said}(W h + b)")
        said = (f"Step {int(t.steps[0])}: the data in {space}. The "
                f"{what} {verb} {percent(t.accuracy[0])} right.")
        with self.beat("the hidden space at the start", self.plain_caption(said)):
            if self.depth == 1:
                text = (r"The data in the hidden space $\boldsymbol{h} = "
                        rf"{act.tex}(\boldsymbol{{W}}"
                        r"\boldsymbol{x} + \boldsymbol{b})$ as training runs")
            else:
                text = (rf"The data in the last hidden layer $\boldsymbol{{h}}^{{({self.depth})}}"
                        rf"= {act.tex}(\boldsymbol{{W}}_{{{self.depth}}}\boldsymbol{{h}}^"
                        rf"{{({self.depth - 1})}} + \boldsymbol{{b}}_{{{self.depth}}})$ "
                        "as training runs")
            self.caption = self.set_caption(text)
            parts = [self.grid, self.cloud, self.meta_plane]
            if self.picture.box is not None:
                self.cube = self.box_edges(self.picture)
                labels = self.axis_labels(self.picture)
                self.add_fixed_orientation_mobjects(*labels)
                parts += [self.cube, labels]
            if not self.projection.exact:
                note = caption(self.projection.description + " (the final network's h)",
                               font_size=20, color=MUTED).to_corner(np.array([1, -1, 0]), buff=0.3)
                self.add_fixed_in_frame_mobjects(note)
                parts.append(note)
            self.play(*[FadeIn(m) for m in parts], FadeIn(self.clock), run_time=self.seconds(1.5))
            self.clock.add_updater(self.tick)
            self.pause(2.0)

    def train(self) -> None:
        t = self.trace
        what = self.what()
        follows = (f"the meta classifier's {what} follows them" if t.output == "binary"
                   else "the output's class regions follow them")
        with self.beat("training", f"Training: as W and b change, the points move through "
                       f"the hidden space and {follows}."):
            if not self.flat:
                self.begin_ambient_camera_rotation(rate=self.rotation)
            self.play(self.pos.animate.set_value(t.n_snapshots - 1),
                      run_time=self.seconds(10.0), rate_func=linear)
        verb = "get" if what == "class regions" else "gets"
        with self.beat("trained", f"Step {int(t.steps[-1])}: the {what} {verb} "
                       f"{percent(t.accuracy[-1])} right."):
            self.pause(2.0)
        self.stop_ambient_camera_rotation()


# The story's chapters on networks beyond the seed's: the same scenes, another bundled run.
class TwoUnitsWarp(HiddenSpaceWarp):
    """HiddenSpaceWarp on the seed's rings with two hidden units: they fold the plane into
    the square, but the inner circle stays inside the outer ring there."""

    default_trace = TWO_UNITS


class DepthWarp(HiddenSpaceWarp):
    """HiddenSpaceWarp on two hidden layers of three units: each layer warps the previous
    one's cube."""

    default_trace = DEPTH


class ManyClassesWarp(WarpDuringTraining):
    """WarpDuringTraining on the 3-arm spiral: the last hidden layer through training, under
    the output's three class regions."""

    default_trace = MANY_CLASSES
