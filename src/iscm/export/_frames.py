"""The tables as pandas DataFrames, and the participations as networkx graphs.

pandas and networkx are imported only inside these functions (extras ``iscm-data[pandas]`` and
``iscm-data[networkx]``); importing :mod:`iscm.export` imports neither.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from iscm import _overlap
from iscm._countries import COUNTRY_NAMES
from iscm.dataset import Dataset
from iscm.enums import Status

from ._specs import SPECS
from ._tables import tables

if TYPE_CHECKING:
    import networkx as nx  # type: ignore[import-untyped, import-not-found, unused-ignore]
    import pandas as pd  # type: ignore[import-untyped, import-not-found, unused-ignore]

__all__ = ["co_membership", "to_networkx", "to_pandas"]


def _require(module: str, extra: str) -> Any:
    try:
        return __import__(module)
    except ImportError as exc:
        raise ImportError(
            f'this needs {module}, which is not installed: pip install "iscm-data[{extra}]"'
        ) from exc


_PANDAS_DTYPES: Final = {
    "string": "string",
    "integer": "Int64",
    "number": "Float64",
    "boolean": "boolean",
}


def to_pandas(dataset: Dataset) -> dict[str, pd.DataFrame]:
    """The tables of :func:`tables` as pandas DataFrames (needs ``iscm-data[pandas]``).

    Columns use pandas' nullable types (``string``, ``Int64``, ``boolean``) and ``datetime64``
    for dates, so an empty cell is ``<NA>`` or ``NaT``. After the tables comes one more frame,
    ``membership_panel``: the State x mechanism x year panel of
    :func:`iscm.analysis.membership_panel`, the same rows as ``iscm export --format panel``.
    """
    pandas = _require("pandas", "pandas")
    frames: dict[str, pd.DataFrame] = {}
    for name, rows in tables(dataset).items():
        columns: dict[str, Any] = {}
        for col in SPECS[name].columns:
            values = [row[col.name] for row in rows]
            if col.type == "date":
                columns[col.name] = pandas.to_datetime(
                    pandas.Series(values, dtype="object"), format="%Y-%m-%d"
                )
            else:
                columns[col.name] = pandas.Series(values, dtype=_PANDAS_DTYPES[col.type])
        frames[name] = pandas.DataFrame(columns, columns=[c.name for c in SPECS[name].columns])
    frames["membership_panel"] = _panel_frame(pandas, dataset)
    return frames


def _panel_frame(pandas: Any, dataset: Dataset) -> pd.DataFrame:
    """The membership panel of :func:`iscm.analysis.membership_panel` as a DataFrame: ``year``
    as ``int64``, ``status`` categorical (its four values, in their order), the rest strings."""
    from iscm._panel import PANEL_COLUMNS, membership_panel
    from iscm.enums import PanelStatus

    names = [name for name, _doc in PANEL_COLUMNS]
    rows = [r.row() for r in membership_panel(dataset)]
    values = dict(zip(names, zip(*rows, strict=True), strict=True)) if rows else {}
    statuses = pandas.CategoricalDtype([s.value for s in PanelStatus])
    dtypes = {"year": "int64", "status": statuses}
    return pandas.DataFrame(
        {n: pandas.Series(list(values.get(n, ())), dtype=dtypes.get(n, "string")) for n in names},
        columns=names,
    )


def _graph_nodes(graph: Any, dataset: Dataset) -> None:
    for m in dataset.mechanisms:
        graph.add_node(
            ("mechanism", m.id),
            kind="mechanism",
            bipartite=1,
            name=m.name,
            level=m.level.value,
            status=m.status.value,
        )


def to_networkx(dataset: Dataset, *, projection: bool = False) -> nx.Graph:
    """The bipartite graph of States and mechanisms (needs ``iscm-data[networkx]``), or with
    ``projection=True`` the co-membership graph of :func:`co_membership`.

    Nodes are ``("state", code)`` (attributes ``name``, ``kind="state"``, ``bipartite=0``) and
    ``("mechanism", id)`` for every mechanism (``name``, ``level``, ``status``,
    ``kind="mechanism"``, ``bipartite=1``); an edge joins a State to each mechanism it currently
    takes part in, with attribute ``role`` (``member``, ``observer``, ``partner`` or
    ``invited``). A mechanism that has ended has no edges, as in :func:`co_membership`; for
    another year, pass ``dataset.as_of(year)``.
    """
    if projection:
        return co_membership(dataset)
    networkx = _require("networkx", "networkx")
    graph = networkx.Graph(version=dataset.version)
    _graph_nodes(graph, dataset)
    for m in dataset.mechanisms:
        if m.status is Status.ENDED:
            continue
        for p in m.participants:
            if p.state is not None and p.current:
                node = ("state", p.state)
                if node not in graph:
                    graph.add_node(node, kind="state", bipartite=0, name=COUNTRY_NAMES[p.state])
                graph.add_edge(node, ("mechanism", m.id), role=p.role.value)
    return graph


def co_membership(dataset: Dataset) -> nx.Graph:
    """Mechanisms joined by the member States they share (needs ``iscm-data[networkx]``).

    Nodes are ``("mechanism", id)`` for every mechanism, as in :func:`to_networkx`; an edge joins
    two mechanisms with at least one current member State in common, with attributes ``weight``
    (how many), ``states`` (their sorted codes) and ``jaccard`` (shared / all members of either).
    The pairs are those of :func:`iscm.analysis.most_overlapping`, by the same rule: a mechanism
    that has ended has no edges (for the overlaps of a past year, pass ``dataset.as_of(year)``).
    """
    networkx = _require("networkx", "networkx")
    graph = networkx.Graph(version=dataset.version)
    _graph_nodes(graph, dataset)
    for link in _overlap.links(_overlap.groups(dataset.mechanisms)):
        states = tuple(sorted(link.states()))
        for a, b in link.pairs():
            graph.add_edge(
                ("mechanism", a),
                ("mechanism", b),
                weight=link.shared,
                states=states,
                jaccard=link.jaccard,
            )
    return graph
