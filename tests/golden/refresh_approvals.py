"""Re-fingerprint the approvals of the shipped examples: python tests/golden/refresh_approvals.py

For maintainers only, after an intended edit of an example (the examples are illustrative: their
approvals stand for a sign-off of the content as it is written now). Every recorded per-file
hash and fingerprint is replaced, in the text of the file, by the hash of the content as it is
now, so that comments and layout stay as they are. A real dossier is re-approved with
``hai approve``, never with this script.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from hai_cli.approvals import covered_files, current_covers, fingerprint  # noqa: E402
from hai_cli.load import load_dossier  # noqa: E402

EXAMPLES = HERE.parent.parent / "examples"


def refresh(root: Path) -> list[Path]:
    dossier = load_dossier(root)
    found = [(a, a.gate) for a in (dossier.info.approvals if dossier.info else [])]
    for number in range(1, 9):
        step = dossier.step(number)
        found += [(a, number) for a in (step.approvals if step is not None else [])]
    swaps: dict[str, str] = {}
    for approval, target in found:
        now = current_covers(dossier, covered_files(dossier, target))
        for path, old in approval.covers.items():
            if path in now and old != now[path]:
                swaps[old] = now[path]
        swaps[approval.fingerprint] = fingerprint(now)
    changed = []
    for source in dossier.sources():
        path = root / source.path
        text = path.read_text("utf-8")
        new = text
        for old, fresh in swaps.items():
            new = new.replace(old, fresh)
        if new != text:
            path.write_text(new, "utf-8")
            changed.append(path)
    return changed


if __name__ == "__main__":
    for example in sorted(p for p in EXAMPLES.iterdir() if (p / "dossier.yaml").is_file()):
        for path in refresh(example):
            print(path.relative_to(EXAMPLES.parent))
