// Hover labels, built in the page from its citation table (the same text would otherwise be
// written twice): a port of timeline/present/hover.py (event_hover, merged_hover) and
// text.py (trim_text, wrap), tested against them through node (tests/present/test_render.py).
// Lengths count code points, as Python's do. Every piece of text is escaped like
// html.escape. TL is the page's config, parsed by page.js: TL.sentenceChars, TL.wrapChars,
// TL.maxMerged, TL.maxCited, TL.unknownSource, TL.hoverMeta and the words (TL.words.hover,
// TL.words.citations: present.toml's, filled by words.js) come from Python.

const TL_SPECIAL = /[&<>"']/, TL_ASTRAL = /[\uD800-\uDFFF]/;

function tlEsc(s) {
  if (!TL_SPECIAL.test(s)) return s;
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
}

// lengths and cuts in code points; plain string operations when there is no surrogate pair
function tlLen(s) { return TL_ASTRAL.test(s) ? Array.from(s).length : s.length; }

function tlSlice(s, a, b) {
  return TL_ASTRAL.test(s) ? Array.from(s).slice(a, b).join("") : s.slice(a, b);
}

function tlTrim(text, limit) {
  if (tlLen(text) <= limit) return text;
  let cut = tlSlice(text, 0, limit - 1);
  const space = cut.lastIndexOf(" ");
  if (space >= 0 && tlLen(cut.slice(0, space)) > Math.floor(limit / 2)) cut = cut.slice(0, space);
  return cut.replace(/[ ,;:]+$/, "") + "\u2026";
}

function tlWrap(text, width) {
  const lines = [];
  let line = "", size = 0;
  for (let word of text.split(" ")) {
    if (!word) continue;
    let n = tlLen(word);
    while (n > width) {
      if (size) { lines.push(line); line = ""; size = 0; }
      lines.push(tlSlice(word, 0, width));
      word = tlSlice(word, width);
      n -= width;
    }
    if (!n) continue;
    if (!size) { line = word; size = n; }
    else if (size + 1 + n <= width) { line += " " + word; size += 1 + n; }
    else { lines.push(line); line = word; size = n; }
  }
  if (size) lines.push(line);
  return lines;
}

function tlLines(text) {
  const lines = tlWrap(text, TL.wrapChars);
  return (lines.length ? lines : [""]).map(tlEsc).join("<br>");
}

// escaped text as Plotly draws it: "$" as an entity (two of them read as LaTeX), "&quot;"
// as "&#34;" (Plotly decodes numeric entities only): hover.py's no_tex
function tlNoTex(markup) {
  if (markup.indexOf("$") < 0 && markup.indexOf("&quot;") < 0) return markup;
  return markup.replace(/[$]/g, "&#36;").replace(/&quot;/g, "&#34;");
}

// hover.py's event_hover: one event of the citation table, by id
function tlEventHover(id, data) {
  const entry = data && data.events[id];
  if (!entry) return "";
  const [label, date, line, reports] = entry;
  const cited = new Set(reports.map(r => r[0]));
  const lines = ["<b>" + tlLines(label) + "</b>"];
  let when = tlEsc(date);
  if (reports.length > 1) {
    const w = TL.words.hover;
    when += " \u00b7 " + tlFormat(w.reports_in, {reports: tlCount(w.reports, reports.length),
                                                 articles: tlCount(w.articles, cited.size)});
  }
  lines.push(when);
  if (line) lines.push("<span style='font-size:11px'>" + tlEsc(line) + "</span>");
  for (const [article, sentence, written] of reports.slice(0, TL.maxCited)) {
    const [source, title, published] = (data.articles[article] || []).concat(["", "", ""]);
    lines.push("\u2500\u2500\u2500\u2500\u2500");
    lines.push("\u201c" + tlEsc(tlTrim(written, 80)) + "\u201d");
    lines.push(tlLines(tlTrim(sentence, TL.sentenceChars)));
    let cite = "<i>" + tlEsc(source || TL.unknownSource) + "</i>";
    if (title) cite += " \u00b7 " + tlLines(tlTrim(title, 120));
    if (published) cite += "<br>" + tlFormat(TL.words.citations.published, {date: tlEsc(published)});
    lines.push(cite);
  }
  const more = reports.length - TL.maxCited;
  if (more > 0) lines.push("<i>" + tlCount(TL.words.hover.more_reports, more) + "</i>");
  return lines.join("<br>");
}

// hover.py's merged_hover: a mark several events share
function tlMergedHover(ids, data) {
  const known = ids.filter(id => data.events[id]);
  const shown = known.slice(0, TL.maxMerged).map(id => tlEventHover(id, data));
  const more = known.length - shown.length;
  if (more) shown.push("<i>" + tlCount(TL.words.hover.more_events, more) + "</i>");
  const header = known.length > 1 ?
    "<b>" + tlCount(TL.words.hover.events, known.length) + "</b><br>" : "";
  return header + shown.join("<br>\u2550\u2550\u2550\u2550\u2550<br>");
}

// Fill in the labels of the traces flagged with TL.hoverMeta (the figure leaves them out);
// returns Plotly's promise, so the chart counts as drawn once they are in.
function tlBuildHover(gd, data) {
  const labels = [], indices = [];
  gd.data.forEach(function (trace, i) {
    if (trace.meta !== TL.hoverMeta) return;
    indices.push(i);
    labels.push(trace.customdata.map(ids => tlNoTex(tlMergedHover(String(ids).split(","), data))));
  });
  if (indices.length) return Plotly.restyle(gd, {hovertext: labels}, indices);
}
