  // ------------------------------------------------------------ the loop
  const slider = $('slider');
  slider.max = String(Math.max(S - 1, 0));
  showTitles();
  showLegend();
  if (REG) {  // what each toggle shows for a regression: no classes, no decision boundary
    const names = DIN === 1 ? { heat: tr('the fit'), boundary: tr('residuals'), lines: tr("units' curves") }
      : { heat: tr('output heatmap'), boundary: tr('level lines'), lines: tr('hidden lines') };
    for (const [key, text] of Object.entries(names)) document.querySelector(`[data-toggle="${key}"]`).parentNode.lastChild.textContent = text;
    if (DIN === 1) {  // one input: the plane view is the fit, and no line in a plane to pull
      document.querySelector('[data-view="plane"] h2').firstChild.textContent = tr('The fit');
      document.querySelector('[data-toggle="pulls"]').parentNode.hidden = true;
    }
  }
  if (WIDE) {  // more than 2 inputs: the inputs' view and its companions instead of the plane
    document.querySelector('[data-view="plane"]').hidden = true;
    for (const v of ['inputs', 'templates', 'confusion', 'image']) document.querySelector(`[data-view="${v}"]`).hidden = false;
    // what the plane's toggles draw is not here; the hidden layer's selector is
    for (const box of document.querySelectorAll('#toggles [data-toggle]')) box.parentNode.hidden = true;
    for (const v of ['inputs', 'image', 'hidden', 'graph', 'templates', 'confusion', 'curves']) $('views').append(document.querySelector(`[data-view="${v}"]`));
    $('inputs-legend').replaceWith($('legend'));
    inputsNote();
    templatesNote();
    graphNote();
    canvases.inputs.addEventListener('click', (ev) => {
      const r = canvases.inputs.getBoundingClientRect();
      state.point = inputAt(ev.clientX - r.left, ev.clientY - r.top); draw(); writeHash();
    });
  }
  const layerSel = $('layer');
  D.projections.forEach((p) => { const o = document.createElement('option'); o.value = String(p.layer); o.textContent = ntr('{layer} ({n} unit)', '{layer} ({n} units)', p.width, { layer: p.layer }); layerSel.appendChild(o); });
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
    drawReadouts(k);
    slider.value = String(state.pos);
    if (D.projections.length) layerSel.value = String(state.layer);
    document.body.dataset.pos = String(state.pos);
    document.body.dataset.snapshot = String(k);
    for (const v of VIEWS) document.querySelector(`[data-view="${v}"]`).classList.toggle('focus', state.view === v);
    const t = [performance.now()];
    if (WIDE) {
      drawInputs(k); t.push(performance.now());
      drawTemplates(P); t.push(performance.now());
      drawConfusion(k); t.push(performance.now());
      drawCurves(); t.push(performance.now());
      drawImage(k); t.push(performance.now());
      drawHidden(P, k); t.push(performance.now());
      drawGraph(P); t.push(performance.now());
      timings = { inputs: t[1] - t[0], templates: t[2] - t[1], confusion: t[3] - t[2], curves: t[4] - t[3], image: t[5] - t[4], hidden: t[6] - t[5], graph: t[7] - t[6] };
      return;
    }
    drawPlane(P); t.push(performance.now());
    drawHidden(P, k); t.push(performance.now());
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
    h2.style.cursor = 'pointer'; h2.title = tr('click to enlarge');
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
    tip.textContent = WIDE  // the page keeps these weights as bytes: to 1/254 of the unit's largest
      ? detail(`W${e.layer}[${e.i}, ${e.j}] = ${num(P.W[e.layer][k].toPrecision(3))}`, tr('from {a} to {b}', { a: unitName(e.layer, e.i), b: unitName(e.layer + 1, e.j) })) + '\n' +
        tr('(as the page keeps it: within 1/254 of the largest |w| into that unit)')
      : `W${e.layer}[${e.i}, ${e.j}] = ${num(P.W[e.layer][k].toPrecision(6))}\n` +
        (G ? tr('dL/dW = {value} (recorded, at this step)', { value: num(G.W[e.layer][k].toPrecision(6)) }) : tr('no gradients recorded in this trace'));
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
    playBtn.setAttribute('aria-label', on ? tr('pause') : tr('play'));
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
    hiddenView(pos, layer) {  // the points' view coordinates in hidden layer `layer` (n*3)
      if (WIDE) { const Z = hiddenAt(layer, snapshotAt(pos)); return Z ? Array.from(Z) : null; }
      const pr = D.projections[layer - 1], f = forward(paramsAt(pos), X, n);
      return Array.from(project3(pr, f.h[layer], n, pr.width));
    },
    // where the hidden view drew each point at the last frame (CSS pixels in its canvas)
    hiddenOnScreen: () => Array.from(hiddenScreen),
    // more than 2 inputs: the graph's drawn units per column, and its nodes as drawn
    graphShown: () => (graphShown ? graphShown.map((u) => u.slice()) : null),
    graphNodes: () => graphNodes.map((g) => ({ ...g })),
    graphPixels: () => graphPixelBox,  // an image's pixels in the graph: {ox, oy, cell, rows, cols}
    hiddenAxes: () => axisLabels.map((a) => ({ ...a })),  // the hidden view's axis names as drawn
    pointDetails: (i, pos) => { const d = pointDetails(i, pos); delete d.gradient; return d; },
    edgeOnScreen(layer, i, j) {  // the middle of an edge of the network view, in the page
      const e = graphEdges.find((g) => g.layer === layer && g.i === i && g.j === j), r = canvases.graph.getBoundingClientRect();
      return [r.left + (e.ax + e.bx) / 2, r.top + (e.ay + e.by) / 2];
    },
    pointOnScreen(i) {
      const c = WIDE ? canvases.inputs : canvases.plane, pts = WIDE ? inputsPts : planePts, r = c.getBoundingClientRect();
      return [r.left + pts[2 * i], r.top + pts[2 * i + 1]];
    },
    // more than 2 inputs: the points' view coordinates as the page holds them, the confusion
    // matrix at snapshot k, and where the selected point's image is drawn (CSS pixels)
    inputsView: () => (viewZ ? Array.from(viewZ) : null),
    confusion: (k) => confusion(k),
    imageBox: () => imageBox,
    setPosition: (pos) => setPosition(pos, false),
    fitCurves: (pos, xs) => fitCurves(paramsAt(pos), xs),
    axisNames: () => axisText.slice(),  // the inputs' names as the plane draws them
    state, positionOfStep, stepAt, snapshotAt,
    get timings() { return timings; },  // milliseconds each view took to draw, last frame
  };

  readHash();
  draw();
  writeHash();
  // more than 2 inputs: ready once the hidden space is unpacked (the 2-input page at once)
  if (!WIDE) document.body.dataset.ready = '1';
  else hiddenUnpacked.then(() => { draw(); document.body.dataset.ready = '1'; });
