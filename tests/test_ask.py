"""Issue 19: States by any name, mechanisms found in free text, meetings, shared forums."""

from __future__ import annotations

import datetime
import io
import json
import pathlib
import sys
import threading

import pytest

import iscm
from iscm._mentions import Matcher
from iscm.cli import main

DATA = iscm.load()

# -- state_code -------------------------------------------------------------------------------

SPELLINGS = [
    # codes
    ("ETH", "ETH"),
    ("eth", "ETH"),
    ("ET", "ETH"),
    ("231", "ETH"),
    ("\uff25\uff34\uff28", "ETH"),  # full-width
    ("76", "BRA"),
    ("XKX", "XKX"),
    # English short, official and common names
    ("Ethiopia", "ETH"),
    ("Ivory Coast", "CIV"),
    ("Côte d\u2019Ivoire", "CIV"),
    ("cote d'ivoire", "CIV"),
    ("Türkiye", "TUR"),
    ("Turkey", "TUR"),
    ("Turkiye", "TUR"),
    ("Lao PDR", "LAO"),
    ("Laos", "LAO"),
    ("DR Congo", "COD"),
    ("Democratic Republic of the Congo", "COD"),
    ("Congo-Brazzaville", "COG"),
    ("Republic of the Congo", "COG"),
    ("Cape Verde", "CPV"),
    ("Cabo Verde", "CPV"),
    ("Swaziland", "SWZ"),
    ("Eswatini", "SWZ"),
    ("Burma", "MMR"),
    ("Czech Republic", "CZE"),
    ("Czechia", "CZE"),
    ("South Korea", "KOR"),
    ("Republic of Korea", "KOR"),
    ("Korea, Rep.", "KOR"),
    ("North Korea", "PRK"),
    ("Russia", "RUS"),
    ("Russian Federation", "RUS"),
    ("United States of America", "USA"),
    ("U.S.", "USA"),
    ("UK", "GBR"),
    ("The Gambia", "GMB"),
    ("Gambia, The", "GMB"),
    ("Bolivia (Plurinational State of)", "BOL"),
    ("Netherlands (Kingdom of the)", "NLD"),
    ("St Kitts & Nevis", "KNA"),
    ("Saint Vincent and the Grenadines", "VCT"),
    ("Trinidad & Tobago", "TTO"),
    ("Sao Tome and Principe", "STP"),
    ("East Timor", "TLS"),
    ("Vatican", "VAT"),
    ("Palestine", "PSE"),
    ("Kosovo", "XKX"),
    ("Syria", "SYR"),
    ("Viet Nam", "VNM"),
    ("  north   MACEDONIA ", "MKD"),
    # French
    ("Éthiopie", "ETH"),
    ("Allemagne", "DEU"),
    ("Royaume-Uni", "GBR"),
    ("États-Unis", "USA"),
    ("Corée du Sud", "KOR"),
    ("République démocratique du Congo", "COD"),
    ("RDC", "COD"),
    ("Cap-Vert", "CPV"),
    ("Birmanie", "MMR"),
    ("Fédération de Russie", "RUS"),
    ("Tchéquie", "CZE"),
    ("Sénégal", "SEN"),
    ("l'Égypte", "EGY"),
    ("Guinée-Bissau", "GNB"),
    # Spanish
    ("Etiopía", "ETH"),
    ("Costa de Marfil", "CIV"),
    ("Estados Unidos", "USA"),
    ("EE. UU.", "USA"),
    ("Reino Unido", "GBR"),
    ("Corea del Sur", "KOR"),
    ("Federación de Rusia", "RUS"),
    ("Marruecos", "MAR"),
    ("México", "MEX"),
    ("Países Bajos", "NLD"),
    ("Guinea Ecuatorial", "GNQ"),
    ("Turquía", "TUR"),
    ("República Dominicana", "DOM"),
    ("Suazilandia", "SWZ"),
]


@pytest.mark.parametrize(("text", "code"), SPELLINGS)
def test_state_code_reads_every_spelling(text: str, code: str) -> None:
    assert iscm.state_code(text) == code


def test_there_are_at_least_60_spellings() -> None:
    assert len(SPELLINGS) >= 60


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Congo", {"COD", "COG"}),
        ("Korea", {"KOR", "PRK"}),
        ("Guinea", {"GIN", "GNB", "GNQ"}),
        ("Corée", {"KOR", "PRK"}),
        ("Virgin Islands", {"VGB", "VIR"}),
    ],
)
def test_ambiguous_names_list_the_candidates(text: str, codes: set[str]) -> None:
    with pytest.raises(iscm.NotFoundError) as caught:
        iscm.state_code(text)
    assert caught.value.ambiguous
    assert {s[-4:-1] for s in caught.value.suggestions} == codes
    assert all(code in str(caught.value) for code in codes)


@pytest.mark.parametrize(("text", "expected"), [("Ethiopa", "ETH"), ("Marocco", "MAR")])
def test_unknown_text_suggests_up_to_three(text: str, expected: str) -> None:
    with pytest.raises(iscm.NotFoundError) as caught:
        iscm.state_code(text)
    assert not caught.value.ambiguous
    assert 1 <= len(caught.value.suggestions) <= 3
    assert caught.value.suggestions[0].endswith(f"({expected})")


@pytest.mark.parametrize("text", ["Narnia", "", "Rabat", "Perugia", "Bassas da India"])
def test_places_that_are_not_states_are_refused(text: str) -> None:
    with pytest.raises(iscm.NotFoundError):
        iscm.state_code(text)


def test_state_code_takes_only_text() -> None:
    with pytest.raises(TypeError):
        iscm.state_code(231)  # type: ignore[arg-type]


def test_the_generated_table_is_what_pycountry_gives() -> None:
    """Fails when pycountry or the lists in iscm._states changed: run tools/build_states.py."""
    from iscm._state_names import PYCOUNTRY_VERSION
    from tools import build_states

    assert build_states.pycountry_version() == PYCOUNTRY_VERSION, "regenerate the table"
    assert build_states.main(["--check"]) == 0


def test_common_names_are_only_names_pycountry_lacks() -> None:
    import pycountry

    from iscm._keys import fold
    from iscm._states import AMBIGUOUS, COMMON_NAMES, SOURCES
    from tools.build_states import derived, pycountry_names

    held = {fold(k) for c in pycountry.countries for k in (c.alpha_2, c.alpha_3, c.numeric)}
    for names in pycountry_names().values():
        for name in names:
            forms, heads = derived(name)
            held |= {fold(n) for n in (name, *forms, *heads)}
    folded = [fold(name) for name, _code, _source in COMMON_NAMES]
    assert len(folded) == len(set(folded))
    assert not [n for n, _c, _s in COMMON_NAMES if fold(n) in held]
    assert {s for _n, _c, s in COMMON_NAMES} | {s for _c, s in AMBIGUOUS.values()} <= set(SOURCES)


def test_every_state_argument_reads_names() -> None:
    by_code = DATA.mechanisms_of("ETH")
    assert DATA.mechanisms_of("Éthiopie") == by_code
    assert iscm.analysis.state_profile(DATA, "ET").member_of == tuple(m.id for m in by_code)
    assert DATA.filter(member="Côte d'Ivoire") == DATA.filter(member="CIV")
    assert DATA.filter(observer="South Korea") == DATA.filter(observer="KOR")
    assert {m.id for m in DATA.filter(participant="Corée du Sud")} == {
        m.id for m in DATA.filter(member="KOR")
    } | {m.id for m in DATA.filter(observer="KOR")}
    with pytest.raises(iscm.NotFoundError):
        DATA.mechanisms_of("Congo")


# -- get(default=) ---------------------------------------------------------------------------


def test_get_returns_the_default_only_when_nothing_fits() -> None:
    sentinel = object()
    assert DATA.get("Colombo Plan", default=sentinel) is sentinel
    assert DATA.get("Colombo Plan", None) is None
    assert DATA.get("CP", default=None) is DATA.get("colombo-process")
    with pytest.raises(iscm.NotFoundError):
        DATA.get("Colombo Plan")


# -- find_mentions ----------------------------------------------------------------------------

ENGLISH = (
    "Ministers met in Rabat and in Bali. The Rabat Process and the Bali Process agreed; the "
    "Colombo Plan and the Budapest Convention are other bodies, but the Budapest Process is one. "
    "Please add this: the cp ratio rose. The Abu Dhabi Dialogue (ADD) and the Colombo Process "
    "(CP) met. Perugia is in Italy; Puebla is in Mexico. The Pan African Forum on Migration and "
    "the Global Forum on Migration and Development followed the Asia - EU Dialogue on Labour "
    "Migration."
)
ENGLISH_FOUND = [
    ("rabat-process", "Rabat Process"),
    ("bali-process", "Bali Process"),
    ("budapest-process", "Budapest Process"),
    ("abu-dhabi-dialogue", "Abu Dhabi Dialogue"),
    ("abu-dhabi-dialogue", "ADD"),
    ("colombo-process", "Colombo Process"),
    ("colombo-process", "CP"),
    ("pafom", "Pan African Forum on Migration"),
    ("gfmd", "Global Forum on Migration and Development"),
    ("asia-eu-dialogue", "Asia - EU Dialogue on Labour Migration"),
]
FRENCH = (
    "À Rabat, le Processus de Rabat a reçu le Dialogue sur la migration pour l\u2019Afrique de "
    "l\u2019Ouest (MIDWA). Mme Diallo a rappelé le Partenariat Afrique-UE sur les migrations, la "
    "mobilité et l'emploi ; le processus de budapest aussi. Le Plan de Colombo n'en est pas un. "
    "La CONFÉRENCE RÉGIONALE SUR LA MIGRATION s'est réunie à Puebla."
)
FRENCH_FOUND = [
    ("rabat-process", "Processus de Rabat"),
    ("midwa", "Dialogue sur la migration pour l\u2019Afrique de l\u2019Ouest"),
    ("midwa", "MIDWA"),
    ("africa-eu-mme", "Partenariat Afrique-UE sur les migrations, la mobilité et l'emploi"),
    ("budapest-process", "processus de budapest"),
    ("puebla-process", "CONFÉRENCE RÉGIONALE SUR LA MIGRATION"),
]
SPANISH = (
    "En Puebla se reunió la Conferencia Regional sobre Migración (CRM); el crm de la empresa no "
    "cuenta. El Proceso de Quito y la Conferencia Suramericana sobre Migraciones (CSM) siguieron; "
    "en Quito también. El Diálogo 5+5 sobre migración en el Mediterráneo Occidental y el Foro "
    "Mundial sobre Migración y Desarrollo (FMMD) cierran la lista; el Convenio de Budapest no."
)
SPANISH_FOUND = [
    ("puebla-process", "Conferencia Regional sobre Migración"),
    ("puebla-process", "CRM"),
    ("quito-process", "Proceso de Quito"),
    ("south-american-conference-on-migration", "Conferencia Suramericana sobre Migraciones"),
    ("south-american-conference-on-migration", "CSM"),
    ("five-plus-five-dialogue", "Diálogo 5+5 sobre migración en el Mediterráneo Occidental"),
    ("gfmd", "Foro Mundial sobre Migración y Desarrollo"),
    ("gfmd", "FMMD"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [(ENGLISH, ENGLISH_FOUND), (FRENCH, FRENCH_FOUND), (SPANISH, SPANISH_FOUND)],
    ids=["en", "fr", "es"],
)
def test_find_mentions_in_three_languages(text: str, expected: list[tuple[str, str]]) -> None:
    found = DATA.find_mentions(text)
    assert [(m.mechanism, m.text) for m in found] == expected
    for m in found:
        assert text[m.start : m.end] == m.text
    assert [m.start for m in found] == sorted(m.start for m in found)


def test_mentions_are_longest_first_and_do_not_overlap() -> None:
    found = DATA.find_mentions("the Puebla Process (RCM) and the Regional Ministerial Forum")
    assert [(m.mechanism, m.text) for m in found] == [
        ("puebla-process", "Puebla Process (RCM)"),
        ("rmfm", "Regional Ministerial Forum"),
    ] or [(m.mechanism, m.text) for m in found] == [("puebla-process", "Puebla Process (RCM)")]
    one = DATA.find_mentions("Regional Ministerial Forum on Migration for East and Horn of Africa")
    assert len(one) == 1
    assert one[0].end == len("Regional Ministerial Forum on Migration for East and Horn of Africa")


@pytest.mark.parametrize(
    "text",
    [
        "Rabat",
        "Bali",
        "Puebla",
        "Colombo Plan",
        "Budapest Convention",
        "add",
        "cp",
        "Mme",
        "Perugia",
        "GFMDs",
        "xGFMD",
        "",
    ],
)
def test_find_mentions_traps(text: str) -> None:
    assert DATA.find_mentions(text) == ()


def test_mentions_in_full_width_and_across_lines() -> None:
    found = DATA.find_mentions("\uff27\uff26\uff2d\uff24 and the Colombo\n   Process")
    assert [m.mechanism for m in found] == ["gfmd", "colombo-process"]


def test_mention_is_a_frozen_record() -> None:
    m = iscm.Mention(mechanism="gfmd", start=0, end=4, text="GFMD")
    assert m == iscm.Mention(mechanism="gfmd", start=0, end=4, text="GFMD")
    with pytest.raises(AttributeError):
        m.start = 1  # type: ignore[misc]


def test_the_matcher_is_built_once_across_threads() -> None:
    data = iscm.load(iscm.to_json(DATA).encode("utf-8"))
    built: list[object] = []
    original = Matcher.__init__

    def counting(self: Matcher, mechanisms: object) -> None:
        built.append(self)
        original(self, mechanisms)  # type: ignore[arg-type]

    Matcher.__init__ = counting  # type: ignore[method-assign]
    try:
        threads = [threading.Thread(target=data.find_mentions, args=("GFMD",)) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        Matcher.__init__ = original  # type: ignore[method-assign]
    assert len(built) == 1


# -- meetings, shared mechanisms ---------------------------------------------------------------


def test_find_meetings_filters_and_sorts_by_date() -> None:
    every = DATA.find_meetings()
    assert len(every) == len(DATA.meetings)
    years = [m.year for m in every]
    assert years == sorted(years)
    grcp = DATA.find_meetings("GRCP")
    assert grcp
    assert {m.mechanism for m in grcp} == {"global-iscm-meetings"}
    assert all(m.year == 2019 for m in DATA.find_meetings(year=2019))
    assert all(2010 <= m.year <= 2012 for m in DATA.find_meetings(since=2010, until=2012))
    assert {m.host for m in DATA.find_meetings(host="Egypt")} == {"EGY"}
    assert {m.host for m in DATA.find_meetings(host="IOM")} == {"iom"}


def test_shared_mechanisms_in_any_role() -> None:
    shared = DATA.shared_mechanisms("Morocco", "Sénégal")
    ids = {m.id for m in shared}
    assert "rabat-process" in ids
    for m in shared:
        taking_part = {p.state for p in m.participants if p.current}
        assert {"MAR", "SEN"} <= taking_part
    assert DATA.shared_mechanisms("MAR", "SEN") == shared


# -- readable answers ---------------------------------------------------------------------------


def test_repr_is_one_short_line() -> None:
    text = repr(DATA.get("colombo-process"))
    assert text.startswith("Mechanism(id='colombo-process', name=")
    assert "\n" not in text
    assert len(text) < 120
    assert len(repr(DATA.mechanisms)) < 120 * len(DATA.mechanisms)
    assert len(repr(DATA)) < 120
    assert DATA.get("colombo-process") == DATA.get("CP")


def test_dir_lists_only_the_public_api() -> None:
    names = dir(iscm)
    assert names == sorted(iscm.__all__)
    for hidden in ("Any", "T", "TypeVar", "TYPE_CHECKING", "annotations"):
        assert hidden not in names
    for new in ("state_code", "Mention"):
        assert new in names


# -- command line --------------------------------------------------------------------------------


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_country_by_name_with_chairs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "country", "Ethiopia")
    assert code == 0
    assert out.startswith("Ethiopia (ETH): member of")
    assert out.splitlines()[1].startswith("alpha-2 ET, numeric 231")  # the crosswalk line
    assert "chair" in out.splitlines()[2]  # the table's header
    assert "(EGY), as of 2016-06-04" in out
    code, out, _ = _run(capsys, "country", "\uff25\uff34\uff28", "--format", "json")
    assert code == 0
    assert all("chair" in row for row in json.loads(out))


def test_cli_country_ambiguous_and_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "country", "Congo")
    assert code == 1
    assert "COD" in err
    assert "COG" in err
    code, _, err = _run(capsys, "country", "Ethiopa")
    assert code == 1
    assert "ETH" in err


def test_cli_country_with(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "country", "Morocco", "--with", "Senegal")
    assert code == 0
    assert out.startswith("Morocco (MAR) and Senegal (SEN):")
    assert "rabat-process" in out
    code, out, _ = _run(capsys, "country", "MAR", "--with", "SEN", "--format", "json")
    rows = json.loads(out)
    assert {"id", "MAR", "SEN", "name"} == set(rows[0])


def test_cli_list_member_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    _, by_name, _ = _run(capsys, "list", "--member", "Éthiopie")
    _, by_code, _ = _run(capsys, "list", "--member", "ETH")
    assert by_name == by_code


def test_cli_list_never_shows_zero_for_unknown_members(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, "list", "--format", "json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows["manila-process"]["members"] is None
    assert rows["manila-process"]["members_note"] == "unknown"
    assert rows["idm"]["members"] is None
    assert rows["idm"]["members_note"] == "rule: IOM members"
    assert rows["colombo-process"]["members"] == 12
    _, out, _ = _run(capsys, "list", "--format", "csv")
    csv_rows = {line.split(",")[0]: line for line in out.splitlines()}
    assert ",unknown," in csv_rows["manila-process"]
    assert "rule: IOM members" in csv_rows["idm"]
    _, out, _ = _run(capsys, "search", "Manila")
    assert "unknown" in out.splitlines()[1]


def test_cli_show_names_organizations_and_chairs(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, "show", "AU-HoAI")
    assert "chair: Egypt (EGY), as of 2016-06-04" in out
    _, out, _ = _run(capsys, "show", "Colombo Process")
    assert "International Organization for Migration (iom)" in out
    assert "Association of Southeast Asian Nations (asean)" in out


def test_cli_mentions(
    capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "text.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    code, out, _ = _run(capsys, "mentions", str(path), "--format", "json")
    assert code == 0
    assert [(r["id"], r["text"]) for r in json.loads(out)] == ENGLISH_FOUND
    monkeypatch.setattr(sys, "stdin", io.StringIO(SPANISH))
    code, out, _ = _run(capsys, "mentions", "-", "--format", "csv")
    assert code == 0
    assert out.splitlines()[0] == "id,start,end,text"
    assert len(out.splitlines()) == len(SPANISH_FOUND) + 1
    code, _, err = _run(capsys, "mentions", str(tmp_path / "missing.txt"))
    assert code == 2
    assert "missing.txt" in err


def test_cli_meetings(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "meetings", "GRCP", "--year", "2019")
    assert code == 0
    assert "2019-04-05" in out
    code, out, _ = _run(capsys, "meetings", "--format", "json")
    assert len(json.loads(out)) == len(DATA.meetings)


def test_cli_meetings_ics_is_a_valid_calendar(capsys: pytest.CaptureFixture[str]) -> None:
    icalendar = pytest.importorskip("icalendar")
    code, out, _ = _run(capsys, "meetings", "--format", "ics")
    assert code == 0
    calendar = icalendar.Calendar.from_ical(out)
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert len(events) == sum(1 for m in DATA.meetings if m.date is not None)
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == len(uids)
    first = events[0]
    assert isinstance(first.decoded("dtstart"), datetime.date)
    assert not isinstance(first.decoded("dtstart"), datetime.datetime)
    assert first.decoded("dtend") - first.decoded("dtstart") == datetime.timedelta(days=1)
    _, again, _ = _run(capsys, "meetings", "--format", "ics")
    assert again == out  # stable: same data, same bytes


@pytest.mark.parametrize("m", DATA.mechanisms, ids=lambda m: m.id)
def test_every_name_held_is_found_in_a_sentence(m: iscm.Mechanism) -> None:
    for name in m.all_names:
        found = DATA.find_mentions(f"Delegates discussed the {name}, yesterday.")
        assert [(f.mechanism, f.text) for f in found][:1] == [(m.id, name)], name
