  // ------------------------------------------------------------------ state
  const VIEWS = ['plane', 'hidden', 'graph', 'curves', 'inputs', 'templates', 'confusion', 'image'];
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
