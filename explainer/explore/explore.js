// The explorer page: four linked views of one recorded training run.
//
// The trace is embedded as JSON (#trace-data), arrays as base64 little-endian. Everything
// on screen follows one continuous position `pos` in [0, S-1], interpolated between
// snapshots exactly as Trace.params_at does, and the readout shows the recorded step, loss
// and accuracy of snapshot round(pos) (Trace.snapshot_at), never a recomputed number.
// The forward and backward passes below are general: any depth, any activation of the
// core, a binary (sigmoid) or softmax output. Layers compute s = h W + b, W of shape (in, out).
(function () {
  'use strict';

  const D = JSON.parse(document.getElementById('trace-data').textContent);
  const C = D.colors;

  // ------------------------------------------------------------------ the trace
  function decode(text, Type) {
    const bin = atob(text);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Type(bytes.buffer);
  }
  const PType = D.dtype === 'float32' ? Float32Array : Float64Array;
  const sizes = D.sizes, L = sizes.length - 1, S = D.S, n = D.n, K = D.classes;
  // a regression's targets are numbers; its points are coloured by value bins (D.value.dot)
  const REG = D.kind === 'regression', V = D.value;
  const X = decode(D.X, Float64Array), Y = decode(D.y, REG ? Float64Array : Int32Array);
  const DIN = sizes[0];  // 2 inputs (the plane), or 1 for a regression (the fitted curve)
  const Ws = D.W.map((t) => decode(t, PType)), Bs = D.b.map((t) => decode(t, PType));
  const gWs = D.gW ? D.gW.map((t) => decode(t, PType)) : null;
  const gBs = D.gb ? D.gb.map((t) => decode(t, PType)) : null;
  const steps = D.steps, lossRec = D.loss, accRec = D.accuracy;

  // Trace._position: a snapshot index and a fraction.
  function position(pos) {
    const last = S - 1;
    pos = Math.min(Math.max(+pos, 0), last);
    const k = Math.min(Math.floor(pos), Math.max(last - 1, 0));
    return [k, pos - k];
  }
  function lerpLayer(arrs, i, k, t) {
    const a = arrs[i], size = a.length / S, out = new Float64Array(size);
    const o0 = k * size;
    if (S === 1 || t === 0) { for (let j = 0; j < size; j++) out[j] = a[o0 + j]; return out; }
    const o1 = o0 + size;
    for (let j = 0; j < size; j++) out[j] = (1.0 - t) * a[o0 + j] + t * a[o1 + j];
    return out;
  }
  // Trace.params_at: weights and biases at a fractional position.
  function paramsAt(pos) {
    const [k, t] = position(pos);
    const W = [], B = [];
    for (let i = 0; i < L; i++) { W.push(lerpLayer(Ws, i, k, t)); B.push(lerpLayer(Bs, i, k, t)); }
    return { W, B };
  }
  function gradsAt(pos) {
    if (!gWs) return null;
    const [k, t] = position(pos);
    const W = [], B = [];
    for (let i = 0; i < L; i++) { W.push(lerpLayer(gWs, i, k, t)); B.push(lerpLayer(gBs, i, k, t)); }
    return { W, B };
  }
  // numpy's round (half to even), so the readout picks Trace.snapshot_at's snapshot.
  function roundHalfEven(v) {
    const f = Math.floor(v), d = v - f;
    if (d > 0.5) return f + 1;
    if (d < 0.5) return f;
    return f % 2 === 0 ? f : f + 1;
  }
  function snapshotAt(pos) { return Math.min(Math.max(roundHalfEven(pos), 0), S - 1); }
  function stepAt(pos) {
    const [k, t] = position(pos);
    return S === 1 ? steps[0] : (1 - t) * steps[k] + t * steps[k + 1];
  }
  function positionOfStep(step) {  // np.interp(step, steps, arange(S))
    if (step <= steps[0]) return 0;
    if (step >= steps[S - 1]) return S - 1;
    let lo = 0, hi = S - 1;
    while (hi - lo > 1) { const m = (lo + hi) >> 1; if (steps[m] <= step) lo = m; else hi = m; }
    return lo + (step - steps[lo]) / (steps[hi] - steps[lo]);
  }

  // ------------------------------------------------------ forward and backward
  const ACT = {
    sigmoid: (s) => (s >= 0 ? 1 / (1 + Math.exp(-s)) : Math.exp(s) / (1 + Math.exp(s))),
    tanh: Math.tanh,
    relu: (s) => (s > 0 ? s : 0),
    leaky_relu: (s) => Math.max(s, 0.01 * s),
    softplus: (s) => Math.max(s, 0) + Math.log1p(Math.exp(-Math.abs(s))),
    silu: (s) => s * ACT.sigmoid(s),
    identity: (s) => s,
  };
  // dh/ds from the cached s and h, as mlp.activations.DERIVATIVES.
  const DER = {
    sigmoid: (s, h) => h * (1 - h),
    tanh: (s, h) => 1 - h * h,
    relu: (s) => (s > 0 ? 1 : 0),
    leaky_relu: (s) => (s > 0 ? 1 : 0.01),
    softplus: (s) => ACT.sigmoid(s),
    silu: (s) => { const g = ACT.sigmoid(s); return g * (1 + s * (1 - g)); },
    identity: () => 1,
  };
  const ders = D.activations.map((a) => DER[a]);
  const square = D.input_map === 'square';

  // h = act(s) elementwise over the first `len` entries, one loop per activation
  function applyActivation(name, src, dst, len) {
    switch (name) {
      case 'sigmoid':
        for (let k = 0; k < len; k++) { const v = src[k]; if (v >= 0) dst[k] = 1 / (1 + Math.exp(-v)); else { const e = Math.exp(v); dst[k] = e / (1 + e); } }
        return;
      case 'tanh': for (let k = 0; k < len; k++) dst[k] = Math.tanh(src[k]); return;
      case 'relu': for (let k = 0; k < len; k++) dst[k] = src[k] > 0 ? src[k] : 0; return;
      default: { const f = ACT[name]; for (let k = 0; k < len; k++) dst[k] = f(src[k]); }
    }
  }

  // Forward pass of m points (inputs xs, m*2 numbers). Returns {s, h}: per layer the
  // pre-activations s[i] (m*sizes[i+1]) and activations h[i] (h[0] the mapped input, the
  // last h the output probabilities, m*sizes[-1]). `bufs` reuses the arrays of a previous call.
  function forward(P, xs, m, bufs) {
    const h = bufs ? bufs.h : [new Float64Array(m * sizes[0])];
    const s = bufs ? bufs.s : [];
    if (!bufs) for (let i = 0; i < L; i++) { s.push(new Float64Array(m * sizes[i + 1])); h.push(new Float64Array(m * sizes[i + 1])); }
    const h0 = h[0];
    for (let j = 0; j < m * sizes[0]; j++) h0[j] = square ? xs[j] * xs[j] : xs[j];
    for (let i = 0; i < L; i++) {
      const W = P.W[i], b = P.B[i], nin = sizes[i], nout = sizes[i + 1];
      const hin = h[i], si = s[i], ho = h[i + 1], total = m * nout;
      // s = h W + b, one weight at a time over every row (long, simple loops run fast)
      si.fill(0, 0, total);
      for (let q = 0; q < nin; q++) for (let j = 0; j < nout; j++) {
        const w = W[q * nout + j];
        for (let r = 0, ri = q, ro = j; r < m; r++, ri += nin, ro += nout) si[ro] += hin[ri] * w;
      }
      for (let j = 0; j < nout; j++) { const bj = b[j]; for (let ro = j; ro < total; ro += nout) si[ro] += bj; }
      if (i < L - 1) applyActivation(D.activations[i], si, ho, total);
      else if (D.output === 'binary') applyActivation('sigmoid', si, ho, total);
      else if (REG) for (let k = 0; k < total; k++) ho[k] = si[k];  // identity: y-hat = z
      else {
        for (let r = 0; r < m; r++) {
          const ro = r * nout;
          let mx = -Infinity, sum = 0;
          for (let j = 0; j < nout; j++) mx = Math.max(mx, si[ro + j]);
          for (let j = 0; j < nout; j++) { const e = Math.exp(si[ro + j] - mx); ho[ro + j] = e; sum += e; }
          for (let j = 0; j < nout; j++) ho[ro + j] /= sum;
        }
      }
    }
    return { s, h };
  }

  // One example's own gradient of its loss (MLP.per_example_gradients for one row):
  // {W: dL/dW[i] (in*out), B: dL/db[i] (out)}.
  function exampleGradient(P, f, y) {
    const gW = [], gB = [];
    let delta = new Float64Array(sizes[L]);
    const p = f.h[L];
    if (D.output === 'binary') delta[0] = p[0] - y;
    else if (REG) {  // the recorded loss's dL/dy-hat (mlp.outputs): the residual for 1/2 (y-hat - y)^2
      const r = p[0] - y;
      delta[0] = D.loss_name === 'mse' ? 2 * r : D.loss_name === 'l1' ? Math.sign(r) : r;
    } else for (let j = 0; j < sizes[L]; j++) delta[j] = p[j] - (j === y ? 1 : 0);
    for (let i = L - 1; i >= 0; i--) {
      const nin = sizes[i], nout = sizes[i + 1], hin = f.h[i];
      const dW = new Float64Array(nin * nout);
      for (let q = 0; q < nin; q++) for (let j = 0; j < nout; j++) dW[q * nout + j] = hin[q] * delta[j];
      gW[i] = dW; gB[i] = Float64Array.from(delta);
      if (i) {
        const prev = new Float64Array(nin), W = P.W[i], d = ders[i - 1];
        for (let q = 0; q < nin; q++) {
          let acc = 0;
          for (let j = 0; j < nout; j++) acc += delta[j] * W[q * nout + j];
          prev[q] = acc * d(f.s[i - 1][q], f.h[i][q]);
        }
        delta = prev;
      }
    }
    return { W: gW, B: gB };
  }

  // scenes.toolkit.words.step_size for the batch a step used (page.pull_step).
  const LR = D.lr == null ? 1.0 : D.lr;
  const PULL_STEP = D.pull_step;

  // Everything the panel shows for data point i at pos: the forward pass and, for each
  // first-layer unit, the point's own gradient and its pull on the unit's line
  // (scenes.pull.line_pulls: shift = step (dL_i/dw_j . x_i + dL_i/db_j) / |w_j| along w_j/|w_j|).
  let detailsMemo = null;
  function pointDetails(i, pos) {
    if (detailsMemo && detailsMemo.i === i && detailsMemo.pos === pos) return detailsMemo.value;
    const value = computePointDetails(i, pos);
    detailsMemo = { i, pos, value };
    return value;
  }
  function computePointDetails(i, pos) {
    const P = paramsAt(pos);
    const x = Array.from(X.subarray(DIN * i, DIN * (i + 1)));
    const f = forward(P, Float64Array.from(x), 1);
    const g = exampleGradient(P, f, Y[i]);
    const layers = [];
    for (let l = 0; l < L; l++) layers.push({ s: Array.from(f.s[l]), h: Array.from(f.h[l + 1]) });
    const pulls = [];
    const k = DIN === 2 ? sizes[1] : 0;  // lines in the plane: 2 inputs
    for (let j = 0; j < k; j++) {
      const w = [P.W[0][j], P.W[0][k + j]];
      const norm = Math.max(Math.hypot(w[0], w[1]), 1e-12);
      const gw = [g.W[0][j], g.W[0][k + j]], gb = g.B[0][j];
      const shift = PULL_STEP * (gw[0] * x[0] + gw[1] * x[1] + gb) / norm;
      pulls.push({ unit: j, gw, gb, shift, normal: [w[0] / norm, w[1] / norm] });
    }
    const out = Array.from(f.h[L]);
    const predicted = REG ? out[0] : D.output === 'binary' ? (out[0] >= 0.5 ? 1 : 0) : out.indexOf(Math.max(...out));
    return { index: i, x, y: Y[i], layers, output: out, predicted, pulls, gradient: g };
  }

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

  // ------------------------------------------------------------------ state
  const VIEWS = ['plane', 'hidden', 'graph', 'curves'];
  const state = {
    pos: 0, view: null, point: -1, layer: 1, yaw: -0.9, pitch: 0.55,
    show: { heat: true, boundary: true, lines: true, pulls: true },
    playing: false, speed: 1, res: 200, naive: false,
  };
  function readHash() {
    const h = new URLSearchParams(location.hash.slice(1));
    if (h.has('step')) { const v = parseFloat(h.get('step')); if (isFinite(v)) state.pos = positionOfStep(v); }
    if (h.has('pos')) { const v = parseFloat(h.get('pos')); if (isFinite(v)) state.pos = Math.min(Math.max(v, 0), S - 1); }
    state.view = VIEWS.includes(h.get('view')) ? h.get('view') : null;
    const pt = parseInt(h.get('point'), 10);
    state.point = Number.isInteger(pt) && pt >= 0 && pt < n ? pt : -1;
    const layer = parseInt(h.get('layer'), 10);
    if (layer >= 1 && layer <= D.projections.length) state.layer = layer;
    if (h.has('hide')) for (const k of h.get('hide').split(',')) if (k in state.show) state.show[k] = false;
    if (h.has('rot')) { const [a, b] = h.get('rot').split(',').map(parseFloat); if (isFinite(a) && isFinite(b)) { state.yaw = a; state.pitch = b; } }
    const res = parseInt(h.get('res'), 10);
    if (res >= 16 && res <= 1000) state.res = res;
    state.naive = h.get('draw') === 'naive';
  }
  let hashTimer = null;
  function writeHash() {
    // the step (a recorded step when on a snapshot, else the interpolated one) names the moment
    const p = new URLSearchParams();
    const k = snapshotAt(state.pos);
    if (Math.abs(state.pos - k) < 1e-9) p.set('step', String(steps[k])); else p.set('pos', state.pos.toFixed(4));
    if (state.view) p.set('view', state.view);
    if (state.point >= 0) p.set('point', String(state.point));
    if (state.layer !== 1) p.set('layer', String(state.layer));
    const hidden = Object.keys(state.show).filter((k2) => !state.show[k2]);
    if (hidden.length) p.set('hide', hidden.join(','));
    p.set('rot', state.yaw.toFixed(2) + ',' + state.pitch.toFixed(2));
    if (state.res !== 200) p.set('res', String(state.res));
    if (state.naive) p.set('draw', 'naive');
    const text = '#' + p.toString();
    if (text === location.hash) return;
    try { history.replaceState(null, '', text); } catch (e) { /* a srcdoc frame (a notebook) has no URL to keep */ }
  }
  function scheduleHash() { if (hashTimer === null) hashTimer = setTimeout(() => { hashTimer = null; writeHash(); }, 150); }

  // --------------------------------------------------------------- canvases
  const $ = (id) => document.getElementById(id);
  const canvases = {};
  for (const v of VIEWS) canvases[v] = $(v);
  // Each canvas's CSS size, measured when it changes (not every frame: measuring forces
  // the browser to lay out the page).
  const cssSize = new Map();
  const measure = (c) => { const r = c.getBoundingClientRect(); cssSize.set(c, [r.width, r.height]); return cssSize.get(c); };
  const resized = new ResizeObserver((entries) => {
    let changed = false;
    for (const e of entries) {
      const old = cssSize.get(e.target), now = measure(e.target);
      if (!old || old[0] !== now[0] || old[1] !== now[1]) changed = true;
    }
    if (changed && document.body.dataset.ready) draw();
  });
  function fit(c) {
    if (!cssSize.has(c)) { measure(c); resized.observe(c); }
    const [cw, ch] = cssSize.get(c), dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(cw * dpr)), h = Math.max(1, Math.round(ch * dpr));
    if (c.width !== w || c.height !== h) { c.width = w; c.height = h; }
    const ctx = c.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    return { ctx, w: cw, h: ch };
  }

  // ---------------------------------------------------------- the input plane
  const [x0, x1] = D.xlim, [y0, y1] = D.ylim;
  let planeBox = null;  // {ox, oy, size}: the square the plane is drawn in, CSS pixels
  function toPlane(px, py) { const b = planeBox; return [b.ox + (px - x0) / (x1 - x0) * b.size, b.oy + (1 - (py - y0) / (y1 - y0)) * b.size]; }
  const heat = { canvas: document.createElement('canvas'), res: 0, xs: null, bufs: null, img: null };
  function heatGrid(res) {
    if (heat.res === res) return;
    heat.res = res; heat.canvas.width = res; heat.canvas.height = res;
    heat.xs = new Float64Array(res * res * 2);
    for (let r = 0; r < res; r++) for (let c = 0; c < res; c++) {
      const k = (r * res + c) * 2;  // row 0 at the top (ylim[1])
      heat.xs[k] = x0 + (c + 0.5) / res * (x1 - x0);
      heat.xs[k + 1] = y1 - (r + 0.5) / res * (y1 - y0);
    }
    heat.bufs = forward(paramsAt(0), heat.xs, res * res);
    heat.ctx = heat.canvas.getContext('2d');
    heat.img = heat.ctx.createImageData(res, res);
  }
  // marching squares on P(y=1) at `level`: segment ends (row, col) in grid coordinates,
  // written into one reused buffer; returns how many numbers it holds
  let segBuf = new Float64Array(0);
  function contour(p, res, level) {
    if (segBuf.length < res * res * 8) segBuf = new Float64Array(res * res * 8);
    const out = segBuf;
    let m = 0;
    for (let r = 0; r < res - 1; r++) {
      const o = r * res;
      for (let c = 0; c < res - 1; c++) {
        const a = p[o + c] - level, b = p[o + c + 1] - level, d = p[o + res + c] - level, e = p[o + res + c + 1] - level;
        const sa = a < 0, sb = b < 0, sd = d < 0, se = e < 0;
        if (sa === sb && sb === sd && sd === se) continue;
        const start = m;
        if (sa !== sb) { out[m++] = r; out[m++] = c + a / (a - b); }
        if (sb !== se) { out[m++] = r + b / (b - e); out[m++] = c + 1; }
        if (sd !== se) { out[m++] = r + 1; out[m++] = c + d / (d - e); }
        if (sa !== sd) { out[m++] = r + a / (a - d); out[m++] = c; }
        if ((m - start) % 4 !== 0) m -= 2;  // a corner exactly on the level: keep whole segments
      }
    }
    return m;
  }
  function clipLine(w0, w1, b) {  // the line w.x + b = 0 inside the plane's square
    const pts = [];
    const corners = [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
    const f = corners.map(([u, v]) => w0 * u + w1 * v + b);
    for (let i = 0; i < 4; i++) {
      const j = (i + 1) % 4;
      if ((f[i] < 0) !== (f[j] < 0)) {
        const t = f[i] / (f[i] - f[j]);
        pts.push([corners[i][0] + t * (corners[j][0] - corners[i][0]), corners[i][1] + t * (corners[j][1] - corners[i][1])]);
      }
    }
    return pts.length >= 2 ? pts.slice(0, 2) : null;
  }
  function arrow(ctx, ax, ay, bx, by, color) {
    const dx = bx - ax, dy = by - ay, len = Math.hypot(dx, dy);
    if (len < 0.5) return;
    const ux = dx / len, uy = dy / len, tip = Math.min(8, len / 2);
    ctx.strokeStyle = color; ctx.fillStyle = color; ctx.lineWidth = 2;
    ctx.beginPath(); ctx.moveTo(ax, ay); ctx.lineTo(bx - tip * ux, by - tip * uy); ctx.stroke();
    ctx.beginPath(); ctx.moveTo(bx, by); ctx.lineTo(bx - tip * ux - tip * 0.5 * uy, by - tip * uy + tip * 0.5 * ux);
    ctx.lineTo(bx - tip * ux + tip * 0.5 * uy, by - tip * uy - tip * 0.5 * ux); ctx.closePath(); ctx.fill();
  }
  // The data as round, anti-aliased dots written straight into one image (class by class,
  // each dot's coverage from its distance to the centre) and drawn with one drawImage: a
  // path of 2,000 arcs costs the browser's software rasteriser ten times as much.
  const dotLayers = new Map();
  function drawDots(ctx, w, h, pts, radius) {
    const dpr = window.devicePixelRatio || 1, W = Math.max(1, Math.round(w * dpr)), H = Math.max(1, Math.round(h * dpr));
    if (state.naive) {  // the alternative the benchmark compares with: a path per point
      for (let i = 0; i < n; i++) { ctx.fillStyle = dotColor(i); ctx.beginPath(); ctx.arc(pts[2 * i], pts[2 * i + 1], radius, 0, 2 * Math.PI); ctx.fill(); }
      return;
    }
    let layer = dotLayers.get(ctx);
    if (!layer || layer.W !== W || layer.H !== H) {
      const canvas = document.createElement('canvas');
      canvas.width = W; canvas.height = H;
      const lctx = canvas.getContext('2d');
      layer = { W, H, canvas, lctx, img: lctx.createImageData(W, H) };
      dotLayers.set(ctx, layer);
    }
    const data = layer.img.data, r = radius * dpr;
    data.fill(0);
    for (let c = 0; c < KD; c++) {
      const [cr, cg, cb] = DOTRGB[c % DOTRGB.length];
      for (const i of byClass[c]) {
        const cx = pts[2 * i] * dpr, cy = pts[2 * i + 1] * dpr;
        const xa = Math.max(0, Math.floor(cx - r - 1)), xb = Math.min(W - 1, Math.ceil(cx + r + 1));
        const ya = Math.max(0, Math.floor(cy - r - 1)), yb = Math.min(H - 1, Math.ceil(cy + r + 1));
        for (let y = ya; y <= yb; y++) {
          const dy = y + 0.5 - cy;
          for (let x = xa; x <= xb; x++) {
            const dx = x + 0.5 - cx, cover = r + 0.5 - Math.sqrt(dx * dx + dy * dy);
            if (cover <= 0) continue;
            const a = cover >= 1 ? 1 : cover, o = 4 * (y * W + x), da = data[o + 3] / 255;
            const oa = a + da * (1 - a);  // this dot over what is there
            data[o] = (cr * a + data[o] * da * (1 - a)) / oa;
            data[o + 1] = (cg * a + data[o + 1] * da * (1 - a)) / oa;
            data[o + 2] = (cb * a + data[o + 2] * da * (1 - a)) / oa;
            data[o + 3] = 255 * oa;
          }
        }
      }
    }
    layer.lctx.putImageData(layer.img, 0, 0);
    ctx.save(); ctx.setTransform(1, 0, 0, 1, 0, 0); ctx.drawImage(layer.canvas, 0, 0); ctx.restore();
  }
  const byClass = [];
  for (let c = 0; c < KD; c++) byClass.push([]);
  for (let i = 0; i < n; i++) byClass[DOTC[i]].push(i);
  const planePts = new Float64Array(2 * n);
  let pullGain = 1;

  // A regression of one input: the fitted curve y-hat(x) over the data, each unit of the
  // last hidden layer's weighted curve v_i h_i(x) in its colour (they add up, with the output
  // bias c, to the fit: scenes.toolkit.curves), and each point's residual.
  const FIT_SAMPLES = 241;
  function fitCurves(P, xs) {
    const m = xs.length, f = forward(P, Float64Array.from(xs), m), units = [];
    if (L > 1) {
      const H = f.h[L - 1], k = sizes[L - 1], v = P.W[L - 1];
      for (let j = 0; j < k; j++) { const c = new Array(m); for (let r = 0; r < m; r++) c[r] = v[j] * H[r * k + j]; units.push(c); }
    }
    return { units, bias: P.B[L - 1][0], fit: Array.from(f.h[L]) };
  }
  function drawFit(P) {
    const { ctx, w, h } = fit(canvases.plane);
    ctx.fillStyle = C.background; ctx.fillRect(0, 0, w, h);
    const size = Math.min(w, h) - 8;
    planeBox = { ox: (w - size) / 2, oy: (h - size) / 2, size };
    ctx.strokeStyle = C.muted; ctx.lineWidth = 1; ctx.strokeRect(planeBox.ox, planeBox.oy, size, size);
    if (y0 < 0 && y1 > 0) { const a = toPlane(x0, 0), b = toPlane(x1, 0); ctx.globalAlpha = 0.5; ctx.beginPath(); ctx.moveTo(...a); ctx.lineTo(...b); ctx.stroke(); ctx.globalAlpha = 1; }
    const xs = []; for (let r = 0; r < FIT_SAMPLES; r++) xs.push(x0 + (x1 - x0) * r / (FIT_SAMPLES - 1));
    const cur = fitCurves(P, xs);
    const poly = (ys, color, width) => {
      ctx.strokeStyle = color; ctx.lineWidth = width; ctx.beginPath();
      ys.forEach((y, r) => { const q = toPlane(xs[r], y); if (r) ctx.lineTo(q[0], q[1]); else ctx.moveTo(q[0], q[1]); });
      ctx.stroke();
    };
    if (state.show.lines) cur.units.forEach((ys, j) => poly(ys, unitColor(j), 1.8));
    const yhat = forward(P, X, n).h[L];
    if (state.show.boundary) {  // the residuals
      ctx.strokeStyle = C.gradient; ctx.globalAlpha = 0.7; ctx.lineWidth = 1; ctx.beginPath();
      for (let i = 0; i < n; i++) { const a = toPlane(X[i], Y[i]), b = toPlane(X[i], yhat[i]); ctx.moveTo(...a); ctx.lineTo(...b); }
      ctx.stroke(); ctx.globalAlpha = 1;
    }
    for (let i = 0; i < n; i++) { const q = toPlane(X[i], Y[i]); planePts[2 * i] = q[0]; planePts[2 * i + 1] = q[1]; }
    drawDots(ctx, w, h, planePts, n > 1000 ? 2.2 : 3.0);
    if (state.show.heat) poly(cur.fit, C.foreground, 3);
    if (state.point >= 0) {
      const i = state.point;
      ctx.strokeStyle = C.foreground; ctx.lineWidth = 2; ctx.beginPath(); ctx.arc(planePts[2 * i], planePts[2 * i + 1], 8, 0, 2 * Math.PI); ctx.stroke();
    }
    $('plane-note').textContent = 'x against y: the fit y-hat(x) in white' +
      (L > 1 ? `, each hidden unit's weighted curve v_i h_i(x) in its colour (with the output bias c = ${cur.bias.toFixed(3)}, they add up to the fit)` : '') +
      '; the residuals in yellow';
  }

  function drawPlane(P) {
    if (DIN === 1) { drawFit(P); return; }
    const { ctx, w, h } = fit(canvases.plane);
    ctx.fillStyle = C.background; ctx.fillRect(0, 0, w, h);
    const size = Math.min(w, h) - 8;
    planeBox = { ox: (w - size) / 2, oy: (h - size) / 2, size };
    const res = state.res;
    if (state.show.heat || state.show.boundary) {
      heatGrid(res);
      const f = forward(P, heat.xs, res * res, heat.bufs);
      const p = f.h[L], nout = sizes[L];
      if (state.show.heat) {
        const data = heat.img.data;
        if (state.naive) {  // the alternative the benchmark compares with: one rectangle a cell
          const px = size / res, out = [0, 0, 0, 0];
          for (let r = 0; r < res; r++) for (let c = 0; c < res; c++) {
            heatColor(p, (r * res + c) * nout, out, 0);
            ctx.fillStyle = `rgb(${out[0] | 0},${out[1] | 0},${out[2] | 0})`;
            ctx.fillRect(planeBox.ox + c * px, planeBox.oy + r * px, px + 0.5, px + 0.5);
          }
        } else {
          if (REG) for (let k = 0; k < res * res; k++) valueColor(p[k], data, 4 * k);
          else if (D.output === 'binary') {
            const c0 = CLS[0], c1 = CLS[1], b0 = BG[0], b1 = BG[1], b2 = BG[2];
            for (let k = 0, o = 0; k < res * res; k++, o += 4) {
              const q = p[k] < 0 ? 0 : p[k] > 1 ? 1 : p[k];
              const sc = S0 + (S1 - S0) * Math.abs(2 * q - 1);
              data[o] = b0 + sc * ((1 - q) * c0[0] + q * c1[0] - b0);
              data[o + 1] = b1 + sc * ((1 - q) * c0[1] + q * c1[1] - b1);
              data[o + 2] = b2 + sc * ((1 - q) * c0[2] + q * c1[2] - b2);
              data[o + 3] = 255;
            }
          } else for (let k = 0; k < res * res; k++) heatColor(p, k * nout, data, 4 * k);
          heat.ctx.putImageData(heat.img, 0, 0);
          ctx.imageSmoothingEnabled = true;
          ctx.drawImage(heat.canvas, planeBox.ox, planeBox.oy, size, size);
        }
      }
      // the 0.5 boundary, or a regression's level lines y-hat = c
      const levels = REG ? V.levels : D.output === 'binary' ? [0.5] : [];
      for (const level of levels) {
        const m = contour(p, res, level), cell = size / res, segs = segBuf;
        const ox = planeBox.ox + 0.5 * cell, oy = planeBox.oy + 0.5 * cell;
        ctx.strokeStyle = C.foreground; ctx.lineWidth = REG ? 1.5 : 2.5; ctx.beginPath();
        for (let k = 0; k < m; k += 4) {
          ctx.moveTo(ox + segs[k + 1] * cell, oy + segs[k] * cell);
          ctx.lineTo(ox + segs[k + 3] * cell, oy + segs[k + 2] * cell);
        }
        ctx.stroke();
      }
    }
    ctx.strokeStyle = C.muted; ctx.lineWidth = 1; ctx.strokeRect(planeBox.ox, planeBox.oy, size, size);
    // the hidden lines w_j . x + b_j = 0 (in the plane of x only without an input map)
    if (state.show.lines && L > 1 && !square) {
      const k = sizes[1];
      for (let j = 0; j < k; j++) {
        const seg = clipLine(P.W[0][j], P.W[0][k + j], P.B[0][j]);
        if (!seg) continue;
        const a = toPlane(...seg[0]), b = toPlane(...seg[1]);
        ctx.strokeStyle = unitColor(j); ctx.lineWidth = 2.5; ctx.beginPath(); ctx.moveTo(a[0], a[1]); ctx.lineTo(b[0], b[1]); ctx.stroke();
      }
    }
    for (let i = 0; i < n; i++) { const q = toPlane(X[2 * i], X[2 * i + 1]); planePts[2 * i] = q[0]; planePts[2 * i + 1] = q[1]; }
    drawDots(ctx, w, h, planePts, n > 1000 ? 2.2 : 3.5);
    if (state.point >= 0) {
      const i = state.point, px = planePts[2 * i], py = planePts[2 * i + 1];
      ctx.strokeStyle = C.foreground; ctx.lineWidth = 2; ctx.beginPath(); ctx.arc(px, py, 8, 0, 2 * Math.PI); ctx.stroke();
      if (state.show.pulls && L > 1 && !square) {
        const det = pointDetails(i, state.pos);
        const big = Math.max(...det.pulls.map((q) => Math.abs(q.shift)), 1e-12);
        pullGain = 0.15 * (x1 - x0) / big;  // the longest arrow: 15% of the plane
        for (const q of det.pulls) {
          const v = q.shift * pullGain;
          const end = toPlane(X[2 * i] + v * q.normal[0], X[2 * i + 1] + v * q.normal[1]);
          arrow(ctx, px, py, end[0], end[1], unitColor(q.unit));
        }
      }
    }
    $('plane-note').textContent = (square ? 'input map phi(x) = [x1^2, x2^2]: the hidden lines live in the plane of phi(x). ' : '') +
      (REG ? `heatmap: the fitted value y-hat, from dark purple (${V.lo.toPrecision(3)}) to yellow (${V.hi.toPrecision(3)}); white lines: y-hat = ${V.levels.join(', ')}; points coloured by their targets`
        : D.output === 'binary' ? 'heatmap: P(class 1); white line: P = 0.5' : 'heatmap: the class probabilities, most likely class strongest');
  }

  // ------------------------------------------------------- the hidden space
  function project3(pr, H, m, width) {  // z = (h - origin) @ basis, as mlp.projection.Projection
    const Z = new Float64Array(m * 3), B = pr.basis, O = pr.origin;
    for (let r = 0; r < m; r++) for (let a = 0; a < 3; a++) {
      let acc = 0;
      for (let q = 0; q < width; q++) acc += (H[r * width + q] - O[q]) * B[q * 3 + a];
      Z[r * 3 + a] = acc;
    }
    return Z;
  }
  function camera(w, h, pr) {
    const cy = Math.cos(state.yaw), sy = Math.sin(state.yaw), cp = Math.cos(state.pitch), sp = Math.sin(state.pitch);
    const scale = 0.27 * Math.min(w, h) / pr.half;
    return (z0, z1, z2) => {
      const u = z0 - pr.centre[0], v = z1 - pr.centre[1], q = z2 - pr.centre[2];
      const xr = cy * u - sy * v, yr = sy * u + cy * v;  // turn about the vertical axis
      const up = cp * q - sp * yr, depth = sp * q + cp * yr;  // then tilt
      return [w / 2 + scale * xr, h / 2 - scale * up, depth];
    };
  }
  function boxPlaneSection(nrm, d, lo, hi) {  // scenes.space.box_plane_section
    const corners = [];
    for (let i = 0; i < 8; i++) corners.push([0, 1, 2].map((a) => ((i >> a) & 1 ? hi[a] : lo[a])));
    const val = corners.map((c) => c[0] * nrm[0] + c[1] * nrm[1] + c[2] * nrm[2] + d);
    const pts = [];
    for (let i = 0; i < 8; i++) for (let a = 0; a < 3; a++) {
      const j = i | (1 << a);
      if (j === i) continue;
      if ((val[i] < 0) !== (val[j] < 0)) {
        const t = val[i] / (val[i] - val[j]);
        pts.push([0, 1, 2].map((e) => corners[i][e] + t * (corners[j][e] - corners[i][e])));
      }
    }
    if (pts.length < 3) return pts;
    const c = [0, 1, 2].map((e) => pts.reduce((s2, p) => s2 + p[e], 0) / pts.length);
    let u = pts[0].map((x, e) => x - c[e]); const un = Math.hypot(...u); u = u.map((x) => x / un);
    const nn = Math.hypot(...nrm), nv = nrm.map((x) => x / nn);
    const v = [nv[1] * u[2] - nv[2] * u[1], nv[2] * u[0] - nv[0] * u[2], nv[0] * u[1] - nv[1] * u[0]];
    const ang = (p) => Math.atan2((p[0] - c[0]) * v[0] + (p[1] - c[1]) * v[1] + (p[2] - c[2]) * v[2], (p[0] - c[0]) * u[0] + (p[1] - c[1]) * u[1] + (p[2] - c[2]) * u[2]);
    return pts.sort((a, b) => ang(a) - ang(b));
  }
  const hiddenScreen = new Float64Array(2 * n);
  let hiddenZ = null;
  function drawHidden(P) {
    const { ctx, w, h } = fit(canvases.hidden);
    ctx.fillStyle = C.background; ctx.fillRect(0, 0, w, h);
    if (L < 2) {
      ctx.fillStyle = C.muted; ctx.font = '14px system-ui'; ctx.fillText('no hidden layer: this network is one line (logistic regression)', 12, 24);
      $('hidden-note').textContent = ''; hiddenZ = null;
      return;
    }
    const pr = D.projections[state.layer - 1], width = pr.width;
    const f = forward(P, X, n);
    const Z = project3(pr, f.h[state.layer], n, width);
    hiddenZ = Z;
    const cam = camera(w, h, pr);
    const flat = width === 2;
    const lo = [0, 1, 2].map((a) => pr.centre[a] - pr.half), hi = [0, 1, 2].map((a) => pr.centre[a] + pr.half);
    if (flat) { lo[2] = 0; hi[2] = 0; }
    // the box: the squash cube (or square), else the final run's bounding box
    ctx.strokeStyle = C.muted; ctx.lineWidth = 1; ctx.beginPath();
    for (let i = 0; i < 8; i++) for (let a = 0; a < 3; a++) {
      const j = i | (1 << a);
      if (j === i || (flat && a === 2)) continue;
      const p = [0, 1, 2].map((e) => ((i >> e) & 1 ? hi[e] : lo[e])), q = [0, 1, 2].map((e) => ((j >> e) & 1 ? hi[e] : lo[e]));
      const A = cam(...p), B2 = cam(...q);
      ctx.moveTo(A[0], A[1]); ctx.lineTo(B2[0], B2[1]);
    }
    ctx.stroke();
    const names = pr.exact ? [0, 1, 2].slice(0, Math.min(width, 3)).map((a) => 'h' + (a + 1)) : ['w_m', 'pc 1', 'pc 2'];
    if (!pr.meta_plane && !pr.exact) names[0] = 'pc 1', names[1] = 'pc 2', names[2] = 'pc 3';
    ctx.font = '13px system-ui';
    names.forEach((nm, a) => {
      const p = lo.slice(); p[a] = hi[a] + 0.15 * (hi[a] - lo[a] || 1);
      const q = cam(...p);
      ctx.fillStyle = pr.exact && state.layer === 1 ? unitColor(a) : C.muted; ctx.fillText(nm, q[0] - 8, q[1] + 4);
    });
    // the meta classifier's plane w_m . h + b_m = 0 in view coordinates
    if (pr.meta_plane) {
      const wm = P.W[L - 1], bm = P.B[L - 1][0];
      const nrm = [0, 1, 2].map((a) => { let s2 = 0; for (let q = 0; q < width; q++) s2 += pr.basis[q * 3 + a] * wm[q]; return s2; });
      let d = bm; for (let q = 0; q < width; q++) d += wm[q] * pr.origin[q];
      let poly;
      if (flat) {
        const lo2 = lo.slice(), hi2 = hi.slice(); lo2[2] = -1; hi2[2] = 1;
        poly = boxPlaneSection([nrm[0], nrm[1], 0], d, lo2, hi2).filter((p) => p[2] > 0).map((p) => [p[0], p[1], 0]);
      } else poly = boxPlaneSection(nrm, d, lo, hi);
      if (poly.length >= 2) {
        ctx.beginPath();
        poly.forEach((p, k) => { const q = cam(...p); if (k) ctx.lineTo(q[0], q[1]); else ctx.moveTo(q[0], q[1]); });
        if (!flat) ctx.closePath();
        ctx.fillStyle = 'rgba(255,255,255,0.14)'; if (!flat) ctx.fill();
        ctx.strokeStyle = C.meta; ctx.lineWidth = 2; ctx.stroke();
      }
    }
    // the points: one path per class, as the scenes' ClassCloud draws them
    for (let i = 0; i < n; i++) {
      const q = cam(Z[3 * i], Z[3 * i + 1], flat ? 0 : Z[3 * i + 2]);
      hiddenScreen[2 * i] = q[0]; hiddenScreen[2 * i + 1] = q[1];
    }
    drawDots(ctx, w, h, hiddenScreen, n > 1000 ? 2.2 : 3.5);
    if (state.point >= 0) {
      ctx.strokeStyle = C.foreground; ctx.lineWidth = 2; ctx.beginPath();
      ctx.arc(hiddenScreen[2 * state.point], hiddenScreen[2 * state.point + 1], 8, 0, 2 * Math.PI); ctx.stroke();
    }
    $('hidden-note').textContent = `hidden layer ${state.layer}, ${width} units` +
      (pr.exact ? '' : ': ' + pr.description + ' (the final network\'s h)') + (pr.meta_plane ? '; white: the meta classifier\'s ' + (flat ? 'line' : 'plane') : '');
  }

  // ------------------------------------------------------------ the network graph
  let graphEdges = [];  // [{layer, i, j, ax, ay, bx, by}]
  function drawGraph(P) {
    const { ctx, w, h } = fit(canvases.graph);
    ctx.fillStyle = C.background; ctx.fillRect(0, 0, w, h);
    const cols = sizes.length, pad = 36;
    const nodeXY = sizes.map((m, l) => {
      const x = pad + (w - 2 * pad) * (cols === 1 ? 0.5 : l / (cols - 1));
      const out = [];
      for (let j = 0; j < m; j++) out.push([x, m === 1 ? h / 2 : pad + (h - 2 * pad) * j / (m - 1)]);
      return out;
    });
    let big = 1e-12;
    for (let l = 0; l < L; l++) for (const v of P.W[l]) big = Math.max(big, Math.abs(v));
    graphEdges = [];
    for (let l = 0; l < L; l++) {
      const nout = sizes[l + 1];
      for (let i = 0; i < sizes[l]; i++) for (let j = 0; j < nout; j++) {
        const v = P.W[l][i * nout + j];
        const [ax, ay] = nodeXY[l][i], [bx, by] = nodeXY[l + 1][j];
        ctx.strokeStyle = v >= 0 ? C.positive : C.negative;
        ctx.globalAlpha = 0.35 + 0.65 * Math.abs(v) / big;
        ctx.lineWidth = 0.5 + 5 * Math.abs(v) / big;
        ctx.beginPath(); ctx.moveTo(ax, ay); ctx.lineTo(bx, by); ctx.stroke();
        graphEdges.push({ layer: l, i, j, ax, ay, bx, by });
      }
    }
    ctx.globalAlpha = 1;
    const rad = Math.max(3, Math.min(12, (h - 2 * pad) / (2.5 * Math.max(...sizes))));
    nodeXY.forEach((col, l) => col.forEach(([x, y], j) => {
      ctx.fillStyle = l === 0 ? C.muted : l === 1 && L > 1 ? unitColor(j) : l === L ? (D.output !== 'softmax' ? C.foreground : classColor(j)) : C.foreground;
      ctx.beginPath(); ctx.arc(x, y, rad, 0, 2 * Math.PI); ctx.fill();
    }));
    ctx.fillStyle = C.muted; ctx.font = '12px system-ui';
    nodeXY[0].forEach(([x, y], j) => ctx.fillText('x' + (j + 1), x - 30, y + 4));
  }
  function edgeAt(mx, my) {
    let best = null, bd = 6;
    for (const e of graphEdges) {
      const dx = e.bx - e.ax, dy = e.by - e.ay, len2 = dx * dx + dy * dy || 1;
      const t = Math.min(1, Math.max(0, ((mx - e.ax) * dx + (my - e.ay) * dy) / len2));
      const d = Math.hypot(mx - e.ax - t * dx, my - e.ay - t * dy);
      if (d < bd) { bd = d; best = e; }
    }
    return best;
  }

  // -------------------------------------------------------------- the curves
  const logx = (s) => Math.log1p(s);
  const xMax = logx(Math.max(steps[S - 1], 1));
  const lossMax = Math.max(...lossRec, 1e-12) * 1.05;
  let curveBox = null;
  function drawCurves() {
    const { ctx, w, h } = fit(canvases.curves);
    ctx.fillStyle = C.background; ctx.fillRect(0, 0, w, h);
    const b = { l: 44, r: w - 44, t: 14, btm: h - 30 };
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
    ctx.font = '12px system-ui'; ctx.fillStyle = C.foreground; ctx.fillText('loss', 6, b.t + 10);
    ctx.fillText(lossMax.toPrecision(2), 6, b.t + 24);
    ctx.fillStyle = C.positive; ctx.fillText(D.score_name, b.r - 52, b.t + 10); ctx.fillText('1', b.r + 6, b.t + 8); ctx.fillText('0', b.r + 6, b.btm);
    ctx.fillStyle = C.muted;
    const ticks = [0]; for (let e = 0; 10 ** e < steps[S - 1] * 0.6; e++) ticks.push(10 ** e);
    ticks.push(steps[S - 1]);
    for (const s of ticks) ctx.fillText(String(s), X_(s) - 6, b.btm + 14);
    ctx.fillText('step (log scale)', b.r - 90, b.btm + 27);
    const x = X_(stepAt(state.pos)), k = snapshotAt(state.pos);
    ctx.strokeStyle = C.gradient; ctx.lineWidth = 1.5; ctx.beginPath(); ctx.moveTo(x, b.t); ctx.lineTo(x, b.btm); ctx.stroke();
    ctx.fillStyle = C.gradient; ctx.beginPath(); ctx.arc(X_(steps[k]), b.btm - lossRec[k] / lossMax * (b.btm - b.t), 4, 0, 2 * Math.PI); ctx.fill();
  }
  function curveStepAt(mx) {
    const b = curveBox, u = Math.min(Math.max((mx - b.l) / (b.r - b.l), 0), 1);
    return Math.expm1(u * xMax);
  }

  // ------------------------------------------------------------- the panel
  const fmt = (v) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(4) : v.toFixed(5));
  const cell = (v) => `<td data-value="${v}">${fmt(v)}</td>`;
  function drawPanel() {
    const box = $('point');
    if (state.point < 0) { box.hidden = true; return; }
    const det = pointDetails(state.point, state.pos);
    box.hidden = false;
    const xs = det.x.map((v) => `<span data-value="${v}">${fmt(v)}</span>`).join(', ');
    $('point-title').innerHTML = `Point ${det.index}: x = ${DIN > 1 ? '(' + xs + ')' : xs}, ` +
      (REG ? `target y = <span style="color:${dotColor(det.index)}">${fmt(det.y)}</span>, fitted y-hat = ${fmt(det.predicted)}, residual ${fmt(det.predicted - det.y)} `
        : `class <span style="color:${classColor(det.y)}">${det.y}</span>, predicted ${det.predicted} `) +
      `<span class="meta">at step ${stepAt(state.pos).toFixed(1)}</span>`;
    let out = '<p class="meta">The forward pass: each unit\'s pre-activation s = h W + b and its activation.</p>';
    det.layers.forEach((ly, l) => {
      const last = l === L - 1;
      const what = last ? (REG ? 'output (identity: y-hat)' : D.output === 'binary' ? 'output (sigmoid)' : 'output (softmax)') : `hidden layer ${l + 1} (${D.activations[l]})`;
      out += `<table data-layer="${l}"><tr><th>${what}</th>` + ly.s.map((_, j) => `<th>${last && D.output === 'binary' ? 'P(class 1)' : 'unit ' + (j + 1)}</th>`).join('') + '</tr>';
      out += '<tr data-row="s"><th>s</th>' + ly.s.map(cell).join('') + '</tr>';
      out += `<tr data-row="h"><th>${last ? 'p' : 'h'}</th>` + ly.h.map(cell).join('') + '</tr></table>';
    });
    if (L > 1 && !square && DIN === 2) {
      out += `<p class="meta">This point's own gradient step on each first-layer line (learning rate ${LR}${D.lr == null ? ' assumed' : ''}, ` +
        `${D.reduction} loss${D.reduction === 'sum' ? '' : ` over ${D.pull_points === n ? `all ${n}` : `a mini-batch of ${D.pull_points}`} points`}): it alone would move line j by shift = step (dL/dw_j . x + dL/db_j) / |w_j| along the normal w_j / |w_j|` +
        ' (arrows drawn &times;<span id="pull-gain"></span>).</p>';
      out += '<table data-table="pulls"><tr><th>line</th><th>dL/dw_j1</th><th>dL/dw_j2</th><th>dL/db_j</th><th>shift</th></tr>';
      for (const q of det.pulls) out += `<tr data-unit="${q.unit}"><th style="color:${unitColor(q.unit)}">${q.unit + 1}</th>${cell(q.gw[0])}${cell(q.gw[1])}${cell(q.gb)}${cell(q.shift)}</tr>`;
      out += '</table>';
    }
    // rebuilt only when its layout changes; while scrubbing only the numbers change
    if (out.replace(/<td data-value="[^"]*">[^<]*<\/td>/g, '') !== panelShape) {
      $('point-body').innerHTML = out;
      panelShape = out.replace(/<td data-value="[^"]*">[^<]*<\/td>/g, '');
      panelCells = Array.from(document.querySelectorAll('#point-body td'));
    } else {
      const values = Array.from(out.matchAll(/<td data-value="([^"]*)">([^<]*)<\/td>/g));
      values.forEach((m, k) => {
        const td = panelCells[k];
        if (td.dataset.value !== m[1]) { td.dataset.value = m[1]; td.textContent = m[2]; }
      });
    }
    const gain = $('pull-gain');
    if (gain) gain.textContent = pullGain.toPrecision(3);
  }
  let panelShape = null, panelCells = [];

  // ------------------------------------------------------------ the loop
  const slider = $('slider');
  slider.max = String(Math.max(S - 1, 0));
  $('title').textContent = D.title;
  $('readout-total').textContent = ' / ' + steps[S - 1];
  $('readout-score').textContent = D.score_name;
  $('curves-score').textContent = D.score_name;
  if (REG) {  // what each toggle shows for a regression: no classes, no decision boundary
    const names = DIN === 1 ? { heat: 'the fit', boundary: 'residuals', lines: "units' curves" }
      : { heat: 'output heatmap', boundary: 'level lines', lines: 'hidden lines' };
    for (const [key, text] of Object.entries(names)) document.querySelector(`[data-toggle="${key}"]`).parentNode.lastChild.textContent = ' ' + text;
    if (DIN === 1) {  // one input: the plane view is the fit, and no line in a plane to pull
      document.querySelector('[data-view="plane"] h2').textContent = 'The fit';
      document.querySelector('[data-toggle="pulls"]').parentNode.hidden = true;
    }
  }
  const layerSel = $('layer');
  D.projections.forEach((p) => { const o = document.createElement('option'); o.value = String(p.layer); o.textContent = `${p.layer} (${p.width} units)`; layerSel.appendChild(o); });
  if (!D.projections.length) layerSel.disabled = true;

  function setPosition(pos, fromUser) {
    state.pos = Math.min(Math.max(+pos, 0), S - 1);
    draw();
    scheduleHash();
    if (fromUser && window.parent !== window) window.parent.postMessage({ type: 'mlp-explainer:step', pos: state.pos, step: stepAt(state.pos) }, '*');
  }
  function draw() {
    const P = paramsAt(state.pos);
    const k = snapshotAt(state.pos);
    $('readout-step').textContent = String(steps[k]);
    $('readout-loss').textContent = lossRec[k].toFixed(4);
    $('readout-loss').dataset.value = String(lossRec[k]);
    $('readout-accuracy').textContent = REG ? accRec[k].toFixed(3) : (100 * accRec[k]).toFixed(1) + '%';
    $('position').textContent = `position ${state.pos.toFixed(2)} of ${S - 1} (step ${stepAt(state.pos).toFixed(1)})`;
    slider.value = String(state.pos);
    if (D.projections.length) layerSel.value = String(state.layer);
    document.body.dataset.pos = String(state.pos);
    document.body.dataset.snapshot = String(k);
    for (const v of VIEWS) document.querySelector(`[data-view="${v}"]`).classList.toggle('focus', state.view === v);
    const t = [performance.now()];
    drawPlane(P); t.push(performance.now());
    drawHidden(P); t.push(performance.now());
    drawGraph(P); t.push(performance.now());
    drawCurves(); t.push(performance.now());
    drawPanel(); t.push(performance.now());
    timings = { plane: t[1] - t[0], hidden: t[2] - t[1], graph: t[3] - t[2], curves: t[4] - t[3], panel: t[5] - t[4] };
  }
  let timings = null;

  slider.addEventListener('input', () => setPosition(parseFloat(slider.value), true));
  for (const box of document.querySelectorAll('[data-toggle]')) {
    box.checked = state.show[box.dataset.toggle];
    box.addEventListener('change', () => { state.show[box.dataset.toggle] = box.checked; draw(); writeHash(); });
  }
  layerSel.addEventListener('change', () => { state.layer = parseInt(layerSel.value, 10); draw(); writeHash(); });
  for (const h2 of document.querySelectorAll('.view h2')) {
    h2.style.cursor = 'pointer'; h2.title = 'click to enlarge';
    h2.addEventListener('click', () => { const v = h2.parentElement.dataset.view; state.view = state.view === v ? null : v; draw(); writeHash(); });
  }
  canvases.plane.addEventListener('click', (ev) => {
    const r = canvases.plane.getBoundingClientRect(), mx = ev.clientX - r.left, my = ev.clientY - r.top;
    let best = -1, bd = 10;
    for (let i = 0; i < n; i++) { const d = Math.hypot(planePts[2 * i] - mx, planePts[2 * i + 1] - my); if (d < bd) { bd = d; best = i; } }
    state.point = best; draw(); writeHash();
  });
  let drag = null;
  canvases.hidden.addEventListener('pointerdown', (ev) => { drag = [ev.clientX, ev.clientY, state.yaw, state.pitch]; canvases.hidden.setPointerCapture(ev.pointerId); });
  canvases.hidden.addEventListener('pointermove', (ev) => {
    if (!drag) return;
    state.yaw = drag[2] + (ev.clientX - drag[0]) * 0.01;
    state.pitch = Math.min(Math.PI / 2, Math.max(-Math.PI / 2, drag[3] + (ev.clientY - drag[1]) * 0.01));
    draw(); scheduleHash();
  });
  canvases.hidden.addEventListener('pointerup', () => { drag = null; writeHash(); });
  const tip = $('tooltip');
  canvases.graph.addEventListener('mousemove', (ev) => {
    const r = canvases.graph.getBoundingClientRect();
    const e = edgeAt(ev.clientX - r.left, ev.clientY - r.top);
    if (!e) { tip.hidden = true; return; }
    const P = paramsAt(state.pos), G = gradsAt(state.pos), nout = sizes[e.layer + 1], k = e.i * nout + e.j;
    tip.textContent = `W${e.layer}[${e.i}, ${e.j}] = ${P.W[e.layer][k].toPrecision(6)}\n` +
      (G ? `dL/dW = ${G.W[e.layer][k].toPrecision(6)} (recorded, at this step)` : 'no gradients recorded in this trace');
    tip.hidden = false; tip.style.left = ev.clientX + 14 + 'px'; tip.style.top = ev.clientY + 10 + 'px';
    tip.dataset.edge = `${e.layer},${e.i},${e.j}`;
  });
  canvases.graph.addEventListener('mouseleave', () => { tip.hidden = true; });
  canvases.curves.addEventListener('click', (ev) => {
    const r = canvases.curves.getBoundingClientRect();
    setPosition(positionOfStep(curveStepAt(ev.clientX - r.left)), true);
  });

  // play: the whole run in 10 s at 1x, equal time per snapshot as the scenes play it
  const playBtn = $('play'), speedSel = $('speed');
  let last = null;
  function tick(now) {
    if (!state.playing) { last = null; return; }
    if (last !== null) {
      let pos = state.pos + (now - last) / 1000 * state.speed * (S - 1) / 10;
      if (pos >= S - 1) { pos = S - 1; setPlaying(false); }
      setPosition(pos, false);
    }
    last = now;
    requestAnimationFrame(tick);
  }
  function setPlaying(on) {
    state.playing = on;
    playBtn.innerHTML = on ? '&#10074;&#10074;' : '&#9654;';
    if (on) { if (state.pos >= S - 1) state.pos = 0; requestAnimationFrame(tick); }
  }
  playBtn.addEventListener('click', () => setPlaying(!state.playing));
  speedSel.addEventListener('change', () => { state.speed = parseFloat(speedSel.value); });
  document.addEventListener('keydown', (ev) => {
    if (ev.target.tagName === 'INPUT' && ev.target.type === 'range') return;
    if (ev.key === ' ') { ev.preventDefault(); setPlaying(!state.playing); }
    if (ev.key === 'ArrowRight') setPosition(Math.min(S - 1, Math.floor(state.pos) + 1), true);
    if (ev.key === 'ArrowLeft') setPosition(Math.max(0, Math.ceil(state.pos) - 1), true);
  });
  // a page that holds this one (the index page beside a video) moves it to the video's position
  window.addEventListener('message', (ev) => {
    const m = ev.data;
    if (m && m.type === 'mlp-explainer:seek' && isFinite(m.pos)) setPosition(m.pos, false);
    if (m && m.type === 'mlp-explainer:said' && Array.isArray(m.words)) showSaid(m.words, m.now);
  });
  // what a narrated video beside the page is saying now, the word being said marked
  function showSaid(words, now) {
    let box = document.getElementById('said');
    if (!box) {
      box = document.createElement('p');
      box.id = 'said';
      box.className = 'said';
      document.getElementById('title').after(box);
    }
    box.replaceChildren();
    words.forEach((w, k) => {
      const span = document.createElement('span');
      span.textContent = String(w);
      if (k < now) span.className = 'past';
      if (k === now) span.className = 'now';
      box.append(span, ' ');
    });
  }
  window.addEventListener('hashchange', () => { readHash(); draw(); });
  window.addEventListener('resize', () => draw());

  // for scripts and tests: the page's own numbers
  window.explorer = {
    predictProba(pos, points) {
      const m = points.length, xs = new Float64Array(DIN * m);
      points.forEach((p, i) => { for (let d = 0; d < DIN; d++) xs[DIN * i + d] = p[d]; });
      const p = forward(paramsAt(pos), xs, m).h[L], nout = sizes[L], out = [];
      for (let i = 0; i < m; i++) out.push(D.output !== 'softmax' ? p[i] : Array.from(p.subarray(i * nout, (i + 1) * nout)));
      return out;
    },
    hiddenView(pos, layer) {
      const pr = D.projections[layer - 1], f = forward(paramsAt(pos), X, n);
      return Array.from(project3(pr, f.h[layer], n, pr.width));
    },
    pointDetails: (i, pos) => { const d = pointDetails(i, pos); delete d.gradient; return d; },
    edgeOnScreen(layer, i, j) {  // the middle of an edge of the network view, in the page
      const e = graphEdges.find((g) => g.layer === layer && g.i === i && g.j === j), r = canvases.graph.getBoundingClientRect();
      return [r.left + (e.ax + e.bx) / 2, r.top + (e.ay + e.by) / 2];
    },
    pointOnScreen(i) { const r = canvases.plane.getBoundingClientRect(); return [r.left + planePts[2 * i], r.top + planePts[2 * i + 1]]; },
    setPosition: (pos) => setPosition(pos, false),
    fitCurves: (pos, xs) => fitCurves(paramsAt(pos), xs),
    state, positionOfStep, stepAt, snapshotAt,
    get timings() { return timings; },  // milliseconds each view took to draw, last frame
  };

  readHash();
  draw();
  writeHash();
  document.body.dataset.ready = '1';
})();
