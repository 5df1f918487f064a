"""Names from a trace are text, never markup: class and feature names that hold HTML or
script show as those characters in headless Chromium (the legend, the point panel, the
plane's axes), run nothing and add no element; a long name is cut to fit with an ellipsis,
the whole name in its title."""

from __future__ import annotations

import json
import re

import pytest
from pipeline_helpers import ROOT

from explainer.explore import write_page
from mlp.trace import load_trace, save_trace

CLOSES = "</script><script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"
COMMENT = "<!--<script>"  # would make the parser skip the data's real </script>
BOLD = "<b id=bold>x</b> & y"
LONG = "the mean concavity of the nucleus, in microns"  # 45 characters
assert len(LONG) == 45
TAGS = "() => Array.from(document.querySelectorAll('*'), (e) => e.tagName)"


def named_page(folder, classes, features, lr=None):
    """The seed's run (two inputs, two classes) with these names (and learning rate) in its
    file."""
    trace = load_trace(ROOT / "assets" / "seed-notebook.npz")
    if lr is not None:
        trace.meta["training"] = {**trace.meta["training"], "lr": lr}
    trace.meta["dataset"] = {**trace.meta["dataset"], "class_names": classes,
                             "feature_names": features}
    save_trace(trace, folder / "named.npz")
    trace = load_trace(folder / "named.npz")  # the names pass the trace's own checks
    assert trace.class_names == classes and trace.feature_names == features
    return trace, write_page(trace, folder / "named.html")


def opened(page, path, hash_="#point=0"):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri() + hash_)
    page.wait_for_selector("body[data-ready='1']")
    page.wait_for_selector("#point:not([hidden])")
    return dialogs


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return named_page(tmp_path_factory.mktemp("names"), [CLOSES, IMAGE], [COMMENT, BOLD],
                      lr=IMAGE)


def test_the_embedded_names_cannot_leave_their_script(hostile):
    _, path = hostile
    text = path.read_text(encoding="utf-8")
    assert text.count("<script") == 2 and text.count("</script>") == 2
    data = re.search(r'<script type="application/json" id="trace-data">(.*?)</script>', text,
                     re.S).group(1)
    assert "<" not in data
    payload = json.loads(data)
    assert payload["class_names"] == [CLOSES, IMAGE]
    assert payload["feature_names"] == [COMMENT, BOLD]
    assert payload["lr"] is None  # a learning rate that is no number is not printed


def test_markup_in_names_is_shown_as_text(page, hostile, tmp_path):
    trace, path = hostile
    dialogs = opened(page, path)
    page.wait_for_timeout(100)  # an image's onerror would fire on the next turn
    assert dialogs == []
    # the legend: a swatch and the name, as characters, per class
    names = page.locator("#legend .name")
    assert names.all_text_contents() == [CLOSES, IMAGE]
    assert [names.nth(k).get_attribute("title") for k in range(2)] == [CLOSES, IMAGE]
    assert page.locator("#legend > .entry > .swatch + .name").count() == 2
    assert page.locator("#legend *").count() == 6
    # the panel names point 0's class and its predicted class
    y0 = int(trace.y[0])
    p0 = float(trace.predict_proba(0, trace.X[:1]).ravel()[0])
    assert page.locator("#point-title .name").all_text_contents() == [
        [CLOSES, IMAGE][y0], [CLOSES, IMAGE][int(p0 >= 0.5)]]
    assert page.evaluate("() => window.explorer.axisNames()") == [COMMENT, BOLD]
    # nothing the names hold became an element: the page has the very elements it has
    # with plain names
    tags = page.evaluate(TAGS)
    assert "IMG" not in tags and tags.count("SCRIPT") == 2
    assert page.locator("#bold").count() == 0 and page.locator("[onerror]").count() == 0
    _, plain = named_page(tmp_path, ["zero", "one"], ["left", "right"], lr="0.01")
    assert opened(page, plain) == []
    assert page.evaluate(TAGS) == tags


def test_a_long_name_is_cut_to_fit_and_whole_in_its_title(page, tmp_path):
    _, path = named_page(tmp_path, [LONG, "benign"], [LONG, "texture"])
    page.set_viewport_size({"width": 700, "height": 600})
    assert opened(page, path) == []
    for where in ("#legend .name", "#point-title .name"):
        name = page.locator(where).first
        assert name.text_content() in (LONG, "benign")
    long = page.locator("#legend .name").first
    assert long.text_content() == LONG and long.get_attribute("title") == LONG
    fits = page.evaluate("""() => {
      const e = document.querySelector('#legend .name'), box = e.closest('.view');
      const r = e.getBoundingClientRect(), b = box.getBoundingClientRect();
      return [e.scrollWidth > e.clientWidth, getComputedStyle(e).textOverflow,
              r.right <= b.right, r.left >= b.left];
    }""")
    assert fits == [True, "ellipsis", True, True]
    # on the plane's edge: the start of the name and an ellipsis, within the square
    across, up = page.evaluate("() => window.explorer.axisNames()")
    assert up == "texture"
    assert across.endswith("…") and LONG.startswith(across[:-1]) and len(across) > 10
    widths = page.evaluate("""(texts) => {
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = '12px system-ui';
      const c = document.getElementById('plane').getBoundingClientRect();
      return [Math.min(c.width, c.height) - 8, ...texts.map((t) => ctx.measureText(t).width)];
    }""", [across, across[:-1] + LONG[len(across) - 1] + "…", LONG])
    side, cut, longer, whole = widths
    assert cut <= side - 12 < longer <= whole  # the longest start that fits


def test_a_trace_without_names_calls_its_classes_by_number(page, tmp_path):
    trace = load_trace(ROOT / "assets" / "seed-notebook.npz")
    assert trace.class_names is None and trace.feature_names is None
    assert opened(page, write_page(trace, tmp_path / "seed.html")) == []
    assert page.locator("#legend .name").all_text_contents() == ["class 0", "class 1"]
    assert page.locator("#point-title .name").count() == 0  # "class 1", not "class 1 (class 1)"
    assert page.evaluate("() => window.explorer.axisNames()") == []
