"""The other tables: engagements, organizations, publications, instruments, consultations,
focal points, and the sources with their citations."""

from __future__ import annotations

from iscm.model import (
    Engagement,
    FocalPoint,
    Instrument,
    Organization,
    Publication,
    Source,
    TargetedConsultation,
)

from ._columns import Spec, column, model_columns
from ._rows import (
    _cites,
    _engagement_links,
    _n,
    _second,
    _third,
    link_table,
    list_table,
    record_table,
    ref_column,
)

OTHER_TABLES = {
    "engagements": Spec(
        "What organizations do in mechanisms (e.g. IOM as technical secretariat).",
        (
            column(
                "engagement", "integer", "Row number, from 1, in canonical order.", lambda it: it[0]
            ),
            *model_columns(Engagement, _second),
        ),
        ("engagement",),
        lambda data: enumerate(data.engagements, start=1),
        _cites(1),
    ),
    "engagement_links": Spec(
        "Organizations an engagement is carried out together with, or in consultation with.",
        (
            column(
                "engagement",
                "integer",
                "The engagement (engagements.engagement).",
                lambda it: it[0],
            ),
            column(
                "relation",
                "string",
                "partner or in_consultation_with.",
                _second,
                enum=("partner", "in_consultation_with"),
            ),
            ref_column("organization", "organizations", "organization", _third),
        ),
        ("engagement", "relation", "organization"),
        _engagement_links,
        foreign_keys=((("engagement",), "engagements", ("engagement",)),),
    ),
    "organizations": record_table(
        "Organizations referenced by the dataset.", Organization, "organizations"
    ),
    "organization_aliases": list_table(
        "Other names of organizations.",
        ("organization", "organizations", "aliases"),
        ("alias", "The name."),
    ),
    "publications": record_table("Research publications about ISCMs.", Publication, "publications"),
    "publication_authors": list_table(
        "Authors of publications, in order.",
        ("publication", "publications", "authors"),
        ("author", "Name of the author."),
    ),
    "instruments": record_table(
        "International conventions and protocols that targeted consultations rest on.",
        Instrument,
        "instruments",
    ),
    "consultations": record_table(
        "Targeted consultations on migration held inside global bodies with treaty duties.",
        TargetedConsultation,
        "consultations",
    ),
    "consultation_instruments": link_table(
        "The instruments a targeted consultation rests on.",
        ("consultation", "consultations"),
        ("instrument", "instruments"),
    ),
    "consultation_mechanisms": link_table(
        "The forums where a targeted consultation takes place.",
        ("consultation", "consultations"),
        ("mechanism", "mechanisms"),
    ),
    "focal_points": record_table(
        "Units that serve as their organization's focal point for ISCMs.",
        FocalPoint,
        "focal_points",
        key="organization",
    ),
    "focal_point_functions": Spec(
        "What each focal point does, one function per row.",
        (
            column(
                "organization",
                "string",
                "Id of the unit (focal_points.organization).",
                lambda it: it[0],
            ),
            _n(),
            column(
                "function",
                "string",
                "The function, in this project's words.",
                _third,
                required=True,
            ),
        ),
        ("organization", "n"),
        lambda data: (
            (f.organization, n, fn)
            for f in data.focal_points
            for n, fn in enumerate(f.functions, start=1)
        ),
        foreign_keys=((("organization",), "focal_points", ("organization",)),),
    ),
    "sources": Spec(
        "Every public document cited, once.",
        (
            column(
                "source_id",
                "string",
                "The key of the source: the key by which the dataset "
                "cites it (Source.id: its key, or for a source without one a short hash of "
                "url, title, publisher and accessed).",
                lambda s: s.id,
            ),
            *model_columns(Source, skip=("key",)),
        ),
        ("source_id",),
        lambda data: (),  # filled from the citations (see _tables)
    ),
    "citations": Spec(
        "Which row cites which source.",
        (
            column("table", "string", "The table of the citing row.", lambda it: it[0]),
            column(
                "record",
                "string",
                "The primary key of the citing row in that table, its "
                'values joined with "/" (colombo-process, colombo-process/3, 17).',
                _second,
            ),
            column(
                "about",
                "string",
                "What the source supports: the row (record), or, for "
                "mechanisms, its association or membership rule.",
                _third,
                enum=("record", "association", "membership_rule"),
            ),
            column(
                "n",
                "integer",
                "Position of the source among the row's sources, from 1.",
                lambda it: it[3],
            ),
            column(
                "source_id",
                "string",
                "The source (sources.source_id).",
                lambda it: it[4].id,
                required=True,
            ),
        ),
        ("table", "record", "about", "n"),
        lambda data: (),  # filled while the other tables are built (see _tables)
        foreign_keys=((("source_id",), "sources", ("source_id",)),),
    ),
}
