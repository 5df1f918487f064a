"""Networks trained by scikit-learn on its bundled Wine (13-10-3) and breast cancer
(30-16-8-1, binary) data sets play as a user records them: `render --trace` keeps the six
chapters the documented rules allow and names the others in one line, the explorer page
draws them in headless Chromium, and `inspect` names the test accuracy scikit-learn's own
`score` gives."""

from __future__ import annotations

import json
import re
import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from explainer.cli import main
from explainer.explore import write_page
from explainer.pipeline.fit import split_story
from explainer.pipeline.run import ROOT
from explainer.story import STORY
from mlp.datasets import load_dataset
from mlp.importers.sklearn import record_sklearn
from mlp.trace import load_trace, save_trace

pytestmark = pytest.mark.xdist_group("explore_wide")  # the browser tests share one Chromium

NETWORKS = {"wine": (10,), "breast_cancer": (16, 8)}

# what plays a trace of more than 2 inputs without an image shape, from the README's rules:
# the chapters that place the inputs by their view or draw the graph
PLAYS = {"HiddenLinesTraining", "DecisionBoundary", "HiddenSpaceWarp", "WarpDuringTraining",
         "ComputationalGraph", "ChainRulePath"}


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """dataset -> (the trace as loaded from its file, its path, scikit-learn's test score)."""
    folder = tmp_path_factory.mktemp("real-data")
    out = {}
    for name, hidden in NETWORKS.items():
        data = load_dataset(name, seed=0)
        clf = MLPClassifier(hidden_layer_sizes=hidden, activation="tanh",
                            learning_rate_init=0.01, max_iter=20, random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            trace = record_sklearn(clf, data.X, data.y, epochs=20, snapshots=6,
                                   dataset=data.spec, X_test=data.X_test, y_test=data.y_test)
        path = folder / f"{name}.npz"
        save_trace(trace, path)
        out[name] = (load_trace(path), path, clf.score(data.X_test, data.y_test))
    return out


@pytest.mark.parametrize("name", NETWORKS)
def test_the_render_plan_plays_six_chapters_and_names_why_not_the_others(recorded, name):
    trace, path, _ = recorded[name]
    assert trace.sizes == [trace.X.shape[1], *NETWORKS[name], 3 if name == "wine" else 1]
    kept, skipped = split_story(list(STORY), trace, ROOT)
    players = {ch.scene for ch in STORY if ch.plays_trace}
    assert {ch.scene for ch in kept if ch.plays_trace} == PLAYS
    assert {s.scene for s in skipped} == players - PLAYS
    for s in skipped:  # one line, naming the trace and what it has
        assert "\n" not in s.reason and str(path) in s.reason, s


@pytest.mark.parametrize("name", NETWORKS)
def test_inspect_names_the_test_accuracy_scikit_learn_scores(recorded, name, capsys):
    trace, path, score = recorded[name]
    capsys.readouterr()
    assert main(["inspect", str(path)]) == 0
    text = capsys.readouterr().out
    assert f"test set of {len(trace.X_test)} examples" in text
    assert f"test {100 * score:.1f}%" in text


@pytest.mark.parametrize("name", NETWORKS)
def test_the_explorer_page_draws_the_points_in_their_view(recorded, name, page, tmp_path):
    trace, _, _ = recorded[name]
    html = write_page(trace, tmp_path / f"{name}.html")
    page.goto(html.as_uri())
    page.wait_for_selector("body[data-ready='1']")
    note = page.locator("#inputs-note").text_content()
    assert f"{trace.sizes[0]} inputs seen through their" in note
    # each point's centre on screen is drawn, not the page's background
    drawn = np.array(page.evaluate("""() => {
      const c = document.getElementById('inputs'), r = c.getBoundingClientRect();
      const ctx = c.getContext('2d'), out = [];
      for (let i = 0; i < 12; i++) {
        const [x, y] = explorer.pointOnScreen(i);
        out.push(Array.from(ctx.getImageData(Math.floor(x - r.left),
                                             Math.floor(y - r.top), 1, 1).data));
      }
      return out;
    }"""))
    text = html.read_text(encoding="utf-8")
    payload = json.loads(re.search(r'<script type="application/json" id="trace-data">(.*?)'
                                   r'</script>', text, re.S).group(1))
    hexa = payload["colors"]["background"]
    background = np.array([int(hexa[k:k + 2], 16) for k in (1, 3, 5)])
    assert drawn.shape == (12, 4)
    assert all(np.abs(px[:3] - background).sum() > 30 for px in drawn), drawn
