"""`iocwall console`: who the console acts as is --user (a person, asked for a password) or --token, exactly one."""

from __future__ import annotations

from typing import Any

import pytest

from wall_client import cli, launch
from wall_client.cli import build_parser


def test_console_takes_a_user_or_a_token():
    """--user NAME leaves the token unset (the login gives one); --token alone leaves the user unset."""
    parser = build_parser()
    by_name = parser.parse_args(["console", "--user", "an.nv"])
    assert (by_name.user, by_name.token) == ("an.nv", None)
    by_token = parser.parse_args(["console", "--token", "t"])
    assert (by_token.user, by_token.token) == (None, "t")


@pytest.mark.parametrize(("argv", "said"), [
    (["console", "--user", "an.nv", "--token", "t"], "argument --token: not allowed with argument --user"),
    (["console"], "one of the arguments --user --token is required"),
])
def test_console_refuses_both_or_neither(argv: list[str], said: str, capsys: pytest.CaptureFixture[str]):
    """Both or neither of --user and --token: exit 2 with argparse's reason, before anything starts."""
    with pytest.raises(SystemExit) as caught:
        build_parser().parse_args(argv)
    assert caught.value.code == 2
    assert said in capsys.readouterr().err


def test_the_user_reaches_the_console_and_a_cancelled_login_exits_1(monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]):
    """`iocwall console --user NAME` runs the console with that user; a cancelled login ends with code 1, said why."""
    from wall_client.net.login import LoginCancelled
    from wall_client.ui.console import app

    given: list[Any] = []

    def cancelled(options: Any) -> int:
        given.append(options)
        raise LoginCancelled()

    monkeypatch.setattr(app, "run_console", cancelled)
    monkeypatch.setattr(launch, "_exit_now", given.append)  # the exit code, instead of leaving the process
    cli.main(["console", "--server", "ws://127.0.0.1:9/ws", "--user", "an.nv"])
    assert (given[0].user, given[0].token, given[1]) == ("an.nv", None, 1)
    assert "not logged in" in capsys.readouterr().err
