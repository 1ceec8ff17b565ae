"""The station's side of the link's security: its own client certificate (made on first use
in the station's PKI folder) and the servers' certificates it trusts, each on first use.

PKI folder layout: ``own/cert.der``, ``own/key.pem`` (the station's, owner-only, valid a
year, remade when expired) and ``servers/HOST_PORT.der`` (the certificate a server showed
the first time; a different one later is refused: the server was replaced, or something
stands between).
"""

from __future__ import annotations

import re
import socket
from pathlib import Path

from asyncua.crypto import cert_gen
from cryptography.x509 import ObjectIdentifier
from cryptography.x509.oid import ExtendedKeyUsageOID

STATION_URI = "urn:habitat-panel:station"


class LinkRefused(Exception):
    """The link cannot be made and trying again will not help (a changed server
    certificate, a refused login): one line for the operator."""


async def certificate(own: Path, app_uri: str, usage: ObjectIdentifier,
                      common_name: str) -> tuple[Path, Path]:
    """``own/cert.der`` and ``own/key.pem`` (owner-only) for ``app_uri``, made when missing,
    expired or for another URI (both ends of the link make theirs this way)."""
    own.mkdir(parents=True, exist_ok=True)
    cert, key = own / "cert.der", own / "key.pem"
    await cert_gen.setup_self_signed_certificate(
        key, cert, app_uri, socket.gethostname(), [usage],
        {"commonName": common_name, "organizationName": "Habitat Control Panel"})
    key.chmod(0o600)
    return cert, key


async def own_certificate(pki: Path) -> tuple[Path, Path]:
    """The station's certificate and key."""
    return await certificate(pki / "own", STATION_URI, ExtendedKeyUsageOID.CLIENT_AUTH,
                             "habitat-panel station")


def trusted_server(pki: Path, host: str, port: int, certificate: bytes) -> Path:
    """Where the server's certificate is kept: stored the first time (trust on first use);
    LinkRefused when it differs from the one stored."""
    folder = pki / "servers"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{re.sub(r'[^A-Za-z0-9.-]', '_', host)}_{port}.der"
    if not path.exists():
        path.write_bytes(certificate)
    elif path.read_bytes() != certificate:
        raise LinkRefused(f"the server at {host}:{port} shows a different certificate from "
                          f"the one trusted in {path}: refusing the link (if the server was "
                          "really replaced, delete that file)")
    return path
