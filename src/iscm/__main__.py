"""``python -m iscm``: the command line."""

from iscm.cli import main

raise SystemExit(main())
