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
