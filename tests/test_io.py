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


@posix_only
def test_a_fifo_is_written_to_not_replaced(tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_text_atomic(fifo, "flowchart LR\n")
    reader.join(timeout=10)
    assert got == [b"flowchart LR\n"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert os.listdir(tmp_path) == ["pipe"]


@posix_only
def test_a_device_is_written_to_not_replaced() -> None:
    assert write_bytes_atomic("/dev/null", b"weg") == Path("/dev/null")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    with pytest.raises(FileExistsError):
        write_bytes_atomic("/dev/null", b"weg", overwrite=False)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@posix_only
def test_a_symlink_stays_a_link_and_its_file_is_replaced(tmp_path: Path) -> None:
    (tmp_path / "echt").mkdir()
    real = tmp_path / "echt" / "proces.bpmn"
    real.write_bytes(b"old")
    real.chmod(0o640)
    link = tmp_path / "proces.bpmn"
    link.symlink_to(Path("echt") / "proces.bpmn")
    assert write_bytes_atomic(link, b"new") == link
    assert link.is_symlink() and os.readlink(link) == os.path.join("echt", "proces.bpmn")
    assert (real.read_bytes(), _mode(real)) == (b"new", 0o640)
    assert sorted(os.listdir(tmp_path / "echt")) == ["proces.bpmn"]


@posix_only
def test_a_dangling_symlink_gets_its_file(tmp_path: Path) -> None:
    link = tmp_path / "uit.svg"
    link.symlink_to(tmp_path / "nog-niet.svg")
    write_bytes_atomic(link, b"<svg/>")
    assert link.is_symlink() and (tmp_path / "nog-niet.svg").read_bytes() == b"<svg/>"


def test_a_folder_or_a_file_as_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "map").mkdir()
    (tmp_path / "bestand").write_bytes(b"mine")
    with pytest.raises(IsADirectoryError):
        write_bytes_atomic(tmp_path / "map", b"x")
    with pytest.raises(NotADirectoryError):
        write_bytes_atomic(tmp_path / "bestand" / "x.svg", b"x")
    assert sorted(os.listdir(tmp_path)) == ["bestand", "map"]
    assert os.listdir(tmp_path / "map") == [] and (tmp_path / "bestand").read_bytes() == b"mine"
