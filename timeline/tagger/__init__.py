"""Temporal tagger: finds TIMEX3 expressions in text and anchors them on the calendar.

Rules are data (``timeline/resources/<lang>/``, grammar in ``timeline/resources/README.md``);
:func:`tag` is the entry point.
"""

from timeline.tagger.engine import DOC_TYPES, Tagger, tag, tagger_for
from timeline.tagger.resources import ResourceError, load_resources, resources_for

__all__ = [
    "DOC_TYPES",
    "ResourceError",
    "Tagger",
    "load_resources",
    "resources_for",
    "tag",
    "tagger_for",
]
