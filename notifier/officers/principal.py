"""Who is making a request: an officer with a session, or an API key. Roles, scopes and their mapping."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

ROLES: tuple[str, ...] = ("author", "approver", "emergency", "admin")
SCOPES: tuple[str, ...] = (
    "notices:read", "notices:write", "notices:approve", "ingest", "subscribers:read", "subscribers:write", "admin",
)

# What an officer's session may do on the API, by role. Least privilege: an admin manages people
# and keys but does not write or approve notices unless also given those roles.
ROLE_SCOPES: dict[str, frozenset[str]] = {
    "author": frozenset({"notices:read", "notices:write"}),
    "approver": frozenset({"notices:read", "notices:approve"}),
    # The emergency role's shortcut (sending without a second approval) is a rule of the notice
    # workflow, which checks the role itself; on the API it writes notices like an author.
    "emergency": frozenset({"notices:read", "notices:write"}),
    "admin": frozenset({"admin", "notices:read", "subscribers:read", "subscribers:write", "ingest"}),
}


def scopes_for_roles(roles: Iterable[str]) -> frozenset[str]:
    out: frozenset[str] = frozenset()
    for role in roles:
        out |= ROLE_SCOPES.get(role, frozenset())
    return out


@dataclass(frozen=True)
class Principal:
    """The authenticated caller. ``kind`` is ``session`` (an officer) or ``apikey``."""

    kind: str
    user_id: int | None
    username: str | None
    display_name: str = ""
    roles: frozenset[str] = field(default_factory=frozenset)
    scopes: frozenset[str] = field(default_factory=frozenset)
    key_prefix: str | None = None

    @property
    def actor(self) -> str:
        """The audit log's name for this caller."""
        if self.kind == "apikey":
            return f"apikey:{self.key_prefix}"
        return f"user:{self.username}"

    @property
    def is_officer(self) -> bool:
        return self.kind == "session"

    def has_role(self, *roles: str) -> bool:
        """True for an officer holding any of ``roles`` (any officer when none are named)."""
        if not self.is_officer:
            return False
        return not roles or bool(self.roles.intersection(roles))

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes
