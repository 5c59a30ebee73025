"""Chinese word segmentation: jieba, shared by the validator's content words and the BM25 tokens.

Its dictionary ships inside the jieba package and is loaded once, lazily, on the first call
(about a second), so importing this module costs nothing.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any


@cache
def jieba() -> Any:
    """The jieba module with its dictionary loaded and its loading notice (not for users) silenced."""
    import jieba as module

    module.setLogLevel(logging.WARNING)
    module.initialize()
    return module
