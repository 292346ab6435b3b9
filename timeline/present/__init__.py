"""Presenting rows: tables, exports, chronologies and charts.

- ``text``, ``events``, ``labels``: shared helpers; ``labels`` is where dates become words;
- ``rows``: tables, CSV and JSON of any rows; ``markdown``: the Markdown chronology;
  ``exports``: the chronology as CSV, JSON, TimelineJS and iCalendar;
- ``axis``, ``chart``, ``density``, ``hover``: events shaped into plot-ready data (no plotly);
- ``figure``: that data drawn as a Plotly figure; ``render``: the page around it, with the
  scripts, style sheet and templates of ``assets/``.
"""
