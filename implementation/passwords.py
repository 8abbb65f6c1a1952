"""Password hashing with argon2id (argon2-cffi). No password is ever stored, logged or
shown; only its hash is kept."""
from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .errors import StoreError

MIN_PASSWORD = 8
_hasher = PasswordHasher()
# The demo accounts' password is public ('demo'), so its hash need not be slow to make;
# a real account's hash is. Verifying reads the parameters from the hash itself.
_demo_hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@cache
def dummy_hash() -> str:
    """A hash to verify against for unknown logins (equal work), made on first use."""
    return _hasher.hash("geen-account")


def hash_password(password: str) -> str:
    if password is None or len(password) < MIN_PASSWORD:
        raise StoreError(f"een wachtwoord heeft minstens {MIN_PASSWORD} tekens")
    if len(password) > 200:
        raise StoreError("een wachtwoord heeft hoogstens 200 tekens")
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    if not stored:
        return False
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def demo_hash(password: str) -> str:
    """One hash for every demo account (they share the public password 'demo', shorter
    than a real account may have); a cheap one keeps the demo load fast."""
    return _demo_hasher.hash(password)
