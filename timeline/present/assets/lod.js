// The event chart's level of detail, redone on every zoom, pan and resize: which events
// fit, in which row, with or without their label, and the density strip under them. A port
// of timeline/present/placement.py (place, strip_edges, strip_counts) and lod.py (frame),
// tested against them through node (tests/present/test_lod.py): same order of work, same
// arithmetic, so that the page shows what the static image shows. TL is the page's config
// (page.js): TL.lod holds placement.py's constants, the views and the trace order; ITEMS,
// the items most important first, as columns (id, lane, kind, approx, x0, x1, open, label,
// labelPx, size); STRIP, every item's start and length, sorted by start.

function tlBisectLeft(a, x) {
  let lo = 0, hi = a.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (a[mid] < x) lo = mid + 1; else hi = mid; }
  return lo;
}

function tlBisectRight(a, x) {
  let lo = 0, hi = a.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (x < a[mid]) hi = mid; else lo = mid + 1; }
  return lo;
}

function tlRowsPerLane(lanePx) { return Math.max(1, Math.floor(lanePx / TL.lod.rowPx + 1e-9)); }

function tlInView(I, i, x0, x1) {
  if (I.kind[i] === 2) return x0 <= I.x0[i] && I.x0[i] <= x1;
  return I.x1[i] >= x0 && I.x0[i] <= x1;
}

// the stretches [a, b, side, anchor] in pixels item i may take, preferred first
function tlCandidates(I, i, x0, scale, width, labelled) {
  const L = TL.lod, label = I.labelPx[i], pad = L.labelPad, arrow = L.arrowPx;
  const kind = I.kind[i];
  if (kind === 0) {
    const c = ((I.x0[i] + I.x1[i]) / 2 - x0) * scale, r = I.size[i] / 2;
    if (!labelled) return [[c - r, c + r, 0, 0]];
    const out = [];
    if (c + r + pad + label <= width) out.push([c - r, c + r + pad + label, 1, c + r + pad]);
    if (c - r - pad - label >= 0) out.push([c - r - pad - label, c + r, -1, c - r - pad]);
    return out;
  }
  if (kind === 1) {
    const a = Math.max((I.x0[i] - x0) * scale, 0);
    const e = Math.max(Math.min((I.x1[i] - x0) * scale, width), a + L.barMinPx);
    if (!labelled) return [[a, e, 0, 0]];
    const start = Math.min(a + pad, width - label - pad);
    if (start < 0) return [];
    return [[Math.min(a, start - pad), Math.max(e, start + label + pad), 1, start]];
  }
  const c = (I.x0[i] - x0) * scale;
  if (I.open[i] < 0) {
    if (!labelled) return [[c - arrow, c + 2, 0, 0]];
    const out = [];
    if (c + pad + label <= width) out.push([c - arrow, c + pad + label, 1, c + pad]);
    if (c - arrow - pad - label >= 0) {
      const left = c - arrow - pad;
      out.push([left - label, c + 2, -1, left]);
    }
    return out;
  }
  if (!labelled) return [[c - 2, c + arrow, 0, 0]];
  const out = [];
  if (c - pad - label >= 0) out.push([c - pad - label, c + arrow, -1, c - pad]);
  if (c + arrow + pad + label <= width) {
    const right = c + arrow + pad;
    out.push([c - 2, right + label, 1, right]);
  }
  return out;
}

function tlRowFree(row, a, b) {
  const gap = TL.lod.gapPx, j = tlBisectLeft(row.starts, a);
  if (j > 0 && row.ends[j - 1] + gap > a) return false;
  return !(j < row.starts.length && b + gap > row.starts[j]);
}

function tlRowTake(row, a, b) {
  const j = tlBisectLeft(row.starts, a);
  row.starts.splice(j, 0, a);
  row.ends.splice(j, 0, b);
}

// placement.Geometry.rows: the rows of each lane, its share of g.lanesPx by g.edges
function tlLaneRows(g) {
  const e = g.edges, rows = [];
  for (let k = 0; k + 1 < e.length; k++) {
    rows.push(tlRowsPerLane(g.lanesPx * (e[k + 1] - e[k]) / (e[e.length - 1] - e[0])));
  }
  return rows;
}

// placement.place: g = {x0, x1, width, lanesPx, edges}
function tlPlace(I, g) {
  const L = TL.lod, rows = tlLaneRows(g), n = I.id.length;
  const scale = g.x1 > g.x0 ? g.width / (g.x1 - g.x0) : 1;
  const offsets = [], grid = [];
  let total = 0;
  for (const r of rows) { offsets.push(total); total += r; }
  for (let k = 0; k < total; k++) grid.push({starts: [], ends: []});
  const placed = new Map(), order = [];
  let visible = 0;
  for (let i = 0; i < n; i++) if (tlInView(I, i, g.x0, g.x1)) visible++;
  for (const labelled of [true, false]) {
    let tries = 0;
    const limit = labelled ? L.labelTries : L.markTries;
    for (let i = 0; i < n; i++) {
      if (placed.has(i) || !tlInView(I, i, g.x0, g.x1)) continue;
      tries++;
      if (tries > limit || order.length >= L.maxMarks) break;
      for (const [a, b, side, anchor] of tlCandidates(I, i, g.x0, scale, g.width, labelled)) {
        const first = offsets[I.lane[i]];
        let row = -1;
        for (let r = 0; r < rows[I.lane[i]]; r++) {
          if (tlRowFree(grid[first + r], a, b)) { row = r; break; }
        }
        if (row >= 0) {
          tlRowTake(grid[first + row], a, b);
          placed.set(i, [row, side, anchor]);
          order.push(i);
          break;
        }
      }
    }
  }
  return {index: order, row: order.map(i => placed.get(i)[0]),
          side: order.map(i => placed.get(i)[1]), anchor: order.map(i => placed.get(i)[2]),
          inView: visible, rows: rows};
}

// placement.strip_edges: calendar bins over [x0, x1]
function tlStripEdges(x0, x1, maxBins) {
  const [unit, n] = tlTickStep(x0, x1, Math.max(maxBins, 1));
  const edges = [];
  if (unit === "year") {
    for (let k = Math.floor(x0 / n); k <= Math.ceil(x1 / n); k++) edges.push(k * n);
  } else if (unit === "month") {
    for (let y = Math.floor(x0) - 1; y <= Math.floor(x1) + 1; y++) {
      const size = tlDiy(y);
      for (let m = 1; m <= 12; m += n) edges.push(y + (tlDoy(y, m, 1) - 1) / size);
    }
  } else {
    let y = Math.floor(x0), index = Math.floor((x0 - y) * tlDiy(y));
    index -= index % n;
    for (;;) {
      const size = tlDiy(y);
      edges.push(y + index / size);
      if (edges[edges.length - 1] >= x1) break;
      index += n;
      if (index >= size) { y += 1; index = 0; }
    }
  }
  const low = Math.max(0, tlBisectRight(edges, x0) - 1);
  const high = Math.min(edges.length - 1, tlBisectLeft(edges, x1));
  return {unit: unit, n: n, edges: edges.slice(low, high + 1)};
}

function tlStripCounts(starts, spans, edges) {
  const bins = edges.length - 1, within = [], longer = [];
  for (let b = 0; b < bins; b++) { within.push(0); longer.push(0); }
  let i = bins > 0 ? tlBisectLeft(starts, edges[0]) : starts.length;
  for (let b = 0; b < bins; b++) {
    const width = edges[b + 1] - edges[b];
    while (i < starts.length && starts[i] < edges[b + 1]) {
      if (spans[i] <= width * 1.001) within[b]++; else longer[b]++;
      i++;
    }
  }
  return {within: within, longer: longer};
}

// "21 Jul 2011", "Jul – Sep 2011", "2000 – 2009": what a strip bin covers
function tlBinLabel(unit, n, x) {
  const y = Math.floor(x);
  if (unit === "year") return n === 1 ? tlYear(y, y < 1000) :
    tlDash(tlYear(y, y < 1000), tlYear(y + n - 1, y < 1000));
  let rest = Math.round((x - y) * tlDiy(y)), m = 1;
  while (m < 12 && rest >= tlDim(y, m)) { rest -= tlDim(y, m); m++; }
  const month = TL.months[m - 1], year = tlYear(y, y < 1000);
  if (unit === "month") {
    return n === 1 ? tlMonthLabel(month, year) :
      tlDash(month, tlMonthLabel(TL.months[Math.min(m + n - 2, 11)], year));
  }
  const day = rest + 1;
  return n === 1 ? tlDayLabel(day, month, year) :
    tlDash(String(day), tlDayLabel(Math.min(day + n - 1, tlDim(y, m)), month, year));
}

// lod.frame: every trace's arrays for geometry g
function tlFrame(I, S, g) {
  const L = TL.lod, p = tlPlace(I, g), e = g.edges;
  const scale = g.x1 > g.x0 ? g.width / (g.x1 - g.x0) : 1;
  const thick = p.rows.map(function (n, k) { return L.barThickness * (e[k + 1] - e[k]) / n; });
  const T = {};
  for (const key of ["bars", "bars~", "tails", "ends", "points", "points~", "labels"]) {
    T[key] = {base: [], x: [], y: [], width: [], opacity: [], symbol: [], size: [], text: [],
              textposition: [], customdata: []};
  }
  for (let k = 0; k < p.index.length; k++) {
    const i = p.index[k], side = p.side[k], anchor = p.anchor[k];
    const lane = I.lane[i], top = e[lane], bottom = e[lane + 1];
    const y = top + (p.row[k] + 0.5) / p.rows[lane] * (bottom - top), thickness = thick[lane];
    const position = side >= 0 ? "middle right" : "middle left";
    if (I.kind[i] === 0) {
      const t = T[I.approx[i] ? "points~" : "points"];
      t.x.push((I.x0[i] + I.x1[i]) / 2); t.y.push(y); t.size.push(I.size[i]);
      t.customdata.push(I.id[i]); t.text.push(side ? I.label[i] : ""); t.textposition.push(position);
      t.opacity.push((side ? L.pointOpacity : L.bareOpacity) * (I.approx[i] ? 0.65 : 1));
      continue;
    }
    if (I.kind[i] === 1) {
      const t = T[I.approx[i] ? "bars~" : "bars"];
      t.base.push(I.x0[i]); t.x.push(I.x1[i] - I.x0[i]); t.y.push(y); t.width.push(thickness);
      t.customdata.push(I.id[i]);
    } else {
      const step = L.arrowPx / L.tailOpacity.length / scale, t = T.tails, open = I.open[i];
      L.tailOpacity.forEach(function (opacity, j) {
        t.base.push(open > 0 ? I.x0[i] + j * step : I.x0[i] - (j + 1) * step);
        t.x.push(step); t.y.push(y); t.width.push(thickness); t.opacity.push(opacity);
        t.customdata.push(I.id[i]);
      });
      const e = T.ends, tip = I.x0[i] + open * L.arrowPx / scale;
      e.x.push(I.x0[i], tip); e.y.push(y, y); e.customdata.push(I.id[i], I.id[i]);
      e.symbol.push("line-ns", open > 0 ? "triangle-right" : "triangle-left");
      e.opacity.push(1, 0.3);
    }
    if (side) {
      const t = T.labels;
      t.x.push(g.x0 + anchor / scale); t.y.push(y); t.text.push(I.label[i]);
      t.textposition.push(position);
    }
  }
  const bins = tlStripEdges(g.x0, g.x1, Math.max(1, Math.min(L.stripMaxBins,
    Math.floor(g.width / L.stripBinPx))));
  const counts = tlStripCounts(S.starts, S.spans, bins.edges), edges = bins.edges;
  T.strip = {x: [], width: [], within: counts.within, longer: counts.longer, labels: []};
  for (let b = 0; b + 1 < edges.length; b++) {
    T.strip.x.push((edges[b] + edges[b + 1]) / 2);
    T.strip.width.push(edges[b + 1] - edges[b]);
    T.strip.labels.push(tlBinLabel(bins.unit, bins.n, edges[b]));
  }
  T.placement = p;
  return T;
}

// --- the page: redraw the frame of the current view --------------------------------------

function tlGeometry(gd) {
  const size = gd._fullLayout._size, range = gd._fullLayout.xaxis.range.map(Number);
  const domain = TL.lod.lanesDomain;
  return {x0: Math.min(range[0], range[1]), x1: Math.max(range[0], range[1]),
          width: size.w, lanesPx: size.h * (domain[1] - domain[0]), edges: TL.lod.laneEdges};
}

function tlStripHover(strip, b) {
  const within = strip.within[b], longer = strip.longer[b];
  let text = "<b>" + tlEsc(strip.labels[b]) + "</b><br>" +
    tlCount(TL.words.hover.events, within + longer);
  if (longer) text += " (" + tlCount(TL.words.chart.strip_longer, longer) + ")";
  return text;
}

// Plotly.update's arguments: per field, one value per trace (undefined: left as it is)
function tlRestyleArgs(T, data) {
  const keys = TL.lod.traces, update = {};
  for (const f of ["x", "y", "base", "width", "customdata", "text", "textposition", "hovertext",
                   "marker.size", "marker.opacity", "marker.symbol"]) {
    update[f] = keys.map(function () { return undefined; });
  }
  keys.forEach(function (key, k) {
    function set(field, value) { update[field][k] = value; }
    if (key === "strip" || key === "strip~") {
      const t = T.strip, counts = key === "strip" ? t.within : t.longer;
      set("x", t.x); set("width", t.width); set("y", counts);
      set("base", key === "strip" ? null : t.within);
      set("hovertext", counts.map(function (c, b) { return tlStripHover(t, b); }));
      return;
    }
    const t = T[key];
    set("x", t.x); set("y", t.y);
    // article text: Plotly reads text as (a subset of) HTML
    if (key === "labels") {
      set("text", t.text.map(s => tlNoTex(tlEsc(s)))); set("textposition", t.textposition);
      return;
    }
    set("customdata", t.customdata);
    set("hovertext", t.customdata.map(function (id) { return tlNoTex(tlEventHover(id, data)); }));
    if (key.startsWith("bars") || key === "tails") { set("base", t.base); set("width", t.width); }
    if (key === "tails" || key === "ends") set("marker.opacity", t.opacity);
    if (key === "ends") set("marker.symbol", t.symbol);
    if (key.startsWith("points")) {
      set("marker.size", t.size); set("marker.opacity", t.opacity);
      set("text", t.text.map(s => tlNoTex(tlEsc(s)))); set("textposition", t.textposition);
    }
  });
  return [update, keys.map(function (_, k) { return k; })];
}

function tlStatus(p, shown) {
  const node = document.getElementById("tl-status");
  if (!node) return;
  const labelled = p.side.filter(s => s !== 0).length;
  const w = TL.words.chart;  // TL.lod.noun: the plural of what the chart counts
  let text = tlFormat(w.in_view, {shown: shown, total: tlCount(w[TL.lod.noun], p.inView),
                                  labelled: labelled});
  if (shown < p.inView) text += w.in_view_more;
  node.textContent = text;
}

// redraw the marks for the view and size the chart has now; resolves once drawn
function tlRedraw(gd, data) {
  if (!gd._fullLayout || !gd._fullLayout.xaxis) return Promise.resolve();
  const g = tlGeometry(gd), T = tlFrame(ITEMS, STRIP, g);
  const ticks = tlTicks(g.x0, g.x1, Math.max(2, Math.floor(g.width / TL.pxPerTick)));
  const [update, indices] = tlRestyleArgs(T, data);
  tlStatus(T.placement, T.placement.index.length);
  gd.dataset.tlShown = String(T.placement.index.length);
  gd.dataset.tlLabelled = String(T.placement.side.filter(s => s !== 0).length);
  // one update for the marks and the axis labels: one redraw; then count it (the benchmark
  // times zooms up to here)
  return Plotly.update(gd, update, {"xaxis.tickvals": ticks.vals, "xaxis.ticktext": ticks.text},
                       indices).then(function () {
    gd.dataset.tlRedrawn = String(Number(gd.dataset.tlRedrawn || 0) + 1);
  });
}

// Redraw after zooms, pans, double-clicks and resizes (one per animation frame). The update
// of the ticks fires plotly_relayout again, with tick keys only, which are ignored here.
function tlFollowZoom(gd, data) {
  if (!gd.on) return;
  let pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; tlRedraw(gd, data); });
  }
  gd.on("plotly_relayout", function (ev) {
    for (const key in ev || {}) {
      if (key.startsWith("xaxis.range") || key === "xaxis.autorange" || key === "autosize" ||
          key === "width" || key === "height") { schedule(); return; }
    }
  });
  if (window.ResizeObserver && gd.parentElement) {
    new ResizeObserver(function () { Plotly.Plots.resize(gd); }).observe(gd.parentElement);
  }
}
