// The x axis's labels, redone on every zoom: Plotly's own ticks on a numeric axis would
// read "2020.5". tlTicks is a port of timeline/present/axis.py's ticks (with the short
// labels of labels.py): same steps, same arithmetic in the same order, so Python and the
// page agree on every tick (tests/present/test_render.py runs both through node).
// TL is the page's config, parsed by page.js: TL.tickSteps, TL.yearDays, TL.months,
// TL.pxPerTick and the formats of the labels (TL.words.dates, filled by words.js's
// tlFormat) come from Python.

function tlLeap(y) { return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0); }

function tlDim(y, m) {
  if (m === 2) return tlLeap(y) ? 29 : 28;
  return (m === 4 || m === 6 || m === 9 || m === 11) ? 30 : 31;
}

function tlDiy(y) { return tlLeap(y) ? 366 : 365; }

function tlDoy(y, m, d) { let s = 0; for (let i = 1; i < m; i++) s += tlDim(y, i); return s + d; }

function tlYear(y, ad) {
  const f = TL.words.dates;
  return y <= 0 ? tlFormat(f.bc, {year: 1 - y}) : (ad ? tlFormat(f.ad, {year: y}) : String(y));
}

// "Jul 2020" (month: the month's name), "21 Jul 2020": labels.py's month_label, ymd_label
function tlMonthLabel(month, year) { return tlFormat(TL.words.dates.month, {month, year}); }

function tlDayLabel(day, month, year) {
  return tlFormat(TL.words.dates.day, {day, month: tlMonthLabel(month, year)});
}

function tlDash(first, last) { return tlFormat(TL.words.dates.span, {first, last}); }

function tlStepYears(unit, n) {
  return unit === "day" ? n / TL.yearDays : unit === "month" ? n / 12 : n;
}

// the finest step ("month", 3), ("year", 100)… giving at most maxTicks: axis.py's tick_step
function tlTickStep(x0, x1, maxTicks) {
  const steps = TL.tickSteps, span = Math.max(x1 - x0, 0), limit = Math.max(maxTicks, 1);
  for (const [u, k] of steps) {
    if (span / tlStepYears(u, k) <= limit) return [u, k];
  }
  return steps[steps.length - 1];
}

function tlTicks(x0, x1, maxTicks) {
  const vals = [], text = [], months = TL.months;
  if (!isFinite(x0) || !isFinite(x1) || x1 < x0) return {vals, text};
  const [unit, n] = tlTickStep(x0, x1, maxTicks);
  const ad = x0 < 1000;
  if (unit === "year") {
    const ys = new Set();
    for (let k = Math.max(1, Math.ceil((1 - x1) / n)); k <= Math.floor((1 - x0) / n); k++)
      ys.add(1 - k * n);
    for (let k = Math.max(1, Math.ceil(x0 / n)); k <= Math.floor(x1 / n); k++) ys.add(k * n);
    if (x0 <= 1 && 1 <= x1) ys.add(1);
    for (const y of [...ys].sort((a, b) => a - b)) { vals.push(y); text.push(tlYear(y, ad)); }
  } else if (unit === "month") {
    for (let y = Math.floor(x0); y <= Math.floor(x1); y++) {
      const size = tlDiy(y);
      for (let m = 1; m <= 12; m += n) {
        const x = y + (tlDoy(y, m, 1) - 1) / size;
        if (x0 <= x && x <= x1) { vals.push(x); text.push(tlMonthLabel(months[m - 1], tlYear(y, ad))); }
      }
    }
  } else {
    let y = Math.floor(x0), index = Math.floor((x0 - y) * tlDiy(y)), m = 1, rest = index;
    while (m < 12 && rest >= tlDim(y, m)) { rest -= tlDim(y, m); m++; }
    let d = rest + 1;
    for (;;) {
      const x = y + (index + 0.5) / tlDiy(y);
      if (x > x1) break;
      if (x >= x0 && (n === 1 || (d <= 28 && (d - 1) % n === 0))) {
        vals.push(x); text.push(tlDayLabel(d, months[m - 1], tlYear(y, ad)));
      }
      index++; d++;
      if (d > tlDim(y, m)) { m++; d = 1; if (m > 12) { y++; m = 1; index = 0; } }
    }
  }
  return {vals, text};
}

// Relabel the x axis after zooms, pans, range-slider drags and resizes. Plotly.relayout of
// the ticks fires plotly_relayout again, but only with tick keys, which are ignored here.
function tlRelabelOnZoom(gd) {
  if (!gd.on) return;
  function relabel() {
    const axis = gd._fullLayout && gd._fullLayout.xaxis;
    if (!axis || !axis.range) return;
    const [a, b] = axis.range.map(Number);
    const width = axis._length || gd.clientWidth;
    const count = Math.max(2, Math.floor(width / TL.pxPerTick));
    const t = tlTicks(Math.min(a, b), Math.max(a, b), count);
    Plotly.relayout(gd, {"xaxis.tickvals": t.vals, "xaxis.ticktext": t.text});
  }
  gd.on("plotly_relayout", function (ev) {
    for (const key in ev || {}) {
      if (key.startsWith("xaxis.range") || key === "xaxis.autorange" || key === "autosize"
          || key === "width") { relabel(); return; }
    }
  });
  relabel();
}
