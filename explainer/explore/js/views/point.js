  // ------------------------------------------------------------- the panel
  const fmt = (v) => num(Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(4) : v.toFixed(5));
  const cell = (v) => `<td data-value="${v}">${fmt(v)}</td>`;
  function drawPanel() {
    const box = $('point');
    if (state.point < 0) { box.hidden = true; return; }
    const det = pointDetails(state.point, state.pos);
    box.hidden = false;
    const xs = det.x.map((v) => `<span data-value="${v}">${fmt(v)}</span>`).join(LIST);
    const x = DIN > 1 ? '(' + xs + ')' : xs;
    $('point-title').innerHTML = (REG
      ? trh('Point {index}: x = {x}, target y = {y}, fitted y-hat = {fit}, residual {residual}', {
        index: det.index, x, y: `<span style="color:${dotColor(det.index)}">${fmt(det.y)}</span>`, fit: fmt(det.predicted), residual: fmt(det.predicted - det.y) })
      : trh('Point {index}: x = {x}, class {y}, predicted {predicted}', {
        index: det.index, x, y: `<span style="color:${classColor(det.y)}">${det.y}</span>${D.class_names ? ' (<span data-class="' + det.y + '"></span>)' : ''}`,
        predicted: `${det.predicted}${D.class_names ? ' (<span data-class="' + det.predicted + '"></span>)' : ''}` })) +
      ` <span class="meta">${trh('at step {step}', { step: dec(stepAt(state.pos), 1) })}</span>`;
    // the classes' names go in as text, never as markup
    for (const slot of $('point-title').querySelectorAll('[data-class]')) slot.replaceWith(nameSpan(String(CLASS_NAMES[+slot.dataset.class]), classColor(+slot.dataset.class)));
    let out = `<p class="meta">${trh("The forward pass: each unit's pre-activation s = h W + b and its activation.")}</p>`;
    det.layers.forEach((ly, l) => {
      const last = l === L - 1;
      const what = last ? (REG ? trh('output (identity: y-hat)') : D.output === 'binary' ? trh('output (sigmoid)') : trh('output (softmax)'))
        : trh('hidden layer {layer} ({activation})', { layer: l + 1, activation: D.activations[l] });
      out += `<table data-layer="${l}"><tr><th>${what}</th>` + ly.s.map((_, j) => `<th>${last && D.output === 'binary' ? trh('P(class 1)') : trh('unit {unit}', { unit: j + 1 })}</th>`).join('') + '</tr>';
      out += '<tr data-row="s"><th>s</th>' + ly.s.map(cell).join('') + '</tr>';
      out += `<tr data-row="h"><th>${last ? 'p' : 'h'}</th>` + ly.h.map(cell).join('') + '</tr></table>';
    });
    if (L > 1 && !square && DIN === 2) {
      const rate = D.lr == null ? tr('learning rate {rate} assumed', { rate: num(String(LR)) }) : tr('learning rate {rate}', { rate: num(String(LR)) });
      const loss = D.reduction === 'sum' ? tr('sum loss') : D.pull_points === n
        ? ntr('mean loss over all {n} point', 'mean loss over all {n} points', n)
        : ntr('mean loss over a mini-batch of {n} point', 'mean loss over a mini-batch of {n} points', D.pull_points);
      out += `<p class="meta">${trh("This point's own gradient step on each first-layer line ({rate}, {loss}): it alone would move line j by shift = step (dL/dw_j . x + dL/db_j) / |w_j| along the normal w_j / |w_j| (arrows drawn ×{gain}).",
        { rate: esc(rate), loss: esc(loss), gain: '<span id="pull-gain"></span>' })}</p>`;
      out += `<table data-table="pulls"><tr><th>${trh('line')}</th><th>dL/dw_j1</th><th>dL/dw_j2</th><th>dL/db_j</th><th>${trh('shift')}</th></tr>`;
      for (const q of det.pulls) out += `<tr data-unit="${q.unit}"><th style="color:${unitColor(q.unit)}">${q.unit + 1}</th>${cell(q.gw[0])}${cell(q.gw[1])}${cell(q.gb)}${cell(q.shift)}</tr>`;
      out += '</table>';
    }
    // rebuilt only when its layout changes; while scrubbing only the numbers change
    if (out.replace(/<td data-value="[^"]*">[^<]*<\/td>/g, '') !== panelShape) {
      $('point-body').innerHTML = out;
      panelShape = out.replace(/<td data-value="[^"]*">[^<]*<\/td>/g, '');
      panelCells = Array.from(document.querySelectorAll('#point-body td'));
    } else {
      const values = Array.from(out.matchAll(/<td data-value="([^"]*)">([^<]*)<\/td>/g));
      values.forEach((m, k) => {
        const td = panelCells[k];
        if (td.dataset.value !== m[1]) { td.dataset.value = m[1]; td.textContent = m[2]; }
      });
    }
    const gain = $('pull-gain');
    if (gain) gain.textContent = num(pullGain.toPrecision(3));
  }
  let panelShape = null, panelCells = [];
