"""server.toml validation: defaults, strictness, and errors that name the file and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.config import ConfigError, ServerConfig, load_config


def test_no_file_gives_working_defaults():
    """With no config: loopback, port 8765, SQLite under the user data dir."""
    config = load_config(None)
    assert (config.listen.host, config.listen.port) == ("127.0.0.1", 8765)
    assert config.database_url().startswith("sqlite:///") and config.database_url().endswith("iocwall.db")


def test_full_file_is_read(tmp_path: Path):
    """Every section of a realistic file is read into typed values."""
    path = tmp_path / "server.toml"
    path.write_text("""
log_level = "debug"
[listen]
host = "0.0.0.0"
port = 9000
[storage]
url = "postgresql://ioc:pw@127.0.0.1/ioc"
[push]
coalesce_ms = 25
[[pollers]]
name = "kpi-so-tai-chinh"
kind = "metrics"
url = "http://127.0.0.1:9/kpi.json"
interval_s = 300
""", encoding="utf-8")
    config = load_config(path)
    assert config.listen.port == 9000 and config.push.coalesce_ms == 25
    assert config.database_url() == "postgresql://ioc:pw@127.0.0.1/ioc"
    assert config.pollers[0].name == "kpi-so-tai-chinh" and config.pollers[0].interval_s == 300


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[listen]\nprot = 1\n", ["listen.prot", "Extra inputs"]),
        ("[push]\ncoalesce_ms = -5\n", ["push.coalesce_ms", "greater than or equal to 0"]),
        ("[[pollers]]\nname = \"x\"\nkind = \"metrics\"\n", ["pollers.0", "exactly one of 'url' or 'path'"]),
        ("log_level = \"loud\"\n", ["log_level"]),
        ("[listen\n", ["not valid TOML"]),
        ("[images.sources.radar]\nurl = \"ftp://radar/x.png\"\n", ["images.sources.radar.url", "pattern"]),
        ("[images.sources.Radar]\nurl = \"https://radar/x.png\"\n", ["images.sources.Radar"]),
        ("[images.sources.radar]\nurl = \"https://r/x.png\"\nmax_bytes = 999999999\n",
         ["images.sources.radar.max_bytes"]),
        ("[images]\ncache_bytes = 1048576\n[images.sources.a]\nurl = \"https://a/x.png\"\nmax_bytes = 900000\n"
         "[images.sources.b]\nurl = \"https://b/x.png\"\nmax_bytes = 900000\n", ["images", "over cache_bytes"]),
    ],
)
def test_errors_name_file_and_field(tmp_path: Path, text: str, words: list[str]):
    """A wrong file is refused with its path and the offending field."""
    path = tmp_path / "server.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    message = str(error.value)
    assert message.startswith(str(path))
    for word in words:
        assert word in message


def test_missing_file_is_named(tmp_path: Path):
    """A config path that does not exist is reported as such."""
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.toml")


def test_strict_model_rejects_unknown_top_level_key():
    """Unknown keys are errors, not silently ignored typos."""
    with pytest.raises(ValueError, match="lisen"):
        ServerConfig.model_validate({"lisen": {}})


def test_forecast_interval_is_read_and_bounded(tmp_path: Path):
    """[forecast] interval_s defaults to 60 s; 0 is refused naming forecast.interval_s and the file."""
    assert load_config(None).forecast.interval_s == 60
    path = tmp_path / "server.toml"
    path.write_text("[forecast]\ninterval_s = 5\n", encoding="utf-8")
    assert load_config(path).forecast.interval_s == 5
    path.write_text("[forecast]\ninterval_s = 0\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"server\.toml.*forecast\.interval_s"):
        load_config(path)
