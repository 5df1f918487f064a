  // ------------------------------------------------------- the selected point
  // The point clicked in the inputs' view: its class, the network's prediction for it at the
  // snapshot shown, and the point itself: its pixels when the inputs are an image (the
  // trace's image shape, grey from the data's lowest value to its highest), else its
  // features' values by name.
  const SHAPE = D.image_shape;
  let pixLo = Infinity, pixHi = -Infinity;
  if (WIDE) for (let i = 0; i < X.length; i++) { if (X[i] < pixLo) pixLo = X[i]; if (X[i] > pixHi) pixHi = X[i]; }
  const imageLayer = document.createElement('canvas');
  let imageBox = null, imageKey = null;
  function drawImage(k) {
    const c = $('image'), { ctx, w, h } = fit(c), i = state.point;
    const key = [k, c.width, c.height, i].join();
    if (key === imageKey) return;
    imageKey = key;
    ctx.fillStyle = C.background; ctx.fillRect(0, 0, w, h);
    const title = $('image-title'), note = $('image-note');
    imageBox = null;
    if (i < 0) { title.textContent = tr('The selected point'); note.textContent = tr("click a point in the inputs' view"); return; }
    const p = predAll[k * n + i], prob = probAll[k * n + i] / 255;
    // the sentence's words as text, the classes' names as name spans where its {truth} and {guess} are
    const words = tr('Point {index}: class {truth}, predicted {guess} ({sure} sure) at step {step}', {
      index: i, sure: percent((100 * prob).toFixed(0)), step: steps[k] });
    title.replaceChildren(...words.split(/(\{truth\}|\{guess\})/).map((part) => (part === '{truth}' ? nameSpan(String(CLASS_NAMES[Y[i]]), classColor(Y[i]))
      : part === '{guess}' ? nameSpan(String(CLASS_NAMES[p]), classColor(p)) : part)));
    if (SHAPE) {
      const [rows, cols] = SHAPE, cell = Math.max(1, Math.floor(Math.min((w - 16) / cols, (h - 16) / rows)));
      imageLayer.width = cols; imageLayer.height = rows;
      const ictx = imageLayer.getContext('2d'), img = ictx.createImageData(cols, rows);
      for (let q = 0; q < rows * cols; q++) {
        const g = Math.round(255 * (X[i * DIN + q] - pixLo) / Math.max(pixHi - pixLo, 1e-12));
        img.data[4 * q] = g; img.data[4 * q + 1] = g; img.data[4 * q + 2] = g; img.data[4 * q + 3] = 255;
      }
      ictx.putImageData(img, 0, 0);
      const ox = Math.round((w - cols * cell) / 2), oy = Math.round((h - rows * cell) / 2);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(imageLayer, ox, oy, cols * cell, rows * cell);
      imageBox = { ox, oy, cell, rows, cols };
      note.textContent = tr('its {rows}x{cols} pixels, from {lo} (black) to {hi} (white)', { rows, cols, lo: num(String(+pixLo.toPrecision(4))), hi: num(String(+pixHi.toPrecision(4))) });
      return;
    }
    // not an image: the point's value of each feature, by name, as a bar (the data's range)
    const rowH = Math.max(6, Math.min(22, (h - 8) / DIN)), lab = Math.min(180, w * 0.4);
    ctx.font = `${Math.min(12, rowH - 1)}px system-ui`; ctx.textBaseline = 'middle';
    const shown = Math.min(DIN, Math.floor((h - 8) / rowH));
    for (let d = 0; d < shown; d++) {
      const y = 4 + (d + 0.5) * rowH, v = X[i * DIN + d];
      ctx.fillStyle = C.muted; ctx.textAlign = 'right';
      ctx.fillText(fitText(ctx, FEATURE_NAMES ? String(FEATURE_NAMES[d]) : `x${d + 1}`, lab - 8), lab - 4, y);
      const u = (v - pixLo) / Math.max(pixHi - pixLo, 1e-12), zero = (0 - pixLo) / Math.max(pixHi - pixLo, 1e-12);
      const bx = lab + Math.min(u, zero) * (w - lab - 60), bw = Math.abs(u - zero) * (w - lab - 60);
      ctx.fillStyle = v >= 0 ? C.positive : C.negative; ctx.fillRect(bx, y - rowH * 0.35, Math.max(bw, 1), rowH * 0.7);
      ctx.fillStyle = C.foreground; ctx.textAlign = 'left'; ctx.fillText(num(v.toPrecision(3)), w - 54, y);
    }
    note.textContent = shown < DIN ? tr("its {d} inputs (the first {shown} shown), each a bar from 0 over the data's range", { d: DIN, shown })
      : tr("its {d} inputs, each a bar from 0 over the data's range", { d: DIN });
  }
