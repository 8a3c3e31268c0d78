"""The build's disk cache: content-keyed entries, written atomically, verified on every read.

An entry is one file, ``<cache>/<kind>/<key>``: the sha256 of the payload, a newline, then
the payload. It is written to a temporary file in the same folder and renamed into place,
so a reader sees a whole entry or none; an interrupted build leaves at most a stray
temporary file. An entry whose checksum does not match (truncated, edited) is treated as
missing and made again. Keys are hashes of everything an entry depends on, so no entry is
ever served for code that would not produce it.

If the cache folder cannot be written (read-only checkout, full disk), the build goes on
without a disk cache and says so once.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
from pathlib import Path

from sitegen import project

log = logging.getLogger("mkdocs.sitegen.cache")


def digest(*parts: str | bytes) -> str:
    """A cache key: the sha256 of the parts, each length-prefixed so that no two lists collide."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(f"{len(data)}:".encode())
        h.update(data)
    return h.hexdigest()[:40]


class Cache:
    """One kind of entry (figures, math, notebooks, ...). Entries read or written in this
    process are also kept in memory, for the other language's pass of the same build."""

    _disk_broken: dict[Path, str] = {}  # cache folder -> why it cannot be written
    _memory: dict[tuple[str, str], bytes] = {}
    _reported: set[tuple[str, str]] = set()  # corrupted entries already reported

    def __init__(self, kind: str, root: Path | None = None):
        self.kind = kind
        self.root = root

    @property
    def folder(self) -> Path:
        return project.cache_root(self.root or project.ROOT) / self.kind

    def get(self, key: str) -> bytes | None:
        if (self.kind, key) in self._memory:
            return self._memory[self.kind, key]
        try:
            raw = (self.folder / key).read_bytes()
        except OSError:
            return None
        checksum, _, payload = raw.partition(b"\n")
        if hashlib.sha256(payload).hexdigest().encode() != checksum:
            # removed, so that a later reader (another language's pass, another build) finds no
            # damaged entry; the next put writes it anew. Said once, even where it cannot be removed
            with contextlib.suppress(OSError):
                (self.folder / key).unlink(missing_ok=True)
            if (self.kind, key) not in self._reported:
                self._reported.add((self.kind, key))
                log.info("cache: %s entry %s is corrupted; making it again", self.kind, key)
            return None
        self._memory[self.kind, key] = payload
        return payload

    def put(self, key: str, payload: bytes) -> None:
        if "/" in key or "\\" in key or key.startswith("."):
            raise ValueError(f"a cache key is a file name, not a path: {key!r}")
        self._memory[self.kind, key] = payload
        base = self.folder.parent
        if base in self._disk_broken:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=f".{key}.", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
                os.replace(temporary, self.folder / key)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as error:
            self._disk_broken[base] = error.strerror or str(error)
            log.info("cache: cannot write to %s (%s); building without a disk cache", base, self._disk_broken[base])

    def get_text(self, key: str) -> str | None:
        payload = self.get(key)
        return None if payload is None else payload.decode("utf-8")

    def put_text(self, key: str, text: str) -> None:
        self.put(key, text.encode("utf-8"))

    @classmethod
    def forget_memory(cls) -> None:
        """Drop the in-memory layer (a new build in the same process reads the disk again)."""
        cls._memory.clear()
        cls._disk_broken.clear()
        cls._reported.clear()
