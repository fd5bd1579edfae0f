"""The scaffold never contradicts the schema: every example it shows is valid as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hai_cli.commands.init import InitOptions, init
from tests.helpers import TODAY, check

EXAMPLE = re.compile(r"^(?P<pad>\s*)# (Voorbeeld van één regel|Example of one entry) \(")


def uncomment_examples(text: str) -> tuple[str, int]:
    """Every commented example entry made real: the ``key: []`` above it loses its ``[]``."""
    lines = text.split("\n")
    out: list[str] = []
    found = 0
    index = 0
    while index < len(lines):
        line = lines[index]
        match = EXAMPLE.match(line)
        if not match:
            out.append(line)
            index += 1
            continue
        found += 1
        pad = match.group("pad")
        owner = next(i for i in range(len(out) - 1, -1, -1) if out[i].strip())
        assert out[owner].endswith(": []"), out[owner]
        out[owner] = out[owner][: -len(" []")]
        index += 1
        while index < len(lines) and lines[index].startswith(f"{pad}#   "):
            out.append(pad + lines[index][len(pad) + 2 :])  # drop the "# "
            index += 1
    return "\n".join(out), found


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("acquisition", ["purchase", "in-house"])
def test_every_example_of_a_fresh_scaffold_is_valid_when_uncommented(
    tmp_path: Path, lang: str, acquisition: str
) -> None:
    root = tmp_path / "d"
    init(InitOptions(root, "Voorbeeld", acquisition, lang))  # type: ignore[arg-type]
    total = 0
    for path in sorted(root.rglob("*.yaml")):
        text, found = uncomment_examples(path.read_text("utf-8"))
        total += found
        path.write_text(text, "utf-8")
    assert total >= 12  # the examples of steps 2-8
    result = check(root, TODAY)
    assert [f"{p.file}:{p.line} {p.text('en')}" for p in result.errors] == []
