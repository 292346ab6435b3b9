// The side panel: every report of the clicked mark's events, each with its sentence, the
// date as written and its citation (source, title, publication date, link). Article text
// comes from the citation table and goes in as textContent only: it can show markup, never
// run it. The panel is hidden until a click, and closes with its button or Escape. Its
// words are present.toml's (TL.words.citations, TL.words.hover, filled by words.js).

function tlElement(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text) node.textContent = text;
  return node;
}

function tlCitation(article) {
  const [source, title, published, url] = article || ["", "", "", ""];
  const cite = tlElement("p", "tl-cite");
  cite.append(tlElement("em", "", source || TL.unknownSource));
  if (title) cite.append(document.createTextNode(", \u201c" + title + "\u201d"));
  const words = TL.words.citations;
  cite.append(document.createTextNode(", " + (published ?
    tlFormat(words.published, {date: published}) : words.undated)));
  if (url) {
    cite.append(document.createTextNode(", "));
    // only web addresses become links: a javascript: URL stays inert text
    if (/^https?:[/][/]/i.test(url)) {
      const link = tlElement("a", "", url);
      link.href = url;
      link.rel = "noopener noreferrer";
      link.target = "_blank";
      cite.append(link);
    } else {
      cite.append(document.createTextNode(url));
    }
  }
  return cite;
}

function tlEventEntry(entry, data) {
  const [label, date, line, reports] = entry;
  const box = tlElement("section", "tl-event");
  box.append(tlElement("h3", "tl-headline", label));
  const when = tlElement("p", "tl-date");
  when.append(tlElement("strong", "", date));
  if (line) when.append(document.createTextNode(" \u00b7 " + line));
  box.append(when);
  const articles = new Set(reports.map(r => r[0])).size;
  const w = TL.words.hover;
  box.append(tlElement("p", "tl-count", tlFormat(w.reports_in, {
    reports: tlCount(w.reports, reports.length), articles: tlCount(w.articles, articles)})));
  for (const [article, sentence, written] of reports) {
    const item = tlElement("article", "tl-entry");
    item.append(tlElement("p", "tl-sentence", sentence));
    item.append(tlElement("p", "tl-written",
                          tlFormat(TL.words.citations.dated_by, {expression: written})));
    item.append(tlCitation(data.articles[article]));
    box.append(item);
  }
  return box;
}

function tlShowPanel(show) {
  const panel = document.querySelector(".tl-panel");
  if (panel) panel.hidden = !show;
}

function tlPanel(gd, data) {
  const body = document.getElementById("tl-panel-body");
  if (!gd.on || !body) return;
  const close = document.getElementById("tl-panel-close");
  if (close) close.addEventListener("click", function () { tlShowPanel(false); });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") tlShowPanel(false);
  });
  gd.on("plotly_click", function (ev) {
    const point = ev && ev.points && ev.points[0];
    if (!point || point.customdata == null) return;
    const entries = [];
    for (const id of String(point.customdata).split(",")) {
      const entry = data.events[id];
      if (entry) entries.push(tlEventEntry(entry, data));
    }
    if (!entries.length) return;
    body.replaceChildren(...entries);
    tlShowPanel(true);
  });
}
