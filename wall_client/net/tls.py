"""Checking the server's TLS certificate: the system's trusted CAs, plus the province's own CA if given.

Every client verifies the certificate of a wss:// or https:// server; nothing here turns that off.
A server whose certificate comes from a private CA (the one `iocwall-server tls init` makes, or the
province's) needs that CA's certificate: `--ca-file`, `ca_file` in wall.toml, or IOCWALL_CA when
installing. libVLC checks video over https itself (gnutls): wall_client/ui/video/player.py hands it
the same file.
"""

from __future__ import annotations

import ssl
from pathlib import Path

PEM_MARK = "-----BEGIN CERTIFICATE-----"


class TlsSetupError(Exception):
    """The CA file cannot be used; the message names it and says why."""


def read_ca(ca_file: Path) -> str:
    """The PEM text of `ca_file`, or a TlsSetupError naming what is wrong with it."""
    try:
        text = ca_file.read_text(encoding="ascii", errors="replace")
    except OSError as exc:
        raise TlsSetupError(f"CA file {ca_file}: cannot be read ({exc.strerror or exc})") from None
    if PEM_MARK not in text:
        # libVLC would silently ignore it (a DER file, say): refuse it here with a reason instead.
        raise TlsSetupError(f"CA file {ca_file}: not a PEM certificate (it must contain '{PEM_MARK}')")
    return text


def client_context(ca_file: Path | None = None) -> ssl.SSLContext:
    """A context that verifies the server's certificate and host name against the system CAs and `ca_file`."""
    context = ssl.create_default_context()
    if ca_file is not None:
        try:
            context.load_verify_locations(cadata=read_ca(ca_file))
        except ssl.SSLError as exc:
            raise TlsSetupError(f"CA file {ca_file}: {exc.reason or exc}") from None
    return context


def context_for(url: str, ca_file: Path | None) -> ssl.SSLContext | None:
    """The context to open `url` with: one for wss:// and https://, none for plain ws:// and http://."""
    if url.startswith(("wss://", "https://")):
        return client_context(ca_file)
    return None
