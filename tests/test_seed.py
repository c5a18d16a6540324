"""Everything IOM's ISCM page (the seed document) states is in the dataset."""

from __future__ import annotations

import pytest

import iscm
from iscm import EngagementRole as R

DATA = iscm.load()
SEED_URL = "https://portugal.iom.int/pt-pt/taxonomy/term/1638"


def _iom(role: R) -> set[str]:
    return {e.mechanism for e in DATA.engagements_of("iom", role) if _from_seed(e)}


def _from_seed(record: iscm.Engagement) -> bool:
    return any(s.url == SEED_URL for s in record.sources)


# Every way the seed names a mechanism, with the mechanism it means.
SEED_NAMES = {
    "Bali Process": "bali-process",
    "IGC": "igc",
    "IDM": "idm",
    "Global RCP Meetings": "global-iscm-meetings",
    "Budapest Process": "budapest-process",
    "IGAD RCP": "igad-rcp",
    "MIDWA": "midwa",
    "Puebla Process (RCM)": "puebla-process",
    "Puebla Process": "puebla-process",
    "RCM": "puebla-process",
    "SACM": "south-american-conference-on-migration",
    "5+5 Dialogue on Migration in the Western Mediterranean": "five-plus-five-dialogue",
    "Asia - EU Dialogue on Labour Migration": "asia-eu-dialogue",
    "AFML": "afml",
    "EU-LAC Bi-regional Dialogue on Migration": "eu-celac-migration-dialogue",
    "FIBEMYD": "fibemyd",
    "Intra-Regional Forum on Migration in Africa": "pafom",
    "Pan African Forum": "pafom",
    "Khartoum Process": "khartoum-process",
    "MTM": "mtm-dialogue",
    "Rabat Process": "rabat-process",
    "Tripoli Process": "tripoli-process",
    "GFMD": "gfmd",
    "UN HLD on International Migration and Development": "un-hld",
    "Almaty Process": "almaty-process",
    "Colombo Process": "colombo-process",
    "MIDSA": "midsa",
    "MIDCAS": "midcas",
    "MIDCOM": "midcom",
    "ACP –EU Dialogue on Migration": "acp-eu-dialogue",
}


@pytest.mark.parametrize(("name", "mechanism"), SEED_NAMES.items())
def test_every_seed_name_resolves(name: str, mechanism: str) -> None:
    assert DATA.get(name).id == mechanism


def test_iom_engagements_stated_by_the_seed() -> None:
    seed_engagements = [e for e in DATA.engagements if e.organization == "iom" and _from_seed(e)]
    assert len(seed_engagements) == 40
    assert _iom(R.MEMBER) == {"bali-process", "igc"}
    assert _iom(R.LEAD) == {"idm"}
    assert _iom(R.COORDINATOR) == {"global-iscm-meetings"}
    assert _iom(R.OBSERVER) == {
        "budapest-process", "igad-rcp", "midwa", "puebla-process",
        "south-american-conference-on-migration", "five-plus-five-dialogue", "asia-eu-dialogue",
        "afml", "eu-celac-migration-dialogue", "fibemyd", "pafom", "khartoum-process",
        "mtm-dialogue", "rabat-process", "tripoli-process", "gfmd", "un-hld",
    }  # fmt: skip
    assert _iom(R.TECHNICAL_SECRETARIAT) == {
        "almaty-process", "colombo-process", "midsa", "puebla-process",
        "south-american-conference-on-migration", "asia-eu-dialogue", "bali-process", "pafom",
        "idm", "global-iscm-meetings",
    }  # fmt: skip
    assert _iom(R.SECRETARIAT_SUPPORT) == {
        "igad-rcp", "midcas", "midcom", "midwa", "five-plus-five-dialogue", "acp-eu-dialogue",
        "eu-celac-migration-dialogue",
    }  # fmt: skip
    assert _iom(R.ADMINISTRATIVE_HOST) == {"igc", "gfmd"}


def _one(mechanism: str, role: R) -> iscm.Engagement:
    (found,) = [
        e for e in DATA.engagements_of("iom", role) if e.mechanism == mechanism and _from_seed(e)
    ]
    return found


def test_partners_and_consulted_bodies() -> None:
    assert _one("almaty-process", R.TECHNICAL_SECRETARIAT).partners == {"unhcr"}
    assert _one("bali-process", R.TECHNICAL_SECRETARIAT).partners == {"unhcr"}
    assert _one("midsa", R.TECHNICAL_SECRETARIAT).partners == {"samp"}
    assert _one("igad-rcp", R.SECRETARIAT_SUPPORT).in_consultation_with == {"igad", "auc"}
    assert _one("midcas", R.SECRETARIAT_SUPPORT).in_consultation_with == {"eccas"}
    assert _one("midcom", R.SECRETARIAT_SUPPORT).in_consultation_with == {"comesa"}
    assert _one("midwa", R.SECRETARIAT_SUPPORT).in_consultation_with == {"ecowas"}
    assert _one("five-plus-five-dialogue", R.SECRETARIAT_SUPPORT).in_consultation_with == {"pam"}
    acp = _one("acp-eu-dialogue", R.SECRETARIAT_SUPPORT)
    assert acp.in_consultation_with == {"oacps", "european-commission"}
    assert acp.through == "acp-eu-migration-action"
    assert _one("eu-celac-migration-dialogue", R.SECRETARIAT_SUPPORT).partners == {"fiiapp"}
    assert _one("bali-process", R.MEMBER).scope == "Bali Process Steering Group"
    assert _one("igc", R.ADMINISTRATIVE_HOST).scope == "IGC Secretariat"
    assert _one("gfmd", R.ADMINISTRATIVE_HOST).scope == "GFMD Support Unit"


@pytest.mark.parametrize(
    ("key", "level"),
    [
        ("Colombo Process", iscm.Level.REGIONAL),
        ("MIDSA", iscm.Level.REGIONAL),
        ("Bali Process", iscm.Level.INTER_REGIONAL),
        ("Rabat Process", iscm.Level.INTER_REGIONAL),
        ("GFMD", iscm.Level.GLOBAL),
        ("IDM", iscm.Level.GLOBAL),
        ("Global RCP Meetings", iscm.Level.GLOBAL),
    ],
)
def test_levels(key: str, level: iscm.Level) -> None:
    assert DATA.get(key).level is level


SEED_ORGANIZATIONS = [
    "IOM", "UNHCR", "ILO", "UNODC", "IGAD Secretariat", "AUC", "ECCAS", "COMESA", "ECOWAS",
    "PAM Secretariat", "ACP Secretariat", "EC", "FIIAPP", "IPD",
    "Southern African Migration Programme", "IGC Secretariat", "GFMD Support Unit",
]  # fmt: skip


@pytest.mark.parametrize("key", SEED_ORGANIZATIONS)
def test_seed_organizations_resolve(key: str) -> None:
    assert DATA.organization(key)


def test_ipd_is_part_of_iom() -> None:
    assert DATA.organization("IPD").parent == "iom"


def test_the_three_research_publications() -> None:
    by_number = {p.number: p for p in DATA.publications if p.series == "Migration Research Series"}
    assert set(by_number) >= {3, 38, 45}
    assert by_number[3].title.startswith("The Role of Regional Consultative Processes")
    assert by_number[38].title.startswith("An Assessment of Principal Regional Consultative")
    assert by_number[45].title.startswith("Regional Inter-State Consultation Mechanisms")
    assert all(p.publisher == "iom" for p in by_number.values())


def test_ipd_is_iom_focal_point_with_its_functions() -> None:
    (focal,) = [f for f in DATA.focal_points if f.organization == "ipd"]
    assert len(focal.functions) >= 4
    text = " ".join(focal.functions).lower()
    for duty in ("newsletter", "calendar", "global meetings", "secretariats"):
        assert duty in text


@pytest.mark.parametrize(
    ("organization", "instruments"),
    [
        ("ilo", {"ilo-c97", "ilo-c143"}),
        ("unhcr", {"refugee-convention-1951", "refugee-protocol-1967"}),
        ("unodc", {"untoc", "trafficking-in-persons-protocol", "smuggling-of-migrants-protocol"}),
    ],
)
def test_targeted_consultations_rest_on_their_instruments(
    organization: str, instruments: set[str]
) -> None:
    (consultation,) = [c for c in DATA.consultations if c.organization == organization]
    assert consultation.instruments == instruments
    for instrument_id in instruments:
        (instrument,) = [i for i in DATA.instruments if i.id == instrument_id]
        assert instrument.organization == organization
