"""`iocwall-server tls ...`: make a private CA and server certificate, or show what a certificate holds."""

from __future__ import annotations

import argparse
import sys

from server.tls import TlsError, host_names, make_private_ca, read_certificate


def run_tls_command(args: argparse.Namespace) -> int:
    try:
        if args.tls_command == "init":
            names = args.cert_hosts or host_names()
            made = make_private_ca(args.dir, names)
            print(f"server certificate {made.server_cert} (key {made.server_key}) for {', '.join(names)}, "
                  f"valid until {made.server.not_after:%Y-%m-%d}")
            print(f"  SHA-256 {made.server.sha256}")
            print(f"private CA {made.ca_cert} (its key stays here): copy it to every wall PC and console "
                  "(ca_file in wall.toml, IOCWALL_CA at install, --ca-file)")
            print(f"  SHA-256 {made.ca.sha256}")
            return 0
        found = read_certificate(args.file)
        print(f"subject   {found.subject}\nissuer    {found.issuer}\nnames     {', '.join(found.names) or '-'}\n"
              f"expires   {found.not_after:%Y-%m-%d %H:%M} UTC ({found.days_left():.0f} days)\n"
              f"SHA-256   {found.sha256}")
        return 0
    except (TlsError, OSError) as exc:
        print(f"iocwall-server: {exc}", file=sys.stderr)
        return 1
