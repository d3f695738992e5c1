"""The secret key, and the retired keys still accepted while a key rotation is under way.

``Keyring`` is the current key as a ``str`` (so everything that signs, seals or hashes uses it
unchanged) that also carries ``previous``: the keys that data and links made before a rotation
may still be sealed or signed with. Code that *reads* — decrypting a contact detail, looking one
up by its keyed hash, checking a link, a form token or an SMS code — tries the current key and
then each previous one; code that *writes* only ever uses the current key. ``todoke keys rotate``
re-seals every stored contact detail with the current key, after which the previous keys can go.
"""

from __future__ import annotations


class Keyring(str):
    """The current secret key (the string itself) and ``previous``, the retired keys, newest first."""

    previous: tuple[str, ...]

    def __new__(cls, current: str, previous: tuple[str, ...] = ()) -> Keyring:
        ring = super().__new__(cls, current)
        ring.previous = tuple(p for p in previous if p and p != current)
        return ring

    def __reduce__(self) -> tuple[type[Keyring], tuple[str, tuple[str, ...]]]:
        return Keyring, (str(self), self.previous)  # survives pickling into worker processes

    @property
    def all(self) -> tuple[str, ...]:
        """Every accepted key, current first."""
        return (str(self), *self.previous)


def keys_of(secret: str) -> tuple[str, ...]:
    """Every key a value made with ``secret`` may have been made with (a plain str is one key)."""
    return secret.all if isinstance(secret, Keyring) else (secret,)
