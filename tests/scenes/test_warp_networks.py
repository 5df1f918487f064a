"""HiddenSpaceWarp on networks unlike the seed's: each layer's warp starts where the
previous one ended, and the points it shows equal an independent forward pass through the
layer's projection; the output's plane or class regions are the output layer's."""

from __future__ import annotations

import numpy as np
import pytest
from networks import BY_HAND, PLAYED, network
from plane_render import says_share

from scenes.warp import HiddenSpaceWarp

# The session's renders (tests/scenes/conftest.py) this file shares with others in
# the group are made once, on the worker that runs the group.
pytestmark = pytest.mark.xdist_group("warp-renders")

ACT = {name: pair[0] for name, pair in BY_HAND.items()}


def hidden_by_hand(trace, k: int) -> list[np.ndarray]:
    """Every hidden layer's activations on the trace's data at snapshot k."""
    h, out = trace.X, []
    for layer, name in enumerate(trace.activations):
        h = ACT[name](h @ trace.weights[layer][k] + trace.biases[layer][k])
        out.append(h)
    return out


def warp_on(rendered, name: str, scene_cls=HiddenSpaceWarp):
    """The network called ``name`` and ``scene_cls`` rendered on it."""
    return network(name), rendered(scene_cls, name)[0]


@pytest.mark.parametrize("name", PLAYED)
def test_each_layer_warps_from_the_previous_ones_representation(rendered, name):
    trace, scene = warp_on(rendered, name)
    k = trace.n_snapshots - 1
    H = hidden_by_hand(trace, k)
    assert len(scene.pictures) == len(H)
    for layer, (picture, h) in enumerate(zip(scene.pictures, H, strict=True), start=1):
        P = picture.projection
        assert P.width == h.shape[1]
        # an orthonormal view; exact (the units themselves) up to 3 units
        orthonormal = np.diag([1.0, 1.0, float(P.width > 2)])
        np.testing.assert_allclose(P.basis.T @ P.basis, orthonormal, atol=1e-12)
        assert P.exact == (P.width <= 3)
        view = (h - P.origin) @ P.basis
        np.testing.assert_allclose(picture.points[3], picture.frames[3].to_scene(view),
                                   atol=1e-9)
        if layer == 1:
            np.testing.assert_allclose(picture.points[0][:, :2],
                                       picture.frames[0].to_scene(trace.X)[:, :2], atol=1e-9)
        else:
            np.testing.assert_allclose(picture.points[0], scene.pictures[layer - 2].points[3],
                                       atol=1e-9)
            assert picture.lines == []
        if not P.exact:  # the projection is named on screen while its layer warps
            assert any(P.description in note for note in scene.projection_notes)
    if not scene.pictures[-1].projection.exact:
        assert scene.note in scene.mobjects
        assert scene.note.original_text.replace(" ", "").replace("\n", "") == \
            scene.projection_notes[-1].replace(" ", "").replace("\n", "")
    # the cloud on screen ends on the last layer, through its projection
    np.testing.assert_allclose(scene.cloud.centers, scene.pictures[-1].points[3], atol=1e-9)


@pytest.mark.parametrize("name", PLAYED)
def test_the_last_layer_ends_on_the_outputs_plane_or_class_regions(rendered, name):
    trace, scene = warp_on(rendered, name)
    k = trace.n_snapshots - 1
    W, b = trace.weights[-1][k], trace.biases[-1][k]
    picture = scene.pictures[-1]
    P = picture.projection
    if trace.output == "binary":
        w_m, b_m = scene.meta_plane.coefficients
        np.testing.assert_array_equal(w_m, W[:, 0])
        assert b_m == b[0]
        if not P.exact:  # the first view axis is w_m: the plane is a plane in the view
            np.testing.assert_allclose(abs(P.basis[:, 0] @ W[:, 0]), np.linalg.norm(W[:, 0]))
        return
    regions = scene.regions
    z = picture.frames[3].to_data(regions.centers)
    h = P.origin + z @ P.basis.T
    np.testing.assert_array_equal(regions.labels, np.argmax(h @ W + b, axis=1))
    assert set(regions.labels.tolist()) <= set(range(trace.sizes[-1]))
    assert len(regions.clouds) == trace.sizes[-1]


@pytest.mark.parametrize("name", PLAYED)
def test_it_claims_separation_only_when_every_point_is_on_its_side(rendered, name):
    trace, scene = warp_on(rendered, name)
    said = " ".join(c.content for c in scene.renderer.file_writer.subcaptions)
    shown = " ".join(m.tex_string for m in scene.mobjects if hasattr(m, "tex_string"))
    accuracy = float(np.mean(trace.model(-1).predict(trace.X) == trace.y))
    assert scene.accuracy == accuracy
    if accuracy < 1:
        assert "separates" not in said + shown and "lie apart" not in said
    assert says_share(said, accuracy)


@pytest.mark.parametrize("name", PLAYED)
def test_warp_during_training_shows_the_last_hidden_layer_as_the_run_ends(rendered, name):
    from scenes.warp import WarpDuringTraining

    trace, scene = warp_on(rendered, name, WarpDuringTraining)
    end = trace.n_snapshots - 1
    assert scene.pos.get_value() == end
    last = hidden_by_hand(trace, end)[-1]
    P = scene.projection
    assert P.width == trace.sizes[-2]
    np.testing.assert_allclose(scene.cloud.centers, scene.frame.to_scene((last - P.origin)
                                                                         @ P.basis), atol=1e-9)
    W, b = trace.weights[-1][end], trace.biases[-1][end]
    if trace.output == "binary":
        w_m, b_m = scene.meta_plane.coefficients
        np.testing.assert_allclose(w_m, W[:, 0], rtol=1e-12)
        assert b_m == pytest.approx(b[0], rel=1e-12)
    else:
        regions = scene.meta_plane
        h = P.origin + scene.frame.to_data(regions.centers) @ P.basis.T
        np.testing.assert_array_equal(regions.labels, np.argmax(h @ W + b, axis=1))
    said = [c.content for c in scene.renderer.file_writer.subcaptions]
    assert said[-1].endswith("% right.") and says_share(said[-1], trace.accuracy[-1])
