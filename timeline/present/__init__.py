"""Presenting rows: tables, exports, chronologies and charts.

- ``text``, ``events``, ``labels``, ``headline``: shared helpers; ``labels`` is where dates
  become words, ``headline`` where a sentence becomes a mark's label;
- ``rows``: tables, CSV and JSON of any rows; ``markdown``: the Markdown chronology;
  ``exports``: the chronology as CSV, JSON, TimelineJS and iCalendar;
- the event chart (``timeline render``): ``items`` (events as ranked, labelled items),
  ``placement`` (the first view, which items fit at a zoom level, the density strip),
  ``lod`` (a view's traces as plain data), ``hover`` (hover labels, the citation table);
- the chart of every mention (``render --mentions``): ``axis``, ``chart``, ``density``;
- ``event_figure`` and ``figure``: that data drawn as Plotly figures; ``render``: the page
  around them, with the scripts, style sheet and templates of ``assets/``; ``static``: the
  chart as a PNG, SVG or PDF image (kaleido).
"""
