// The page's tool bar: the first view, the whole range, windows of a month, a year and ten
// years around the middle of the view, and the chart as a PNG or SVG file (Plotly's own
// image export: it runs in the browser, offline). TL.views holds the first view and the
// whole range; TL.filename, the files' name; TL.title, the title the images carry.

function tlSetRange(gd, range) {
  return Plotly.relayout(gd, {"xaxis.range": range.slice()});
}

// The image of the chart as it is now, with its title on top (the page shows the title
// above the chart, outside the figure). Resolves to the image's data: URL.
function tlImage(gd, format) {
  const layout = gd._fullLayout, extra = 44;
  const margin = Object.assign({}, gd.layout.margin || {});
  margin.t = (layout.margin.t || 0) + extra;
  const figure = {
    data: gd.data,
    layout: Object.assign({}, gd.layout, {
      margin: margin, width: layout.width, height: layout.height + extra,
      title: {text: tlNoTex(tlEsc(TL.title)), x: 0, xref: "paper", y: 1, yref: "container",
              yanchor: "top", pad: {t: 14}, font: {size: 18}},
    }),
  };
  return Plotly.toImage(figure, {format: format, width: layout.width,
                                 height: layout.height + extra});
}

function tlDownload(gd, format) {
  return tlImage(gd, format).then(function (url) {
    const link = document.createElement("a");
    link.href = url;
    link.download = TL.filename + "." + format;
    document.body.appendChild(link);
    link.click();
    link.remove();
    return url;
  });
}

function tlToolbar(gd) {
  document.querySelectorAll("[data-tl-view]").forEach(function (button) {
    button.addEventListener("click", function () {
      tlSetRange(gd, TL.views[button.getAttribute("data-tl-view")]);
    });
  });
  document.querySelectorAll("[data-tl-window]").forEach(function (button) {
    button.addEventListener("click", function () {
      const years = Number(button.getAttribute("data-tl-window"));
      const range = gd._fullLayout.xaxis.range.map(Number), middle = (range[0] + range[1]) / 2;
      tlSetRange(gd, [middle - years / 2, middle + years / 2]);
    });
  });
  document.querySelectorAll("[data-tl-image]").forEach(function (button) {
    button.addEventListener("click", function () {
      tlDownload(gd, button.getAttribute("data-tl-image"));
    });
  });
}
