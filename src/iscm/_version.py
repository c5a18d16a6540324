"""Static version numbers: no ``importlib.metadata`` at import time.

``__version__`` is the version of the code (the ``iscm-data`` distribution); the data carries its
own version in the serialized dataset (``Dataset.version``), so a data-only release shows as such.
"""

__version__ = "0.1.0"
