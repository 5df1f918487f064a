  // ------------------------------------------------------------ the readouts
  // The header: the page's title, and the recorded step, loss and score of snapshot k, the
  // one Trace.snapshot_at picks for the position (never a recomputed number).
  function showTitles() {
    $('title').textContent = D.title;
    $('readout-total').textContent = ' / ' + steps[S - 1];
    $('readout-score').textContent = D.score_name;
    $('curves-score').textContent = D.score_name;
  }
  function drawReadouts(k) {
    $('readout-step').textContent = String(steps[k]);
    $('readout-loss').textContent = lossRec[k].toFixed(4);
    $('readout-loss').dataset.value = String(lossRec[k]);
    $('readout-accuracy').textContent = REG ? accRec[k].toFixed(3) : (100 * accRec[k]).toFixed(1) + '%';
    if (D.test) $('readout-test').textContent = `test ${(100 * D.test.accuracy[k]).toFixed(1)}%`;
    $('position').textContent = `position ${state.pos.toFixed(2)} of ${S - 1} (step ${stepAt(state.pos).toFixed(1)})`;
  }
