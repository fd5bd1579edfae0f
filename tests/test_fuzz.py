"""Fuzz: mutated example dossiers never crash hai; every problem is the user's, at file:line.

Each example takes one of the example dossiers' files, changes it (a value replaced by one of
another type or a hostile one, a key dropped or renamed, a line cut, doubled or spliced with
odd bytes) and runs the loader, every rule, the gates and every reporter on it. A crash is a
bug; so is a problem without a file and a line, or without a message in both languages.

The suite runs a bounded number of examples (a few seconds); a longer run is documented in
tests/README.md (``HAI_FUZZ_EXAMPLES=5000``).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hai_cli.check import check_dossier
from hai_cli.load import load_dossier
from hai_cli.report import REPORTERS, ReportOptions
from hai_cli.yamlio import YamlProblem, load
from tests.helpers import EXAMPLES, TODAY

NAMES = sorted(p.name for p in EXAMPLES.iterdir() if (p / "dossier.yaml").is_file())
FILES = sorted(
    f"{name}/{p.relative_to(EXAMPLES / name).as_posix()}"
    for name in NAMES
    for p in [EXAMPLES / name / "dossier.yaml", *(EXAMPLES / name / "steps").glob("*.yaml")]
)
MAX_EXAMPLES = int(os.environ.get("HAI_FUZZ_EXAMPLES", "40"))

HOSTILE_SCALARS: list[Any] = [
    None,
    True,
    0,
    -1,
    20220301,
    10**30,
    1.5,
    math.nan,
    math.inf,
    "",
    " ",
    "done",
    "n/a",
    "open",
    "x" * 5000,
    "../../etc/passwd",
    "/etc/hosts",
    "evidence/" + "a" * 300 + ".pdf",
    "evidence/111222333.pdf",
    "\x1b[2J\x1b[31mred\r",
    "{{ 7*7 }} {% raw %}",
    "<script>alert(1)</script> #[x] $x$ *y* `z`",
    "2024-02-30",
    "\u202e\u0000",
]
VALUES = st.recursive(
    st.sampled_from(HOSTILE_SCALARS) | st.text(max_size=20) | st.integers(),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
JUNK = st.sampled_from(
    [
        b"\x00",
        b"\xff\xfe",
        b"\t",
        b": ",
        b"- ",
        b"&a ",
        b"*a",
        b"!!python/object ",
        b"'",
        b'"\\',
        b"\r",
    ]
)


def _paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out += _paths(value, (*path, index))
    return out


def _replace(data: Any, path: tuple[Any, ...], value: Any, drop: bool) -> Any:
    if not path:
        return value
    head, *rest = path
    copy = dict(data) if isinstance(data, dict) else list(data)
    if drop and not rest:
        if isinstance(copy, dict):
            copy.pop(head)
        else:
            copy.pop(head)
        return copy
    copy[head] = _replace(copy[head], tuple(rest), value, drop)  # type: ignore[index]
    return copy


def _yaml(data: Any) -> str:
    def plain(value: Any) -> Any:
        if isinstance(value, float) and not math.isfinite(value):
            return "__NAN__" if math.isnan(value) else "__INF__"
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    text = json.dumps(plain(data), ensure_ascii=False, indent=1)  # JSON is YAML
    return text.replace('"__NAN__"', ".nan").replace('"__INF__"', ".inf")


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, bytes]:
    rel = draw(st.sampled_from(FILES))
    raw = (EXAMPLES / rel).read_bytes()
    kind = draw(st.sampled_from(["value", "value", "drop", "rename", "lines", "bytes"]))
    if kind in ("value", "drop", "rename"):
        data = load(raw, rel).data
        paths = _paths(data)
        path = draw(st.sampled_from(paths[1:] or paths))
        if kind == "rename" and path:
            value = _replace(data, path, None, drop=True)
            parent = value
            for part in path[:-1]:
                parent = parent[part]
            if isinstance(parent, dict):
                parent[
                    draw(st.sampled_from(["status", "evidence", "x", "", "<<", "approvals"]))
                ] = draw(VALUES)
            return rel, _yaml(value).encode("utf-8")
        value = _replace(data, path, draw(VALUES), drop=kind == "drop" and bool(path))
        return rel, _yaml(value).encode("utf-8")
    lines = raw.split(b"\n")
    if kind == "lines":
        at = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["cut", "double", "indent", "dedent"]))
        if how == "cut":
            del lines[at]
        elif how == "double":
            lines.insert(at, lines[at])
        elif how == "indent":
            lines[at] = b"   " + lines[at]
        else:
            lines[at] = lines[at].lstrip()
        return rel, b"\n".join(lines)
    at = draw(st.integers(0, len(raw)))
    return rel, raw[:at] + draw(JUNK) + raw[at:]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    for name in NAMES:
        shutil.copytree(EXAMPLES / name, root / name)
    return root


@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=os.environ.get("HAI_FUZZ_EXAMPLES") is None,  # the suite: the same examples
)
@given(mutation=mutations())
def test_mutated_dossier_never_crashes(workspace: Path, mutation: tuple[str, bytes]) -> None:
    rel, raw = mutation
    original = (EXAMPLES / rel).read_bytes()
    (workspace / rel).write_bytes(raw)
    try:
        name = rel.split("/")[0]
        result = check_dossier(load_dossier(workspace / name, name), TODAY)
        for problem in result.problems:
            assert problem.file and problem.line >= 1, problem
            assert problem.text.nl.strip() and problem.text.en.strip(), problem
            assert "internal error" not in problem.text.en
        for name, reporter in REPORTERS.items():
            out = io.StringIO()
            reporter([result], ReportOptions(None, "auto", color=False), out)
            assert "\x1b" not in out.getvalue(), name
    finally:
        (workspace / rel).write_bytes(original)


def test_the_fuzzer_produces_what_it_claims() -> None:
    """The mutations parse as YAML where they should: the fuzzer reaches the models."""
    text = _yaml({"a": [math.nan, 1, {"b": None}]})
    assert load(text.encode(), "f").data["a"][1:] == [1, {"b": None}]
    with pytest.raises(YamlProblem):
        load(b'a: "\\q"\n', "f")
