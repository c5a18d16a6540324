"""The exceptions the library raises on purpose."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["DataError", "NotFoundError"]


class DataError(ValueError):
    """Data that does not fit the model: every problem, each with its JSON path.

    ``problems`` holds one line per problem, formatted ``"<message> @ <path>"`` with paths such as
    ``$.mechanisms[3].participants[0].state``.
    """

    def __init__(self, problems: Sequence[str], *, what: str = "invalid data") -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        count = len(self.problems)
        super().__init__(f"{what}: {count} problem{'s' if count != 1 else ''}\n{lines}")


class NotFoundError(KeyError):
    """No record answers to a key. ``suggestions`` lists close matches, best first."""

    def __init__(self, key: str, what: str, suggestions: Sequence[str] = ()) -> None:
        self.key = key
        self.suggestions: tuple[str, ...] = tuple(suggestions)
        hint = (
            f"; did you mean {', '.join(repr(s) for s in self.suggestions)}?" if suggestions else ""
        )
        self.message = f"no {what} matches {key!r}{hint}"
        super().__init__(self.message)

    def __str__(self) -> str:  # KeyError would show the repr of the whole message
        return self.message
