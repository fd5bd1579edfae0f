"""No patient data in the dossier."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hai_cli.i18n import Text
from hai_cli.problems import Severity
from hai_cli.rules import Context, Finding, rule

# exactly nine digits, not inside a longer run of digits, wherever they stand (after a '/' in a
# file name too); or written 1234.56.789 or 123 456 789, not part of a longer such number. The
# leading (?=\d) makes the scan skip non-digits before trying the lookbehinds.
_CANDIDATE = re.compile(
    r"(?=\d)(?:"
    r"(?<!\d)(\d{9})(?!\d)"
    r"|(?<![\d.])(\d{4}\.\d{2}\.\d{3})(?!\d|\.\d)"
    r"|(?<!\d)(?<!\d )(\d{3} \d{3} \d{3})(?!\d| \d)"
    r")"
)


# a SHA-256 digest (approvals' fingerprint and covers): its digits are no number a person wrote
_HASH = re.compile(r"[0-9a-f]{64}")

# the prefilter: a decimal digit beyond ASCII (\d matches those too), found by a scan for one
# class; without one, every digit is 0-9 and the text's bytes with each digit as "0" show
# whether it holds one of the three forms at all, by plain substring search
_OTHER_DIGIT = re.compile(r"[\u0660-\U0010ffff](?<=\d)")
_AS_ZERO = bytes(ord("0") if chr(i).isdigit() else i for i in range(128)) + bytes(range(128, 256))
_FORMS = (b"000000000", b"0000.00.000", b"000 000 000")


def may_hold_bsn(text: str) -> bool:
    """Whether ``text`` has nine digits in one of the forms :data:`_CANDIDATE` looks for (or a
    digit beyond ASCII): most files have none, and are not scanned."""
    if _OTHER_DIGIT.search(text):
        return True
    masked = text.encode("utf-8", "surrogatepass").translate(_AS_ZERO)
    return any(form in masked for form in _FORMS)


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
        if text is None or not may_hold_bsn(text):
            continue
        hashes: list[tuple[int, int]] | None = None  # found once a candidate needs them
        for match in _CANDIDATE.finditer(text):
            if hashes is None:
                hashes = [m.span() for m in _HASH.finditer(text)]
            if any(start <= match.start() < end for start, end in hashes):
                continue  # digits of a fingerprint or content hash, not a number
            digits = re.sub(r"\D", "", match.group(0))
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
