  // -------------------------------------------------------------- the curves
  const logx = (s) => Math.log1p(s);
  const xMax = logx(Math.max(steps[S - 1], 1));
  // a test set's loss and accuracy at every snapshot, when the trace has one (more than 2 inputs)
  const TEST = D.test || null;
  const lossMax = Math.max(...lossRec, ...(TEST ? TEST.loss : []), 1e-12) * 1.05;
  let curveBox = null;
  function drawCurves() {
    const { ctx, w, h } = fit(canvases.curves);
    ctx.fillStyle = C.background; ctx.fillRect(0, 0, w, h);
    const b = { l: 44, r: w - 44, t: 18, btm: h - 30 };
    curveBox = b;
    const X_ = (s) => b.l + logx(s) / xMax * (b.r - b.l);
    ctx.strokeStyle = C.muted; ctx.lineWidth = 1;
    ctx.beginPath(); ctx.moveTo(b.l, b.t); ctx.lineTo(b.l, b.btm); ctx.lineTo(b.r, b.btm); ctx.lineTo(b.r, b.t); ctx.stroke();
    const curve = (vals, top, color) => {
      ctx.strokeStyle = color; ctx.lineWidth = 2; ctx.beginPath();
      for (let k = 0; k < S; k++) { const x = X_(steps[k]), y = b.btm - vals[k] / top * (b.btm - b.t); if (k) ctx.lineTo(x, y); else ctx.moveTo(x, y); }
      ctx.stroke();
    };
    curve(lossRec, lossMax, C.foreground);
    curve(accRec.map((v) => Math.max(v, 0)), 1, C.positive);  // R^2 below 0 drawn at 0
    if (TEST) {  // the test set's, dashed beside the training set's: overfitting shows as a gap
      ctx.setLineDash([5, 4]);
      curve(TEST.loss, lossMax, C.foreground);
      curve(TEST.accuracy, 1, C.positive);
      ctx.setLineDash([]);
    }
    ctx.font = '12px system-ui'; ctx.fillStyle = C.foreground; ctx.fillText(tr('loss'), 6, b.t + 10);
    ctx.fillText(num(lossMax.toPrecision(2)), 6, b.t + 24);
    // the score's name above the box's right end, where no curve runs (an accuracy near 1 runs along the top)
    ctx.fillStyle = C.positive; ctx.textAlign = 'right'; ctx.fillText(SCORE_NAME, b.r, b.t - 5); ctx.textAlign = 'left';
    ctx.fillText('1', b.r + 6, b.t + 8); ctx.fillText('0', b.r + 6, b.btm);
    if (TEST) { ctx.fillStyle = C.muted; ctx.fillText(tr('dashed: test set'), b.l + 8, b.btm - 8); }
    ctx.fillStyle = C.muted;
    const ticks = [0]; for (let e = 0; 10 ** e < steps[S - 1] * 0.6; e++) ticks.push(10 ** e);
    ticks.push(steps[S - 1]);
    for (const s of ticks) ctx.fillText(String(s), X_(s) - 6, b.btm + 14);
    ctx.textAlign = 'right'; ctx.fillText(tr('step (log scale)'), b.r, b.btm + 27); ctx.textAlign = 'left';
    const x = X_(stepAt(state.pos)), k = snapshotAt(state.pos);
    ctx.strokeStyle = C.gradient; ctx.lineWidth = 1.5; ctx.beginPath(); ctx.moveTo(x, b.t); ctx.lineTo(x, b.btm); ctx.stroke();
    ctx.fillStyle = C.gradient; ctx.beginPath(); ctx.arc(X_(steps[k]), b.btm - lossRec[k] / lossMax * (b.btm - b.t), 4, 0, 2 * Math.PI); ctx.fill();
  }
  function curveStepAt(mx) {
    const b = curveBox, u = Math.min(Math.max((mx - b.l) / (b.r - b.l), 0), 1);
    return Math.expm1(u * xMax);
  }
