// The explorer page: four linked views of one recorded training run.
//
// The trace is embedded as JSON (#trace-data), arrays as base64 little-endian. Everything
// on screen follows one continuous position `pos` in [0, S-1], interpolated between
// snapshots exactly as Trace.params_at does, and the readout shows the recorded step, loss
// and accuracy of snapshot round(pos) (Trace.snapshot_at), never a recomputed number.
// The forward and backward passes below are general: any depth, any activation of the
// core, a binary (sigmoid) or softmax output. Layers compute s = h W + b, W of shape (in, out).

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
  const XP = D.X_packed;  // inputs as bytes (pixels, or an image's grey levels over [lo, hi]), or float64
  const X = XP.type === 'uint8' ? Float64Array.from(decode(D.X, Uint8Array), (q) => (XP.hi === 255 && XP.lo === 0 ? q : XP.lo + q * (XP.hi - XP.lo) / 255))
    : decode(D.X, Float64Array), Y = decode(D.y, REG ? Float64Array : Int32Array);
  const DIN = sizes[0];  // 2 inputs (the plane), 1 for a regression (the fitted curve), or more
  // more than 2 inputs: the page shows them through the inputs' view (D.view), the output at
  // the points as recorded at each snapshot (D.pred, D.prob), each hidden layer's points as
  // the core placed them (D.projections[l].points), and no plane
  const WIDE = D.view != null;
  // weights as they come (the trace's precision), or as bytes with a scale per snapshot and unit
  function weightBytes(w, i) {
    const q = decode(w.q, Int8Array), sc = decode(w.scale, Float32Array), out = new Float32Array(q.length);
    const nout = sizes[i + 1];
    for (let o = 0; o < q.length; o++) out[o] = q[o] * sc[Math.floor(o / (sizes[i] * nout)) * nout + (o % nout)];
    return out;
  }
  const Ws = D.W ? D.W.map((t) => decode(t, PType)) : D.W_bytes.map(weightBytes), Bs = D.b.map((t) => decode(t, PType));
  // more than 2 inputs: each layer's W at the last snapshot as recorded (in*out)
  const WLast = D.W_last ? D.W_last.map((t) => Float64Array.from(decode(t, PType))) : null;
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
