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
