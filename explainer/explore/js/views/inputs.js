  // ------------------------------------------------------- the inputs' view
  // More than 2 inputs: each point where the core's fixed view of the inputs puts it
  // (mlp.projection.input_view, the scenes' own: D.view.Z), filled with the class the network
  // predicts for it at the snapshot shown and as strong as that prediction's probability; a
  // point the network gets wrong is ringed in its own class's colour.
  const IV = D.view;
  const viewZ = WIDE ? decode(IV.Z, Float64Array) : null;
  const predAll = WIDE ? decode(D.pred, Uint8Array) : null;
  const probAll = WIDE ? decode(D.prob, Uint8Array) : null;
  const inputsPts = new Float64Array(2 * n);
  const inputsLayer = { canvas: document.createElement('canvas'), img: null };
  let inputsBox = null, inputsKey = null;
  // how many of the data set's points the page holds (a sampled trace holds some of them)
  function shownNote(shown, total) {
    return shown < total ? ntr('{shown} of {n} point shown', '{shown} of {n} points shown', total, { shown: grouped(shown) })
      : ntr('{n} point', '{n} points', total);
  }
  // an axis of the inputs' view by its name (PC1, LD1, LD2: symbols)
  const axisName = (a) => (a === 'PC1 across LD1' ? tr('PC1 across LD1') : a);
  // what the inputs' view shows, and how much of it (mlp.projection.InputView.description)
  function viewWords() {
    const say = { d: DIN, a: axisName(IV.axes[0]), b: axisName(IV.axes[1]), share: (100 * (IV.share[0] + IV.share[1])).toFixed(0) };
    if (IV.kind === 'pca') return tr('{d} inputs seen through their principal components: {a} and {b} ({share}% of the variance)', say);
    if (IV.kind === 'lda') return tr('{d} inputs seen through their discriminant view (LDA): {a} and {b} ({share}% of the separation between classes)', say);
    return tr('the inputs themselves');
  }
  function drawInputs(k) {
    const c = $('inputs'), { ctx, w, h } = fit(c), dpr = window.devicePixelRatio || 1;
    const key = [k, c.width, c.height, state.point].join();
    if (key === inputsKey) return;  // nothing on it changed: the canvas keeps its picture
    inputsKey = key;
    ctx.fillStyle = C.background; ctx.fillRect(0, 0, w, h);
    const size = Math.min(w, h) - 24, ox = (w - size) / 2, oy = (h - size) / 2;
    inputsBox = { ox, oy, size };
    const [a0, a1] = IV.xlim, [b0, b1] = IV.ylim;
    for (let i = 0; i < n; i++) {
      inputsPts[2 * i] = ox + (viewZ[2 * i] - a0) / (a1 - a0) * size;
      inputsPts[2 * i + 1] = oy + (1 - (viewZ[2 * i + 1] - b0) / (b1 - b0)) * size;
    }
    ctx.strokeStyle = C.muted; ctx.lineWidth = 1; ctx.strokeRect(ox, oy, size, size);
    // the dots, written into one image (a path per dot costs the software rasteriser more)
    const W = c.width, H = c.height, L0 = inputsLayer;
    if (L0.canvas.width !== W || L0.canvas.height !== H || !L0.img) {
      L0.canvas.width = W; L0.canvas.height = H;
      L0.ctx = L0.canvas.getContext('2d'); L0.img = L0.ctx.createImageData(W, H);
    }
    const data = L0.img.data, r = 2.6 * dpr, ring = r + 1.6 * dpr, chance = 1 / K;
    data.fill(0);
    for (let i = 0; i < n; i++) {
      const p = predAll[k * n + i], conf = Math.min(Math.max((probAll[k * n + i] / 255 - chance) / (1 - chance), 0), 1);
      const a = 0.35 + 0.65 * conf, pc = CLS[p % CLS.length], tc = CLS[Y[i] % CLS.length], wrong = p !== Y[i];
      const fill = [BG[0] + a * (pc[0] - BG[0]), BG[1] + a * (pc[1] - BG[1]), BG[2] + a * (pc[2] - BG[2])];
      const cx = inputsPts[2 * i] * dpr, cy = inputsPts[2 * i + 1] * dpr, R = wrong ? ring : r;
      const xa = Math.max(0, Math.floor(cx - R)), xb = Math.min(W - 1, Math.ceil(cx + R));
      const ya = Math.max(0, Math.floor(cy - R)), yb = Math.min(H - 1, Math.ceil(cy + R));
      for (let y = ya; y <= yb; y++) {
        const dy = y + 0.5 - cy;
        for (let x = xa; x <= xb; x++) {
          const dx = x + 0.5 - cx, d = Math.sqrt(dx * dx + dy * dy);
          if (d > R) continue;
          const col = d <= r ? fill : tc, o = 4 * (y * W + x);
          data[o] = col[0]; data[o + 1] = col[1]; data[o + 2] = col[2]; data[o + 3] = 255;
        }
      }
    }
    L0.ctx.putImageData(L0.img, 0, 0);
    ctx.save(); ctx.setTransform(1, 0, 0, 1, 0, 0); ctx.drawImage(L0.canvas, 0, 0); ctx.restore();
    if (state.point >= 0) {
      ctx.strokeStyle = C.foreground; ctx.lineWidth = 2; ctx.beginPath();
      ctx.arc(inputsPts[2 * state.point], inputsPts[2 * state.point + 1], 7, 0, 2 * Math.PI); ctx.stroke();
    }
    // the view's axes, named as the core names them
    ctx.font = '12px system-ui'; ctx.fillStyle = C.muted;
    ctx.textAlign = 'right'; ctx.textBaseline = 'bottom'; ctx.fillText(axisName(IV.axes[0]), ox + size - 6, oy + size - 4);
    ctx.save(); ctx.translate(ox + 4, oy + 6); ctx.rotate(-Math.PI / 2); ctx.textBaseline = 'top'; ctx.fillText(axisName(IV.axes[1]), 0, 0); ctx.restore();
    ctx.textAlign = 'left'; ctx.textBaseline = 'alphabetic';
  }
  function inputsNote() {
    $('inputs-note').textContent = clauses([viewWords(), shownNote(n, D.n_total)]) + '. ' +
      tr("Each point is filled with the class the network predicts for it, as strongly as it is sure; a point it gets wrong is ringed in its own class's colour. Click a point to see it.");
  }
  function inputAt(mx, my) {
    let best = -1, bd = 10;
    for (let i = 0; i < n; i++) { const d = Math.hypot(inputsPts[2 * i] - mx, inputsPts[2 * i + 1] - my); if (d < bd) { bd = d; best = i; } }
    return best;
  }
