"""Mentions of mechanisms in free text: :class:`Mention` and the matcher behind
:meth:`iscm.Dataset.find_mentions`.

One regular expression holds every name of every mechanism, written as a trie (names that start
alike share their start), and is compiled once, on first use. The text is folded first, one
character for one character so that offsets stay those of the text: lower case, accents off,
full-width forms to their usual form, curly apostrophes and dashes to ``'`` and ``-``. The
expression runs over the folded text, so the work is linear in the text's length.

Rules:

* names, aliases and translated names match in any case and with or without accents; a hyphen
  and a space are interchangeable ("Pan-African", "Pan African"), runs of spaces or line breaks
  count as one space, "&" stands for "and", and "5 + 5" is "5+5";
* acronyms, and names with no lower-case word of three letters or more ("ACP-EU MD",
  "PCR de l'IGAD"), match only as written ("ADD", not "add"; "MME", not "Mme");
* a match starts and ends at a word boundary ("Perugia" is not "Peru"); matches do not overlap;
  at each place the longest name wins; results are in text order;
* besides the names held, two kinds of form are derived: a name without a part in brackets and
  the bracketed part itself where it is a name of two words or more ("Processus de Rabat" from
  "... (Processus de Rabat)"); and, for an English short name "X Process" or "X Dialogue" where X
  is a place, the French, Spanish and Portuguese forms ("Processus de X", "Proceso de X",
  "Processo de X", "Dialogue de X", "Diálogo de X"). A derived form that another mechanism
  already answers to is dropped. A place alone ("Rabat") is never a name.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from attrs import frozen

if TYPE_CHECKING:
    from iscm.model import Mechanism

__all__ = ["Matcher", "Mention", "matcher_for"]


@frozen(kw_only=True)
class Mention:
    """A place in a text where a mechanism is named."""

    mechanism: str
    """Id of the mechanism named."""
    start: int
    """Offset of the first character of the name in the text."""
    end: int
    """Offset just past its last character (``text == source[start:end]``)."""
    text: str
    """The name as the text writes it."""


# Characters folded to an ASCII stand-in before anything else.
_PUNCTUATION = {
    "\u2018": "'",
    "\u2019": "'",
    "\u02bc": "'",
    "\u00b4": "'",
    "\u2032": "'",
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d", "-"),
}
_FOLDED: dict[str, str] = {}


def _fold_char(ch: str) -> str:
    found = _FOLDED.get(ch)
    if found is None:
        found = _PUNCTUATION.get(ch)
        if found is None:
            base = "".join(
                c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
            ).lower()
            if len(base) != 1:
                base = ch.lower() if len(ch.lower()) == 1 else ch
            found = base
        _FOLDED[ch] = found
    return found


def fold_text(text: str) -> str:
    """``text`` folded character by character (same length, same offsets)."""
    if text.isascii():
        return text.lower()
    table = {ord(ch): _fold_char(ch) for ch in set(text) if not ch.isascii()}
    return text.translate(table).lower()


_SEPARATOR = re.compile(r"[\s-]+")
_SEP_PATTERN = r"[\s\-]+"
_LOWER_WORD = re.compile(r"[^\W\d_A-Z]{3,}")
_BRACKETS = re.compile(r"\s*\(([^)]*)\)")
_PLACE_FORM = re.compile(r"^([A-Z][\w'-]*[a-z][\w'-]*(?: [A-Z][\w'-]*)?) (Process|Dialogue)$")
_VOWELS = frozenset("AEIOUÁÉÍÓÚ")


_AMPERSAND = re.compile(r"\s*&\s*")
_PLUS = re.compile(r"\s*\+\s*")


def _canon(folded: str) -> str:
    """Separators as one space, "&" as "and", no spaces around "+" (in folded text)."""
    folded = _PLUS.sub("+", _AMPERSAND.sub(" and ", folded))
    return _SEPARATOR.sub(" ", folded).strip()


def _key(text: str) -> str:
    """The key a name and a matched text share."""
    return _canon(fold_text(text))


def _exact(text: str) -> str:
    """A matched text as written but for separators and dashes (for acronyms)."""
    text = unicodedata.normalize("NFKC", text)
    return _SEPARATOR.sub(" ", "".join(_PUNCTUATION.get(c, c) for c in text)).strip()


def is_acronym(name: str) -> bool:
    """Whether ``name`` matches only as written: no lower-case word of three letters or more."""
    return _LOWER_WORD.search(name) is None


def derived_names(name: str) -> list[str]:
    """Forms derived from one name (see the module's rules)."""
    forms: list[str] = []
    if _BRACKETS.search(name):
        forms.append(_BRACKETS.sub("", name).strip())
        forms += [inner for inner in _BRACKETS.findall(name) if len(inner.split()) >= 2]
    place = _PLACE_FORM.match(name)
    if place:
        where, what = place.groups()
        elided = where[0] in _VOWELS
        if what == "Process":
            forms += [
                f"Processus d'{where}" if elided else f"Processus de {where}",
                f"Proceso de {where}",
                f"Processo de {where}",
            ]
        else:
            forms += [
                f"Dialogue d'{where}" if elided else f"Dialogue de {where}",
                f"Diálogo de {where}",
            ]
    return forms


class Matcher:
    """Every name of a set of mechanisms, as one compiled expression."""

    def __init__(self, mechanisms: Iterable[Mechanism]) -> None:
        # key -> (mechanism id, exact spellings required, or None for any case)
        entries: dict[str, tuple[str, set[str] | None]] = {}
        held: dict[str, str] = {}
        derived: list[tuple[str, str]] = []
        for m in mechanisms:
            for name in m.all_names:
                held.setdefault(_key(name), m.id)
                self._add(entries, m.id, name)
                derived += [(m.id, form) for form in derived_names(name)]
        for mid, form in derived:
            if held.setdefault(_key(form), mid) == mid:
                self._add(entries, mid, form)
        self._entries = entries
        self._pattern = re.compile(r"(?<!\w)(?:" + _trie(list(entries)) + r")(?!\w)")

    @staticmethod
    def _add(entries: dict[str, tuple[str, set[str] | None]], mid: str, name: str) -> None:
        key = _key(name)
        if not key:
            return
        exact = {_exact(name)} if is_acronym(name) else None
        found = entries.get(key)
        if found is None:
            entries[key] = (mid, exact)
        elif found[1] is not None:  # any case wins over exact; exact spellings add up
            entries[key] = (mid, None if exact is None else found[1] | exact)

    def find(self, text: str) -> tuple[Mention, ...]:
        return tuple(self._find(text))

    def _find(self, text: str) -> Iterator[Mention]:
        folded = fold_text(text)
        search = self._pattern.search
        pos = 0
        while True:
            match = search(folded, pos)
            if match is None:
                return
            start, end = match.span()
            mid, exact = self._entries[_canon(match.group())]
            written = text[start:end]
            if exact is None or _exact(written) in exact:
                yield Mention(mechanism=mid, start=start, end=end, text=written)
                pos = end
            else:  # an acronym in another case ("add"): no mention here
                pos = start + 1


_Node = dict[str, "_Node"]


def _trie(keys: list[str]) -> str:
    """An expression matching exactly ``keys`` (separators as runs of spaces or hyphens), the
    longest first at each place."""
    root: _Node = {}
    for key in keys:
        node = root
        for token in _tokens(key):
            node = node.setdefault(token, {})
        node[""] = {}
    return _render(root)


_TOKEN = re.compile(r"(?<= )and(?= )|.")
_SPECIAL = {" ": _SEP_PATTERN, "and": r"(?:and|&)", "+": r"\s*\+\s*"}


def _tokens(key: str) -> list[str]:
    """Characters, but for a space (any separator), "and" (or "&"), "+" (spaces around)."""
    return [_SPECIAL.get(t, re.escape(t)) for t in _TOKEN.findall(key)]


def _render(node: _Node) -> str:
    ends = "" in node
    branches = []
    for token in sorted(k for k in node if k):
        child = node[token]
        chain = [token]
        while len(child) == 1 and "" not in child:  # a run with no branch: no group
            ((next_token, grandchild),) = child.items()
            chain.append(next_token)
            child = grandchild
        branches.append("".join(chain) + _render(child))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends else body


_LOCK = threading.Lock()


def matcher_for(holder: object, attribute: str, mechanisms: Iterable[Mechanism]) -> Matcher:
    """The matcher kept in ``holder.attribute``, built once (one thread builds it; the others
    wait for it) on first use."""
    found: Matcher | None = getattr(holder, attribute)
    if found is None:
        with _LOCK:
            found = getattr(holder, attribute)
            if found is None:
                found = Matcher(mechanisms)
                object.__setattr__(holder, attribute, found)
    return found
