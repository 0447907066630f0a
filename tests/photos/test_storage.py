import os
import re
import stat
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask

from server.photos import storage
from server.photos.storage import (
    FileSystemStore,
    MediaMissing,
    MediaStore,
    media_store,
    new_key,
)


@pytest.fixture
def store(tmp_path) -> FileSystemStore:
    return FileSystemStore(tmp_path / "media")


def test_put_open_exists_delete_round_trip(store):
    key = new_key()

    store.put(key, b"jpeg bytes")

    assert store.exists(key)
    with store.open(key) as file:
        assert file.read() == b"jpeg bytes"
    store.delete(key)
    assert not store.exists(key)


def test_the_file_lives_under_the_root_at_the_key(store):
    store.put("ab/cd/photo.jpg", b"x")

    path = store.root / "ab" / "cd" / "photo.jpg"
    assert path.read_bytes() == b"x"
    assert stat.S_IMODE(path.stat().st_mode) & 0o007 == 0  # nothing for other users


def test_put_replaces_what_was_there(store):
    store.put("a.jpg", b"old")
    store.put("a.jpg", b"new")

    with store.open("a.jpg") as file:
        assert file.read() == b"new"
    assert list(store.keys()) == ["a.jpg"]


def test_opening_a_missing_key_raises_media_missing_a_key_error(store):
    with pytest.raises(MediaMissing):
        store.open("ab/cd/missing.jpg")
    with pytest.raises(KeyError):
        store.open("ab/cd/missing.jpg")
    store.put("ab/cd/present.jpg", b"x")
    with pytest.raises(MediaMissing):
        store.open("ab/cd")  # a directory is not a stored file


def test_deleting_twice_is_fine(store):
    store.put("a.jpg", b"x")

    store.delete("a.jpg")
    store.delete("a.jpg")
    store.delete("never/was.jpg")

    assert not store.exists("a.jpg")


def test_an_interrupted_write_leaves_nothing_under_the_key(store, monkeypatch):
    store.put("ab/cd/photo.jpg", b"old")

    def power_cut(source, target):
        raise OSError("disk gone")

    monkeypatch.setattr(storage.os, "replace", power_cut)
    with pytest.raises(OSError, match="disk gone"):
        store.put("ab/cd/photo.jpg", b"new")
    with pytest.raises(OSError, match="disk gone"):
        store.put("ab/cd/other.jpg", b"new")
    monkeypatch.undo()

    with store.open("ab/cd/photo.jpg") as file:
        assert file.read() == b"old"  # the old content, whole
    assert not store.exists("ab/cd/other.jpg")
    assert list(store.keys()) == ["ab/cd/photo.jpg"]  # and no temporary file left over


def test_a_crash_mid_write_leaves_a_temporary_file_that_keys_reports(store, monkeypatch):
    """A killed process cannot clean up: its temporary file is listed, so that the orphan
    cleanup (which deletes every listed key no photo refers to) removes it."""
    store.put("ab/cd/photo.jpg", b"old")
    monkeypatch.setattr(storage.Path, "unlink", lambda self, missing_ok=False: None)
    monkeypatch.setattr(storage.os, "replace", _raise_keyboard_interrupt)
    with pytest.raises(KeyboardInterrupt):
        store.put("ab/cd/photo.jpg", b"new")
    monkeypatch.undo()

    (leftover,) = set(store.keys()) - {"ab/cd/photo.jpg"}
    assert re.fullmatch(r"ab/cd/\.tmp-[0-9a-f]{16}-photo\.jpg", leftover)
    store.delete(leftover)
    assert list(store.keys()) == ["ab/cd/photo.jpg"]


def _raise_keyboard_interrupt(source, target):
    raise KeyboardInterrupt


@pytest.mark.parametrize(
    "key",
    [
        "",
        "/etc/passwd",
        "../outside.jpg",
        "ab/../../outside.jpg",
        "ab/..",
        "..",
        ".",
        "ab/./cd.jpg",
        "ab//cd.jpg",
        "ab/cd/",
        "AB/cd.jpg",
        "ab\\cd.jpg",
        "ab/cd.jpg\x00",
        "ab/cd é.jpg",
        "ab/c d.jpg",
        "~/x.jpg",
        "a" * 201,
    ],
)
def test_keys_that_could_leave_the_root_are_refused(store, key):
    for operation in (store.open, store.exists, store.delete):
        with pytest.raises(ValueError):
            operation(key)
    with pytest.raises(ValueError):
        store.put(key, b"x")
    assert not store.root.exists() or list(store.keys()) == []


def test_new_keys_are_unique_and_fanned_out():
    keys = {new_key() for _ in range(1000)}

    assert len(keys) == 1000
    for key in keys:
        match = re.fullmatch(r"([0-9a-f]{2})/([0-9a-f]{2})/([0-9a-f]{32})\.jpg", key)
        assert match
        assert match[3].startswith(match[1] + match[2])
        assert storage.check_key(key) == key


def test_new_key_suffix():
    assert new_key(".webp").endswith(".webp")
    assert re.fullmatch(r"[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{32}", new_key(""))
    with pytest.raises(ValueError):
        new_key("/../x")


def test_keys_lists_everything_stored(store):
    assert list(store.keys()) == []  # no root yet
    written = {new_key() for _ in range(5)} | {"top.jpg"}
    for key in written:
        store.put(key, b"x")

    assert set(store.keys()) == written


def test_keys_older_than_filters_by_modification_time(store):
    now = datetime.now(UTC)
    ages = {"old.jpg": timedelta(days=3), "older.jpg": timedelta(days=30), "new.jpg": timedelta()}
    for key, age in ages.items():
        store.put(key, b"x")
        moment = (now - age).timestamp()
        os.utime(store.root / key, (moment, moment))

    assert set(store.keys(older_than=now - timedelta(days=1))) == {"old.jpg", "older.jpg"}
    assert set(store.keys(older_than=now - timedelta(days=10))) == {"older.jpg"}
    assert set(store.keys(older_than=now + timedelta(minutes=1))) == set(ages)
    assert set(store.keys()) == set(ages)


def test_keys_older_than_wants_an_aware_time(store):
    with pytest.raises(ValueError):
        list(store.keys(older_than=datetime(2025, 1, 1)))  # noqa: DTZ001


def test_files_that_are_not_keys_are_not_listed(store):
    store.put("ab/good.jpg", b"x")
    (store.root / "ab" / "Upper Case.JPG").write_bytes(b"x")

    assert list(store.keys()) == ["ab/good.jpg"]


def test_media_store_is_one_per_app_and_a_media_store(tmp_path):
    app = Flask(__name__)
    app.config["LYKTA_MEDIA_DIR"] = str(tmp_path / "media")

    store = media_store(app)

    assert isinstance(store, MediaStore)
    assert isinstance(store, FileSystemStore)
    assert store.root == tmp_path / "media"
    assert media_store(app) is store
    assert app.extensions["lykta.media"] is store
    assert not store.root.exists()  # created on the first write, not before
