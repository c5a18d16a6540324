"""Typed, cited data on inter-State consultation mechanisms on migration (ISCMs).

>>> import iscm
>>> data = iscm.load()
>>> data.get("Colombo Process").level
<Level.REGIONAL: 'regional'>

Importing the package reads no data and imports neither attrs nor cattrs: the record classes are
imported on first use, the dataset is read on the first call of :func:`load` (without cattrs: see
``tools/build_loader.py``), and the converter is created on first use of :data:`converter`,
:func:`to_json`, :func:`from_json`, or :func:`load` with data of your own.

``iscm.converter`` is the library's own cattrs converter (strict, canonical output). Tools that
embed iscm records in their own classes can use it as it is; to change its behaviour, work on a
copy (``iscm.converter.copy()``), since registering hooks on it would change how iscm reads its
own data.
"""

from __future__ import annotations

from iscm._loading import load, validate
from iscm._version import __version__

# The model, the dataset and the converter are imported on first use (see __getattr__ below):
# ``import iscm`` imports neither attrs nor cattrs, so that it costs almost nothing. The public
# names are spelled out in a block that never runs, for type checkers and documentation tools,
# which read the imports and not the flag (documentation tools leave out names imported under
# TYPE_CHECKING). A module-level TYPE_CHECKING (true for type checkers) spares importing typing.
_STATIC_ONLY = False
if _STATIC_ONLY:
    from iscm._memberships import Membership
    from iscm._mentions import Mention
    from iscm._states import STATE_NAMES, state_code
    from iscm.analysis import MembershipMatrix, Overlap, StateProfile
    from iscm.dataset import Dataset, MergeWarning
    from iscm.diff import DatasetDiff
    from iscm.enums import (
        Aspect,
        AssociationType,
        Coverage,
        EngagementRole,
        Level,
        MechanismKind,
        OrganizationKind,
        PanelStatus,
        ParticipantRole,
        Region,
        Status,
        Theme,
    )
    from iscm.errors import DataError, NotFoundError
    from iscm.model import (
        Association,
        Chair,
        Claim,
        Engagement,
        FocalPoint,
        Instrument,
        LocalizedName,
        Mechanism,
        Meeting,
        MembershipRule,
        Organization,
        Participation,
        Publication,
        Secretariat,
        Source,
        TargetedConsultation,
    )

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeVar

    import cattrs

    converter: cattrs.Converter
    T = TypeVar("T")

# In reading order (the API reference follows it): the entry points, the records, the
# vocabularies, the helpers, the analysis results, the errors.
__all__ = [
    "load",
    "Dataset",
    "Mechanism",
    "Participation",
    "Chair",
    "Secretariat",
    "Claim",
    "Source",
    "Organization",
    "Engagement",
    "Meeting",
    "Publication",
    "Instrument",
    "TargetedConsultation",
    "FocalPoint",
    "Association",
    "LocalizedName",
    "MembershipRule",
    "Level",
    "Status",
    "MechanismKind",
    "Region",
    "Theme",
    "ParticipantRole",
    "EngagementRole",
    "OrganizationKind",
    "AssociationType",
    "Aspect",
    "Coverage",
    "PanelStatus",
    "state_code",
    "STATE_NAMES",
    "validate",
    "to_json",
    "from_json",
    "converter",
    "Membership",
    "DatasetDiff",
    "StateProfile",
    "MembershipMatrix",
    "Overlap",
    "Mention",
    "MergeWarning",
    "DataError",
    "NotFoundError",
    "__version__",
]

#: The public submodules, reachable as attributes of the package (imported on first use).
_SUBMODULES = frozenset({"analysis", "cli", "diff", "export", "model", "report", "schema"})

#: Where each public name that is imported on first use lives.
_LAZY = {
    **dict.fromkeys(("MembershipMatrix", "Overlap", "StateProfile"), "iscm.analysis"),
    **dict.fromkeys(("Dataset", "MergeWarning"), "iscm.dataset"),
    **dict.fromkeys(("STATE_NAMES", "state_code"), "iscm._states"),
    "Mention": "iscm._mentions",
    "Membership": "iscm._memberships",
    "DatasetDiff": "iscm.diff",
    **dict.fromkeys(("DataError", "NotFoundError"), "iscm.errors"),
    **dict.fromkeys(
        (
            *("Aspect", "AssociationType", "Coverage", "EngagementRole", "Level"),
            "MechanismKind",
            *("OrganizationKind", "PanelStatus", "ParticipantRole", "Region", "Status"),
            "Theme",
        ),
        "iscm.enums",
    ),
    **dict.fromkeys(
        (
            *("Association", "Chair", "Claim", "Engagement", "FocalPoint", "Instrument"),
            *("LocalizedName", "Mechanism", "Meeting", "MembershipRule", "Organization"),
            *("Participation", "Publication", "Secretariat", "Source", "TargetedConsultation"),
        ),
        "iscm.model",
    ),
}


def to_json(obj: Any) -> str:
    """The canonical JSON text of a record or of a whole :class:`Dataset`.

    >>> import iscm
    >>> print(iscm.to_json(iscm.Level.GLOBAL))
    "global"
    <BLANKLINE>
    """
    from iscm._converter import to_json as _to_json

    return _to_json(obj)


def from_json(text: str | bytes, cls: type[T]) -> T:
    """Read JSON text (or UTF-8 bytes) into ``cls`` (a record class or :class:`Dataset`).

    Invalid input raises :class:`DataError` listing every problem with its JSON path.
    """
    from iscm._converter import from_json as _from_json

    return _from_json(text, cls)


def __getattr__(name: str) -> Any:
    if name == "converter":
        from iscm._converter import CONVERTER

        return CONVERTER
    if name in _SUBMODULES:  # iscm.analysis etc. without importing them first
        import importlib

        return importlib.import_module(f"iscm.{name}")
    where = _LAZY.get(name)
    if where is not None:
        import importlib

        value = getattr(importlib.import_module(where), name)
        if where == "iscm.dataset":
            importlib.import_module("iscm._deprecated")  # the moved methods, for one release
        globals()[name] = value  # later uses find it without a call
        return value
    raise AttributeError(f"module 'iscm' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public API only (what ``__all__`` lists)."""
    return sorted(__all__)
