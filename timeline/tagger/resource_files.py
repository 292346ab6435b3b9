"""Reading the TOML resource files: the error every loader raises and the checks they share.

They live in :mod:`timeline.resource_files`, below every layer, so that :mod:`timeline.dates`
reads its words with them too; the tagger's loaders import them from here.
"""

from timeline.resource_files import (
    RESOURCE_ROOT,
    ResourceError,
    check_keys,
    compile_regex,
    read_toml,
    words_regex,
)

__all__ = [
    "RESOURCE_ROOT",
    "ResourceError",
    "check_keys",
    "compile_regex",
    "read_toml",
    "words_regex",
]
