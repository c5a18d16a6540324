"""Names that moved, kept working for one release with a :class:`DeprecationWarning`.

``Dataset.most_overlapping``, ``membership_matrix``, ``state_profile`` and ``profiles`` became
functions of :mod:`iscm.analysis`, and ``Dataset.to_pandas`` / ``to_networkx`` functions of
:mod:`iscm.export`, so that :mod:`iscm.dataset` imports neither (dependencies run one way). This
module, imported by the package, lays the old methods over :class:`~iscm.Dataset`; it goes in the
release after next (see CHANGELOG.md).
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable
from typing import Any

from iscm.dataset import Dataset

__all__: list[str] = []

#: Old method name -> (module, function), the function taking the dataset first.
MOVED: dict[str, tuple[str, str]] = {
    "most_overlapping": ("iscm.analysis", "most_overlapping"),
    "membership_matrix": ("iscm.analysis", "membership_matrix"),
    "state_profile": ("iscm.analysis", "state_profile"),
    "profiles": ("iscm.analysis", "profiles"),
    "to_pandas": ("iscm.export", "to_pandas"),
    "to_networkx": ("iscm.export", "to_networkx"),
}


def _shim(name: str, module: str, function: str) -> Callable[..., Any]:
    public = f"{module}.{name}"

    def method(self: Dataset, *args: Any, **kwargs: Any) -> Any:
        warnings.warn(
            f"Dataset.{name}() is deprecated and goes in the release after next; "
            f"call {public}(data, ...) instead",
            DeprecationWarning,
            stacklevel=2,
        )
        # iscm.export is imported on first use (it is the heavier module).
        target = getattr(importlib.import_module(module), function)
        return target(self, *args, **kwargs)

    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"Deprecated: use :func:`{public}`."
    return method


for _name, (_module, _function) in MOVED.items():
    setattr(Dataset, _name, _shim(_name, _module, _function))
