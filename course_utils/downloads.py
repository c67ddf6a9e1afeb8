"""Checksummed, atomic downloads into the course's data cache."""

from __future__ import annotations

import hashlib
import os
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

CHUNK = 1 << 20


class DownloadError(RuntimeError):
    """A file could not be fetched or did not match its pinned checksum."""


def file_md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def is_valid(path: Path, md5: str) -> bool:
    """True when ``path`` exists and matches its checksum."""
    return path.is_file() and file_md5(path) == md5


def fetch(url: str, destination: Path, md5: str, timeout: float = 60.0) -> Path:
    """Return ``destination``, downloading it first unless a valid copy is cached.

    A cached file with the wrong checksum (a broken earlier download, a disk error)
    is fetched again. The download goes to a temporary file in the same folder and
    is renamed into place only once its checksum matches, so an interrupted run
    never leaves a half-written file under the real name.
    """
    destination = Path(destination)
    if is_valid(destination, md5):
        return destination
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=destination.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as src:
            for block in iter(lambda: src.read(CHUNK), b""):
                out.write(block)
        actual = file_md5(Path(temporary))
        if actual != md5:
            raise DownloadError(
                f"{url} downloaded, but its MD5 is {actual}, not the pinned {md5}. "
                "The server may have changed the file; try again later."
            )
        os.replace(temporary, destination)
    except (urllib.error.URLError, OSError, TimeoutError) as error:
        raise DownloadError(f"Could not download {url}: {error}") from error
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return destination
