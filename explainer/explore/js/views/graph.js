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
