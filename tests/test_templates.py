"""The document templates exist once per language; each nl/en pair has the same skeleton
(the same Jinja statements and expressions, string literals aside, and the same headings),
so that a change to one language's structure cannot silently miss the other."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import ROOT

TEMPLATES = ROOT / "templates"
_TAG = re.compile(r"\{%-?(.*?)-?%\}|\{\{-?(.*?)-?\}\}|^(#{1,6}) ", re.M | re.S)
_STRING = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")


def skeleton(text: str) -> list[str]:
    """Each statement and expression with its words in quotes blanked, and each heading level."""
    out = []
    for match in _TAG.finditer(text):
        if match.group(3):
            out.append(f"h{len(match.group(3))}")
            continue
        statement = match.group(1) is not None
        body = match.group(1) if statement else match.group(2)
        out.append(("%" if statement else "=") + " ".join(_STRING.sub("''", body).split()))
    return out


def test_both_languages_have_the_same_templates() -> None:
    names = {p.name for p in (TEMPLATES / "nl").glob("*.j2")}
    assert names and names == {p.name for p in (TEMPLATES / "en").glob("*.j2")}


@pytest.mark.parametrize("name", sorted(p.name for p in (TEMPLATES / "nl").glob("*.j2")))
def test_each_pair_has_the_same_skeleton(name: str) -> None:
    nl = skeleton((TEMPLATES / "nl" / name).read_text("utf-8"))
    en = skeleton((TEMPLATES / "en" / name).read_text("utf-8"))
    assert len(nl) > 10 and nl == en


def test_the_skeleton_sees_a_difference_in_structure(tmp_path: Path) -> None:
    text = (TEMPLATES / "nl" / "pve.md.j2").read_text("utf-8")
    assert skeleton(text) == skeleton(text.replace("Doel en beoogd gebruik", "Purpose"))
    assert skeleton(text) != skeleton(text.replace("{% if purchase %}", "{% if not purchase %}", 1))
    assert skeleton(text) != skeleton(text.replace("## 2. Eisen", "### 2. Eisen", 1))


def test_markdown_escaping_of_every_character_is_the_character_by_character_rule() -> None:
    from hai_cli.render import escape

    def by_character(line: str) -> str:  # the rule as written before the translate table
        entities = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
        return "".join(
            entities[c] if c in entities else ("\\" + c if c in "\\`*_[]|~$" else c) for c in line
        )

    text = "".join(chr(n) for n in range(32, 0x3000)) + "a&b<c>d\\e`f*g_h[i]j|k~l$m"
    assert escape._escape_line(text) == by_character(escape.printable(text))
    assert escape.markdown("# x & y\n- [a](b)") == "\\# x &amp; y  \n\\- \\[a\\](b)"
