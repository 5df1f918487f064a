"""explore(trace) in a notebook: an anywidget whose front-end module (the widget's own _esm)
runs here in Chromium, rendered into several views and removed as a notebook does, and the
plain IPython HTML fallback without anywidget."""

from __future__ import annotations

import builtins
import json

import numpy as np
import pytest
from pipeline_helpers import ROOT

from explainer.explore import build_page, explore
from mlp.trace import load_trace

SEED = ROOT / "assets" / "seed-notebook.npz"

# A host that keeps anywidget's front-end contract (no Jupyter server here): the model's
# get/set/on/off/save_changes, render({model, el}) once per view, and the function render
# returns called when its view is removed. It counts what is listening, so a view that
# leaves a listener behind shows.
HOST = """<!DOCTYPE html><html><body><script type="module">
const state = %s, handlers = {};
let saves = 0, listening = 0;
const add = window.addEventListener.bind(window), remove = window.removeEventListener.bind(window);
const live = new Set();
window.addEventListener = (type, f, o) => {
  if (type === 'message' && !live.has(f)) { live.add(f); listening++; } add(type, f, o); };
window.removeEventListener = (type, f, o) => {
  if (type === 'message' && live.delete(f)) listening--; remove(type, f, o); };
const model = {
  get: (k) => state[k],
  set: (k, v) => { state[k] = v; for (const f of [...(handlers['change:' + k] || [])]) f(); },
  on: (ev, f) => { (handlers[ev] = handlers[ev] || []).push(f); },
  off: (ev, f) => { handlers[ev] = (handlers[ev] || []).filter((g) => g !== f); },
  save_changes: () => { saves++; document.body.dataset.saved = String(state.pos); },
};
const url = URL.createObjectURL(new Blob([document.getElementById('esm').textContent],
                                         { type: 'text/javascript' }));
const widget = (await import(url)).default;
const views = [];
window.host = {
  model,
  view() {  // display the widget once more: a new view in its own element
    const el = document.createElement('div');
    document.body.appendChild(el);
    views.push({ el, cleanup: widget.render({ model, el }) });
  },
  removeView(i) {
    const v = views[i];
    if (typeof v.cleanup === 'function') v.cleanup();
    v.el.remove();
  },
  counts: () => ({ listening, posHandlers: (handlers['change:pos'] || []).length, saves,
                   frames: document.querySelectorAll('iframe').length }),
};
document.body.dataset.rendered = '1';
</script><script type="text/plain" id="esm">%s</script></body></html>"""


@pytest.fixture(scope="module")
def trace():
    return load_trace(SEED)


def test_explore_returns_a_widget_holding_the_page(trace):
    import anywidget

    widget = explore(SEED, height=640)
    assert isinstance(widget, anywidget.AnyWidget)
    state = widget.get_state()  # what anywidget syncs to the front end
    assert state["page"] == build_page(trace)
    assert state["height"] == 640 and state["pos"] == 0.0
    widget.pos = 42.5  # notebook code moves the page through its trait
    assert widget.get_state()["pos"] == 42.5


def _clicked_position(trace, x: float, width: float) -> float:
    """Where a click x pixels into the curves (width pixels wide) puts the page, computed
    here: the axis runs from 44 px to width - 44 px over log(1 + step), and a step is
    interpolated between the snapshots' steps."""
    u = np.clip((x - 44) / (width - 88), 0, 1)
    step = np.expm1(u * np.log1p(max(trace.steps[-1], 1)))
    return float(np.interp(step, trace.steps, np.arange(trace.n_snapshots)))


def test_widget_front_end_follows_its_pos_and_each_view_cleans_up(trace, page, tmp_path):
    widget = explore(SEED)  # the widget anywidget would display: its own state and module
    state = widget.get_state()
    esm = state.pop("_esm")
    data = json.dumps({k: state[k] for k in ("page", "height", "pos")})
    host = tmp_path / "host.html"
    host.write_text(HOST % (data.replace("</", "<\\/"), esm.replace("</", "<\\/")))
    page.goto(host.as_uri())
    page.wait_for_selector("body[data-rendered='1']", state="attached")  # no view yet
    for _ in range(3):  # the widget shown in three cells
        page.evaluate("host.view()")
    for k in range(3):
        page.frame_locator("iframe").nth(k).locator("body[data-ready='1']").wait_for()
    assert page.evaluate("host.counts()") == {"listening": 3, "posHandlers": 3, "saves": 0,
                                              "frames": 3}
    page.evaluate("host.removeView(0)")  # two of the cells re-run: their views go away
    page.evaluate("host.removeView(1)")
    assert page.evaluate("host.counts()") == {"listening": 1, "posHandlers": 1, "saves": 0,
                                              "frames": 1}
    frame = page.frame_locator("iframe")
    page.evaluate("host.model.set('pos', 120)")  # Python moves the widget's pos
    frame.locator("body[data-pos='120']").wait_for()
    assert frame.locator("#readout-step").text_content() == str(int(trace.steps[120]))
    curves = frame.locator("#curves")
    box = curves.bounding_box()  # a click in the page moves pos back, once
    x = round(box["width"] * 0.3)
    curves.click(position={"x": x, "y": 20})
    page.wait_for_function("() => document.body.dataset.saved !== undefined")
    saved = float(page.evaluate("document.body.dataset.saved"))
    # the click lands within a pixel of x
    low, high = (_clicked_position(trace, x + d, box["width"]) for d in (-1, 1))
    assert low <= saved <= high
    assert high - low < 3  # a pixel is a few snapshots at most: the check has teeth
    assert page.evaluate("host.counts()")["saves"] == 1
    assert page.evaluate("host.model.get('pos')") == saved


def test_without_anywidget_the_page_is_plain_html(trace, page, monkeypatch, tmp_path):
    real_import = builtins.__import__

    def no_anywidget(name, *args, **kwargs):
        if name == "anywidget":
            raise ImportError("no anywidget here")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_anywidget)
    shown = explore(SEED)
    html = shown._repr_html_() if hasattr(shown, "_repr_html_") else shown.data
    assert html.startswith("<iframe srcdoc=")
    host = tmp_path / "cell.html"
    host.write_text(f"<!DOCTYPE html><html><body>{html}</body></html>")
    page.goto(host.as_uri())
    page.frame_locator("iframe").locator("body[data-ready='1']").wait_for()
