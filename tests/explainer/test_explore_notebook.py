"""explore(trace) in a notebook: an anywidget whose front end is run here in Chromium with a
stand-in for the widget model, and the plain IPython HTML fallback without anywidget."""

from __future__ import annotations

import builtins
import json

import pytest
from pipeline_helpers import ROOT

from explainer.explore import build_page, explore
from mlp.trace import load_trace

SEED = ROOT / "assets" / "seed-notebook.npz"

# A stand-in for anywidget's model: get/set/on/save_changes, enough for the widget's render().
HOST = """<!DOCTYPE html><html><body><div id="out"></div><script type="module">
const state = %s, handlers = {};
const model = {
  get: (k) => state[k],
  set: (k, v) => { state[k] = v; for (const f of handlers['change:' + k] || []) f(); },
  on: (ev, f) => { (handlers[ev] = handlers[ev] || []).push(f); },
  save_changes: () => { document.body.dataset.saved = String(state.pos); },
};
window.model = model;
const url = URL.createObjectURL(new Blob([document.getElementById('esm').textContent],
                                         { type: 'text/javascript' }));
const widget = (await import(url)).default;
widget.render({ model, el: document.getElementById('out') });
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


def test_widget_front_end_shows_the_page_and_follows_its_pos(trace, page, tmp_path):
    widget = explore(SEED)  # the widget anywidget would display: its own state and module
    state = widget.get_state()
    esm = state.pop("_esm")
    data = json.dumps({k: state[k] for k in ("page", "height", "pos")})
    host = tmp_path / "host.html"
    host.write_text(HOST % (data.replace("</", "<\\/"), esm.replace("</", "<\\/")))
    page.goto(host.as_uri())
    page.wait_for_selector("body[data-rendered='1']")
    frame = page.frame_locator("iframe")
    frame.locator("body[data-ready='1']").wait_for()
    page.evaluate("model.set('pos', 120)")  # Python moves the widget's pos
    frame.locator("body[data-pos='120']").wait_for()
    assert frame.locator("#readout-step").text_content() == str(int(trace.steps[120]))
    box = frame.locator("#curves").bounding_box()  # a click in the page moves pos back
    frame.locator("#curves").click(position={"x": box["width"] * 0.3, "y": 20})
    page.wait_for_function("() => document.body.dataset.saved !== undefined")
    assert float(page.evaluate("document.body.dataset.saved")) != 120


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
