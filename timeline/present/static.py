"""The chart as a static image (PNG, SVG or PDF) for a paper, a slide or a print: the same
figure as the page's first view, laid out in Python for the image's size (the page lays
itself out in the browser), its title inside, drawn by plotly.js in a headless Chromium
through kaleido.

kaleido (1.x) finds the browser through choreographer: a browser it downloaded itself
(``kaleido_get_chrome``), else the ``BROWSER_PATH`` environment variable, else a
``chromium``, ``chromium-browser`` or ``google-chrome`` on the ``PATH``; ``make test``
installs Debian's chromium.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

import plotly.graph_objects as go

from timeline.errors import TimelineError
from timeline.present.density import Histogram
from timeline.present.event_figure import Theme, build_event_figure
from timeline.present.figure import build_histogram
from timeline.present.lod import EventChart

ImageFormat = Literal["png", "svg", "pdf"]
IMAGE_FORMATS: tuple[ImageFormat, ...] = ("png", "svg", "pdf")
DEFAULT_SIZE = (1400, 900)
NEEDS = (
    "Static images need kaleido and a Chromium "
    "(pip install kaleido; apt-get install chromium, or set BROWSER_PATH)"
)


def image_format(path: str | os.PathLike[str]) -> ImageFormat | None:
    """``png``, ``svg`` or ``pdf`` from the file's suffix; None for anything else (a page)."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return suffix if suffix in IMAGE_FORMATS else None  # type: ignore[return-value]


def image_figure(
    shaped: EventChart | Histogram,
    *,
    title: str,
    width: int = DEFAULT_SIZE[0],
    height: int = DEFAULT_SIZE[1],
    theme: Theme = "light",
    whole: bool = False,
) -> go.Figure:
    """The figure an image shows: the event chart's first view (or, ``whole``, every event),
    or the histogram's."""
    if isinstance(shaped, EventChart):
        view = shaped.full_range if whole else None
        return build_event_figure(
            shaped, title=title, width=width, height=height, theme=theme, view=view
        )
    fig = build_histogram(shaped, title=title)
    fig.update_layout(width=width, height=height)
    return fig


def write_image(
    shaped: EventChart | Histogram,
    path: str | os.PathLike[str],
    *,
    title: str,
    width: int = DEFAULT_SIZE[0],
    height: int = DEFAULT_SIZE[1],
    theme: Theme = "light",
    whole: bool = False,
) -> Path:
    """Write the chart as the image ``path`` names by its suffix, ``width`` × ``height`` px
    (``whole``: every event in view, not the first view's span)."""
    fmt = image_format(path)
    if fmt is None:
        raise TimelineError(f"cannot tell the image format of {path}: use .png, .svg or .pdf")
    fig = image_figure(shaped, title=title, width=width, height=height, theme=theme, whole=whole)
    target = Path(path)
    for attempt in range(2):
        try:
            # scale 1: a PNG of exactly the size asked for
            fig.write_image(target, format=fmt, width=width, height=height, scale=1)
            return target
        except ImportError as error:
            raise TimelineError(f"cannot write {target}: {error}. {NEEDS}") from error
        except (ValueError, RuntimeError) as error:
            # kaleido's page now and then is not ready when asked ("kaleido_scopes is not
            # defined"): a second browser does it
            if attempt:
                raise TimelineError(f"cannot write {target}: {error}. {NEEDS}") from error
    return target
