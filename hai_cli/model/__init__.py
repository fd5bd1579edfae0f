"""Pydantic models of the dossier's files: ``dossier.yaml`` and the eight step files.

The vocabularies they use (phases, statuses, roles) live in :mod:`hai_cli.vocab`.
"""

from hai_cli.model.common import ChecklistItem, Strict
from hai_cli.model.dossier import SCHEMA_VERSION, DossierFile
from hai_cli.model.steps import STEP_MODELS, STEP_NUMBERS

__all__ = [
    "SCHEMA_VERSION",
    "STEP_MODELS",
    "STEP_NUMBERS",
    "ChecklistItem",
    "DossierFile",
    "Strict",
]
