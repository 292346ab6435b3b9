// The page's start-up. render.py hands the page's scripts to Plotly as one post_script,
// this one last, so it runs once Plotly.newPlot has drawn the chart. It reads the config
// Python wrote into the page (#tl-config: the plot's id and the constants the other
// scripts share with Python) and runs, in this order, each job whose script the page
// carries: SVG when WebGL is missing (webgl.js); the event chart's marks for the window's
// size, again on every zoom (lod.js, with the items of #tl-items); axis labels on zoom
// (ticks.js); hover labels built from the citation table (hover.js); the citation panel
// (panel.js); the tool bar (toolbar.js). Then it marks the body with data-tl-drawn, which
// the tests and the benchmark wait for.

const TL = JSON.parse(document.getElementById("tl-config").textContent);
const TL_ITEMS = document.getElementById("tl-items");
const TL_SHAPED = TL_ITEMS ? JSON.parse(TL_ITEMS.textContent) : null;
const ITEMS = TL_SHAPED && TL_SHAPED.items, STRIP = TL_SHAPED && TL_SHAPED.strip;

(function () {
  const gd = document.getElementById(TL.plotId);
  const table = document.getElementById("tl-citations");
  const data = table && JSON.parse(table.textContent);
  // the items' labels are the first field of their citations: written once in the page
  if (ITEMS && data && !ITEMS.label) ITEMS.label = ITEMS.id.map(id => data.events[id][0]);
  let redrawn;  // the SVG redraw, when there is one: the chart is drawn once it is
  Promise.resolve()
    .then(function () {
      if (gd && typeof tlFallBackToSvg === "function") redrawn = tlFallBackToSvg(gd);
    })
    .then(function () {
      if (gd && ITEMS && typeof tlRedraw === "function") {
        tlFollowZoom(gd, data);
        return tlRedraw(gd, data);
      }
      if (gd && typeof tlRelabelOnZoom === "function") tlRelabelOnZoom(gd);
    })
    .then(function () {
      if (gd && data && !ITEMS && typeof tlBuildHover === "function") {
        return tlBuildHover(gd, data);
      }
    })
    .then(function () {
      if (gd && data && typeof tlPanel === "function") tlPanel(gd, data);
      if (gd && typeof tlToolbar === "function") tlToolbar(gd);
    })
    .then(function () { return redrawn; })
    .then(function () {
      document.body.setAttribute("data-tl-drawn", String(Math.round(performance.now())));
    });
})();
