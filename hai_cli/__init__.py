"""hai: the Stappenplan Healthy AI as checked, gated and rendered YAML dossiers.

Public API: :func:`load_dossier`, :func:`find_dossiers`, :func:`check_dossier`,
:class:`Dossier`, :class:`DossierResult`, :class:`Problem` and :class:`HaiError`.
Everything else is private to the package. The names are imported lazily so that
``hai --help`` does not pay for pydantic.
"""

from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Dossier": "hai_cli.load",
    "find_dossiers": "hai_cli.load",
    "load_dossier": "hai_cli.load",
    "DossierResult": "hai_cli.check",
    "check_dossier": "hai_cli.check",
    "HaiError": "hai_cli.problems",
    "Problem": "hai_cli.problems",
}

__all__ = [*_EXPORTS, "__version__"]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'hai_cli' has no attribute {name!r}")
