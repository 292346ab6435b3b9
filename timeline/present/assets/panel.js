// Fill the side panel with the full citation of the clicked mark's events. Article text
// comes from the citation table and goes in as textContent only: it can show markup, never
// run it.

function tlElement(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text) node.textContent = text;
  return node;
}

function tlCitationEntry(event, article) {
  const [written, date, sentence] = event;
  const [source, title, published, url] = article || ["", "", "", ""];
  const entry = tlElement("article", "tl-entry");
  const when = tlElement("p", "tl-date");
  when.append(tlElement("strong", "", written), document.createTextNode(" · " + date));
  entry.append(when, tlElement("p", "tl-sentence", sentence));
  const cite = tlElement("p", "tl-cite");
  cite.append(tlElement("em", "", source));
  if (title) cite.append(document.createTextNode(", \u201c" + title + "\u201d"));
  cite.append(document.createTextNode(published ? ", published " + published : ", undated"));
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
  entry.append(cite);
  return entry;
}

function tlPanel(gd, data) {
  const body = document.getElementById("tl-panel-body");
  if (!gd.on || !body) return;
  gd.on("plotly_click", function (ev) {
    const point = ev && ev.points && ev.points[0];
    if (!point || point.customdata == null) return;
    const entries = [];
    for (const id of String(point.customdata).split(",")) {
      const event = data.events[id];
      if (event) entries.push(tlCitationEntry(event, data.articles[event[3]]));
    }
    if (!entries.length) return;
    const count = entries.length + (entries.length > 1 ? " events" : " event");
    body.replaceChildren(tlElement("p", "tl-count", count), ...entries);
  });
}
