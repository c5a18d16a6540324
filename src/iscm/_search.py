"""Ranked free-text search over mechanism names in every language held.

Scoring, highest first (ties broken by id, so results are deterministic):

* 100 the text is a whole name, acronym, alias or id;
* 90 a name starts with the text;
* 80 the text is inside a name;
* up to 70 the words of the text match words of a name, allowing a typo or two per word;
* up to 60 the whole text (of at most 30 letters and digits) is close to a whole name
  (similarity of at least 0.75).

Everything is compared folded: no case, accents, spaces or punctuation (words keep their
boundaries for the word score).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from iscm._keys import fold
from iscm.model import Mechanism

_WORD = re.compile(r"\w+")
# Words too common in mechanism names to say anything on their own.
_STOPWORDS = frozenset(
    {"on", "of", "the", "and", "for", "in", "to", "a", "e", "y", "et", "de", "la", "el", "sur"}
    | {"sobre", "des", "du", "le", "les", "em", "do", "da"}
)


# Whole-text similarity is for short queries with a typo; longer ones are matched word by word.
_WHOLE_TEXT_MAX = 30


def _words(text: str) -> tuple[str, ...]:
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return tuple(w for w in _WORD.findall(plain) if w not in _STOPWORDS)


class _ReadOnly:
    """Attributes set once in ``__init__`` (through ``object.__setattr__``), never after: part of
    a dataset, which nothing may change."""

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only (cannot set {name!r})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only (cannot delete {name!r})")


class SearchIndex(_ReadOnly):
    """Folded names and word lists of every mechanism, prepared once per dataset."""

    __slots__ = ("_entries", "_vocabulary")

    _entries: tuple[tuple[Mechanism, tuple[tuple[_Text, tuple[str, ...]], ...]], ...]
    _vocabulary: tuple[_Text, ...]

    def __init__(self, mechanisms: Sequence[Mechanism]) -> None:
        entries = tuple(
            (m, tuple((_Text(fold(n)), _words(n)) for n in (*m.all_names, m.id)))
            for m in mechanisms
        )
        words = {w for _, names in entries for _, ws in names for w in ws}
        object.__setattr__(self, "_entries", entries)
        object.__setattr__(self, "_vocabulary", tuple(_Text(w) for w in sorted(words)))

    def search(self, text: str, limit: int) -> tuple[Mechanism, ...]:
        query = fold(text)
        if not query or limit <= 0:
            return ()
        words = _words(text)
        near = {w: self._near(_Text(w)) for w in set(words)}
        folded = _Text(query)
        scored = []
        for mech, names in self._entries:
            best = max(_score(folded, words, near, key, name_words) for key, name_words in names)
            if best > 0:
                scored.append((-best, mech.id, mech))
        scored.sort(key=lambda item: (item[0], item[1]))
        return tuple(mech for _, _, mech in scored[:limit])

    def _near(self, word: _Text) -> dict[str, float]:
        """Words of the names that match ``word``: 1 for itself, less for a near one."""
        found: dict[str, float] = {}
        for candidate in self._vocabulary:
            if candidate.text == word.text:
                found[candidate.text] = 1.0
                continue
            if len(word.text) >= 4 and candidate.text.startswith(word.text):
                found[candidate.text] = 0.8
            if abs(len(candidate.text) - len(word.text)) <= 2:
                ratio = _similarity(word, candidate, 0.75)
                if ratio > found.get(candidate.text, 0.0):
                    found[candidate.text] = ratio
        return found


class _Text(_ReadOnly):
    """A string with its character counts, for cheap upper bounds of its similarity."""

    __slots__ = ("chars", "text")

    text: str
    chars: Mapping[str, int]

    def __init__(self, text: str) -> None:
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "chars", MappingProxyType(Counter(text)))


def _similarity(a: _Text, b: _Text, cutoff: float) -> float:
    """difflib's ratio of a and b, or 0 where cheap upper bounds show it is below ``cutoff``.

    The bounds are difflib's own (real_quick_ratio, quick_ratio), computed without building a
    matcher, which is the costly part.
    """
    total = len(a.text) + len(b.text)
    if not total or 2 * min(len(a.text), len(b.text)) < cutoff * total:
        return 0.0
    b_chars = b.chars
    common = sum(min(n, b_chars.get(c, 0)) for c, n in a.chars.items())
    if 2 * common < cutoff * total:
        return 0.0
    ratio = difflib.SequenceMatcher(None, a.text, b.text, autojunk=False).ratio()
    return ratio if ratio >= cutoff else 0.0


def _score(
    folded: _Text,
    words: tuple[str, ...],
    near: dict[str, dict[str, float]],
    key: _Text,
    name_words: tuple[str, ...],
) -> float:
    query = folded.text
    if query == key.text:
        return 100.0
    if key.text.startswith(query) and len(query) >= 3:
        return 90.0
    if query in key.text and len(query) >= 3:
        return 80.0
    best = 0.0
    if words and name_words:
        matched = sum(max((near[w].get(n, 0.0) for n in name_words), default=0.0) for w in words)
        if matched:
            coverage = matched / len(words)
            best = 70.0 * coverage * min(1.0, matched / len(name_words) + 0.5)
    if best >= 60.0 or len(query) > _WHOLE_TEXT_MAX:  # the whole-text score could not win
        return best
    return max(best, 60.0 * _similarity(folded, key, 0.75))
