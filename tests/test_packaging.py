"""The built wheel: its contents, an install into a fresh virtual environment, a zip import."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import sysconfig
import venv
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
QUERY = (
    "import iscm, sys; d = iscm.load(); "
    "print(iscm.__file__); print(d.get('Colombo Process').id); print(len(d.mechanisms))"
)

pytestmark = [
    pytest.mark.skipif(
        not (ROOT / "pyproject.toml").exists(), reason="needs the source tree to build the wheel"
    ),
    pytest.mark.slow,
]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        check=True,
        cwd=out,
    )  # fmt: skip
    (found,) = out.glob("iscm_data-*.whl")
    return found


def test_wheel_holds_code_data_and_type_marker(wheel: pathlib.Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "iscm/__init__.py",
        "iscm/py.typed",
        "iscm/data/iscm.json",
        "iscm/data/schema.json",
    ):
        assert required in names
    assert not any(n.startswith("tests/") for n in names)
    embedded = (ROOT / "src/iscm/data/iscm.json").read_bytes()
    assert zipfile.ZipFile(wheel).read("iscm/data/iscm.json") == embedded


def _deps_path() -> str:
    """The site-packages holding attrs and cattrs, for the fresh environment to borrow."""
    return sysconfig.get_paths()["purelib"]


def test_installed_wheel_runs_a_query_in_a_fresh_venv(
    wheel: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
    )
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    # Dependencies come from this interpreter; the venv's own site-packages (the wheel) win.
    (pathlib.Path(purelib) / "_deps.pth").write_text(_deps_path() + "\n")
    clean_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run(
        [str(python), "-c", QUERY], check=True, capture_output=True, text=True, cwd=tmp_path,
        env=clean_env,
    )  # fmt: skip
    where, key, _count = proc.stdout.splitlines()
    assert where.startswith(str(env_dir))
    assert key == "colombo-process"
    console = env_dir / "bin" / "iscm"
    if console.exists():
        shown = subprocess.run(
            [str(console), "show", "MIDSA"], check=True, capture_output=True, text=True
        )
        assert "Migration Dialogue for Southern Africa" in shown.stdout


def test_imports_and_loads_from_a_zip(wheel: pathlib.Path, tmp_path: pathlib.Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(wheel)}
    proc = subprocess.run(
        [sys.executable, "-c", QUERY], check=True, capture_output=True, text=True, cwd=tmp_path,
        env=env,
    )  # fmt: skip
    where, key, _count = proc.stdout.splitlines()
    assert ".whl" in where
    assert key == "colombo-process"


def test_the_importlib_resources_fallback_reads_the_data_from_a_zip(
    wheel: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    # Without a path for the loader's get_data, the stdlib importlib.resources reads the file
    # (Python 3.11 included: the importlib_resources backport is no longer needed).
    code = (
        "import iscm, iscm._loading as l; direct = l.embedded_bytes(); "
        "iscm.__spec__.origin = None; print(l.embedded_bytes() == direct, len(direct) > 0)"
    )
    env = {**os.environ, "PYTHONPATH": str(wheel)}
    proc = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=tmp_path,
        env=env,
    )  # fmt: skip
    assert proc.stdout.split() == ["True", "True"]


def test_the_sdist_rebuilds_the_same_wheel(wheel: pathlib.Path, tmp_path: pathlib.Path) -> None:
    """What ``tools/check_release.py`` checks in CI with ``python -m build``, here without
    network: the sdist holds the data source tree and the generators, they reproduce the packaged
    files inside it, and the wheel built from it has the same files as the one built from the
    checkout."""
    import tarfile

    from tools.check_release import REQUIRED_IN_SDIST, wheel_members

    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", str(tmp_path)],
        check=True, cwd=ROOT, capture_output=True,
    )  # fmt: skip
    (sdist,) = tmp_path.glob("iscm_data-*.tar.gz")
    with tarfile.open(sdist) as tf:
        tf.extractall(tmp_path / "unpacked", filter="data")
    (tree,) = (tmp_path / "unpacked").iterdir()
    assert [f for f in REQUIRED_IN_SDIST if not (tree / f).is_file()] == []
    env = {**os.environ, "PYTHONPATH": f"{tree / 'src'}{os.pathsep}{tree}"}
    for tool in ("tools/build_data.py", "tools/build_loader.py"):
        subprocess.run([sys.executable, tool, "--check"], cwd=tree, env=env, check=True)
    rebuilt = tmp_path / "rebuilt"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(rebuilt), str(tree)],
        check=True, cwd=tmp_path,
    )  # fmt: skip
    (again,) = rebuilt.glob("iscm_data-*.whl")
    assert wheel_members(again) == wheel_members(wheel)
