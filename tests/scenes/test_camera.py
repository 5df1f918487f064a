"""FastImageCamera draws what Manim's own Camera draws, to within one level per channel (two
for a large cloud painted from its kept layer).

Each test draws the same mobjects with both cameras and compares the frames; it also checks
which path drew the images, so a comparison of Manim's path with itself cannot pass for one
of the fast path.
"""

from __future__ import annotations

import numpy as np
import pytest
from manim import DEGREES, Camera, ImageMobject
from manim.utils.hashing import get_json
from PIL import Image
from plane_render import asset

from scenes.hidden_lines import HiddenLinesTraining
from scenes.linear import LinearClassifier
from scenes.manim_config import manim_config
from scenes.toolkit.camera import LAYER_POINTS, FastImageCamera
from scenes.toolkit.clouds import PointCloud
from scenes.toolkit.plane import ClassifierLine, Heatmap, PlaneFrame


@pytest.fixture
def fast_draws(monkeypatch):
    """Counts of the images FastImageCamera drew itself and of those it left to Manim."""
    counts = {"fast": 0, "manim": 0}
    upright = FastImageCamera._display_upright

    def counted(self, mob, pixels):
        done = upright(self, mob, pixels)
        counts["fast" if done else "manim"] += 1
        return done

    monkeypatch.setattr(FastImageCamera, "_display_upright", counted)
    return counts


def draw_both(mobjects, size=(320, 180)):
    """The frames Manim's Camera and FastImageCamera draw of ``mobjects``, as ints."""
    with manim_config({"pixel_width": size[0], "pixel_height": size[1]}):
        frames = []
        for camera_class in (Camera, FastImageCamera):
            camera = camera_class()
            camera.capture_mobjects(mobjects)
            frames.append(camera.pixel_array.astype(np.int16))
    return frames


def heatmap(resolution, *, height=6.6, center=(-3.2, -0.15, 0.0), seed=0):
    frame = PlaneFrame((-1.5, 1.5), (-1.2, 1.8), height=height, center=np.array(center),
                       x_label=None)
    heat = Heatmap(frame, resolution=resolution)
    P = np.random.default_rng(seed).random((resolution[1], resolution[0]))
    return frame, heat.set_probabilities(P)


@pytest.mark.parametrize("resolution, height, center, size", [
    ((20, 20), 6.6, (-3.2, -0.15, 0.0), (320, 180)),   # the chapters' plane
    ((16, 24), 4.1, (0.37, 1.013, 0.0), (320, 180)),   # off-pixel edges
    ((12, 9), 5.0, (-6.1, 3.4, 0.0), (320, 180)),      # partly off screen
    ((7, 5), 3.3, (2.0, -1.0, 0.0), (160, 90)),
    ((160, 160), 6.6, (-3.2, -0.15, 0.0), (1920, 1080)),  # the chapters' heatmap at -qh
])
def test_upright_heatmaps_match_manim(fast_draws, resolution, height, center, size):
    mobjects = heatmap(resolution, height=height, center=center)
    manim_frame, fast_frame = draw_both(mobjects, size)
    assert fast_draws == {"fast": 1, "manim": 0}
    assert np.abs(manim_frame - fast_frame).max() <= 1
    # the picture is there: the heatmap's colours, not the background
    assert len(np.unique(fast_frame[..., :3].reshape(-1, 3), axis=0)) > 20


def test_nearest_filter_matches_manim_exactly(fast_draws):
    frame, heat = heatmap((11, 13), center=(0.21, 0.3, 0.0))
    heat.set_resampling_algorithm(Image.Resampling.NEAREST)
    manim_frame, fast_frame = draw_both([frame, heat])
    assert fast_draws["fast"] == 1
    assert np.array_equal(manim_frame, fast_frame)


def turned(heat):
    return heat.rotate(20 * DEGREES)


def shrunk(heat):
    return heat.scale(0.02)


def translucent(heat):
    heat.pixel_array[..., 3] = 128
    return heat


def bicubic(heat):
    return heat.set_resampling_algorithm(Image.Resampling.BICUBIC)


@pytest.mark.parametrize("change", [turned, shrunk, translucent, bicubic])
def test_other_images_are_left_to_manim(fast_draws, change):
    frame, heat = heatmap((20, 20))
    manim_frame, fast_frame = draw_both([frame, change(heat)])
    assert fast_draws == {"fast": 0, "manim": 1}
    assert np.array_equal(manim_frame, fast_frame)


def test_a_plain_image_mobject_on_the_fast_path(fast_draws):
    pixels = np.random.default_rng(3).integers(0, 256, (9, 14, 4), dtype=np.uint8)
    pixels[..., 3] = 255
    image = ImageMobject(pixels, resampling_algorithm=Image.Resampling.BILINEAR)
    image.height = 3.1
    image.shift([1.3, -0.4, 0.0])
    manim_frame, fast_frame = draw_both([image])
    assert fast_draws["fast"] == 1
    assert np.abs(manim_frame - fast_frame).max() <= 1


def test_unchanged_vector_mobjects_are_drawn_from_their_kept_paths():
    frame, heat = heatmap((20, 20))
    rng = np.random.default_rng(5)
    X = rng.uniform(-1.4, 1.4, (300, 2))
    cloud = PointCloud.from_data(frame, X, (X[:, 0] * X[:, 1] > 0).astype(int))
    line = ClassifierLine(frame, (1.0, 0.5), 0.0)
    with manim_config({"pixel_width": 320, "pixel_height": 180}):
        manim_camera, fast_camera = Camera(), FastImageCamera()
        for k in range(4):
            heat.set_probabilities(rng.random((20, 20)))
            line.set_params((np.cos(k), np.sin(k)), 0.1 * k)
            if k == 2:  # a moved cloud gets a new path
                cloud.set_centers(frame.to_scene(X + 0.05))
            frames = []
            for camera in (manim_camera, fast_camera):
                camera.reset()
                camera.capture_mobjects([frame, heat, line, cloud])
                frames.append(camera.pixel_array.astype(np.int16))
            assert np.abs(frames[0] - frames[1]).max() <= 1, k
            # the vector mobjects alone: the same pixels exactly
            for camera in (manim_camera, fast_camera):
                camera.reset()
                camera.capture_mobjects([frame, line, cloud])
            assert np.array_equal(manim_camera.pixel_array, fast_camera.pixel_array), k
    # 8 draws: the frame's border and 2 axes built once, reused 7 times (21); the cloud's 2
    # classes reused 6 times (built at k = 0 and k = 2: 12); the line's 3 parts, moved
    # every k, reused only by the second draw of each k (12)
    assert fast_camera.paths_reused == 21 + 12 + 12


def test_what_the_camera_keeps_is_not_in_the_scene_cache_hash():
    """With its scene cache on, as the manim command has it, Manim serialises the camera's
    attributes on every play call: the paths the camera keeps must not be among them."""
    frame, heat = heatmap((20, 20))
    line = ClassifierLine(frame, (1.0, 0.5), 0.0)
    with manim_config({"pixel_width": 320, "pixel_height": 180}):
        camera = FastImageCamera()
        camera.capture_mobjects([frame, heat])  # Manim's camera sets itself up on a first draw
        before = get_json(camera)
        for _ in range(2):
            camera.reset()
            camera.capture_mobjects([frame, heat, line])
        assert camera.paths_reused > 0
        assert get_json(camera) == before


def record_frames(scene_cls, tmp_path, camera_class, *, trace):
    """Every frame a chapter draws, rendered in-process at 480x270, 5 fps, and its camera."""
    options = {"media_dir": str(tmp_path), "pixel_width": 480, "pixel_height": 270,
               "frame_rate": 5, "disable_caching": True, "verbosity": "ERROR",
               "progress_bar": "none", "output_file": str(tmp_path / "scene")}
    with manim_config(options):
        scene = scene_cls(pace=0.1, trace=trace, camera_class=camera_class)
        frames = []
        add_frame = scene.renderer.add_frame

        def keep(frame, num_frames=1):
            frames.append(np.array(frame, dtype=np.int16))
            return add_frame(frame, num_frames)

        scene.renderer.add_frame = keep
        scene.render()
    return frames, scene.renderer.camera


@pytest.mark.parametrize("scene_cls", [HiddenLinesTraining, LinearClassifier])
def test_chapter_frames_match_manim(fast_draws, tmp_path, scene_cls):
    trace = asset("seed-notebook" if scene_cls is HiddenLinesTraining else "blobs-linear")
    manim_frames, _ = record_frames(scene_cls, tmp_path / "manim", Camera, trace=trace)
    fast_frames, camera = record_frames(scene_cls, tmp_path / "fast", FastImageCamera,
                                        trace=trace)
    assert fast_draws["fast"] > 5
    assert camera.paths_reused > 100
    assert len(manim_frames) == len(fast_frames) > 10
    worst = max(int(np.abs(a - b).max()) for a, b in zip(manim_frames, fast_frames, strict=True))
    assert worst <= 1


@pytest.mark.parametrize("value, camera_class", [("", FastImageCamera), ("fast", FastImageCamera),
                                                  ("manim", Camera)])
def test_chapters_draw_with_the_camera_mlp_drawing_names(monkeypatch, value, camera_class):
    monkeypatch.setenv("MLP_DRAWING", value)
    with manim_config({"pixel_width": 160, "pixel_height": 90}):
        scene = LinearClassifier(pace=0.05)
    assert type(scene.renderer.camera) is camera_class


def test_a_wrong_mlp_drawing_says_what_it_expects(monkeypatch):
    monkeypatch.setenv("MLP_DRAWING", "quick")
    expected = r"MLP_DRAWING: expected one of fast, manim, got 'quick'"
    with manim_config({"pixel_width": 160, "pixel_height": 90}), \
            pytest.raises(SystemExit, match=expected):
        LinearClassifier(pace=0.05)


def test_a_large_cloud_is_painted_from_its_kept_layer():
    """A cloud of 1,200 dots (two classes of more than LAYER_POINTS points each) over a
    changing heatmap: each frame matches Manim's to within two levels (the layer's own
    rounding), the layer is painted again while the cloud is unchanged and drawn anew when
    its style changes."""
    frame, heat = heatmap((20, 20))
    rng = np.random.default_rng(7)
    X = rng.uniform(-1.4, 1.4, (1200, 2))
    cloud = PointCloud.from_data(frame, X, (X[:, 0] > 0).astype(int), radius=0.025,
                                 outline_width=0.5)
    assert min(len(c.points) for c in cloud.classes.values()) >= LAYER_POINTS
    with manim_config({"pixel_width": 320, "pixel_height": 180}):
        manim_camera, fast_camera = Camera(), FastImageCamera()
        for k in range(3):
            heat.set_probabilities(rng.random((20, 20)))
            if k == 2:
                cloud.classes[1].set_fill(opacity=0.5)
            frames = []
            for camera in (manim_camera, fast_camera):
                camera.reset()
                camera.capture_mobjects([frame, heat, cloud])
                frames.append(camera.pixel_array.astype(np.int16))
            assert np.abs(frames[0] - frames[1]).max() <= 2, k
            assert np.abs(frames[0] - frames[1]).mean() < 0.5, k
    # drawn at k = 0; both classes painted again at k = 1, only class 0 at k = 2
    assert fast_camera.layers_repainted == 3


def test_a_large_cloud_fades_by_painting_its_layer_more_transparent():
    """A fade scales every opacity of the cloud alike: its layer, drawn once at full
    opacity, is painted with the cloud's opacity at each step. Each step is Manim's frame
    but where a dot's outline crosses its fill (Manim lays the translucent outline over the
    translucent fill; the layer fades the dot whole): within a few levels on average."""
    frame, heat = heatmap((20, 20))
    rng = np.random.default_rng(3)
    X = rng.uniform(-1.4, 1.4, (1200, 2))
    cloud = PointCloud.from_data(frame, X, np.zeros(1200, dtype=int), radius=0.025,
                                 outline_width=0.5)
    dots = cloud.classes[0]
    assert len(dots.points) >= LAYER_POINTS
    with manim_config({"pixel_width": 320, "pixel_height": 180}):
        manim_camera, fast_camera = Camera(), FastImageCamera()
        for opacity in (1.0, 0.6, 0.25, 0.0):
            dots.set_fill(opacity=opacity).set_stroke(opacity=opacity)
            frames = []
            for camera in (manim_camera, fast_camera):
                camera.reset()
                camera.capture_mobjects([frame, heat, cloud])
                frames.append(camera.pixel_array.astype(np.int16))
            difference = np.abs(frames[0] - frames[1])
            assert difference.mean() < 1.0, opacity
            if opacity in (1.0, 0.0):  # fully drawn, or not at all: the same pixels
                assert difference.max() <= 2, opacity
        # as FadeIn plays it: each frame recomputes the points and colours it keeps
        # as (1 - a) x + a x, a rounding away from them
        hidden, shown = dots.copy().set_opacity(0), dots.copy().set_opacity(1)
        rounded = []
        for alpha in (0.3, 0.7):
            dots.interpolate(hidden, shown, alpha)
            rounded.append(not np.array_equal(dots.points, shown.points))
            frames = []
            for camera in (manim_camera, fast_camera):
                camera.reset()
                camera.capture_mobjects([frame, heat, cloud])
                frames.append(camera.pixel_array.astype(np.int16))
            assert np.abs(frames[0] - frames[1]).mean() < 1.0, alpha
        assert any(rounded)  # the case the layer's key is rounded for
    # drawn once; painted again at 0.6, 0.25 and the fade's two frames (at 0 nothing is
    # painted)
    assert fast_camera.layers_repainted == 4
