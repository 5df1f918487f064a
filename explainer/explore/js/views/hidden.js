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
  // More than 2 inputs: each hidden layer's points at every snapshot, placed by the core
  // through the same projection (page.pack_positions: whole multiples of 2^exponent, each
  // point's run over the snapshots as differences, the bytes in 4 planes, deflated), unpacked
  // once when the page opens into (S, n, 3) view coordinates.
  const hiddenPts = [];
  let hiddenProblem = null;
  async function inflate(text) {
    const stream = new Blob([decode(text, Uint8Array)]).stream().pipeThrough(new DecompressionStream('deflate'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }
  async function unpackPositions(packed) {
    const [S_, m] = packed.shape, M = m * 3 * S_, raw = await inflate(packed.deflated);
    const out = new Float64Array(M), unit = 2 ** packed.exponent;
    for (let r = 0; r < m * 3; r++) {  // run r: point r / 3, axis r % 3, over the snapshots
      const i = Math.floor(r / 3), a = r % 3;
      let q = 0;
      for (let k = 0; k < S_; k++) {
        const o = r * S_ + k;
        q += raw[o] | (raw[M + o] << 8) | (raw[2 * M + o] << 16) | (raw[3 * M + o] << 24);
        out[(k * m + i) * 3 + a] = q * unit;
      }
    }
    return out;
  }
  const hiddenUnpacked = !WIDE ? Promise.resolve()
    : typeof DecompressionStream === 'undefined' ? Promise.resolve().then(() => { hiddenProblem = tr('this browser cannot unpack the hidden space (it has no DecompressionStream)'); })
      : Promise.all(D.projections.map((pr) => unpackPositions(pr.points))).then((all) => { hiddenPts.push(...all); })
        .catch((e) => { hiddenProblem = tr('the hidden space could not be unpacked: {error}', { error: String(e) }); });
  // the points' view coordinates (n*3) in hidden layer `layer` at snapshot k
  function hiddenAt(layer, k) { const Z = hiddenPts[layer - 1]; return Z ? Z.subarray(k * n * 3, (k + 1) * n * 3) : null; }
  const hiddenScreen = new Float64Array(2 * n);
  let hiddenZ = null, axisLabels = [];
  // P: the parameters at the position (2 inputs: the page's forward pass places the points);
  // k: the snapshot shown (more than 2 inputs: the points as the core placed them there)
  function drawHidden(P, k) {
    const { ctx, w, h } = fit(canvases.hidden);
    ctx.fillStyle = C.background; ctx.fillRect(0, 0, w, h);
    const none = L < 2 ? tr('no hidden layer: this network is one line (logistic regression)') : WIDE && !hiddenPts.length ? hiddenProblem || '' : null;
    if (none !== null) {
      ctx.fillStyle = C.muted; ctx.font = '14px system-ui'; ctx.fillText(none, 12, 24);
      $('hidden-note').textContent = ''; hiddenZ = null;
      return;
    }
    const pr = D.projections[state.layer - 1], width = pr.width;
    const Z = WIDE ? hiddenAt(state.layer, k) : project3(pr, forward(P, X, n).h[state.layer], n, width);
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
    // each axis named beside the box's edge along it that is farthest out on screen (never
    // over the box's inside, where the points are)
    ctx.font = '13px system-ui'; ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
    const mid = cam(...[0, 1, 2].map((e) => (lo[e] + hi[e]) / 2));
    axisLabels = [];
    names.forEach((nm, a) => {
      let best = null;
      for (let c = 0; c < 4; c++) {
        const p = [0, 0, 0], others = [0, 1, 2].filter((e) => e !== a);
        p[a] = (lo[a] + hi[a]) / 2;
        others.forEach((e, t) => { p[e] = (c >> t) & 1 ? hi[e] : lo[e]; });
        const q = cam(...p), d = Math.hypot(q[0] - mid[0], q[1] - mid[1]);
        if (!best || d > best.d + 1e-9) best = { q, d };
      }
      const ux = (best.q[0] - mid[0]) / (best.d || 1), uy = (best.q[1] - mid[1]) / (best.d || 1);
      const tw = ctx.measureText(nm).width;
      const x = Math.min(Math.max(best.q[0] + 18 * ux, tw / 2 + 4), w - tw / 2 - 4), y = Math.min(Math.max(best.q[1] + 14 * uy, 10), h - 10);
      ctx.fillStyle = pr.exact && state.layer === 1 ? unitColor(a) : C.muted; ctx.fillText(nm, x, y);
      axisLabels.push({ name: nm, x, y, width: tw });
    });
    ctx.textAlign = 'left'; ctx.textBaseline = 'alphabetic';
    // the meta classifier's plane w_m . h + b_m = 0 in view coordinates
    if (pr.meta_plane && !WIDE) {
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
    const parts = [ntr('hidden layer {layer}, {n} unit', 'hidden layer {layer}, {n} units', width, { layer: state.layer })];
    if (!pr.exact) parts[0] = detail(parts[0], projectionWords(pr));
    if (WIDE) parts.push(tr("each point at its activations at step {step}, in its class's colour", { step: steps[k] }));
    else if (pr.meta_plane) parts.push(flat ? tr("white: the meta classifier's line") : tr("white: the meta classifier's plane"));
    $('hidden-note').textContent = clauses(parts);
  }
  // what a projection's axes are (mlp.projection.hidden_projection's description, in words)
  function projectionWords(pr) {
    return (pr.meta_plane ? ntr('{n} hidden unit seen in 3D: along w_m, and the 2 principal components of h across it',
      '{n} hidden units seen in 3D: along w_m, and the 2 principal components of h across it', pr.width)
      : ntr('{n} hidden unit seen through their 3 principal components', '{n} hidden units seen through their 3 principal components', pr.width)) +
      ' ' + tr("(the final network's h)");
  }
