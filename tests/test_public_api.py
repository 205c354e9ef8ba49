"""The curated surface: ``schillen.__all__`` sorted, complete and importable."""

from __future__ import annotations

import importlib
import pkgutil

import schillen


def test_all_is_sorted_and_unique():
    assert schillen.__all__ == sorted(set(schillen.__all__))


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
