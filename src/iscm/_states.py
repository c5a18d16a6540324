"""States by any name or code: :func:`state_code`, the one place that reads a State argument.

Names come from ISO 3166-1 as published by pycountry (English short, official and common names,
and their French and Spanish translations from pycountry's catalogues), compiled by
``tools/build_states.py`` into :mod:`iscm._state_names`, a generated table that is imported on
the first call only (``import iscm`` stays cheap and pycountry is not needed at run time). The
generator derives a few forms from each name: "Korea, Republic of" also gives "Republic of Korea"
and the head "Korea" (which the head of "Korea, Democratic People's Republic of" makes
ambiguous), "Holy See (Vatican City State)" gives "Holy See" and "Vatican City State", "Saint"
gives "St", and "and" may be left out ("Trinidad & Tobago").

:data:`COMMON_NAMES` adds the names in common use that those tables lack, each with its source;
:data:`AMBIGUOUS` lists names that stand for several States in common use although the tables
give them to one. ``XKX`` (Kosovo) is not assigned by ISO 3166-1: it is the user-assigned code used
by the European Commission, the IMF and others (see :data:`iscm._countries.USER_ASSIGNED`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from iscm._countries import COUNTRY_NAMES
from iscm._keys import fold
from iscm.errors import NotFoundError

__all__ = ["AMBIGUOUS", "COMMON_NAMES", "SOURCES", "STATE_NAMES", "state_code", "state_label"]

#: The sources of :data:`COMMON_NAMES` and :data:`AMBIGUOUS`, by key.
SOURCES: Final = MappingProxyType(
    {
        "eu-isg": "https://style-guide.europa.eu/content/-/isg/side-by-side?identifier="
        "7.1-countries (EU Interinstitutional Style Guide, section 7.1 Countries: short names "
        "in every EU language; read 2026-12-06)",
        "iso-3166-3": "https://www.iso.org/obp/ui/#search (ISO 3166-3, formerly used names; also "
        "pycountry.historic_countries)",
        "iso-obp": "https://www.iso.org/obp/ui/#search (ISO 3166 Online Browsing Platform: the "
        "remarks give former short names after a change of name)",
        "wiki-alt": "https://en.wikipedia.org/wiki/List_of_alternative_country_names (read "
        "2026-12-06 in a stored copy)",
        "wiki-fr": "https://fr.wikipedia.org/wiki/Liste_des_pays_du_monde",
        "wiki-es": "https://es.wikipedia.org/wiki/Anexo:Pa%C3%ADses",
        "unterm": "https://unterm.un.org (UN Terminology Database: country short names in the six "
        "official languages)",
        "world-bank": "https://datahelpdesk.worldbank.org/knowledgebase/articles/"
        "906519-world-bank-country-and-lending-groups (the World Bank's country names)",
        "kosovo": "https://ec.europa.eu/eurostat/statistics-explained/index.php?title="
        "Glossary:Country_codes (XK/XKX, user-assigned, used by the EU and the IMF)",
    }
)

#: Names in common use that pycountry's tables lack: (name, code, source key in SOURCES).
#: A test checks that none of them is already in the tables (nothing typed that the library has).
COMMON_NAMES: Final[tuple[tuple[str, str, str], ...]] = (
    ("Ivory Coast", "CIV", "wiki-alt"),
    ("Cape Verde", "CPV", "iso-obp"),
    ("Swaziland", "SWZ", "iso-obp"),
    ("Turkey", "TUR", "iso-obp"),
    ("Burma", "MMR", "iso-3166-3"),
    ("Zaire", "COD", "iso-3166-3"),
    ("East Timor", "TLS", "iso-3166-3"),
    ("Macedonia", "MKD", "iso-obp"),
    ("FYROM", "MKD", "wiki-alt"),
    ("Former Yugoslav Republic of Macedonia", "MKD", "iso-obp"),
    ("Russia", "RUS", "eu-isg"),
    ("Brunei", "BRN", "eu-isg"),
    ("Vatican", "VAT", "eu-isg"),
    ("Vatican City", "VAT", "eu-isg"),
    ("DR Congo", "COD", "wiki-alt"),
    ("DRC", "COD", "wiki-alt"),
    ("Democratic Republic of Congo", "COD", "wiki-alt"),
    ("Congo-Kinshasa", "COD", "wiki-alt"),
    ("Republic of Congo", "COG", "wiki-alt"),
    ("Congo-Brazzaville", "COG", "wiki-alt"),
    ("Lao PDR", "LAO", "wiki-alt"),
    ("America", "USA", "wiki-alt"),
    ("UK", "GBR", "wiki-alt"),
    ("Great Britain", "GBR", "wiki-alt"),
    ("Britain", "GBR", "wiki-alt"),
    ("Holland", "NLD", "wiki-alt"),
    ("UAE", "ARE", "wiki-alt"),
    ("Emirates", "ARE", "wiki-alt"),
    ("ROK", "KOR", "wiki-alt"),
    ("DPRK", "PRK", "wiki-alt"),
    ("Kosovo", "XKX", "kosovo"),
    ("Republic of Kosovo", "XKX", "kosovo"),
    ("Sao Tome", "STP", "wiki-alt"),
    ("Bosnia", "BIH", "wiki-alt"),
    ("Hong Kong SAR", "HKG", "unterm"),
    ("Macao SAR", "MAC", "unterm"),
    ("Persia", "IRN", "wiki-alt"),
    ("Siam", "THA", "wiki-alt"),
    ("Ceylon", "LKA", "wiki-alt"),
    ("Upper Volta", "BFA", "iso-3166-3"),
    ("Dahomey", "BEN", "iso-3166-3"),
    ("Kampuchea", "KHM", "wiki-alt"),
    ("Byelorussia", "BLR", "iso-3166-3"),
    ("Belorussia", "BLR", "wiki-alt"),
    ("Guinea-Conakry", "GIN", "wiki-alt"),
    ("Saint Kitts", "KNA", "wiki-alt"),
    ("St Kitts", "KNA", "wiki-alt"),
    ("RDC", "COD", "wiki-fr"),
    ("RD Congo", "COD", "wiki-fr"),
    ("Macédoine", "MKD", "wiki-fr"),
    ("EAU", "ARE", "wiki-fr"),
    ("Grande-Bretagne", "GBR", "wiki-fr"),
    ("Hollande", "NLD", "wiki-fr"),
    ("Rusia", "RUS", "eu-isg"),
    ("EE. UU.", "USA", "wiki-es"),
    ("Gran Bretaña", "GBR", "wiki-es"),
    ("Holanda", "NLD", "wiki-es"),
    ("Suazilandia", "SWZ", "wiki-es"),
    ("Ciudad del Vaticano", "VAT", "eu-isg"),
    ("Macedonia, The Former Yugoslav Republic of", "MKD", "iso-obp"),
    ("Libyan Arab Jamahiriya", "LBY", "iso-obp"),
    ("Occupied Palestinian Territory", "PSE", "unterm"),
    ("Chinese Taipei", "TWN", "wiki-alt"),
    ("Macau SAR", "MAC", "wiki-alt"),
    ("Republic of Ireland", "IRL", "wiki-alt"),
    ("Éire", "IRL", "wiki-alt"),
    ("Great Britain and Northern Ireland", "GBR", "wiki-alt"),
    ("Kosova", "XKX", "wiki-alt"),
    ("Centrafrique", "CAF", "wiki-fr"),
    ("Kirghizstan", "KGZ", "wiki-fr"),
    ("Guyane", "GUF", "wiki-fr"),
    ("Argelia", "DZA", "wiki-es"),
    ("Maldivas", "MDV", "wiki-es"),
    ("Federación de Rusia", "RUS", "unterm"),
    ("Biélorussie", "BLR", "wiki-fr"),
    ("Arabia Saudita", "SAU", "eu-isg"),
    # The World Bank's names, as analysts find them in its data
    ("Korea, Rep.", "KOR", "world-bank"),
    ("Korea, Dem. People's Rep.", "PRK", "world-bank"),
    ("Congo, Dem. Rep.", "COD", "world-bank"),
    ("Congo, Rep.", "COG", "world-bank"),
    ("Egypt, Arab Rep.", "EGY", "world-bank"),
    ("Iran, Islamic Rep.", "IRN", "world-bank"),
    ("Yemen, Rep.", "YEM", "world-bank"),
    ("Venezuela, RB", "VEN", "world-bank"),
    ("Gambia, The", "GMB", "world-bank"),
    ("Bahamas, The", "BHS", "world-bank"),
    ("Micronesia, Fed. Sts.", "FSM", "world-bank"),
    ("Hong Kong SAR, China", "HKG", "world-bank"),
    ("Macao SAR, China", "MAC", "world-bank"),
    ("West Bank and Gaza", "PSE", "world-bank"),
)

#: Names that stand for several States in common use: name -> (codes, source key).
AMBIGUOUS: Final[Mapping[str, tuple[tuple[str, ...], str]]] = MappingProxyType(
    {
        "Guinea": (("GIN", "GNB", "GNQ"), "wiki-alt"),
        "Guinée": (("GIN", "GNB", "GNQ"), "wiki-fr"),
        "Congo": (("COD", "COG"), "wiki-alt"),
        "Korea": (("KOR", "PRK"), "wiki-alt"),
        "Corée": (("KOR", "PRK"), "wiki-fr"),
        "Corea": (("KOR", "PRK"), "wiki-es"),
    }
)

_ARTICLE = re.compile(r"^\s*(?:the|la|le|les|l['\u2019]|el|los|las)\s*(?=\w)", re.IGNORECASE)
_PAREN = re.compile(r"^(.*?)\s*\(([^)]*)\)\s*$")
_ABBREVIATIONS = {
    "rep": "Republic",
    "dem": "Democratic",
    "fed": "Federation",
    "is": "Islands",
    "isl": "Islands",
    "st": "Saint",
    "sts": "States",
}
_ABBREVIATION = re.compile(r"\b(" + "|".join(_ABBREVIATIONS) + r")\.", re.IGNORECASE)
_SUGGESTIONS = 3


#: Every code the data uses for a State or territory (ISO 3166-1 alpha-3, and XKX for Kosovo) and
#: its English short name, read-only.
STATE_NAMES: Final[Mapping[str, str]] = MappingProxyType(COUNTRY_NAMES)


def state_label(code: str) -> str:
    """``"Ethiopia (ETH)"``: the English short name with the code."""
    return f"{COUNTRY_NAMES[code]} ({code})"


@functools.cache
def _table() -> Mapping[str, str]:
    from iscm._state_names import KEYS

    return KEYS


def state_code(text: str) -> str:
    """The ISO 3166-1 alpha-3 code of the State ``text`` names (``XKX`` for Kosovo).

    ``text`` is an alpha-3, alpha-2 or numeric code, or an English short, official or common
    name, or a French or Spanish one, in any case, with or without accents, full-width or not.

    >>> import iscm
    >>> iscm.state_code("Ivory Coast"), iscm.state_code("Türkiye"), iscm.state_code("Éthiopie")
    ('CIV', 'TUR', 'ETH')

    Raises :class:`iscm.NotFoundError` with up to three suggestions where no State fits, and
    listing the candidates with their codes where the name fits several ("Congo").
    """
    if not isinstance(text, str):
        raise TypeError(f"state must be a string, got {type(text).__name__}")
    return _resolve(text)


@functools.lru_cache(maxsize=4096)
def _resolve(text: str) -> str:
    keys = _table()
    folded = fold(text)
    if folded.isdigit():
        folded = folded.zfill(3)
    found = keys.get(folded)
    if found is None:
        found = _rearranged(unicodedata.normalize("NFKC", text).strip(), keys)
    if found is None:
        raise NotFoundError(text, "State", _suggest(folded, keys))
    if " " in found:
        codes = found.split()
        raise NotFoundError(text, "State", [state_label(c) for c in codes], ambiguous=True)
    return found


def _rearranged(text: str, keys: Mapping[str, str]) -> str | None:
    """The codes of ``text`` rearranged: without a leading article ("The Gambia"), "X (Y)" as
    "Y X" or "X" (the UN's "Bolivia (Plurinational State of)"), "X, Y" as "Y X" or "X", or with
    its abbreviations written out ("Russian Fed.")."""
    forms = [_ARTICLE.sub("", text, count=1)]
    paren = _PAREN.match(text)
    if paren:
        forms += [f"{paren.group(2)} {paren.group(1)}", paren.group(1)]
    if ", " in text:
        head, tail = text.split(", ", 1)
        forms += [f"{tail} {head}", head]  # "Moldova, Rep.", "Hong Kong, China"
    expanded = _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m.group(1).lower()], text)
    if expanded != text:
        forms.append(expanded)  # "Russian Fed."
    for form in forms:
        found = keys.get(fold(form))
        if found is not None:
            return found
    return None


def _suggest(folded: str, keys: Mapping[str, str]) -> list[str]:
    import difflib

    if not folded:
        return []
    close = difflib.get_close_matches(folded, list(keys), n=_SUGGESTIONS * 4, cutoff=0.75)
    labels: dict[str, None] = {}
    for key in close:
        for code in keys[key].split():
            labels.setdefault(state_label(code), None)
    return list(labels)[:_SUGGESTIONS]
