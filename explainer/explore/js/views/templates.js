  // ------------------------------------------------- the first layer's templates
  // What each first-layer unit looks for: its weights w_j over the inputs, at the position
  // shown. Image inputs: each unit's weights as an image of the input's shape (positive
  // weights in one colour, negative in the other, each unit scaled by its largest weight);
  // other inputs: each unit a column of bars over the features' names.
  const MAX_UNITS = 64, MAX_FEATURES = 40;
  const H1 = sizes[1];
  // which units and features are shown (the strongest, by the final snapshot's weights)
  function strongest(count, score) { return Array.from({ length: count }, (_, j) => j).sort((a, b) => score(b) - score(a) || a - b); }
  const lastW = WIDE ? lerpLayer(Ws, 0, Math.max(S - 1, 0), 0) : null;
  const unitsShown = WIDE ? strongest(H1, (j) => { let s = 0; for (let d = 0; d < DIN; d++) s += lastW[d * H1 + j] ** 2; return s; }).slice(0, MAX_UNITS).sort((a, b) => a - b) : [];
  const featsShown = WIDE ? strongest(DIN, (d) => { let s = 0; for (let j = 0; j < H1; j++) s += lastW[d * H1 + j] ** 2; return s; }).slice(0, MAX_FEATURES).sort((a, b) => a - b) : [];
  const POS = rgb(C.positive), NEG = rgb(C.negative);
  const tplLayer = document.createElement('canvas');
  function drawTemplates(P) {
    const { ctx, w, h } = fit($('templates')), W0 = P.W[0], U = unitsShown.length;
    ctx.fillStyle = C.background; ctx.fillRect(0, 0, w, h);
    const scale = unitsShown.map((j) => { let m = 1e-12; for (let d = 0; d < DIN; d++) m = Math.max(m, Math.abs(W0[d * H1 + j])); return m; });
    if (SHAPE) {
      const [rows, cols] = SHAPE, per = Math.ceil(Math.sqrt(U * w / h)), lines = Math.ceil(U / per);
      const cell = Math.max(1, Math.min((w - 4) / (per * (cols + 1)), (h - 4) / (lines * (rows + 1))));
      tplLayer.width = per * (cols + 1); tplLayer.height = lines * (rows + 1);
      const tctx = tplLayer.getContext('2d'), img = tctx.createImageData(tplLayer.width, tplLayer.height), px = img.data;
      for (let q = 0; q < px.length; q += 4) { px[q] = BG[0]; px[q + 1] = BG[1]; px[q + 2] = BG[2]; px[q + 3] = 255; }
      unitsShown.forEach((j, u) => {
        const gx = (u % per) * (cols + 1), gy = Math.floor(u / per) * (rows + 1);
        for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
          const v = W0[(r * cols + c) * H1 + j] / scale[u], col = v >= 0 ? POS : NEG, a = Math.min(Math.abs(v), 1);
          const o = 4 * ((gy + r) * tplLayer.width + gx + c);
          for (let t = 0; t < 3; t++) px[o + t] = BG[t] + a * (col[t] - BG[t]);
        }
      });
      tctx.putImageData(img, 0, 0);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(tplLayer, 2, 2, tplLayer.width * cell, tplLayer.height * cell);
    } else {
      const F = featsShown.length, lab = Math.min(170, w * 0.3), rowH = (h - 22) / F, colW = (w - lab - 4) / U;
      ctx.font = `${Math.max(8, Math.min(12, rowH - 1))}px system-ui`; ctx.textBaseline = 'middle';
      featsShown.forEach((d, f) => {
        ctx.fillStyle = C.muted; ctx.textAlign = 'right';
        ctx.fillText(fitText(ctx, FEATURE_NAMES ? String(FEATURE_NAMES[d]) : `x${d + 1}`, lab - 8), lab - 4, 18 + (f + 0.5) * rowH);
      });
      unitsShown.forEach((j, u) => {
        const cx = lab + (u + 0.5) * colW;
        ctx.fillStyle = unitColor(j); ctx.textAlign = 'center'; ctx.fillText(String(j + 1), cx, 8);
        ctx.strokeStyle = C.muted; ctx.lineWidth = 0.5; ctx.beginPath(); ctx.moveTo(cx, 16); ctx.lineTo(cx, h - 4); ctx.stroke();
        featsShown.forEach((d, f) => {
          const v = W0[d * H1 + j] / scale[u], y = 18 + f * rowH;
          ctx.fillStyle = v >= 0 ? C.positive : C.negative;
          ctx.fillRect(Math.min(cx, cx + v * colW * 0.45), y + rowH * 0.15, Math.max(Math.abs(v) * colW * 0.45, 0.5), rowH * 0.7);
        });
      });
    }
  }
  function templatesNote() {
    const more = H1 - unitsShown.length, fmore = DIN - featsShown.length;
    const parts = [detail(SHAPE ? tr("each of the {units} first-layer units' {d} weights as a {rows}x{cols} image", { units: H1, d: DIN, rows: SHAPE[0], cols: SHAPE[1] })
      : tr('each first-layer unit (a column) and its weight on each input (a bar)'),
    tr('positive and negative weights in their two colours, each unit scaled by its largest weight'))];
    if (more > 0) parts.push(tr('the {shown} strongest units shown, +{more} more', { shown: unitsShown.length, more }));
    if (!SHAPE && fmore > 0) parts.push(tr('the {shown} inputs with the largest weights, +{more} more', { shown: featsShown.length, more: fmore }));
    $('templates-note').textContent = clauses(parts);
  }
