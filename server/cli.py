"""`iocwall-server`: run the server, manage API tokens and people's accounts, make TLS certificates.

    iocwall-server [--config server.toml] [--host H] [--port P] [--db URL] [--demo]
                   [--tls-cert FILE --tls-key FILE | --insecure-http]
    iocwall-server token create --name NAME --role ROLE
    iocwall-server token list
    iocwall-server token revoke NAME
    iocwall-server user create NAME --role ROLE [--display-name TEXT] [--password-stdin]
    iocwall-server user list | passwd NAME | disable NAME | enable NAME | unlock NAME
    iocwall-server tls init --dir DIR [--host NAME ...]      (a private CA and a server certificate)
    iocwall-server tls show FILE                              (names, expiry, SHA-256 fingerprint)
    iocwall-server --version
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from pydantic import ValidationError

from server import __version__
from server.config import ConfigError, ListenConfig, ServerConfig, TlsConfig, load_config
from server.redact import install_log_filter, remember
from wall_protocol.common import Role
from wall_protocol.errors import ProtocolError


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="server.toml (default: built-in defaults)")
    parser.add_argument("--db", help="database URL (overrides storage.url): sqlite:///path or postgresql://...")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="iocwall-server", description="IOC Wall aggregation server")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _common(parser)
    parser.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port (default 8765; 0 picks a free one)")
    parser.add_argument("--demo", action="store_true", help="simulate the demo province")
    parser.add_argument("--demo-token-file", type=Path,
                        help="with --demo: create an admin token 'demo-admin' and write it to this file, and the "
                        "leader account 'lanh-dao' with its password to demo-login.txt beside it")
    parser.add_argument("--tls-cert", type=Path, help="PEM certificate chain for https/wss (overrides [tls] cert)")
    parser.add_argument("--tls-key", type=Path, help="PEM private key for --tls-cert (overrides [tls] key)")
    parser.add_argument("--insecure-http", action="store_true",
                        help="allow plain http/ws on an address other than loopback (a warning at every start)")
    commands = parser.add_subparsers(dest="command")
    token = commands.add_parser("token", help="create, list or revoke API tokens")
    token_commands = token.add_subparsers(dest="token_command", required=True)
    create = token_commands.add_parser("create", help="create a token and print it (once)")
    create.add_argument("--name", required=True)
    create.add_argument("--role", required=True, choices=[r.value for r in Role])
    _common(create)
    listing = token_commands.add_parser("list", help="list tokens (never their secrets)")
    _common(listing)
    revoke = token_commands.add_parser("revoke", help="revoke a token by name")
    revoke.add_argument("name")
    _common(revoke)
    _user_parser(commands)
    tls = commands.add_parser("tls", help="make or inspect TLS certificates")
    tls_commands = tls.add_subparsers(dest="tls_command", required=True)
    init = tls_commands.add_parser("init", help="make a private CA (kept) and a server certificate in DIR")
    init.add_argument("--dir", type=Path, required=True, help="folder for ca.crt, ca.key, server.crt, server.key")
    init.add_argument("--host", dest="cert_hosts", action="append", default=[],
                      help="a name or address clients use for this server (repeat; default: this machine's names)")
    show = tls_commands.add_parser("show", help="print a certificate's names, expiry and SHA-256 fingerprint")
    show.add_argument("file", type=Path)
    return parser


def _user_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    user = commands.add_parser("user", help="create, list or change people's accounts")
    user_commands = user.add_subparsers(dest="user_command", required=True)
    create = user_commands.add_parser("create", help="create an account (asks for its password)")
    create.add_argument("name", help="the login: lower-case letters, digits, '.', '_', '-'")
    create.add_argument("--role", required=True, choices=[Role.VIEWER.value, Role.OPERATOR.value, Role.ADMIN.value])
    create.add_argument("--display-name", default="", help="the name shown, e.g. 'Nguyễn Văn An'")
    create.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    listing = user_commands.add_parser("list", help="list accounts")
    passwd = user_commands.add_parser("passwd", help="set an account's password (ends its sessions)")
    passwd.add_argument("name")
    passwd.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    parsers = [create, listing, passwd]
    for verb, text in (("disable", "disable an account (ends its sessions)"), ("enable", "enable an account again"),
                       ("unlock", "lift a lock-out after wrong passwords")):
        command = user_commands.add_parser(verb, help=text)
        command.add_argument("name")
        parsers.append(command)
    for parser in parsers:
        _common(parser)


def resolve_config(args: argparse.Namespace) -> ServerConfig:
    config = load_config(args.config)
    updates: dict[str, object] = {}
    if getattr(args, "db", None):
        updates["storage"] = config.storage.model_copy(update={"url": args.db})
    if getattr(args, "host", None) is not None or getattr(args, "port", None) is not None:
        updates["listen"] = ListenConfig(
            host=args.host if args.host is not None else config.listen.host,
            port=args.port if args.port is not None else config.listen.port,
        )
    if getattr(args, "demo", False):
        updates["demo"] = config.demo.model_copy(update={"enabled": True})
    if getattr(args, "insecure_http", False):
        listen = updates.get("listen", config.listen)
        assert isinstance(listen, ListenConfig)
        updates["listen"] = listen.model_copy(update={"insecure_http": True})
    if getattr(args, "tls_cert", None) is not None or getattr(args, "tls_key", None) is not None:
        try:
            updates["tls"] = TlsConfig(cert=args.tls_cert or config.tls.cert, key=args.tls_key or config.tls.key)
        except ValidationError:
            raise ConfigError("--tls-cert and --tls-key go together (or with [tls] in the config)") from None
    return config.model_copy(update=updates)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        config = resolve_config(args)
    except ConfigError as exc:
        print(f"iocwall-server: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=config.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Every log line, ours and the libraries', loses the credentials it may quote (server/redact.py).
    install_log_filter()
    remember(config.database_url())
    # Alembic logs its plugin set-up at INFO when first imported: noise before every start and token command.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    if args.command == "tls":
        from server.tls_cli import run_tls_command

        return run_tls_command(args)
    if args.command in ("token", "user"):
        from server.tokens_cli import run_token_command

        try:
            from server.users_cli import run_user_command

            return (run_token_command if args.command == "token" else run_user_command)(config, args)
        except ProtocolError as exc:
            print(f"iocwall-server: {exc.message}", file=sys.stderr)
            return 1
    from server.runner import serve

    return serve(config, demo_token_file=args.demo_token_file)


if __name__ == "__main__":
    raise SystemExit(main())
