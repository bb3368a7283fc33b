"""Building the C frame sink: from the current source with the system's compiler, a clear message without one."""

from __future__ import annotations

from wall_client.ui.video import build_sink


def test_the_sink_builds_and_is_then_current(capsys):
    """Built here (bootstrap.sh does the same): --check then says it is current."""
    assert build_sink.main([]) == 0
    assert "built with" in capsys.readouterr().out
    assert build_sink.main(["--check"]) == 0


def test_a_failing_compiler_leaves_the_built_library_and_says_why(monkeypatch, capsys):
    """A compiler that fails: exit 1, its name in the message, the library built before untouched."""
    assert build_sink.main([]) == 0
    before = build_sink.LIBRARY.read_bytes()
    monkeypatch.setenv("CC", "false")
    assert build_sink.main([]) == 1
    assert "false failed on framesink.c" in capsys.readouterr().err
    assert build_sink.LIBRARY.read_bytes() == before
    assert not list(build_sink.LIBRARY.parent.glob(".framesink.*")), "no temporary file left"
