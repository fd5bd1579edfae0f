"""Words of the tool's own interface in nl and en (dossier messages live with their rule)."""

from __future__ import annotations

from hai_cli.problems import Text

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
