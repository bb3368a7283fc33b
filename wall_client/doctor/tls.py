"""`iocwall doctor`'s certificate check: is the server's TLS certificate trusted here, for this name, and for how long.

It opens one TLS connection exactly as the wall will (system CAs plus ca_file, host name checked).
When that fails it opens a second one without checking, only to show the certificate's SHA-256
fingerprint, which the admin compares with the one the server printed at start-up.
"""

from __future__ import annotations

import hashlib
import socket
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from wall_client.net.tls import TlsSetupError, client_context

EXPIRY_WARNING_DAYS = 30
CA_HINT = ("give the server's CA certificate (its /etc/iocwall/tls/ca.crt, or the province's CA): ca_file in "
           "wall.toml, --ca-file, or IOCWALL_CA when installing (docs/security.md)")


@dataclass(frozen=True)
class SeenCertificate:
    trusted: bool
    error: str = ""
    sha256: str = ""
    subject: str = ""
    issuer: str = ""
    names: tuple[str, ...] = ()
    not_after: datetime | None = None


def _fingerprint(der: bytes | None) -> str:
    return ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest()) if der else ""


def _name(parts: tuple[tuple[tuple[str, str], ...], ...]) -> str:
    return ", ".join(f"{key}={value}" for rdn in parts for key, value in rdn)


def probe_certificate(server: str, ca_file: Path | None, timeout_s: float = 5.0) -> SeenCertificate:
    """Connect to the server of a wss:// URL and report what its certificate says and whether it is trusted."""
    parts = urlsplit(server)
    host, port = parts.hostname or "", parts.port or 443
    context = client_context(ca_file)
    try:
        with socket.create_connection((host, port), timeout=timeout_s) as raw, \
                context.wrap_socket(raw, server_hostname=host) as tls:
            seen: dict[str, Any] = dict(tls.getpeercert() or {})
            der = tls.getpeercert(binary_form=True)
    except ssl.SSLCertVerificationError as exc:
        fingerprint = _unchecked_fingerprint(host, port, timeout_s)
        return SeenCertificate(False, error=exc.verify_message or str(exc), sha256=fingerprint)
    names = tuple(value for kind, value in seen.get("subjectAltName", ()) if kind in ("DNS", "IP Address"))
    expires = seen.get("notAfter")
    not_after = (datetime.fromtimestamp(ssl.cert_time_to_seconds(expires), UTC)
                 if isinstance(expires, str) else None)
    return SeenCertificate(True, sha256=_fingerprint(der), subject=_name(seen.get("subject", ())),
                           issuer=_name(seen.get("issuer", ())), names=names, not_after=not_after)


def _unchecked_fingerprint(host: str, port: int, timeout_s: float) -> str:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # only to read the fingerprint for the report; nothing is sent
    try:
        with socket.create_connection((host, port), timeout=timeout_s) as raw, \
                context.wrap_socket(raw, server_hostname=host) as tls:
            return _fingerprint(tls.getpeercert(binary_form=True))
    except OSError:
        return ""


def describe(server: str, ca_file: Path | None, now: datetime | None = None,
             timeout_s: float = 5.0) -> tuple[str, str, str]:
    """(status, detail, hint) for the doctor's report: OK, WARN (expires soon, plain ws), FAIL or SKIP."""
    parts = urlsplit(server)
    if parts.scheme != "wss":
        if parts.hostname in ("127.0.0.1", "::1", "localhost"):
            return "SKIP", "plain ws:// on this machine: no certificate to check", ""
        return ("WARN", f"plain ws:// to {parts.hostname}: tokens and stream URLs cross the network in clear text",
                "use wss://HOST:8765/ws once the server has TLS (docs/security.md)")
    try:
        seen = probe_certificate(server, ca_file, timeout_s)
    except TlsSetupError as exc:
        return "FAIL", str(exc), "point ca_file at the PEM file of the server's CA"
    except OSError as exc:
        return "SKIP", f"cannot connect to check it ({exc})", ""
    trust = f" (CA file {ca_file})" if ca_file else " (system CAs only)"
    if not seen.trusted:
        if "expired" in seen.error:
            hint = "renew the server's certificate (iocwall-server tls init) and restart the server"
        elif "issuer" in seen.error or "self-signed" in seen.error:
            hint = CA_HINT
        else:
            hint = (f"the certificate does not name '{parts.hostname}': connect with a name it has, or re-issue it "
                    "(iocwall-server tls init --host NAME)")
        return "FAIL", f"not trusted{trust}: {seen.error}; the server's certificate is SHA-256 {seen.sha256}", hint
    assert seen.not_after is not None
    days = (seen.not_after - (now or datetime.now(UTC))).total_seconds() / 86400
    detail = (f"trusted{trust}: {seen.subject}, issued by {seen.issuer}, names {', '.join(seen.names) or '-'}, "
              f"expires {seen.not_after:%Y-%m-%d} ({days:.0f} days), SHA-256 {seen.sha256}")
    if days < EXPIRY_WARNING_DAYS:
        return "WARN", detail, "renew the server's certificate before it expires (iocwall-server tls init)"
    return "OK", detail, ""
