"""Where photo files live: a small interface, and the filesystem behind it for now.

Callers get the store from `media_store(app)` and know only the MediaStore methods, so an
S3-compatible store can be chosen by configuration later without touching them. Keys are made by
the server (`new_key`), never taken from a request, and the filesystem store refuses any key that
could point outside its root.

Writes are atomic: the bytes go to a temporary file next to the final one, are flushed to disk and
then renamed over the key, so a reader sees the whole file or none. A write cut short by a crash
leaves only its temporary file, named `.tmp-<random>-<name>`; `keys()` lists those too, and as no
photo row ever refers to one, the orphan cleanup removes them with the other unreferenced files.
Pass `older_than` to `keys()` so that uploads in progress are left alone.
"""

import hashlib
import os
import re
import secrets
import uuid
from collections.abc import Iterator
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import BinaryIO, Protocol, runtime_checkable

FILE_MODE = 0o640
DIRECTORY_MODE = 0o750
MAX_KEY_LENGTH = 200  # the width of the photo table's key columns
TEMPORARY_PREFIX = ".tmp-"
KEY_PATTERN = re.compile(r"[a-z0-9._-]+(/[a-z0-9._-]+)*")
SUFFIX_PATTERN = re.compile(r"(\.[a-z0-9]+)?")


class MediaMissing(KeyError):
    """No file is stored under the key."""


@runtime_checkable
class MediaStore(Protocol):
    def put(self, key: str, data: bytes) -> None: ...

    def open(self, key: str) -> BinaryIO: ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None: ...

    def keys(self, older_than: datetime | None = None) -> Iterator[str]: ...


def new_key(suffix: str = ".jpg") -> str:
    """A fresh, unguessable key, fanned out over two directory levels: "ab/cd/abcd….jpg"."""
    if not SUFFIX_PATTERN.fullmatch(suffix):
        raise ValueError(f"not a file suffix: {suffix!r}")
    name = uuid.uuid4().hex
    return f"{name[:2]}/{name[2:4]}/{name}{suffix}"


def content_digest(data: bytes) -> str:
    """The SHA-256 of a file's bytes, hex: kept with the photo, and its strong ETag."""
    return hashlib.sha256(data).hexdigest()


def open_with_digest(store: MediaStore, key: str, digest: str | None) -> tuple[BinaryIO, str]:
    """The stored file and the SHA-256 of its bytes: the one kept when it was written, or for a
    file written before they were kept, computed as it is read."""
    file = store.open(key)
    if digest is not None:
        return file, digest
    with file:
        data = file.read()
    return BytesIO(data), content_digest(data)


def check_key(key: str) -> str:
    """The key itself when it is a safe relative path made of [a-z0-9/._-]; ValueError if not."""
    if (
        not isinstance(key, str)
        or len(key) > MAX_KEY_LENGTH
        or not KEY_PATTERN.fullmatch(key)
        or ".." in key
        or any(part == "." for part in key.split("/"))
    ):
        raise ValueError(f"not a valid media key: {key!r}")
    return key


def media_store(app) -> MediaStore:
    """The app's media store, made once per app. The place to choose another kind by config."""
    store = app.extensions.get("lykta.media")
    if store is None:
        store = app.extensions.setdefault(
            "lykta.media", FileSystemStore(app.config["LYKTA_MEDIA_DIR"])
        )
    return store


class FileSystemStore:
    """MediaStore under a root directory, created on the first write."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"FileSystemStore({str(self.root)!r})"

    def put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        self._make_directories(path.parent)
        temporary = path.with_name(f"{TEMPORARY_PREFIX}{secrets.token_hex(8)}-{path.name}")
        try:
            _write_durably(temporary, data)
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        _fsync_directory(path.parent)  # make the rename itself survive a power cut

    def open(self, key: str) -> BinaryIO:
        try:
            return self._path(key).open("rb")
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise MediaMissing(key) from None

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        path = self._path(key)
        if not path.is_dir():
            path.unlink(missing_ok=True)

    def keys(self, older_than: datetime | None = None) -> Iterator[str]:
        """Every stored key, temporary files of interrupted writes included; with older_than
        (an aware datetime), only those last modified before it."""
        if older_than is not None and older_than.utcoffset() is None:
            raise ValueError("older_than must be an aware datetime")
        cutoff = older_than.timestamp() if older_than is not None else None
        for directory, _, names in os.walk(self.root):
            for name in names:
                key = Path(directory, name).relative_to(self.root).as_posix()
                if _is_key(key) and _modified_before(Path(directory, name), cutoff):
                    yield key

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def _make_directories(self, directory: Path) -> None:
        """Create what is missing, and make each new entry durable in its parent."""
        if directory.is_dir():
            return
        self._make_directories(directory.parent)
        try:
            directory.mkdir(mode=DIRECTORY_MODE)
        except FileExistsError:  # another writer made it first
            return
        _fsync_directory(directory.parent)


def _write_durably(path: Path, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with open(descriptor, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())


def _fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _is_key(key: str) -> bool:
    try:
        check_key(key)
    except ValueError:
        return False  # not ours: left alone rather than reported for deletion
    return True


def _modified_before(path: Path, cutoff: float | None) -> bool:
    if cutoff is None:
        return True
    try:
        return path.stat().st_mtime < cutoff
    except FileNotFoundError:  # deleted while we walked
        return False
