  // ------------------------------------------------------------ the network graph
  let graphEdges = [];  // [{layer, i, j, ax, ay, bx, by}]
  function drawGraph(P) {
    if (WIDE) { drawGraphWide(P); return; }
    const { ctx, w, h } = fit(canvases.graph);
    ctx.fillStyle = C.background; ctx.fillRect(0, 0, w, h);
    const cols = sizes.length, pad = 36;
    const nodeXY = sizes.map((m, l) => {
      const x = pad + (w - 2 * pad) * (cols === 1 ? 0.5 : l / (cols - 1));
      const out = [];
      for (let j = 0; j < m; j++) out.push([x, m === 1 ? h / 2 : pad + (h - 2 * pad) * j / (m - 1)]);
      return out;
    });
    const every = sizes.map(n => Array.from({ length: n }, (_, i) => i));
    drawEdges(ctx, P, sizes, every, (l, i) => nodeXY[l][i], 5);
    const rad = Math.max(3, Math.min(12, (h - 2 * pad) / (2.5 * Math.max(...sizes))));
    nodeXY.forEach((col, l) => col.forEach(([x, y], j) => {
      ctx.fillStyle = l === 0 ? C.muted : l === 1 && L > 1 ? unitColor(j) : l === L ? (D.output !== 'softmax' ? C.foreground : classColor(j)) : C.foreground;
      ctx.beginPath(); ctx.arc(x, y, rad, 0, 2 * Math.PI); ctx.fill();
    }));
    ctx.fillStyle = C.muted; ctx.font = '12px system-ui';
    nodeXY[0].forEach(([x, y], j) => ctx.fillText('x' + (j + 1), x - 30, y + 4));
  }

  // More than 2 inputs: a layer of more than MAX_SHOWN units (inputs or hidden) shows its
  // MAX_SHOWN - 1 strongest and a "+N more" node, by the scenes' one rule
  // (scenes.toolkit.units, network_graph.shown_units): a unit's strength is what comes in
  // (a hidden unit's incoming weights' norm; an input's standard deviation over the data)
  // times the norm of its outgoing weights, all at the last snapshot; the strongest first,
  // the lower index among equals, drawn in unit order. The outputs are all drawn.
  // The edges between the units drawn (units[l]: layer l's, at(l, i): where unit i of layer
  // l is), each coloured by its weight's sign, its width and opacity by its size against
  // the largest weight; each is kept in graphEdges for the pointer.
  function drawEdges(ctx, P, sizes, units, at, widest) {
    const L = sizes.length - 1;
    let big = 1e-12;
    for (let l = 0; l < L; l++) for (const v of P.W[l]) big = Math.max(big, Math.abs(v));
    graphEdges = [];
    for (let l = 0; l < L; l++) {
      const nout = sizes[l + 1];
      for (const i of units[l]) for (const j of units[l + 1]) {
        const v = P.W[l][i * nout + j], [ax, ay] = at(l, i), [bx, by] = at(l + 1, j);
        ctx.strokeStyle = v >= 0 ? C.positive : C.negative;
        ctx.globalAlpha = 0.35 + 0.65 * Math.abs(v) / big;
        ctx.lineWidth = 0.5 + widest * Math.abs(v) / big;
        ctx.beginPath(); ctx.moveTo(ax, ay); ctx.lineTo(bx, by); ctx.stroke();
        graphEdges.push({ layer: l, i, j, ax, ay, bx, by });
      }
    }
    ctx.globalAlpha = 1;
  }

  const MAX_SHOWN = 8;
  function unitStrength(W, layer, spread) {
    const m = sizes[layer], nout = sizes[layer + 1], out = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      let go = 0;
      for (let j = 0; j < nout; j++) go += W[layer][i * nout + j] ** 2;
      let come = 0;
      if (layer) { for (let q = 0; q < sizes[layer - 1]; q++) come += W[layer - 1][q * m + i] ** 2; come = Math.sqrt(come); } else come = spread[i];
      out[i] = come * Math.sqrt(go);
    }
    return out;
  }
  function strongestOf(strength, count) {
    const idx = Array.from(strength, (_, j) => j);
    if (idx.length <= count) return idx;
    return idx.sort((a, b) => strength[b] - strength[a] || a - b).slice(0, count).sort((a, b) => a - b);
  }
  function inputSpread() {  // each input's standard deviation over the points (numpy's std)
    const out = new Float64Array(DIN);
    for (let d = 0; d < DIN; d++) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += X[i * DIN + d];
      mean /= n;
      let v = 0;
      for (let i = 0; i < n; i++) v += (X[i * DIN + d] - mean) ** 2;
      out[d] = Math.sqrt(v / n);
    }
    return out;
  }
  function shownUnits(W, spread) {
    return sizes.map((m, l) => (m <= MAX_SHOWN || l === L ? Array.from({ length: m }, (_, j) => j)
      : strongestOf(unitStrength(W, l, spread), MAX_SHOWN - 1)));
  }
  const graphShown = WIDE ? shownUnits(WLast, inputSpread()) : null;
  let graphNodes = [];  // more than 2 inputs: [{layer, unit, x, y, name}] as drawn (unit -1: "+N more")
  function drawGraphWide(P) {
    const { ctx, w, h } = fit(canvases.graph);
    ctx.fillStyle = C.background; ctx.fillRect(0, 0, w, h);
    const image = SHAPE != null, named = !image && FEATURE_NAMES != null, pad = 22;
    const more = graphShown.map((u, l) => sizes[l] - u.length);
    const rows = graphShown.map((u, l) => u.length + (more[l] ? 1 : 0)), tallest = Math.max(...rows);
    const spacing = (h - 2 * pad) / Math.max(tallest - 1, 1);
    const rad = Math.max(3, Math.min(11, spacing * 0.36));
    // room on the left for the inputs' names or the image's pixels, on the right for the classes
    const side = image ? Math.min(0.42 * h, 0.24 * w) : 0;
    const left = image ? side + 44 : named ? Math.min(170, 0.3 * w) : 34;
    // the outputs by their classes' names (a binary output: the probability of class 1)
    const outName = (j) => (D.output === 'softmax' ? String(CLASS_NAMES[j]) : `P(${CLASS_NAMES[1]})`);
    const right = CLASS_NAMES ? Math.min(D.output === 'softmax' ? 90 : 110, 0.18 * w) : 20;
    const xs = sizes.map((_, l) => left + (w - left - right) * l / Math.max(L, 1));
    graphNodes = [];
    const where = sizes.map((_, l) => {
      const at = new Map(), r = rows[l];
      for (let t = 0; t < r; t++) {
        const y = h / 2 + spacing * (t - (r - 1) / 2);
        const unit = t < graphShown[l].length ? graphShown[l][t] : -1;
        at.set(unit, [xs[l], y]);
        graphNodes.push({ layer: l, unit, x: xs[l], y, name: null });
      }
      return at;
    });
    drawEdges(ctx, P, sizes, graphShown, (l, i) => where[l].get(i), 4);
    if (image) graphPixels(ctx, where[0], side, rad, h);
    ctx.textBaseline = 'middle';
    for (const node of graphNodes) {
      const { layer: l, unit: j, x, y } = node;
      if (j < 0) {  // "+N more": the units of the layer not drawn
        const text = tr('+{count} more', { count: grouped(more[l]) });
        ctx.font = '11px system-ui';
        const tw = ctx.measureText(text).width + 10;
        ctx.fillStyle = C.background; ctx.strokeStyle = C.muted; ctx.lineWidth = 1.2;
        ctx.beginPath(); ctx.roundRect(x - tw / 2, y - 9, tw, 18, 9); ctx.fill(); ctx.stroke();
        ctx.fillStyle = C.muted; ctx.textAlign = 'center'; ctx.fillText(text, x, y + 0.5);
        node.name = text;
        continue;
      }
      ctx.fillStyle = l === 0 ? C.muted : l === 1 && L > 1 ? unitColor(j) : l === L ? (D.output !== 'softmax' ? C.foreground : classColor(j)) : C.foreground;
      ctx.beginPath(); ctx.arc(x, y, rad, 0, 2 * Math.PI); ctx.fill();
      if (l > 0 && l < L && rad >= 7) {  // a hidden unit's number, as the templates number it
        ctx.fillStyle = C.background; ctx.font = `${Math.round(rad * 1.05)}px system-ui`; ctx.textAlign = 'center';
        ctx.fillText(String(j + 1), x, y + 0.5);
      }
      if (l === 0 && !image) {  // an input by its name (or x_i)
        ctx.font = `${Math.max(9, Math.min(12, spacing * 0.7))}px system-ui`; ctx.fillStyle = named ? C.foreground : C.muted; ctx.textAlign = 'right';
        node.name = fitText(ctx, named ? String(FEATURE_NAMES[j]) : `x${j + 1}`, x - rad - 10);
        ctx.fillText(node.name, x - rad - 5, y);
      }
      if (l === L && CLASS_NAMES) {
        ctx.font = `${Math.max(9, Math.min(12, spacing * 0.7))}px system-ui`; ctx.textAlign = 'left';
        ctx.fillStyle = D.output === 'softmax' ? classColor(j) : C.foreground;
        node.name = fitText(ctx, outName(j), right - rad - 8);
        ctx.fillText(node.name, x + rad + 5, y);
      }
    }
    ctx.textBaseline = 'alphabetic';
  }
  // An image's inputs: the selected point's pixels (grey from the data's lowest value to its
  // highest; empty cells before a point is clicked) left of the inputs, a line from each
  // drawn input to its pixel, that pixel outlined.
  let graphPixelBox = null;
  function graphPixels(ctx, inputs, side, rad, h) {
    const [rowsN, cols] = SHAPE, cell = side / Math.max(rowsN, cols), i = state.point;
    const ox = 8, oy = (h - rowsN * cell) / 2;
    graphPixelBox = { ox, oy, cell, rows: rowsN, cols };
    for (let r = 0; r < rowsN; r++) for (let c = 0; c < cols; c++) {
      if (i < 0) continue;
      const g = Math.round(255 * (X[i * DIN + r * cols + c] - pixLo) / Math.max(pixHi - pixLo, 1e-12));
      ctx.fillStyle = `rgb(${g},${g},${g})`;
      ctx.fillRect(ox + c * cell, oy + r * cell, cell + 0.5, cell + 0.5);
    }
    ctx.strokeStyle = C.muted; ctx.lineWidth = 1; ctx.strokeRect(ox, oy, cols * cell, rowsN * cell);
    if (i < 0) {
      ctx.fillStyle = C.muted; ctx.font = '11px system-ui'; ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
      ctx.fillText(tr('click a point'), ox + cols * cell / 2, oy + rowsN * cell / 2);
    }
    for (const [d, [x, y]] of inputs) {
      if (d < 0) continue;
      const px = ox + (d % cols + 0.5) * cell, py = oy + (Math.floor(d / cols) + 0.5) * cell;
      ctx.strokeStyle = C.foreground; ctx.globalAlpha = 0.7; ctx.lineWidth = 1;
      ctx.beginPath(); ctx.moveTo(px, py); ctx.lineTo(x - rad, y); ctx.stroke();
      ctx.globalAlpha = 1; ctx.lineWidth = 1.5;
      ctx.strokeRect(ox + (d % cols) * cell, oy + Math.floor(d / cols) * cell, cell, cell);
    }
  }
  // unit j of column l in words (a tooltip's): an input by its name, a hidden unit by its
  // number (as its node shows it), an output by its class
  function unitName(l, j) {
    if (l === 0) return FEATURE_NAMES ? String(FEATURE_NAMES[j]) : SHAPE ? tr('the pixel in row {row}, column {column}', { row: Math.floor(j / SHAPE[1]) + 1, column: j % SHAPE[1] + 1 }) : `x${j + 1}`;
    if (l < L) return tr('unit {unit} of hidden layer {layer}', { unit: j + 1, layer: l });
    return D.output === 'softmax' ? tr('the output for {name}', { name: CLASS_NAMES[j] }) : tr('the output');
  }
  function graphNote() {
    const say = { shown: 0, total: 0, step: steps[S - 1], more: 0, layer: 0 };
    const parts = graphShown.slice(0, L).map((u, l) => {
      if (u.length >= sizes[l]) return null;
      Object.assign(say, { shown: u.length, total: grouped(sizes[l]), more: grouped(sizes[l] - u.length), layer: l });
      return l ? tr("hidden layer {layer}: the {shown} strongest of {total} (incoming weights' norm × outgoing weights' norm, at step {step}), +{more} more", say)
        : tr("inputs: the {shown} strongest of {total} (spread over the data × outgoing weights' norm, at step {step}), +{more} more", say);
    }).filter((t) => t);
    $('graph-note').textContent = [...parts.length ? [clauses(parts) + '.'] : [],
      ...SHAPE ? [tr("The inputs are the clicked point's pixels.")] : [], tr('Hover over an edge for its weight.')].join(' ');
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
