"""Text meant for spreadsheets: the one place that decides what a CSV cell may begin with, and
what ``--excel`` adds.

A spreadsheet program reads a cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or a
carriage return before one) as a formula, which can run commands or leak data when the file is
opened (OWASP, "CSV Injection"). Two layers keep such text out:

* ``iscm validate`` refuses a text of a dataset that begins with one of these characters (the
  rule :func:`iscm._rules.no_formula_start`; tab and carriage return are refused anywhere in a
  text, as control characters);
* every CSV writer (the command line's ``--format csv`` and the export's CSV files) passes each
  text cell through :func:`neutralise`, which puts a single quote ``'`` before such a cell, as
  OWASP advises, so that data that was never validated (a dataset built in code) is still safe.
  Numbers are never changed: a negative number stays a number.
"""

from __future__ import annotations

from typing import Final

__all__ = ["BOM", "FORMULA_START", "neutralise", "starts_like_formula"]

#: The characters a cell may not begin with: a spreadsheet reads what follows as a formula.
FORMULA_START: Final = frozenset("=+-@\t\r")

#: What ``--excel`` puts at the start of each CSV file: the UTF-8 byte order mark, by which
#: spreadsheet programs (Excel first) recognise UTF-8 rather than guess a local encoding.
BOM: Final = "\ufeff"


def starts_like_formula(text: str) -> bool:
    """Whether a spreadsheet would read ``text``, as a cell, as a formula."""
    return text[:1] in FORMULA_START


def neutralise(text: str) -> str:
    """``text`` as a CSV text cell: with a single quote before it where it begins like a formula
    (``=1+2`` -> ``'=1+2``), unchanged otherwise. For text only, never for numbers."""
    return "'" + text if starts_like_formula(text) else text
