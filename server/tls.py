"""TLS certificates for the one port: checking the ones given, and making a private CA when none is.

A province either gives a certificate (public or from its own CA) or lets the installer make one.
We make a small private CA and a server certificate signed by it rather than a lone self-signed
certificate: wall PCs trust the CA once, and the server certificate can be renewed (new names,
expiry) without touching any wall PC. The CA's key stays on the server, readable by root only.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import socket
import ssl
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_DAYS = 3650
SERVER_DAYS = 825
"""The longest lifetime clients such as browsers accept for a server certificate."""
EXPIRY_WARNING_DAYS = 30


class TlsError(Exception):
    """A certificate or key cannot be used; the message names the file and says why."""


@dataclass(frozen=True)
class CertificateFacts:
    subject: str
    issuer: str
    names: tuple[str, ...]
    not_after: dt.datetime
    sha256: str
    """Colon-separated upper-case hex, as browsers and `openssl x509 -fingerprint -sha256` show it."""

    def days_left(self, now: dt.datetime | None = None) -> float:
        return (self.not_after - (now or dt.datetime.now(dt.UTC))).total_seconds() / 86400


def fingerprint(der: bytes) -> str:
    digest = hashes.Hash(hashes.SHA256())
    digest.update(der)
    return ":".join(f"{b:02X}" for b in digest.finalize())


def facts(certificate: x509.Certificate) -> CertificateFacts:
    try:
        alt = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        names = tuple(str(n.value) for n in alt)
    except x509.ExtensionNotFound:
        names = ()
    return CertificateFacts(
        subject=certificate.subject.rfc4514_string(), issuer=certificate.issuer.rfc4514_string(), names=names,
        not_after=certificate.not_valid_after_utc,
        sha256=fingerprint(certificate.public_bytes(serialization.Encoding.DER)))


def read_certificate(path: Path) -> CertificateFacts:
    """The first certificate of a PEM file (the server's own, in a chain file)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TlsError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    try:
        return facts(x509.load_pem_x509_certificates(data)[0])
    except ValueError as exc:
        raise TlsError(f"{path}: not a PEM certificate: {exc}") from None


def check_pair(cert: Path, key: Path) -> CertificateFacts:
    """Load the certificate and key as the server will; errors name the file and what is wrong."""
    found = read_certificate(cert)
    try:
        key.read_bytes()
    except OSError as exc:
        raise TlsError(f"{key}: cannot be read: {exc.strerror or exc}") from None
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        context.load_cert_chain(cert, key)
    except ssl.SSLError as exc:
        raise TlsError(f"{cert} and {key} do not make a usable pair: {exc.reason or exc}") from None
    return found


def host_names() -> list[str]:
    """The names clients may use for this machine: its host name, FQDN, localhost and loopback addresses."""
    names = [socket.gethostname(), socket.getfqdn(), "localhost", "127.0.0.1", "::1"]
    return list(dict.fromkeys(n for n in names if n))


def _general_name(name: str) -> x509.GeneralName:
    try:
        return x509.IPAddress(ipaddress.ip_address(name))
    except ValueError:
        return x509.DNSName(name)


def _write_private(path: Path, data: bytes) -> None:
    """Write a key readable by its owner only, never visible half-written or with a wider mode."""
    temporary = path.with_name(path.name + ".new")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(data)
    os.replace(temporary, path)


def _write_public(path: Path, data: bytes) -> None:
    temporary = path.with_name(path.name + ".new")
    temporary.write_bytes(data)
    temporary.chmod(0o644)
    os.replace(temporary, path)


@dataclass(frozen=True)
class MadeCertificates:
    ca_cert: Path
    server_cert: Path
    server_key: Path
    ca: CertificateFacts
    server: CertificateFacts


def make_private_ca(folder: Path, names: list[str], *, organisation: str = "IOC Wall",
                    now: dt.datetime | None = None) -> MadeCertificates:
    """ca.crt/ca.key (the private CA) and server.crt/server.key (for `names`) in `folder`.

    An existing CA in the folder is reused, so that re-running for new names keeps wall PCs' trust.
    """
    if not names:
        raise TlsError("give at least one host name or address for the certificate")
    now = now or dt.datetime.now(dt.UTC)
    folder.mkdir(parents=True, exist_ok=True)
    ca_cert_path, ca_key_path = folder / "ca.crt", folder / "ca.key"
    if ca_cert_path.exists() and ca_key_path.exists():
        ca_cert = x509.load_pem_x509_certificate(ca_cert_path.read_bytes())
        loaded = serialization.load_pem_private_key(ca_key_path.read_bytes(), password=None)
        if not isinstance(loaded, ec.EllipticCurvePrivateKey):
            raise TlsError(f"{ca_key_path}: not the EC key this tool makes")
        ca_key = loaded
    else:
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca_name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                             x509.NameAttribute(NameOID.COMMON_NAME, f"{organisation} CA ({socket.gethostname()})")])
        ca_cert = (
            x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=CA_DAYS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                         content_commitment=False, key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, encipher_only=False, decipher_only=False),
                           critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256())
        )
        _write_private(ca_key_path, ca_key.private_bytes(serialization.Encoding.PEM,
                                                         serialization.PrivateFormat.PKCS8,
                                                         serialization.NoEncryption()))
        _write_public(ca_cert_path, ca_cert.public_bytes(serialization.Encoding.PEM))
    server_key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                         x509.NameAttribute(NameOID.COMMON_NAME, names[0][:64])])
    server_cert = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(ca_cert.subject)
        .public_key(server_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=SERVER_DAYS))
        .add_extension(x509.SubjectAlternativeName([_general_name(n) for n in names]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    server_cert_path, server_key_path = folder / "server.crt", folder / "server.key"
    _write_private(server_key_path, server_key.private_bytes(serialization.Encoding.PEM,
                                                             serialization.PrivateFormat.PKCS8,
                                                             serialization.NoEncryption()))
    # The chain file: the server's certificate, then the CA's (clients that know only the CA can build it).
    _write_public(server_cert_path, server_cert.public_bytes(serialization.Encoding.PEM)
                  + ca_cert.public_bytes(serialization.Encoding.PEM))
    return MadeCertificates(ca_cert_path, server_cert_path, server_key_path, facts(ca_cert), facts(server_cert))
