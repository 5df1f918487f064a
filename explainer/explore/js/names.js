  // ------------------------------------------------------------------ names
  // Class and feature names come from other people's files: the page shows them as text
  // only (textContent, a title attribute, a canvas's fillText), never as markup. Where a
  // name is too long for its place it is cut with an ellipsis, the whole name in a title.
  const CLASS_NAMES = REG ? null : D.class_names || Array.from({ length: K }, (_, c) => tr('class {k}', { k: c }));
  // the headline score's name: accuracy, or a regression's R²
  const SCORE_NAME = REG ? 'R²' : tr('accuracy');
  const FEATURE_NAMES = D.feature_names || null;
  function nameSpan(name, color) {
    const span = document.createElement('span');
    span.className = 'name';
    span.textContent = name;
    span.title = name;
    if (color) span.style.color = color;
    return span;
  }
  // the longest start of `text` that fits in `width` pixels with its ellipsis
  function fitText(ctx, text, width) {
    if (ctx.measureText(text).width <= width) return text;
    let lo = 0, hi = text.length;
    while (hi - lo > 1) { const m = (lo + hi) >> 1; if (ctx.measureText(text.slice(0, m) + '…').width <= width) lo = m; else hi = m; }
    return text.slice(0, lo) + '…';
  }
  // the classes' colours and names, beside the plane's heading (a click on them is theirs)
  function showLegend() {
    const box = $('legend');
    if (!CLASS_NAMES) { box.hidden = true; return; }
    box.replaceChildren();
    box.addEventListener('click', (ev) => ev.stopPropagation());
    CLASS_NAMES.forEach((name, c) => {
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = classColor(c);
      const entry = document.createElement('span');
      entry.className = 'entry';
      entry.append(swatch, nameSpan(String(name), classColor(c)));
      box.append(entry);
    });
  }
  // the inputs' names along the plane's edges (horizontal, then vertical), as drawn last
  let axisText = [];
  function drawAxisNames(ctx) {
    axisText = [];
    if (!FEATURE_NAMES || !planeBox) return;
    const b = planeBox, room = b.size - 12;
    ctx.save();
    ctx.font = '12px system-ui'; ctx.fillStyle = C.muted; ctx.textBaseline = 'bottom';
    const across = fitText(ctx, String(FEATURE_NAMES[0]), room);
    ctx.textAlign = 'right'; ctx.fillText(across, b.ox + b.size - 6, b.oy + b.size - 4);
    axisText.push(across);
    if (DIN === 2) {
      const up = fitText(ctx, String(FEATURE_NAMES[1]), room);
      ctx.translate(b.ox + 4, b.oy + 6); ctx.rotate(-Math.PI / 2);
      ctx.textAlign = 'right'; ctx.textBaseline = 'top'; ctx.fillText(up, 0, 0);
      axisText.push(up);
    }
    ctx.restore();
  }
