"""The curated surface: ``schillen.__all__`` sorted, complete and importable."""

from __future__ import annotations

import importlib
import pkgutil

import schillen


def _isort_key(name: str) -> tuple[int, str]:
    """The order ruff (RUF022) keeps ``__all__`` in: CONSTANTS, then Classes, then functions."""
    kind = 0 if name.isupper() else 1 if name[:1].isupper() else 2
    return kind, name


def test_all_is_sorted_and_unique():
    assert schillen.__all__ == sorted(set(schillen.__all__), key=_isort_key)


def test_every_name_imports():
    for name in schillen.__all__:
        assert getattr(schillen, name) is not None, name


def test_module_all_names_exist():
    for info in pkgutil.iter_modules(schillen.__path__, "schillen."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name in getattr(module, "__all__", []):
            assert hasattr(module, name), (info.name, name)
