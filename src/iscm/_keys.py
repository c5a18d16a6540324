"""Lookup keys: how free text is folded so that spellings of one name meet."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

# Everything but letters and digits; combining accents (after NFKD) are not \w, so they go too.
_NOT_ALNUM = re.compile(r"[\W_]+")
# The same for ASCII text, which NFKD leaves alone and casefold lowers: every byte but a-z, 0-9.
_ASCII_NOT_ALNUM = bytes(c for c in range(128) if not chr(c).isalnum())


def fold(text: str) -> str:
    """Fold text to a lookup key: no accents, no case, no spaces or punctuation.

    >>> fold("Asia - EU Dialogue") == fold("asia-eu dialogue")
    True
    >>> fold("Conferência Sul-Americana")
    'conferenciasulamericana'
    """
    if text.isascii():  # most keys: the same result, about twice as fast
        return text.lower().encode().translate(None, _ASCII_NOT_ALNUM).decode()
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKD", text).casefold())


def suggest(key: str, names: Mapping[str, str], limit: int = 3) -> list[str]:
    """Names whose folded form is close to ``key``'s, best first.

    ``names`` maps folded keys to the name to show for them.
    """
    import difflib  # only for a key that fits nothing: not on a cold start

    matches = difflib.get_close_matches(fold(key), list(names), n=limit * 3, cutoff=0.6)
    return _unique(names[m] for m in matches)[:limit]


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
