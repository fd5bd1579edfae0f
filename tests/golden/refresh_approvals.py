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

from hai_cli.approvals import (  # noqa: E402
    counted,
    covered_files,
    current_covers,
    fingerprint,
    recorded,
)
from hai_cli.load import DOSSIER_FILE, load_dossier  # noqa: E402

EXAMPLES = HERE.parent.parent / "examples"


def refresh(root: Path) -> list[Path]:
    """Re-fingerprint the approvals that count (the latest per role); earlier ones are history
    and stay as they were recorded."""
    dossier = load_dossier(root)
    entries = recorded(dossier)
    counting = counted(entries)
    texts = {s.path: (root / s.path).read_text("utf-8") for s in dossier.sources()}
    for index, entry in enumerate(entries):
        if index not in counting:
            continue
        approval, target = entry.approval, entry.target
        now = current_covers(dossier, covered_files(dossier, target))
        where = DOSSIER_FILE if isinstance(target, str) else dossier.step_path(target)
        text = texts[where]
        start = text.index(approval.fingerprint)
        end = text.find("\n  - ", start)
        end = len(text) if end == -1 else end
        block = text[start:end].replace(approval.fingerprint, fingerprint(now))
        for path, old in approval.covers.items():
            if path in now:
                block = block.replace(f"{path}: {old}", f"{path}: {now[path]}")
        texts[where] = text[:start] + block + text[end:]
    changed = []
    for rel, text in texts.items():
        if (root / rel).read_text("utf-8") != text:
            (root / rel).write_text(text, "utf-8")
            changed.append(root / rel)
    return changed


if __name__ == "__main__":
    for example in sorted(p for p in EXAMPLES.iterdir() if (p / "dossier.yaml").is_file()):
        for path in refresh(example):
            print(path.relative_to(EXAMPLES.parent))
