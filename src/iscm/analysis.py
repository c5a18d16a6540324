"""Typed results of the analysis helpers on :class:`iscm.Dataset`.

These are plain frozen values: nothing here reads data on its own.
"""

from __future__ import annotations

from attrs import frozen

from iscm._countries import COUNTRY_NAMES
from iscm.enums import Level, ParticipantRole

__all__ = ["MembershipMatrix", "Overlap", "StateProfile"]


@frozen(kw_only=True)
class Overlap:
    """The States that two mechanisms share as members, and how alike their memberships are."""

    a: str
    """Id of the first mechanism (the smaller id of the two)."""
    b: str
    shared: frozenset[str]
    """ISO codes of the States that are members of both."""
    jaccard: float
    """Shared members divided by the members of either (0 to 1)."""


@frozen(kw_only=True)
class StateProfile:
    """Where one State takes part: the mechanisms it is a member or observer of."""

    state: str
    member_of: tuple[str, ...]
    """Ids of the mechanisms the State is a member of, sorted."""
    observer_of: tuple[str, ...]
    levels: tuple[tuple[str, Level], ...]
    """(mechanism id, level) for every mechanism in ``member_of`` and ``observer_of``."""

    @property
    def name(self) -> str:
        """The State's English short name."""
        return COUNTRY_NAMES[self.state]

    def count(
        self, level: Level | None = None, role: ParticipantRole = ParticipantRole.MEMBER
    ) -> int:
        """How many mechanisms the State takes part in with this role (at this level)."""
        ids = self.member_of if role is ParticipantRole.MEMBER else self.observer_of
        if level is None:
            return len(ids)
        by_id = dict(self.levels)
        return sum(1 for i in ids if by_id[i] is level)


@frozen(kw_only=True)
class MembershipMatrix:
    """The State x mechanism incidence: the role of each State in each mechanism, or None.

    Usable without pandas: ``rows()`` yields one tuple per State.
    """

    states: tuple[str, ...]
    mechanisms: tuple[str, ...]
    cells: tuple[tuple[ParticipantRole | None, ...], ...]
    """``cells[i][j]`` is the role of ``states[i]`` in ``mechanisms[j]``."""

    def role(self, state: str, mechanism: str) -> ParticipantRole | None:
        """The role of a State in a mechanism, or None if it takes no part."""
        return self.cells[self.states.index(state)][self.mechanisms.index(mechanism)]

    def rows(self) -> tuple[tuple[str, ...], ...]:
        """A header row then one row per State, roles as strings ("" where none)."""
        header = ("state", *self.mechanisms)
        body = tuple(
            (s, *((r.value if r else "") for r in row))
            for s, row in zip(self.states, self.cells, strict=True)
        )
        return (header, *body)
