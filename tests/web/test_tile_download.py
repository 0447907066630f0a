"""How many map tiles the app may keep offline for a walk (/config.json's tile_download_max,
pwa/js/offline-map.js): LYKTA_TILE_DOWNLOAD_MAX_TILES, and never from OpenStreetMap's own
servers, whose tile usage policy forbids bulk downloading."""

import pytest

from server import create_app

OWN_TILES = "https://tiles.example.se/{z}/{x}/{y}.png"


def config_json(**config) -> dict:
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x", **config})
    response = app.test_client().get("/config.json")
    assert response.status_code == 200
    return response.json


def test_a_walks_map_may_be_kept_from_the_municipalitys_own_tile_server():
    assert config_json(LYKTA_TILE_URL=OWN_TILES)["tile_download_max"] == 1500


def test_the_cap_is_a_setting_and_zero_turns_the_download_off():
    limited = config_json(LYKTA_TILE_URL=OWN_TILES, LYKTA_TILE_DOWNLOAD_MAX_TILES=300)
    assert limited["tile_download_max"] == 300
    off = config_json(LYKTA_TILE_URL=OWN_TILES, LYKTA_TILE_DOWNLOAD_MAX_TILES=0)
    assert off["tile_download_max"] == 0


@pytest.mark.parametrize(
    "tile_url",
    [
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png",
    ],
)
def test_never_from_openstreetmaps_own_servers(tile_url):
    answer = config_json(LYKTA_TILE_URL=tile_url, LYKTA_TILE_DOWNLOAD_MAX_TILES=1500)
    assert answer["tile_download_max"] == 0


def test_a_cap_that_is_not_a_whole_number_stops_the_start(monkeypatch):
    monkeypatch.setenv("LYKTA_TILE_DOWNLOAD_MAX_TILES", "lots")
    with pytest.raises(ValueError, match="LYKTA_TILE_DOWNLOAD_MAX_TILES"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
