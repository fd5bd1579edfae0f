"""The YAML layer: ``parsing`` (text to plain data with locations, or a refusal), ``messages``
(the refusals' words in nl and en) and ``roundtrip`` (edits that keep everything else).

The names below are its interface; import them from here.
"""

from hai_cli.yamlio.parsing import (
    MAX_BYTES,
    KeyPath,
    Loc,
    Parsed,
    Versions,
    YamlProblem,
    decode,
    load,
    parse,
)
from hai_cli.yamlio.roundtrip import RoundTrip, load_roundtrip

__all__ = [
    "MAX_BYTES",
    "KeyPath",
    "Loc",
    "Parsed",
    "RoundTrip",
    "Versions",
    "YamlProblem",
    "decode",
    "load",
    "load_roundtrip",
    "parse",
]
