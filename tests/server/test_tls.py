"""TLS set-up: the private CA and certificates we make, and when the server may listen without TLS."""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from server.config import ConfigError, ListenConfig, ServerConfig, TlsConfig
from server.runner import plan_listening
from server.tls import SERVER_DAYS, check_pair, make_private_ca, read_certificate


def test_private_ca_signs_a_server_certificate_for_the_names_given(tmp_path: Path):
    """server.crt names the hosts given and is signed by ca.crt; the keys are readable by their owner only."""
    made = make_private_ca(tmp_path, ["iocwall.lang-son.local", "10.0.0.5"])
    assert made.server.names == ("iocwall.lang-son.local", "10.0.0.5")
    assert (tmp_path / "ca.key").stat().st_mode & 0o777 == 0o600
    assert made.server_key.stat().st_mode & 0o777 == 0o600
    assert made.ca_cert.stat().st_mode & 0o777 == 0o644
    assert 824 < made.server.days_left() <= SERVER_DAYS
    assert check_pair(made.server_cert, made.server_key).sha256 == made.server.sha256
    # The chain file names the CA second (tests/server/test_tls_live.py verifies it against ca.crt).
    assert made.server_cert.read_text().count("BEGIN CERTIFICATE") == 2


def test_a_second_init_keeps_the_ca(tmp_path: Path):
    """New names re-issue the server certificate from the same CA, so wall PCs keep trusting it."""
    first = make_private_ca(tmp_path, ["a.local"])
    second = make_private_ca(tmp_path, ["a.local", "b.local"])
    assert second.ca.sha256 == first.ca.sha256
    assert second.server.sha256 != first.server.sha256 and second.server.names == ("a.local", "b.local")


def test_loopback_needs_no_tls_and_other_addresses_do(tmp_path: Path):
    """Plain http on 127.0.0.1 or ::1; elsewhere TLS, or --insecure-http with a warning."""
    assert plan_listening(ServerConfig()).scheme == "http"
    assert plan_listening(ServerConfig(listen=ListenConfig(host="::1"))).scheme == "http"
    with pytest.raises(ConfigError, match=r"\[tls\] cert and key"):
        plan_listening(ServerConfig(listen=ListenConfig(host="0.0.0.0")))
    made = make_private_ca(tmp_path, ["localhost"])
    tls = TlsConfig(cert=made.server_cert, key=made.server_key)
    plan = plan_listening(ServerConfig(listen=ListenConfig(host="0.0.0.0"), tls=tls))
    assert plan.scheme == "https" and plan.certificate is not None


def test_insecure_http_warns(caplog: pytest.LogCaptureFixture):
    """--insecure-http serves plain http on the network, and says so at every start."""
    with caplog.at_level(logging.WARNING):
        plan = plan_listening(ServerConfig(listen=ListenConfig(host="0.0.0.0", insecure_http=True)))
    assert plan.scheme == "http"
    assert "anyone on the network can read tokens" in caplog.text


def test_a_certificate_about_to_expire_is_warned_about(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    """Fewer than 30 days left: a warning at start that names the file and the date."""
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=SERVER_DAYS - 10)
    made = make_private_ca(tmp_path, ["localhost"], now=long_ago)
    with caplog.at_level(logging.WARNING):
        plan_listening(ServerConfig(tls=TlsConfig(cert=made.server_cert, key=made.server_key)))
    assert "expires in 10 days" in caplog.text and str(made.server_cert) in caplog.text


def test_bad_tls_files_are_named(tmp_path: Path):
    """A missing key, a non-certificate, or a key of another certificate: the start fails naming the file."""
    made = make_private_ca(tmp_path / "one", ["localhost"])
    other = make_private_ca(tmp_path / "two", ["localhost"])
    cases = [
        (made.server_cert, tmp_path / "missing.key", "missing.key: cannot be read"),
        (made.server_key, made.server_key, "not a PEM certificate"),
        (made.server_cert, other.server_key, "do not make a usable pair"),
    ]
    for cert, key, why in cases:
        with pytest.raises(ConfigError, match=why):
            plan_listening(ServerConfig(tls=TlsConfig(cert=cert, key=key)))
    with pytest.raises(ValueError, match="both 'cert' and 'key'"):
        TlsConfig(cert=made.server_cert)


def test_the_command_line_makes_and_shows_certificates(tmp_path: Path):
    """`tls init` prints both fingerprints; `tls show` prints the names, expiry and fingerprint."""
    run = [sys.executable, "-m", "server", "tls"]
    made = subprocess.run([*run, "init", "--dir", str(tmp_path), "--host", "wall.local", "--host", "127.0.0.1"],
                          capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    server = read_certificate(tmp_path / "server.crt")
    assert server.sha256 in made.stdout and read_certificate(tmp_path / "ca.crt").sha256 in made.stdout
    shown = subprocess.run([*run, "show", str(tmp_path / "server.crt")], capture_output=True, text=True, timeout=60)
    assert "wall.local, 127.0.0.1" in shown.stdout and server.sha256 in shown.stdout
    refused = subprocess.run([sys.executable, "-m", "server", "--host", "0.0.0.0", "--port", "0",
                              "--db", f"sqlite:///{tmp_path / 'x.db'}"], capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2 and "--tls-cert" in refused.stderr
