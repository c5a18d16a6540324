"""``import iscm`` stays cheap: no data read, no attrs, no cattrs, no importlib.metadata; and
reading the embedded data imports no cattrs."""

from __future__ import annotations

import subprocess
import sys

import pytest

import iscm


def _fresh(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.strip()


def test_import_reads_no_data_and_imports_no_cattrs() -> None:
    out = _fresh(
        "import sys, iscm, iscm._loading as l; "
        "print(sorted(m for m in ('attr', 'cattrs', 'importlib.metadata', 'iscm._converter', "
        "'iscm.model', 'typing') if m in sys.modules), l._embedded is None)"
    )
    assert out == "[] True"


def test_public_names_are_imported_on_first_use() -> None:
    out = _fresh(
        "import sys, iscm; from iscm import Mechanism; "
        "print(Mechanism is sys.modules['iscm.model'].Mechanism, iscm.Level.GLOBAL.value, "
        "'Dataset' in dir(iscm), 'cattrs' in sys.modules)"
    )
    assert out == "True global True False"
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        iscm.Nothing  # noqa: B018


def test_reading_the_embedded_data_imports_no_cattrs() -> None:
    out = _fresh(
        "import sys, iscm; d = iscm.load(); d.get('Colombo Process'); "
        "print(sorted(m for m in ('cattrs', 'cattrs.gen', 'iscm._converter') "
        "if m in sys.modules), type(d).__name__)"
    )
    assert out == "[] Dataset"


def test_converter_is_created_on_first_use() -> None:
    out = _fresh("import sys, iscm; iscm.converter; print('cattrs' in sys.modules)")
    assert out == "True"


def test_reading_generates_no_writing_code() -> None:
    # cattrs names the functions it generates in linecache; reading data (here, the user's bytes
    # that happen to be the embedded file) needs only the structure side, writing generates the
    # unstructure side on first use.
    probe = (
        "import linecache, iscm; {}; "
        "print(sum('cattrs generated unstructure' in k for k in linecache.cache), "
        "sum('cattrs generated structure' in k for k in linecache.cache) > 0)"
    )
    assert _fresh(probe.format("iscm.load(iscm._loading.embedded_bytes())")) == "0 True"
    written, _ = _fresh(probe.format("iscm.to_json(iscm.load())")).split()
    assert int(written) > 0


def test_all_is_complete_and_sorted() -> None:
    public = set(iscm.__all__)
    for name in public:
        assert hasattr(iscm, name), name
    assert {"load", "to_json", "from_json", "converter", "Dataset", "DataError"} <= public


def test_version_is_static() -> None:
    from iscm._version import __version__

    assert iscm.__version__ == __version__
    assert __version__.count(".") == 2


def test_citation_file_names_this_version() -> None:
    import pathlib
    import re

    citation = pathlib.Path(__file__).resolve().parents[1] / "CITATION.cff"
    if not citation.exists():
        pytest.skip("needs the source tree")
    text = citation.read_text(encoding="utf-8")
    for key in ("cff-version", "message", "title", "authors"):
        assert re.search(rf"^{key}:", text, re.MULTILINE), key
    assert re.search(rf"^version: {re.escape(iscm.__version__)}$", text, re.MULTILINE)
