"""Pausing the cyclic garbage collector around work that builds many small objects."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["paused_collection"]


@contextlib.contextmanager
def paused_collection() -> Iterator[None]:
    """Run the block with the cyclic garbage collector off (restored as it was).

    Loaded fiches hold many small objects and no reference cycles; while a
    catalogue is loaded or checked, the collector would only rescan them again
    and again (measured: a fifth of the time of loading, see docs/performance.md).
    Reference counting still frees everything that is dropped.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
