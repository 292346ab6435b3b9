// Large charts draw their marks with WebGL. A browser without it (blocked by policy, an old
// GPU, a remote desktop) would show an empty chart: draw the same traces in SVG instead.
// Returns the redraw's promise, or nothing when there is nothing to redraw.

function tlFallBackToSvg(gd) {
  if (!gd.data || !gd.data.some(function (t) { return t.type === "scattergl"; })) return;
  let webgl = false;
  try {
    const canvas = document.createElement("canvas");
    webgl = !!(window.WebGLRenderingContext &&
               (canvas.getContext("webgl") || canvas.getContext("experimental-webgl")));
  } catch (e) {
    webgl = false;
  }
  if (webgl) return;
  const data = gd.data.map(function (t) {
    return t.type === "scattergl" ? Object.assign({}, t, {type: "scatter"}) : t;
  });
  return Plotly.react(gd, data, gd.layout);
}
