"""The entry-point scan is cached, and the cache follows what is installed: a distribution added to
sys.path is found, one removed is no longer loaded, one changed is read again."""
from __future__ import annotations

import importlib
import json
import shutil
import sys
from pathlib import Path

import pytest

from xxgk import entrypoints, manager

from conftest import make_distribution

FAKE = ("fake", "fake_xxgk_plugin", "1.2")


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """An empty cache folder of this test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "xxgk"


@pytest.fixture
def scans(monkeypatch) -> list[str]:
    """The groups scanned during the test."""
    done: list[str] = []
    scan = entrypoints.scan

    def counted(group: str):
        done.append(group)
        return scan(group)

    monkeypatch.setattr(entrypoints, "scan", counted)
    return done


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    """A folder of installed distributions, first on sys.path (empty to begin with)."""
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    monkeypatch.delitem(sys.modules, "fake_xxgk_plugin", raising=False)
    return folder


def test_the_second_load_reads_the_cache(cache, scans):
    first = entrypoints.installed("xxgk")
    assert len(list(cache.glob("entry-points-*.json"))) == 1
    assert entrypoints.installed("xxgk") == first
    assert scans == ["xxgk"]
    assert first == entrypoints.scan("xxgk")
    assert ("text", "xxgk.plugins.text") in [(name, value) for name, value, _ in first]


def test_the_cache_does_not_change_what_is_loaded(cache):
    scanned = manager.load()
    cached = manager.load()
    assert list(cached.info) == list(scanned.info)
    assert [(p.version, p.module, p.hooks, p.error) for p in cached.info.values()] == [
        (p.version, p.module, p.hooks, p.error) for p in scanned.info.values()]
    assert [(r.name, r.plugin) for r in cached.registry.readers] == [
        (r.name, r.plugin) for r in scanned.registry.readers]
    assert [v.name for v in cached.registry.validators] == [v.name for v in scanned.registry.validators]


def test_a_distribution_installed_after_the_cache_was_written_is_found(cache, scans, site):
    assert FAKE not in entrypoints.installed("xxgk")
    make_distribution(site, "[xxgk]\nfake = fake_xxgk_plugin\n")
    importlib.invalidate_caches()
    assert FAKE in entrypoints.installed("xxgk")
    assert manager.load().info["fake"].hooks == ["xxgk_register_readers", "xxgk_register_validators"]
    assert scans == ["xxgk", "xxgk"]


def test_a_removed_distribution_is_not_loaded(cache, scans, site):
    make_distribution(site, "[xxgk]\nfake = fake_xxgk_plugin\n")
    assert "fake" in manager.load().info
    shutil.rmtree(site / "fake_xxgk_plugin-1.2.dist-info")
    (site / "fake_xxgk_plugin.py").unlink()
    sys.modules.pop("fake_xxgk_plugin", None)
    assert "fake" not in manager.load().info
    assert FAKE not in entrypoints.installed("xxgk")
    assert scans == ["xxgk", "xxgk"]


def test_entry_points_changed_in_place_are_read_again(cache, scans, site):
    make_distribution(site, "[xxgk]\nfake = fake_xxgk_plugin\n")
    assert FAKE in entrypoints.installed("xxgk")
    (site / "fake_xxgk_plugin-1.2.dist-info" / "entry_points.txt").write_text("[xxgk]\nrenamed = fake_xxgk_plugin\n")
    assert ("renamed", "fake_xxgk_plugin", "1.2") in entrypoints.installed("xxgk")
    assert FAKE not in entrypoints.installed("xxgk")
    assert scans == ["xxgk", "xxgk"]


@pytest.mark.parametrize("content", [b"\x00\xff not json", b'{"format": 1}', b"[]", b"",
                                     b'{"format": 1, "group": "xxgk", "path": null, "stamp": [], "entry_points": 3}'])
def test_a_corrupt_cache_is_scanned_over_and_rewritten(cache, scans, content):
    expected = entrypoints.installed("xxgk")
    (written,) = cache.glob("entry-points-*.json")
    written.write_bytes(content)
    assert entrypoints.installed("xxgk") == expected
    assert json.loads(written.read_text(encoding="utf-8"))["entry_points"] == [list(ep) for ep in expected]
    assert scans == ["xxgk", "xxgk"]


def test_a_cache_of_the_wrong_types_is_not_trusted(cache, scans):
    expected = entrypoints.installed("xxgk")
    (written,) = cache.glob("entry-points-*.json")
    data = json.loads(written.read_text(encoding="utf-8"))
    data["entry_points"] = [[1, "xxgk.plugins.text", None]]
    written.write_text(json.dumps(data), encoding="utf-8")
    assert entrypoints.installed("xxgk") == expected
    assert scans == ["xxgk", "xxgk"]


def test_an_unwritable_cache_is_no_error(tmp_path, monkeypatch, scans):
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    assert entrypoints.installed("xxgk") == entrypoints.installed("xxgk") == entrypoints.scan("xxgk")
    assert scans == ["xxgk", "xxgk", "xxgk"]
    assert (tmp_path / "file").read_text() == "not a folder"


def test_without_xdg_cache_home_the_cache_is_in_the_home_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert entrypoints.cache_folder() == str(tmp_path / ".cache" / "xxgk")


def test_each_list_of_import_folders_has_its_own_file(cache, site):
    entrypoints.installed("xxgk")
    sys.path.remove(str(site))
    entrypoints.installed("xxgk")
    assert len(list(cache.glob("entry-points-*.json"))) == 2


def test_a_finder_of_distributions_elsewhere_turns_the_cache_off(cache, scans, monkeypatch):
    class Elsewhere:
        @staticmethod
        def find_spec(*args):
            return None

        @staticmethod
        def find_distributions(*args):
            return iter(())

    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, Elsewhere])
    entrypoints.installed("xxgk")
    entrypoints.installed("xxgk")
    assert scans == ["xxgk", "xxgk"]
    assert not cache.exists()


def test_the_importlib_metadata_backports_path_finder_keeps_the_cache_on(cache, scans, monkeypatch):
    """importlib_metadata (installed with Dask) puts its MetadataPathFinder on sys.meta_path when
    imported: it reads the sys.path folders the stamp covers, so the cache still holds."""
    backport = type("MetadataPathFinder", (), {"__module__": "importlib_metadata",
                                                "find_distributions": staticmethod(lambda *args: iter(())),
                                                "find_spec": staticmethod(lambda *args: None)})
    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, backport()])
    entrypoints.installed("xxgk")
    entrypoints.installed("xxgk")
    assert scans == ["xxgk"]
    assert len(list(cache.glob("entry-points-*.json"))) == 1


@pytest.mark.parametrize(("value", "expected"), [
    ("xxgk.plugins.text", "xxgk.plugins.text"),
    ("xxgk.plugins.text:xxgk_register_readers", "xxgk_register_readers"),
    ("xxgk : hookimpl [extra]", "HookimplMarker"),
])
def test_load_follows_entry_point_values(value, expected):
    loaded = entrypoints.load(value)
    assert getattr(loaded, "__name__", type(loaded).__name__) == expected


def test_load_rejects_a_malformed_value():
    with pytest.raises(ValueError, match="not an entry point"):
        entrypoints.load("no such: thing!")
