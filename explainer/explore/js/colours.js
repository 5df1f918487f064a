  // ---------------------------------------------------------------- colours
  function rgb(hex) { const c = hex.replace('#', ''); return [0, 2, 4].map((k) => parseInt(c.slice(k, k + 2), 16)); }
  const BG = rgb(C.background);
  const CLS = C.classes.map(rgb);
  const classColor = (c) => C.classes[c % C.classes.length];
  // what colours a point: its class, or its target's bin on the value scale
  const DOTC = REG ? decode(V.dot, Int32Array) : Y;
  const DOTCOL = REG ? V.dot_colors : C.classes;
  const DOTRGB = DOTCOL.map(rgb), KD = REG ? V.dot_colors.length : K;
  const dotColor = (i) => DOTCOL[DOTC[i] % DOTCOL.length];
  // scenes.toolkit.surface.value_rgb, darkened as its heatmap is: y-hat from lo to hi
  const ANCH = REG ? V.anchors.map(rgb) : null;
  function valueColor(v, out, o) {
    const u = Math.min(Math.max((v - V.lo) / Math.max(V.hi - V.lo, 1e-12), 0), 1), t = u * (ANCH.length - 1);
    const k = Math.min(Math.floor(t), ANCH.length - 2), f = t - k;
    for (let c = 0; c < 3; c++) out[o + c] = 0.85 * (ANCH[k][c] * (1 - f) + ANCH[k + 1][c] * f);
    out[o + 3] = 255;
  }
  const unitColor = (j) => C.units[j % C.units.length];
  // scenes.toolkit.plane.class_rgb: the hue is the winning class's colour mixed with the
  // runner-up's by their probabilities; it stands out from the background with the winning
  // probability (from chance, 1/K, to certainty). Binary is the case K = 2.
  const S0 = 0.12, S1 = 0.55;
  function heatColor(p, off, out, o) {
    let r = 0, g = 0, b = 0, conf;
    if (D.output === 'binary') {
      const q = Math.min(Math.max(p[off], 0), 1);
      r = (1 - q) * CLS[0][0] + q * CLS[1][0]; g = (1 - q) * CLS[0][1] + q * CLS[1][1]; b = (1 - q) * CLS[0][2] + q * CLS[1][2];
      conf = Math.abs(2 * q - 1);
    } else {
      let a = 0, bb = -1;
      for (let c = 1; c < K; c++) if (p[off + c] > p[off + a]) a = c;
      for (let c = 0; c < K; c++) if (c !== a && (bb < 0 || p[off + c] > p[off + bb])) bb = c;
      const pa = Math.min(Math.max(p[off + a], 0), 1), pb = Math.min(Math.max(p[off + bb], 0), 1);
      const ca = CLS[a % CLS.length], cb = CLS[bb % CLS.length], tot = pa + pb > 0 ? pa + pb : 1;
      r = (pa * ca[0] + pb * cb[0]) / tot; g = (pa * ca[1] + pb * cb[1]) / tot; b = (pa * ca[2] + pb * cb[2]) / tot;
      conf = Math.min(Math.max((pa - 1 / K) / (1 - 1 / K), 0), 1);
    }
    const s = S0 + (S1 - S0) * conf;
    out[o] = BG[0] + s * (r - BG[0]); out[o + 1] = BG[1] + s * (g - BG[1]); out[o + 2] = BG[2] + s * (b - BG[2]); out[o + 3] = 255;
  }
