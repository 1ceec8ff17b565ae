"""Who may connect: the server's own certificate (made on first start in the PKI folder),
the client certificates it trusts, the users file behind user name and password logins,
and the check that the secured endpoint really exists.

PKI folder layout: ``own/cert.der`` and ``own/key.pem`` (the server's, made once, valid a
year, remade when expired or for another application URI), ``trusted/`` (client
certificates, DER or PEM: when it holds any, only those clients may connect; when empty,
any client with a valid certificate may, and the login decides).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asyncua import Server, ua
from asyncua.crypto.permission_rules import SimpleRoleRuleset, User, UserRole
from asyncua.crypto.truststore import TrustStore
from asyncua.crypto.validator import CertificateValidator, CertificateValidatorOptions
from asyncua.server.user_managers import UserManager
from cryptography.x509.oid import ExtendedKeyUsageOID

from ..sources.link.trust import certificate
from .users import User as UserRecord

POLICY = ua.SecurityPolicyType.Basic256Sha256_SignAndEncrypt
POLICY_URI = "http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256"
ANONYMOUS = "anonymous"


class LinkSecurityError(RuntimeError):
    """The server cannot offer the security it must (no certificate, no secured endpoint)."""


_SESSIONS = itertools.count(1)


@dataclass
class LinkUser(User):
    """A logged-in session's user: the asyncua user plus the plant role it acts in, and a
    number of its own (one per login, so each session is told apart)."""

    plant_role: str = "observer"
    session: int = field(default_factory=lambda: next(_SESSIONS))


# The user of the request being served. asyncua hands a method callback only the object
# and the arguments; the permission check below runs for every request, in the task that
# then serves it, so the method reads the session's user from here.
session_user: ContextVar[LinkUser | None] = ContextVar("session_user", default=None)


class RecordingRuleset(SimpleRoleRuleset):
    """asyncua's role rules (users read, browse, subscribe and call; nobody writes the
    address space), noting who sends each request (and telling ``on_request``)."""

    def __init__(self, on_request: Callable[[LinkUser], None] = lambda _user: None) -> None:
        super().__init__()
        self.on_request = on_request

    def check_validity(self, user: Any, action_type_id: Any, body: Any) -> bool:
        link_user = user if isinstance(user, LinkUser) else None
        session_user.set(link_user)
        if link_user is not None:
            self.on_request(link_user)
        return bool(super().check_validity(user, action_type_id, body))


class UsersFileManager(UserManager):
    """Logins checked against the users file; anonymous only when allowed (as observer)."""

    def __init__(self, users: dict[str, UserRecord], allow_anonymous: bool) -> None:
        self.users = users
        self.allow_anonymous = allow_anonymous

    def get_user(self, iserver: Any, username: str | None = None,
                 password: str | None = None, certificate: Any = None) -> User | None:
        if username is None:
            return LinkUser(UserRole.User, ANONYMOUS, "observer") if self.allow_anonymous \
                else None
        record = self.users.get(username)
        if record is None or not record.verify(password or ""):
            return None
        return LinkUser(UserRole.User, record.name, record.role)


async def own_certificate(pki: Path, app_uri: str) -> tuple[Path, Path]:
    """The server's certificate and key in ``pki/own``, made when missing or no longer
    valid for ``app_uri``."""
    (pki / "trusted").mkdir(parents=True, exist_ok=True)
    return await certificate(pki / "own", app_uri, ExtendedKeyUsageOID.SERVER_AUTH,
                             "habitat-sim serve")


async def secure(server: Server, pki: Path, app_uri: str, manager: UsersFileManager,
                 on_request: Callable[[LinkUser], None] = lambda _user: None) -> None:
    """Basic256Sha256 SignAndEncrypt only, with the PKI folder's certificate, the users
    file's logins and the trusted client certificates; ``on_request`` is told of each
    request's user."""
    cert, key = await own_certificate(pki, app_uri)
    await server.load_certificate(str(cert))
    await server.load_private_key(str(key))
    server.set_security_policy([POLICY], permission_ruleset=RecordingRuleset(on_request))
    tokens: list[type] = [ua.UserNameIdentityToken]
    if manager.allow_anonymous:
        tokens.append(ua.AnonymousIdentityToken)
    server.set_identity_tokens(tokens)
    server.iserver.set_user_manager(manager)
    trusted = [p for p in (pki / "trusted").iterdir() if p.suffix in (".der", ".pem")]
    options = CertificateValidatorOptions.PEER_CLIENT | (
        CertificateValidatorOptions.TRUSTED_VALIDATION if trusted
        else CertificateValidatorOptions.BASIC_VALIDATION)
    store = TrustStore([pki / "trusted"], []) if trusted else None
    if store is not None:
        await store.load()
    server.set_certificate_validator(CertificateValidator(options, store))


def check_endpoints(endpoints: list[ua.EndpointDescription]) -> None:
    """LinkSecurityError unless every endpoint is Basic256Sha256 SignAndEncrypt and there is
    one (asyncua silently leaves a secured endpoint out when it has no certificate)."""
    secured = [e for e in endpoints if e.SecurityPolicyUri == POLICY_URI
               and e.SecurityMode == ua.MessageSecurityMode.SignAndEncrypt]
    if not secured or len(secured) != len(endpoints):
        offered = ", ".join(f"{e.SecurityPolicyUri.rsplit('#', 1)[-1]} {e.SecurityMode.name}"
                            for e in endpoints) or "none"
        raise LinkSecurityError("the server offers no Basic256Sha256 SignAndEncrypt endpoint "
                                f"(is its certificate loaded?); it offers: {offered}")
