  // ------------------------------------------------------- the confusion matrix
  // How the network's predictions at the snapshot shown fall for each true class: on the
  // test set when the trace has one, else on the training points the page holds. Rows are
  // the true classes, columns the predicted ones; the diagonal is right.
  const CT = WIDE && D.test ? { n: D.test.n, y: decode(D.test.y, Int32Array), pred: decode(D.test.pred, Uint8Array), what: 'test' }
    : { n, y: Y, pred: predAll, what: 'training' };
  function confusion(k) {
    const M = Array.from({ length: K }, () => new Array(K).fill(0));
    for (let i = 0; i < CT.n; i++) M[CT.y[i]][CT.pred[k * CT.n + i]] += 1;
    return M;
  }
  function drawConfusion(k) {
    const { ctx, w, h } = fit($('confusion')), M = confusion(k);
    ctx.fillStyle = C.background; ctx.fillRect(0, 0, w, h);
    const lab = Math.min(110, w * 0.22), top = 34, size = Math.min(w - lab - 8, h - top - 8), cell = size / K;
    ctx.font = `${Math.max(9, Math.min(13, cell * 0.4))}px system-ui`; ctx.textBaseline = 'middle';
    for (let r = 0; r < K; r++) {
      const total = M[r].reduce((a, b) => a + b, 0) || 1;
      ctx.textAlign = 'right'; ctx.fillStyle = classColor(r);
      ctx.fillText(fitText(ctx, String(CLASS_NAMES[r]), lab - 8), lab - 4, top + (r + 0.5) * cell);
      for (let c = 0; c < K; c++) {
        const a = M[r][c] / total, col = r === c ? POS : NEG, x = lab + c * cell, y = top + r * cell;
        ctx.fillStyle = `rgb(${BG.map((b, t) => Math.round(b + a * (col[t] - b))).join(',')})`;
        ctx.fillRect(x + 1, y + 1, cell - 2, cell - 2);
        ctx.fillStyle = C.foreground; ctx.textAlign = 'center'; ctx.fillText(String(M[r][c]), x + cell / 2, y + cell / 2);
      }
    }
    ctx.save(); ctx.textAlign = 'center';
    for (let c = 0; c < K; c++) {
      ctx.fillStyle = classColor(c);
      ctx.fillText(fitText(ctx, String(CLASS_NAMES[c]), cell - 2), lab + (c + 0.5) * cell, top - 10);
    }
    ctx.restore();
    ctx.fillStyle = C.muted; ctx.textAlign = 'left'; ctx.fillText(tr('predicted →'), lab, 8);
    const right = M.reduce((a, row, r) => a + row[r], 0);
    const total = CT.what === 'test' ? D.test.n_total : D.n_total;
    const say = { step: steps[k], right: grouped(right), n: grouped(CT.n),
      points: CT.n < total ? ntr('{shown} of {n} point', '{shown} of {n} points', total, { shown: grouped(CT.n) }) : ntr('{n} point', '{n} points', total) };
    $('confusion-note').textContent = CT.what === 'test'
      ? tr('on the {points} of the test set at step {step}: rows the true class, columns the predicted one; {right} of {n} right', say)
      : tr('on the {points} of the training set at step {step}: rows the true class, columns the predicted one; {right} of {n} right', say);
  }
