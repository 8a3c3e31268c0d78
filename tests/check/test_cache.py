"""The disk cache: atomic writes, entries verified on read, no cache when it cannot write."""

import logging
import os
from pathlib import Path

import pytest

from sitegen.cache import Cache


@pytest.fixture(autouse=True)
def fresh(monkeypatch, tmp_path):
    monkeypatch.setenv("SITE_CACHE_DIR", str(tmp_path / "cache"))
    Cache.forget_memory()
    yield
    Cache.forget_memory()


def test_an_entry_is_read_back_from_disk_and_its_file_holds_a_checksum(tmp_path):
    Cache("figures").put("k1", b"<svg>figure</svg>")
    Cache.forget_memory()
    assert Cache("figures").get("k1") == b"<svg>figure</svg>"
    raw = (tmp_path / "cache" / "figures" / "k1").read_bytes()
    assert raw.endswith(b"\n<svg>figure</svg>") and len(raw.split(b"\n", 1)[0]) == 64


@pytest.mark.parametrize("damage", [lambda raw: raw[:-5], lambda raw: raw.replace(b"figure", b"figurE"), lambda raw: b""])
def test_a_damaged_entry_is_missing_not_served(tmp_path, caplog, damage):
    Cache("math").put("k2", b"<svg>figure</svg>")
    Cache.forget_memory()
    entry = tmp_path / "cache" / "math" / "k2"
    entry.write_bytes(damage(entry.read_bytes()))
    with caplog.at_level(logging.INFO):
        assert Cache("math").get("k2") is None
    assert "corrupted" in caplog.text


def test_a_damaged_entry_is_reported_once_and_removed_whoever_reads_it(tmp_path, caplog):
    Cache("figures").put("k6", b"<svg>figure</svg>")
    Cache.forget_memory()
    entry = tmp_path / "cache" / "figures" / "k6"
    entry.write_bytes(entry.read_bytes()[:-3])
    with caplog.at_level(logging.INFO):
        assert Cache("figures").get("k6") is None
        assert Cache("figures").get("k6") is None  # a second reader before the entry is made again
    assert caplog.text.count("is corrupted") == 1
    assert not entry.exists()  # nor does another process (a figure worker) find it damaged


def test_a_damaged_entry_that_cannot_be_removed_is_still_missing_and_said_once(tmp_path, caplog, monkeypatch):
    Cache("math").put("k7", b"<svg>formula</svg>")
    Cache.forget_memory()
    entry = tmp_path / "cache" / "math" / "k7"
    entry.write_bytes(entry.read_bytes()[:-3])

    def refuse(self, missing_ok=False):
        raise PermissionError(13, "Permission denied", str(self))
    monkeypatch.setattr(Path, "unlink", refuse)
    with caplog.at_level(logging.INFO):
        assert Cache("math").get("k7") is None
        assert Cache("math").get("k7") is None
    assert caplog.text.count("is corrupted") == 1 and entry.exists()


def test_a_write_is_atomic_an_interrupted_one_leaves_no_entry(tmp_path, monkeypatch):
    def crash(source, target):
        raise KeyboardInterrupt  # the build is stopped between writing and renaming
    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        Cache("notebooks").put("k3", b"{}" * 1000)
    folder = tmp_path / "cache" / "notebooks"
    assert list(folder.iterdir()) == []  # neither the entry nor a temporary file
    Cache.forget_memory()
    assert Cache("notebooks").get("k3") is None


def test_an_unwritable_cache_folder_means_no_disk_cache_and_one_line(tmp_path, monkeypatch, caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SITE_CACHE_DIR", str(blocker / "cache"))
    with caplog.at_level(logging.INFO):
        Cache("figures").put("k4", b"one")
        Cache("math").put("k5", b"two")
    assert Cache("figures").get("k4") == b"one"  # still served from memory in this build
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1 and str(blocker / "cache") in lines[0] and "without a disk cache" in lines[0]
