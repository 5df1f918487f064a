  // ------------------------------------------------------------ the readouts
  // The header: the page's title, and the recorded step, loss and score of snapshot k, the
  // one Trace.snapshot_at picks for the position (never a recomputed number).
  function showTitles() {
    const title = D.title != null ? D.title : tr('{name}: the training run', { name: D.trace_name });
    $('title').textContent = title;
    document.title = title;
    $('readout-total').textContent = ' / ' + steps[S - 1];
    $('readout-score').textContent = SCORE_NAME;
    $('curves-title').textContent = tr('Loss and {score}', { score: SCORE_NAME });
  }
  function drawReadouts(k) {
    $('readout-step').textContent = String(steps[k]);
    $('readout-loss').textContent = dec(lossRec[k], 4);
    $('readout-loss').dataset.value = String(lossRec[k]);
    $('readout-accuracy').textContent = REG ? dec(accRec[k], 3) : percent(dec(100 * accRec[k], 1));
    if (D.test) $('readout-test').textContent = tr('test {score}', { score: percent(dec(100 * D.test.accuracy[k], 1)) });
    $('position').textContent = tr('position {pos} of {last} (step {step})', { pos: dec(state.pos, 2), last: S - 1, step: dec(stepAt(state.pos), 1) });
  }
