"""The server's users file: names, roles and salted scrypt hashes of their passwords (TOML).

::

    [[user]]
    name = "ada"
    role = "operator"            # observer | operator | instructor
    salt = "9f2c..."             # hex, 16 bytes
    scrypt = "41be..."           # hex, scrypt(password, salt, n=2**14, r=8, p=1), 32 bytes

Read and validated on load (``FILE:LINE: message``); written only by ``habitat-sim users``.
"""

from __future__ import annotations

import hmac
import os
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from ..core.specfile import SpecError, TomlDocument

ROLES = ("observer", "operator", "instructor")
_NAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")
_HEX = re.compile(r"^[0-9a-f]+$")
_N, _R, _P, _LEN = 2 ** 14, 8, 1, 32


@dataclass(frozen=True)
class User:
    name: str
    role: str
    salt: str
    scrypt: str

    def verify(self, password: str) -> bool:
        return hmac.compare_digest(_hash(password, bytes.fromhex(self.salt)), self.scrypt)


def _hash(password: str, salt: bytes) -> str:
    # cryptography's scrypt, not hashlib's: the bundle carries no OpenSSL for hashlib
    return Scrypt(salt=salt, length=_LEN, n=_N, r=_R, p=_P).derive(
        password.encode("utf-8")).hex()


def make_user(name: str, role: str, password: str) -> User:
    """A new user record; ValueError for a bad name, role or empty password."""
    if not _NAME.match(name):
        raise ValueError(f"user name {name!r} must be 1-64 letters, digits or _ . @ -")
    if role not in ROLES:
        raise ValueError(f"role {role!r}; expected one of {', '.join(ROLES)}")
    if not password:
        raise ValueError("the password must not be empty")
    salt = os.urandom(16)
    return User(name, role, salt.hex(), _hash(password, salt))


def load_users(path: Path) -> dict[str, User]:
    """The users in ``path`` by name ({} when the file does not exist); SpecError when bad."""
    if not path.exists():
        return {}
    doc = TomlDocument.read(path)
    root = doc.root()
    root.reject_unknown(("user",))
    users: dict[str, User] = {}
    for table in root.tables("user"):
        table.reject_unknown(("name", "role", "salt", "scrypt"))
        name = table.required("name", str)
        if not _NAME.match(name):
            raise table.error("name", f"user name {name!r} must be 1-64 letters, digits or "
                                      "_ . @ -")
        if name in users:
            raise table.error("name", f"user {name!r} is listed twice")
        role = table.choice("role", ROLES)
        salt, digest = table.required("salt", str), table.required("scrypt", str)
        for key, value, size in (("salt", salt, 16), ("scrypt", digest, _LEN)):
            if not (_HEX.match(value) and len(value) == 2 * size):
                raise table.error(key, f"'{key}' must be {size} bytes in lower-case hex")
        users[name] = User(name, role, salt, digest)
    return users


def save_users(path: Path, users: dict[str, User]) -> None:
    """Write ``users`` to ``path`` (owner-only permissions), replacing it atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(f'[[user]]\nname = "{u.name}"\nrole = "{u.role}"\nsalt = "{u.salt}"\n'
                   f'scrypt = "{u.scrypt}"\n\n' for u in users.values())
    temp = path.with_name(path.name + ".new")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temp, path)


__all__ = ["ROLES", "SpecError", "User", "load_users", "make_user", "save_users"]
