"""No patient data in the dossier."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hai_cli.i18n import Text
from hai_cli.problems import Severity
from hai_cli.rules import Context, Finding, rule

# nine digits, optionally written 1234.56.789 or 123 456 789, not part of a longer number;
# the leading (?=\d) makes the scan skip non-digits before trying the lookbehind
_CANDIDATE = re.compile(
    r"(?=\d)(?<![\d.\-/])(\d{4}\.\d{2}\.\d{3}|\d{3} \d{3} \d{3}|\d{9})(?![\d.\-/]\d)"
)


# a SHA-256 digest (approvals' fingerprint and covers): its digits are no number a person wrote
_HASH = re.compile(r"[0-9a-f]{64}")


def is_bsn(digits: str) -> bool:
    """The eleven test (elfproef) of a Dutch citizen service number."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


@rule(
    "HAI190",
    Severity.ERROR,
    "mogelijk een BSN in het dossier",
    "possibly a BSN in the dossier",
)
def bsn(ctx: Context) -> Iterator[Finding]:
    for source in ctx.dossier.sources():
        text = source.text
        if text is None:
            continue
        hashes = [m.span() for m in _HASH.finditer(text)]
        for match in _CANDIDATE.finditer(text):
            if any(start <= match.start() < end for start, end in hashes):
                continue  # digits of a fingerprint or content hash, not a number
            digits = re.sub(r"\D", "", match.group(1))
            if is_bsn(digits):
                yield Finding(
                    source.path,
                    text.count("\n", 0, match.start()) + 1,
                    Text(
                        "Hier staat een getal dat eruitziet als een BSN ({masked}). Een "
                        "dossier bevat geen patiëntgegevens: verwijder het (ook uit de "
                        "git-geschiedenis) en verwijs naar een gepseudonimiseerde code.",
                        "This number looks like a Dutch citizen service number (BSN, "
                        "{masked}). A dossier holds no patient data: remove it (from the "
                        "git history too) and refer to a pseudonymised code.",
                    ).format(masked="*****" + digits[-4:]),
                )
