"""The soak's reading of the server's output: problems counted by kind, errors and tracebacks kept whole."""

from __future__ import annotations

from benchmarks._soak_site import ERRORS_KEPT, CountingLines

WARNING = "2026-12-07 20:19:02,408 WARNING server.push.outbox: client viewer fell 5000 deltas behind; resyncing it"
TRACEBACK = [
    "2026-12-07 20:19:03,001 ERROR server.push.hub: sending a snapshot failed",
    "Traceback (most recent call last):",
    '  File "server/push/hub.py", line 10, in send',
    "    await ws.send(frame)",
    "ConnectionResetError: [Errno 104] Connection reset by peer",
    "",
    "During handling of the above exception, another exception occurred:",
    "",
    "Traceback (most recent call last):",
    '  File "server/push/hub.py", line 12, in send',
    "    raise Closed()",
    "server.push.hub.Closed: the client went away",
]


def test_an_error_and_its_traceback_behind_thousands_of_warnings_are_kept_word_for_word():
    """The first five lines are warnings; the error and its chained traceback are kept apart, whole, and the
    warning after them is a warning again."""
    lines = CountingLines()
    for _ in range(2000):
        lines.append(WARNING)
    for line in TRACEBACK:
        lines.append(line)
    lines.append(WARNING)
    assert lines.problems == {"server_log_warning": 2001, "server_log_error": 1, "server_log_traceback": 1}
    assert lines.first_problems == [WARNING] * 5
    assert lines.first_errors == [[TRACEBACK[0]], TRACEBACK[1:]]


def test_a_traceback_cut_short_by_a_log_record_ends_there_and_only_a_few_errors_are_kept():
    """A log record after a traceback's frames is counted as itself; past ERRORS_KEPT errors only counts grow."""
    lines = CountingLines()
    lines.append("Traceback (most recent call last):")
    lines.append('  File "x.py", line 1, in <module>')
    lines.append("2026-12-07 20:19:04,000 ERROR server.media: camera cam-1 failed")
    for _ in range(10):
        lines.append("2026-12-07 20:19:05,000 CRITICAL server: out of disk")
    assert lines.first_errors[0] == ["Traceback (most recent call last):", '  File "x.py", line 1, in <module>']
    assert lines.first_errors[1] == ["2026-12-07 20:19:04,000 ERROR server.media: camera cam-1 failed"]
    assert len(lines.first_errors) == ERRORS_KEPT
    assert lines.problems == {"server_log_traceback": 1, "server_log_error": 1, "server_log_critical": 10}
