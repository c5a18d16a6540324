"""Which mechanisms share member States: one computation for ``Dataset.most_overlapping`` and
``iscm.export.co_membership``.

The rule, in one place: a mechanism takes part when it has current member States and has not
ended (an ended mechanism's record keeps its last members, but nobody is a member any more; use
``Dataset.as_of(year)`` for the overlaps of a past year). Two mechanisms overlap when they share
at least one member State.

The work is bounded by the data rather than by the number of pairs of mechanisms:

* mechanisms with the same member States are grouped first (within a group every pair overlaps
  completely, with nothing to count);
* an index from each State to the groups holding it gives, for each group, the groups it
  shares a State with and how many States they share: pairs that share nothing are never looked
  at, and the cost is the sum over States of the square of the number of distinct member sets
  holding it;
* pairs of mechanisms are produced from pairs of groups lazily, in rank order, so that asking
  for the first ``limit`` builds no more than that.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator

from iscm.enums import Status
from iscm.model import Mechanism

#: Mechanisms with the same member States: (the States, their ids sorted).
Group = tuple[frozenset[str], tuple[str, ...]]


class Link:
    """Two groups of mechanisms that share member States (``a is b`` within one group)."""

    __slots__ = ("a", "b", "jaccard", "shared")

    def __init__(self, a: Group, b: Group, shared: int) -> None:
        self.a, self.b, self.shared = a, b, shared
        self.jaccard = shared / (len(a[0]) + len(b[0]) - shared)

    def states(self) -> frozenset[str]:
        """The States the two groups share."""
        return self.a[0] & self.b[0]

    def pairs(self) -> Iterator[tuple[str, str]]:
        """Every pair of mechanism ids, the smaller id first, in sorted order."""
        ids_a, ids_b = self.a[1], self.b[1]
        if self.a is self.b:
            for k, x in enumerate(ids_a):
                for y in ids_a[k + 1 :]:
                    yield x, y
            return
        # Ids are unique across groups: merge the two sorted lists; each id pairs with the
        # larger ids of the other group.
        tagged = heapq.merge(((x, ids_b) for x in ids_a), ((y, ids_a) for y in ids_b))
        for x, other in tagged:
            for y in other[bisect.bisect_right(other, x) :]:
                yield x, y


def groups(mechanisms: Iterable[Mechanism]) -> list[Group]:
    """The mechanisms that take part (see the module's rule), grouped by their member States."""
    by_states: defaultdict[frozenset[str], list[str]] = defaultdict(list)
    for m in mechanisms:
        if m.status is Status.ENDED:
            continue
        states = m.member_states
        if states:
            by_states[states].append(m.id)
    return [(states, tuple(sorted(ids))) for states, ids in by_states.items()]


def links(found: list[Group]) -> list[Link]:
    """Every pair of groups that share a State, and each group of two or more with itself."""
    holding: defaultdict[str, list[int]] = defaultdict(list)
    for i, (states, _ids) in enumerate(found):
        for state in states:
            holding[state].append(i)  # ascending i: the groups after i are a tail of the list
    result: list[Link] = []
    for i, group in enumerate(found):
        if len(group[1]) > 1:
            result.append(Link(group, group, len(group[0])))
        counts: Counter[int] = Counter()
        for state in group[0]:
            later = holding[state]
            counts.update(later[bisect.bisect_right(later, i) :])
        result.extend(Link(group, found[j], shared) for j, shared in counts.items())
    return result


def ranked(found: list[Link], limit: int) -> list[tuple[str, str, Link]]:
    """The first ``limit`` pairs of mechanisms by Jaccard similarity, then shared States, then
    ids (``(a, b, link)`` with ``a < b``)."""
    if limit <= 0:
        return []
    found = sorted(found, key=lambda link: (-link.jaccard, -link.shared))
    result: list[tuple[str, str, Link]] = []
    for _rank, tied in itertools.groupby(found, key=lambda link: (link.jaccard, link.shared)):
        merged = heapq.merge(*(_tagged(link) for link in tied), key=lambda t: (t[0], t[1]))
        result.extend(itertools.islice(merged, limit - len(result)))
        if len(result) >= limit:
            break
    return result


def _tagged(link: Link) -> Iterator[tuple[str, str, Link]]:
    for a, b in link.pairs():
        yield a, b, link
