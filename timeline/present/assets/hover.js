// A large chart's hover labels, built in the page from its citation table (the same text
// would otherwise be written twice): a port of timeline/present/hover.py (hover_text,
// merged_hover) and text.py (trim_text, wrap), tested against them through node
// (tests/present/test_render.py). Lengths count code points, as Python's do. Every piece
// of text is escaped like html.escape. TL is the page's config, parsed by page.js:
// TL.sentenceChars, TL.wrapChars, TL.maxMerged and TL.hoverMeta come from Python.

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

function tlHover(e, a) {
  const [written, date, sentence] = e;
  const [source, title, published] = a;
  let cite = "<i>" + tlEsc(source) + "</i>";
  if (title) cite += " \u00b7 " + tlLines(tlTrim(title, 120));
  if (published) cite += "<br>published " + tlEsc(published);
  return ["<b>" + tlEsc(tlTrim(written, 80)) + "</b>", tlEsc(date),
          tlLines(tlTrim(sentence, TL.sentenceChars)), cite].join("<br>");
}

function tlMergedHover(ids, data) {
  const events = ids.map(id => data.events[id]).filter(Boolean);
  const shown = events.slice(0, TL.maxMerged).map(e => tlHover(e, data.articles[e[3]]));
  const more = events.length - shown.length;
  if (more) shown.push("<i>\u2026 and " + more + " more event" + (more > 1 ? "s" : "") +
                       " here</i>");
  const header = events.length > 1 ? "<b>" + events.length + " events</b><br>" : "";
  return header + shown.join("<br>\u2500\u2500\u2500\u2500\u2500<br>");
}

// Fill in the labels of the traces flagged with TL.hoverMeta (the figure leaves them out);
// returns Plotly's promise, so the chart counts as drawn once they are in.
function tlBuildHover(gd, data) {
  const labels = [], indices = [];
  gd.data.forEach(function (trace, i) {
    if (trace.meta !== TL.hoverMeta) return;
    indices.push(i);
    labels.push(trace.customdata.map(ids => tlMergedHover(String(ids).split(","), data)));
  });
  if (indices.length) return Plotly.restyle(gd, {hovertext: labels}, indices);
}
