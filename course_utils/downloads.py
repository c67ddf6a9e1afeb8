"""Checksummed, atomic downloads into the course's data cache."""

from __future__ import annotations

import hashlib
import os
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from .profiles import is_set

CHUNK = 1 << 20
OFFLINE_VARIABLE = "COURSE_OFFLINE"


class DownloadError(RuntimeError):
    """A file could not be fetched or did not match its pinned checksum."""


def algorithm(checksum: str) -> str:
    """The hash a pinned checksum was made with, from its length: "MD5" or "SHA-256"."""
    names = {32: "MD5", 64: "SHA-256"}
    if len(checksum) not in names:
        raise ValueError(f"{checksum!r} is neither an MD5 (32 hex digits) nor a SHA-256 (64).")
    return names[len(checksum)]


def file_digest(path: Path, checksum: str) -> str:
    """The hex digest of ``path`` with the algorithm of ``checksum`` (MD5 or SHA-256)."""
    digest = (hashlib.md5(usedforsecurity=False) if algorithm(checksum) == "MD5"
              else hashlib.sha256())
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def is_valid(path: Path, checksum: str) -> bool:
    """True when ``path`` exists and matches its checksum."""
    return path.is_file() and file_digest(path, checksum) == checksum


def download(url: str, destination: Path, verify: Callable[[Path], None],
             timeout: float = 60.0) -> Path:
    """Download ``url`` to ``destination`` and return it.

    The download goes to a temporary file in the same folder, which ``verify(path)`` checks
    (it raises :class:`DownloadError` to refuse it) and which is renamed into place only
    then, so an interrupted or refused download never leaves a file under the real name.
    With ``$COURSE_OFFLINE`` set (CI's dry run), it is an immediate :class:`DownloadError`,
    so callers take their offline fallback without a network wait.
    """
    destination = Path(destination)
    if is_set(OFFLINE_VARIABLE):
        raise DownloadError(f"{destination.name} is not cached and ${OFFLINE_VARIABLE} forbids "
                            f"downloading it from {url}")
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=destination.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as src:
            for block in iter(lambda: src.read(CHUNK), b""):
                out.write(block)
        verify(Path(temporary))
        os.replace(temporary, destination)
    except (urllib.error.URLError, OSError, TimeoutError) as error:
        raise DownloadError(f"Could not download {url}: {error}") from error
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return destination


def fetch(url: str, destination: Path, checksum: str, timeout: float = 60.0) -> Path:
    """Return ``destination``, downloading it first (:func:`download`) unless a valid copy
    is cached.

    ``checksum`` is the file's pinned MD5 or SHA-256 (hex). A cached file with the wrong
    checksum (a broken earlier download, a disk error) is fetched again.
    """
    destination = Path(destination)
    if is_valid(destination, checksum):
        return destination

    def verify(path: Path) -> None:
        actual = file_digest(path, checksum)
        if actual != checksum:
            raise DownloadError(
                f"{url} downloaded, but its {algorithm(checksum)} is {actual}, not the "
                f"pinned {checksum}. "
                "The server may have changed the file; try again later."
            )

    return download(url, destination, verify, timeout)
