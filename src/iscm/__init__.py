"""Typed, cited data on inter-State consultation mechanisms on migration (ISCMs).

>>> import iscm
>>> data = iscm.load()
>>> data.get("Colombo Process").level
<Level.REGIONAL: 'regional'>

Importing the package reads no data and does not import cattrs: the dataset is read on the first
call of :func:`load`, and the converter is created on first use of :data:`converter`,
:func:`to_json` or :func:`from_json`.

``iscm.converter`` is the library's own cattrs converter (strict, canonical output). Tools that
embed iscm records in their own classes can use it as it is; to change its behaviour, work on a
copy (``iscm.converter.copy()``), since registering hooks on it would change how iscm reads its
own data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from iscm import _deprecated  # noqa: F401 - lays the moved Dataset methods over Dataset
from iscm._loading import load, validate
from iscm._mentions import Mention
from iscm._states import STATE_NAMES, state_code
from iscm._version import __version__
from iscm.analysis import MembershipMatrix, Overlap, StateProfile
from iscm.dataset import Dataset, MergeWarning
from iscm.enums import (
    Aspect,
    AssociationType,
    Coverage,
    EngagementRole,
    Level,
    MechanismKind,
    OrganizationKind,
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

if TYPE_CHECKING:
    import cattrs

    converter: cattrs.Converter

__all__ = [
    "Aspect",
    "Coverage",
    "Association",
    "AssociationType",
    "Chair",
    "Claim",
    "DataError",
    "Dataset",
    "Engagement",
    "EngagementRole",
    "FocalPoint",
    "Instrument",
    "Level",
    "LocalizedName",
    "Mechanism",
    "MechanismKind",
    "Meeting",
    "MembershipMatrix",
    "Mention",
    "MembershipRule",
    "MergeWarning",
    "NotFoundError",
    "Organization",
    "OrganizationKind",
    "Overlap",
    "ParticipantRole",
    "Participation",
    "Publication",
    "Region",
    "Secretariat",
    "Source",
    "StateProfile",
    "Status",
    "TargetedConsultation",
    "Theme",
    "__version__",
    "converter",
    "from_json",
    "load",
    "STATE_NAMES",
    "state_code",
    "to_json",
    "validate",
]

T = TypeVar("T")


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
    raise AttributeError(f"module 'iscm' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public API only (what ``__all__`` lists)."""
    return sorted(__all__)
