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
from ._rows import _ID, _cites, _engagement_links, _key, _links, _n, _second, _third

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
            column(
                "organization",
                "string",
                _ID.format("organization", "organizations"),
                _third,
                ref="organizations",
            ),
        ),
        ("engagement", "relation", "organization"),
        _engagement_links,
        foreign_keys=((("engagement",), "engagements", ("engagement",)),),
    ),
    "organizations": Spec(
        "Organizations referenced by the dataset.",
        model_columns(Organization),
        ("id",),
        lambda data: data.organizations,
        lambda o: (("record", o.sources),),
    ),
    "organization_aliases": Spec(
        "Other names of organizations.",
        (
            _key("organization", "organizations", "organization"),
            _n(),
            column("alias", "string", "The name.", _third, required=True),
        ),
        ("organization", "n"),
        lambda data: (
            (o.id, n, a) for o in data.organizations for n, a in enumerate(o.aliases, start=1)
        ),
    ),
    "publications": Spec(
        "Research publications about ISCMs.",
        model_columns(Publication),
        ("id",),
        lambda data: data.publications,
        lambda p: (("record", p.sources),),
    ),
    "publication_authors": Spec(
        "Authors of publications, in order.",
        (
            _key("publication", "publications", "publication"),
            _n(),
            column("author", "string", "Name of the author.", _third, required=True),
        ),
        ("publication", "n"),
        lambda data: (
            (p.id, n, a) for p in data.publications for n, a in enumerate(p.authors, start=1)
        ),
    ),
    "instruments": Spec(
        "International conventions and protocols that targeted consultations rest on.",
        model_columns(Instrument),
        ("id",),
        lambda data: data.instruments,
        lambda i: (("record", i.sources),),
    ),
    "consultations": Spec(
        "Targeted consultations on migration held inside global bodies with treaty duties.",
        model_columns(TargetedConsultation),
        ("id",),
        lambda data: data.consultations,
        lambda c: (("record", c.sources),),
    ),
    "consultation_instruments": Spec(
        "The instruments a targeted consultation rests on.",
        (
            _key("consultation", "consultations", "consultation"),
            column(
                "instrument",
                "string",
                _ID.format("instrument", "instruments"),
                _second,
                ref="instruments",
            ),
        ),
        ("consultation", "instrument"),
        lambda data: _links(data.consultations, "instruments"),
    ),
    "consultation_mechanisms": Spec(
        "The forums where a targeted consultation takes place.",
        (
            _key("consultation", "consultations", "consultation"),
            column(
                "mechanism",
                "string",
                _ID.format("mechanism", "mechanisms"),
                _second,
                ref="mechanisms",
            ),
        ),
        ("consultation", "mechanism"),
        lambda data: _links(data.consultations, "mechanisms"),
    ),
    "focal_points": Spec(
        "Units that serve as their organization's focal point for ISCMs.",
        model_columns(FocalPoint),
        ("organization",),
        lambda data: data.focal_points,
        lambda f: (("record", f.sources),),
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
