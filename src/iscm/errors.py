"""The exceptions the library raises on purpose."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["DataError", "NotFoundError"]

#: How many problems the message of a :class:`DataError` shows; ``problems`` holds them all.
SHOWN_PROBLEMS = 100


class DataError(ValueError):
    """Data that does not fit the model: every problem, each with its JSON path.

    ``problems`` holds one line per problem, formatted ``"<message> @ <path>"`` with paths such as
    ``$.mechanisms[3].participants[0].state``. The message shows the first 100 problems and says
    how many more there are; ``problems`` holds every one.

    Every bad argument to :func:`iscm.load` and :func:`iscm.validate` ends here too (a path that
    cannot be read, an argument that is neither a path nor bytes), as does a record or dataset
    constructed with a value its field does not take (the subclass ``iscm.model.FieldError``,
    whose ``field`` names the field).
    """

    def __init__(self, problems: Sequence[str], *, what: str = "invalid data") -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        count = len(self.problems)
        lines = [f"  - {p}" for p in self.problems[:SHOWN_PROBLEMS]]
        if count > SHOWN_PROBLEMS:
            lines.append(f"  ... and {count - SHOWN_PROBLEMS} more")
        joined = "\n".join(lines)
        super().__init__(f"{what}: {count} problem{'s' if count != 1 else ''}\n{joined}")


class NotFoundError(KeyError):
    """No record answers to a key. ``suggestions`` lists close matches, best first.

    With ``ambiguous`` true, the key fits several records (a State name such as "Congo"):
    ``suggestions`` then lists every candidate.
    """

    def __init__(
        self, key: str, what: str, suggestions: Sequence[str] = (), *, ambiguous: bool = False
    ) -> None:
        self.key = key
        self.suggestions: tuple[str, ...] = tuple(suggestions)
        self.ambiguous = ambiguous
        shown = ", ".join(repr(s) for s in self.suggestions)
        if ambiguous:
            self.message = f"{key!r} could be more than one {what}: {shown}; say which"
        else:
            hint = f"; did you mean {shown}?" if suggestions else ""
            self.message = f"no {what} matches {key!r}{hint}"
        super().__init__(self.message)

    def __str__(self) -> str:  # KeyError would show the repr of the whole message
        return self.message
