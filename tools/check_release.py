"""Check that a release can be built and uploaded: ``python tools/check_release.py``.

Builds the sdist and, from the sdist alone, the wheel (``python -m build``, which is what a
packager or PyPI's own tooling does), runs ``twine check --strict`` on both, and then proves that
the sdist holds everything needed to rebuild the wheel: inside the unpacked sdist the data source
tree compiles to the very ``iscm.json`` the wheel ships, the generated loader is fresh, and the
wheel built from the sdist has the same files, byte for byte, as a wheel built from this checkout.

Needs the ``release`` extra (``pip install '.[release]'``) and the package index (``build`` makes
an isolated build environment). Exits 0 when every check passes, 1 with a message otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pathlib
import subprocess
import sys
import tarfile
import tempfile
import zipfile

ROOT = pathlib.Path(__file__).resolve().parents[1]

#: Files the sdist must hold besides the package: the data source tree and the generators that
#: turn it into the packaged files, so that a wheel can be rebuilt (and checked) from it.
REQUIRED_IN_SDIST = (
    "pyproject.toml",
    "README.md",
    "LICENSE",
    "CHANGELOG.md",
    "data/dataset.toml",
    "data/sources.toml",
    "tools/build_data.py",
    "tools/build_loader.py",
    "src/iscm/data/iscm.json",
    "src/iscm/py.typed",
)


def _run(*args: str | pathlib.Path, cwd: pathlib.Path = ROOT) -> None:
    print("$", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], cwd=cwd, check=True)


def wheel_members(wheel: pathlib.Path) -> dict[str, str]:
    """Each file of a wheel with the SHA-256 of its bytes (RECORD, which lists the same hashes,
    is left out)."""
    with zipfile.ZipFile(wheel) as zf:
        return {
            name: hashlib.sha256(zf.read(name)).hexdigest()
            for name in zf.namelist()
            if not name.endswith(".dist-info/RECORD")
        }


def check(out: pathlib.Path) -> list[str]:
    """Build into ``out`` and return the problems found (empty: ready to release)."""
    python = sys.executable
    _run(python, "-m", "build", "--outdir", out / "dist", ROOT)
    (sdist,) = (out / "dist").glob("*.tar.gz")
    (wheel,) = (out / "dist").glob("*.whl")
    _run(python, "-m", "twine", "check", "--strict", sdist, wheel)

    problems: list[str] = []
    with tarfile.open(sdist) as tf:
        names = tf.getnames()
        top = names[0].split("/")[0]
        tf.extractall(out / "unpacked", filter="data")
    tree = out / "unpacked" / top
    missing = [f for f in REQUIRED_IN_SDIST if not (tree / f).is_file()]
    problems += [f"the sdist lacks {f}" for f in missing]
    if not missing:
        env_path = f"{tree / 'src'}{os.pathsep}{tree}"
        for tool in ("tools/build_data.py", "tools/build_loader.py"):
            print(f"$ (in the unpacked sdist) python {tool} --check", flush=True)
            result = subprocess.run(
                [python, tool, "--check"],
                cwd=tree,
                env={**os.environ, "PYTHONPATH": env_path},
                check=False,
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                problems.append(f"in the sdist, {tool} --check failed: {result.stderr.strip()}")

    _run(python, "-m", "build", "--wheel", "--outdir", out / "from-tree", ROOT)
    (direct,) = (out / "from-tree").glob("*.whl")
    a, b = wheel_members(wheel), wheel_members(direct)
    problems += [f"only in the wheel built from the checkout: {n}" for n in sorted(b.keys() - a)]
    problems += [f"only in the wheel built from the sdist: {n}" for n in sorted(a.keys() - b)]
    changed = sorted(n for n in a.keys() & b if a[n] != b[n])
    problems += [f"differs between the two wheels: {n}" for n in changed]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", metavar="DIR", help="build into DIR and keep the files there")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(args.keep) if args.keep else pathlib.Path(tmp)
        problems = check(out)
    for problem in problems:
        print(f"check_release: {problem}", file=sys.stderr)
    if problems:
        return 1
    print("check_release: the sdist and the wheel are ready (twine check passed; the sdist "
          "rebuilds the same wheel)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
