"""Every exported table, in export order: the specs of :mod:`._mechanism_tables` and
:mod:`._other_tables` put together."""

from __future__ import annotations

from typing import Final

from ._columns import Spec
from ._mechanism_tables import MECHANISM_TABLES
from ._other_tables import OTHER_TABLES

__all__ = ["SPECS"]

#: The order of the tables in every export (CSV files, the Data Package, pandas).
ORDER: Final = (
    "mechanisms",
    "mechanism_names",
    "mechanism_relations",
    "association_institutions",
    "membership_rule_organizations",
    "participations",
    "states",
    "engagements",
    "engagement_links",
    "organizations",
    "organization_aliases",
    "secretariats",
    "secretariat_partners",
    "chairs",
    "claims",
    "themes",
    "meetings",
    "publications",
    "publication_authors",
    "instruments",
    "consultations",
    "consultation_instruments",
    "consultation_mechanisms",
    "focal_points",
    "focal_point_functions",
    "sources",
    "citations",
)
_ALL = {**MECHANISM_TABLES, **OTHER_TABLES}
if set(_ALL) != set(ORDER):  # pragma: no cover - a table added without its place
    raise RuntimeError(f"tables without a place in ORDER: {sorted(set(_ALL) ^ set(ORDER))}")
#: Table name -> its spec, in :data:`ORDER`.
SPECS: Final[dict[str, Spec]] = {name: _ALL[name] for name in ORDER}
