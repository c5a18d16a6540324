"""Ranked free-text search over mechanism names in every language held.

Scoring, highest first (ties broken by id, so results are deterministic):

* 100 the text is a whole name, acronym, alias or id;
* 90 a name starts with the text;
* 80 the text is inside a name;
* up to 70 the words of the text match words of a name, allowing a typo or two per word;
* up to 60 the whole text is close to a whole name (similarity of at least 0.75).

Everything is compared folded: no case, accents, spaces or punctuation (words keep their
boundaries for the word score).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence

from iscm._keys import fold
from iscm.model import Mechanism

_WORD = re.compile(r"\w+")
# Words too common in mechanism names to say anything on their own.
_STOPWORDS = frozenset(
    {"on", "of", "the", "and", "for", "in", "to", "a", "e", "y", "et", "de", "la", "el", "sur"}
    | {"sobre", "des", "du", "le", "les", "em", "do", "da"}
)


def _words(text: str) -> tuple[str, ...]:
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return tuple(w for w in _WORD.findall(plain) if w not in _STOPWORDS)


def _names(m: Mechanism) -> Iterable[str]:
    yield m.name
    yield m.id
    if m.acronym:
        yield m.acronym
    yield from m.aliases
    for t in m.translations:
        yield t.name
        if t.acronym:
            yield t.acronym


class SearchIndex:
    """Folded names and word lists of every mechanism, prepared once per dataset."""

    __slots__ = ("_entries",)

    def __init__(self, mechanisms: Sequence[Mechanism]) -> None:
        self._entries = [
            (m, [(fold(n), _words(n)) for n in dict.fromkeys(_names(m))]) for m in mechanisms
        ]

    def search(self, text: str, limit: int) -> tuple[Mechanism, ...]:
        query = fold(text)
        if not query or limit <= 0:
            return ()
        words = _words(text)
        scored = []
        for mech, names in self._entries:
            best = max(_score(query, words, key, name_words) for key, name_words in names)
            if best > 0:
                scored.append((-best, mech.id, mech))
        scored.sort(key=lambda item: (item[0], item[1]))
        return tuple(mech for _, _, mech in scored[:limit])


def _score(query: str, words: tuple[str, ...], key: str, name_words: tuple[str, ...]) -> float:
    if query == key:
        return 100.0
    if key.startswith(query) and len(query) >= 3:
        return 90.0
    if query in key and len(query) >= 3:
        return 80.0
    best = 0.0
    if words and name_words:
        matched = sum(_word_match(w, name_words) for w in words)
        if matched:
            coverage = matched / len(words)
            best = 70.0 * coverage * min(1.0, matched / len(name_words) + 0.5)
    ratio = difflib.SequenceMatcher(None, query, key).ratio()
    if ratio >= 0.75:
        best = max(best, 60.0 * ratio)
    return best


def _word_match(word: str, name_words: tuple[str, ...]) -> float:
    """1 for the same word, less for a near one (a typo or two), 0 otherwise."""
    if word in name_words:
        return 1.0
    close = difflib.get_close_matches(word, name_words, n=1, cutoff=0.75)
    if close:
        return difflib.SequenceMatcher(None, word, close[0]).ratio()
    if len(word) >= 4 and any(n.startswith(word) for n in name_words):
        return 0.8
    return 0.0
