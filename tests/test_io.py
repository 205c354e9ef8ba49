"""Atomic writes: the whole file or the old one, never a temporary file left, and the permissions a user expects."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from schillen._io import write_bytes_atomic, write_text_atomic

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


@pytest.fixture
def umask_027() -> Iterator[None]:
    old = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix_only
def test_a_new_file_gets_the_umask_mode_not_the_temporary_files(tmp_path: Path, umask_027: None) -> None:
    target = write_text_atomic(tmp_path / "sub" / "proces.svg", "<svg/>\n")
    assert target.read_bytes() == b"<svg/>\n"
    assert _mode(target) == 0o640
    assert os.listdir(tmp_path / "sub") == ["proces.svg"]


@posix_only
def test_a_replaced_file_keeps_its_mode(tmp_path: Path, umask_027: None) -> None:
    target = tmp_path / "register.json"
    target.write_bytes(b"old")
    target.chmod(0o604)
    write_bytes_atomic(target, b"new")
    assert (target.read_bytes(), _mode(target)) == (b"new", 0o604)


def test_no_overwrite_leaves_the_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "fiche.yaml"
    target.write_bytes(b"mine")
    with pytest.raises(FileExistsError):
        write_bytes_atomic(target, b"theirs", overwrite=False)
    assert target.read_bytes() == b"mine"
    assert os.listdir(tmp_path) == ["fiche.yaml"]


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    target = tmp_path / "fiche.yaml"
    target.write_bytes(b"mine")
    with pytest.raises(TypeError):
        write_bytes_atomic(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"mine"
    assert os.listdir(tmp_path) == ["fiche.yaml"]
