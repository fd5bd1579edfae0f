"""Two languages: the one bilingual :class:`Text`, the one :data:`Lang`, the one rule that
picks the language of a command, and the words of the tool's own interface in nl and en
(a dossier message lives with its rule).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Lang = Literal["nl", "en"]
LANGS: tuple[Lang, ...] = ("nl", "en")


@dataclass(frozen=True, slots=True, order=True)
class Text:
    """A sentence a person reads, in both languages."""

    nl: str
    en: str

    def __call__(self, lang: Lang) -> str:
        return self.nl if lang == "nl" else self.en

    def format(self, **params: object) -> Text:
        """Fill in placeholders; a parameter that is itself a Text fills in per language."""
        nl = {k: v.nl if isinstance(v, Text) else v for k, v in params.items()}
        en = {k: v.en if isinstance(v, Text) else v for k, v in params.items()}
        return Text(self.nl.format(**nl), self.en.format(**en))


def lang_of(value: object) -> Lang | None:
    """``value`` as a language, if it is one ("nl", "en")."""
    return "en" if value == "en" else "nl" if value == "nl" else None


def choose_lang(given: object = None, about: Path | None = None) -> Lang:
    """The one language rule of every command.

    ``--lang`` (``given``), else the language of the dossier the command is about (``about``:
    its folder or its dossier.yaml), else ``HAI_LANG``, else the locale (``LC_ALL``,
    ``LC_MESSAGES``, ``LANG``: ``nl_NL.UTF-8`` is Dutch, ``en_GB.UTF-8`` English), else Dutch.
    """
    chosen = lang_of(given)
    if chosen is None and about is not None:
        chosen = dossier_lang(about)
    if chosen is None:
        chosen = lang_of(os.environ.get("HAI_LANG", "").strip().lower())
    if chosen is None:
        chosen = _locale_lang()
    return chosen or "nl"


def dossier_lang(path: Path) -> Lang | None:
    """The ``language:`` of the dossier that holds ``path``, if it has one that hai knows."""
    from hai_cli.fsio import NotRegular, Outside, read_regular
    from hai_cli.upward import enclosing_dossier
    from hai_cli.yamlio import YamlProblem, load

    try:
        home = enclosing_dossier(path) if path.exists() else None
        if home is None:
            return None
        marker = home / "dossier.yaml"
        data = load(read_regular(marker, within=home), "dossier.yaml").data
    except (OSError, YamlProblem, NotRegular, Outside):
        return None
    if not isinstance(data, dict):
        return None
    return lang_of(data.get("language", "nl"))


def _locale_lang() -> Lang | None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "").strip()
        if value:  # the first one set decides, as for every POSIX program
            return lang_of(value.split("_")[0].split(".")[0].lower())
    return None


_DID_YOU_MEAN = Text(" Bedoelde je: {c}?", " Did you mean: {c}?")


def did_you_mean(word: str, known: list[str], otherwise: Text, most: int = 3) -> Text:
    """ " Did you mean: a, b?" for the known names close to a mistyped ``word``, else
    ``otherwise`` (a hint that says what would be valid)."""
    import difflib

    close = difflib.get_close_matches(word, known, n=most, cutoff=0.5)
    return _DID_YOU_MEAN.format(c=", ".join(close)) if close else otherwise


ERRORS = Text("Fouten", "Errors")
WARNINGS = Text("Waarschuwingen", "Warnings")
OPEN_ITEMS = Text("Open punten", "Open items")
NO_OPEN_ITEMS = Text("Geen open punten.", "No open items.")
GATES = Text("Poorten", "Gates")
PASSED = Text("gehaald", "passed")
BLOCKED = Text("niet gehaald", "not passed")
BLOCKED_BY = Text("open", "open")
RULES = Text("fouten", "errors")
WRONG_PHASE = Text("fase is {phase}, nodig: {needed}", "phase is {phase}, needs {needed}")
UNREAD_PHASE = Text(
    "de fase is niet te lezen, nodig: {needed}", "the phase cannot be read, needs {needed}"
)
STEP = Text("Stap", "Step")
PHASE = Text("fase", "phase")
SUMMARY = Text(
    "{n} dossier(s): {errors} fout(en), {warnings} waarschuwing(en), {open} open punt(en).",
    "{n} dossier(s): {errors} error(s), {warnings} warning(s), {open} open item(s).",
)
GATE_ASKED = Text(
    "Poort '{gate}': {status} in {failed} van {n} dossier(s).",
    "Gate '{gate}': {status} in {failed} of {n} dossier(s).",
)
AND_MORE = Text("en {n} meer", "and {n} more")
APPROVAL_MISSING = Text("goedkeuring ontbreekt", "approval missing")
APPROVE_WITH = Text(
    "hai approve {gate}{path} --role {role} --name NAAM",
    "hai approve {gate}{path} --role {role} --name NAME",
)
REASON = Text("reden", "reason")
GATE_AUTO = Text("auto (per fase)", "auto (by phase)")
NEEDED_FOR = Text("open, nodig voor poort {gates}", "open, needed for gate {gates}")
OPEN = Text("open", "open")
NOT_ASKED = Text("niet gehaald (niet gevraagd): {why}", "not passed (not asked for): {why}")
GATE = Text("poort", "gate")
NOT_APPLICABLE = Text("n.v.t.: {reason}", "n/a: {reason}")
