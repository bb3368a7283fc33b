"""wall.toml (wall_client/config.py): strict loading, errors naming file and field, flags overriding it."""

from __future__ import annotations

from pathlib import Path

import pytest

from wall_client.cli import apply_wall_config, build_parser
from wall_client.config import WallConfigError, load_wall_config

GOOD = """
server = "wss://wall.ioc.example:8443/ws"
wall = "phong-hop"
token_file = "wall.token"
screens = [1, 0]
log_level = "info"
"""


def _write(folder: Path, text: str, token: str | None = "secret-token\n") -> Path:
    config = folder / "wall.toml"
    config.write_text(text, encoding="utf-8")
    if token is not None:
        (folder / "wall.token").write_text(token, encoding="utf-8")
    return config


def test_a_good_file_loads_with_the_token_read_from_beside_it(tmp_path: Path):
    """Every field is read; a relative token_file is found beside wall.toml and its newline dropped."""
    config = load_wall_config(_write(tmp_path, GOOD))
    assert config.server == "wss://wall.ioc.example:8443/ws"
    assert config.wall == "phong-hop"
    assert config.token == "secret-token"
    assert config.token_file == tmp_path / "wall.token"
    assert config.screens == [1, 0]
    assert config.log_level == "info"


def test_defaults_and_an_inline_token(tmp_path: Path):
    """Only `server` and a token are needed: wall main, all screens, warnings only."""
    config = load_wall_config(_write(tmp_path, 'server = "ws://10.0.0.5:8765/ws"\ntoken = "abc"\n', token=None))
    assert (config.wall, config.token, config.token_file, config.screens, config.log_level) == (
        "main", "abc", None, None, "warning")


@pytest.mark.parametrize(("text", "field"), [
    ('server = "http://10.0.0.5:8765/ws"\ntoken = "a"', "server"),
    ('token = "a"', "server"),
    ('server = "ws://h/ws"\ntoken = "a"\nwall = "Phòng họp"', "wall"),
    ('server = "ws://h/ws"\ntoken = "a"\nscreens = [-1]', "screens.0"),
    ('server = "ws://h/ws"\ntoken = "a"\nscreens = []', "screens"),
    ('server = "ws://h/ws"\ntoken = "a"\nlog_level = "loud"', "log_level"),
    ('server = "ws://h/ws"\ntoken = "a"\nlang = "fr"', "lang"),
    ('server = "ws://h/ws"\ntoken = "a"\ntokne_file = "x"', "tokne_file"),
    ('server = "ws://h/ws"', "token_file"),
    ('server = "ws://h/ws"\ntoken = "a"\ntoken_file = "wall.token"', "token_file"),
])
def test_each_invalid_value_is_named_with_the_file(tmp_path: Path, text: str, field: str):
    """A validation error says which file and which field, as `path: field: why`."""
    path = _write(tmp_path, text)
    with pytest.raises(WallConfigError) as caught:
        load_wall_config(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert f" {field}: " in str(caught.value)


def test_a_missing_file_and_bad_toml_name_the_file(tmp_path: Path):
    """No file, or a file that is not TOML: the message starts with its path."""
    with pytest.raises(WallConfigError, match="file not found") as caught:
        load_wall_config(tmp_path / "nowhere.toml")
    assert str(tmp_path / "nowhere.toml") in str(caught.value)
    path = _write(tmp_path, 'server = "ws://h/ws\n')
    with pytest.raises(WallConfigError, match="not valid TOML") as caught:
        load_wall_config(path)
    assert str(caught.value).startswith(str(path))


@pytest.mark.parametrize(("token", "says"), [
    (None, "file not found"),
    ("", "the file is empty"),
    ("  \n", "the file is empty"),
    ("two words", "does not hold one token"),
])
def test_an_unusable_token_file_names_its_path_and_the_config(tmp_path: Path, token: str | None, says: str):
    """Missing, empty or garbled: the message names the token file, the config and who must read it."""
    path = _write(tmp_path, 'server = "ws://h/ws"\ntoken_file = "wall.token"\n', token=token)
    with pytest.raises(WallConfigError) as caught:
        load_wall_config(path)
    message = str(caught.value)
    assert f"token_file {tmp_path / 'wall.token'} (named in {path})" in message
    assert says in message
    if token is None:
        assert "readable by the user running the wall" in message


def test_command_line_flags_override_the_file(tmp_path: Path):
    """`iocwall wall --config F --wall other --screens 2`: flags win, the rest comes from the file."""
    path = _write(tmp_path, GOOD)
    parser = build_parser()
    args = parser.parse_args(["wall", "--config", str(path), "--wall", "other", "--screens", "2"])
    level = apply_wall_config(parser, args)
    assert (args.server, args.token, args.wall, args.screens) == (
        "wss://wall.ioc.example:8443/ws", "secret-token", "other", [2])
    assert level == 20  # log_level = "info"
    args = parser.parse_args(["screenshot", "--config", str(path), "--token", "flag-token", "--out", "shots"])
    apply_wall_config(parser, args)
    assert (args.token, args.wall) == ("flag-token", "phong-hop")


def test_the_language_comes_from_the_file_unless_lang_is_given(tmp_path: Path):
    """`lang = "en"` in wall.toml makes an English wall; `--lang vi` wins; neither leaves it to the OS locale."""
    path = _write(tmp_path, GOOD + 'lang = "en"\n')
    parser = build_parser()
    args = parser.parse_args(["wall", "--config", str(path)])
    apply_wall_config(parser, args)
    assert args.lang == "en"
    args = parser.parse_args(["wall", "--config", str(path), "--lang", "vi"])
    apply_wall_config(parser, args)
    assert args.lang == "vi"
    args = parser.parse_args(["wall", "--config", str(_write(tmp_path, GOOD))])
    apply_wall_config(parser, args)
    assert args.lang is None


def test_flags_alone_still_work_and_neither_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """Without --config the old flags and defaults apply; with neither --config nor --token: exit 2, said why."""
    parser = build_parser()
    args = parser.parse_args(["wall", "--token", "t"])
    apply_wall_config(parser, args)
    assert (args.server, args.wall, args.screens) == ("ws://127.0.0.1:8765/ws", "main", None)
    with pytest.raises(SystemExit) as caught:
        apply_wall_config(parser, parser.parse_args(["wall"]))
    assert caught.value.code == 2
    assert "give --config FILE" in capsys.readouterr().err


def test_a_broken_config_on_the_command_line_exits_2_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """`iocwall wall --config broken.toml` prints the file and field and exits 2 before starting Qt."""
    path = _write(tmp_path, 'server = "ftp://h"\ntoken = "a"\n')
    parser = build_parser()
    with pytest.raises(SystemExit) as caught:
        apply_wall_config(parser, parser.parse_args(["wall", "--config", str(path)]))
    assert caught.value.code == 2
    assert f"{path}: server: " in capsys.readouterr().err
