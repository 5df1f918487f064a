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
    drawAxisNames(ctx);
    $('plane-note').textContent = L > 1
      ? tr("x against y: the fit y-hat(x) in white, each hidden unit's weighted curve v_i h_i(x) in its colour (with the output bias c = {bias}, they add up to the fit); the residuals in yellow", { bias: dec(cur.bias, 3) })
      : tr('x against y: the fit y-hat(x) in white; the residuals in yellow');
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
    drawAxisNames(ctx);
    $('plane-note').textContent = (square ? tr('input map phi(x) = [x1^2, x2^2]: the hidden lines live in the plane of phi(x).') + ' ' : '') +
      (REG ? tr('heatmap: the fitted value y-hat, from dark purple ({lo}) to yellow ({hi}); white lines: y-hat = {levels}; points coloured by their targets',
        { lo: num(V.lo.toPrecision(3)), hi: num(V.hi.toPrecision(3)), levels: V.levels.map((v) => num(String(v))).join(LIST) })
        : D.output === 'binary' ? tr('heatmap: P(class 1); white line: P = {half}', { half: num('0.5') }) : tr('heatmap: the class probabilities, most likely class strongest'));
  }
