"""Open guided-segmentation sessions: random ids, one owner each, an idle TTL, and limits on how many
are open and how much memory they hold together.

When a new session does not fit (MEDSEG_ML_MAX_SESSIONS open, or MEDSEG_ML_SESSION_MEMORY_MB held):
1. expired sessions are dropped (their owners would get NOT_FOUND anyway);
2. then the SAME owner's least recently used sessions are dropped, oldest first: a person who opens a
   case has moved on from the one before (a browser tab closed without CloseSession), and a dropped
   session costs its owner only a reopen, which the client does by itself on NOT_FOUND;
3. another owner's live session is never dropped, so one user cannot push the others out: the open is
   refused (RESOURCE_EXHAUSTED) with the limit, its setting, and when the next session expires.

The store holds no locks of its own: it is used from the event loop only.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from medseg_ml.io.budget import format_bytes

SESSIONS_SETTING = "MEDSEG_ML_MAX_SESSIONS"
MEMORY_SETTING = "MEDSEG_ML_SESSION_MEMORY_MB"


class SessionNotFoundError(LookupError):
    """No such session: never opened, closed, expired or lost in a restart; the client reopens."""


class SessionOwnerError(PermissionError):
    """The session belongs to someone else."""


class SessionsFullError(Exception):
    """No room for a new session; the message names the limit and what frees room."""


@dataclass
class Session:
    """One open session: its model-specific `work` (sessions/work.py) and the bookkeeping around it."""

    id: str
    owner: str
    memory_bytes: int
    last_used: float
    work: Any = None
    # The ModelRef it segments with: the network stays in the model cache, which may evict and reload it.
    model: Any = None
    revision: int = 0
    # Prompts of one session run one after another: each answers with the change from the one before.
    lock: Any = field(default=None)


class SessionStore:
    """Sessions of one ml-service process (its memory only: a restart forgets them all).

    Args:
        max_sessions: sessions open at once.
        memory_bytes: bytes all sessions may hold together.
        ttl_s: idle seconds after which a session expires.
        clock: monotonic seconds (a fake one in tests).
    """

    def __init__(
        self,
        max_sessions: int,
        memory_bytes: int,
        ttl_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_sessions = max_sessions
        self.memory_bytes = memory_bytes
        self.ttl_s = ttl_s
        self._clock = clock
        self._sessions: dict[str, Session] = {}

    def __len__(self) -> int:
        return len(self._sessions)

    @property
    def used_bytes(self) -> int:
        return sum(s.memory_bytes for s in self._sessions.values())

    def check_room(self, owner: str) -> None:
        """Refuse early, before anything is decoded, when not even an empty session would fit.

        Raises:
            SessionsFullError: as `add` would for a session of no memory.
        """
        self._make_room(owner, 1)

    def add(self, owner: str, memory_bytes: int, work: Any = None) -> Session:
        """Open a session holding `memory_bytes`, making room by the policy above.

        Raises:
            SessionsFullError: it does not fit even then, or alone it exceeds the memory limit.
        """
        if memory_bytes > self.memory_bytes:
            raise SessionsFullError(
                f"This image needs {format_bytes(memory_bytes)} in a session, more than all sessions may "
                f"hold ({format_bytes(self.memory_bytes)}, {MEMORY_SETTING}); segment it without a "
                "session (or a smaller image), or raise the limit"
            )
        self._make_room(owner, memory_bytes)
        session_id = secrets.token_urlsafe(18)
        session = Session(session_id, owner, memory_bytes, self._clock(), work)
        self._sessions[session_id] = session
        return session

    def get(self, session_id: str, owner: str) -> Session:
        """The owner's session, its idle time restarted.

        Raises:
            SessionNotFoundError: unknown, closed or expired.
            SessionOwnerError: it is another owner's.
        """
        self.sweep()
        session = self._sessions.get(session_id)
        if session is None:
            raise SessionNotFoundError(
                f"Session {session_id} is not open (closed, idle over {self.ttl_s:g} s, or the ml-service "
                "restarted); open a new session and send the prompts again"
            )
        if session.owner != owner:
            raise SessionOwnerError(f"Session {session_id} belongs to another user")
        session.last_used = self._clock()
        return session

    def touch(self, session: Session) -> None:
        session.last_used = self._clock()

    def close(self, session_id: str, owner: str) -> None:
        """Free the owner's session.

        Raises:
            SessionNotFoundError, SessionOwnerError: as `get`.
        """
        self.get(session_id, owner)
        del self._sessions[session_id]

    def discard(self, session: Session) -> None:
        """Drop a session that could not be set up (its id was never given out)."""
        self._sessions.pop(session.id, None)

    def sweep(self) -> int:
        """Drop expired sessions; returns how many."""
        now = self._clock()
        expired = [s.id for s in self._sessions.values() if now - s.last_used >= self.ttl_s]
        for session_id in expired:
            del self._sessions[session_id]
        return len(expired)

    def clear(self) -> None:
        self._sessions.clear()

    def _make_room(self, owner: str, memory_bytes: int) -> None:
        self.sweep()
        own = sorted((s for s in self._sessions.values() if s.owner == owner), key=lambda s: s.last_used)
        while not self._fits(memory_bytes) and own:
            del self._sessions[own.pop(0).id]
        if len(self._sessions) >= self.max_sessions:
            raise SessionsFullError(
                f"{len(self._sessions)} sessions are open, the limit ({SESSIONS_SETTING}); close one or try "
                f"again when one expires ({self._next_expiry_s():.0f} s at most)"
            )
        if self.used_bytes + memory_bytes > self.memory_bytes:
            raise SessionsFullError(
                f"Open sessions hold {format_bytes(self.used_bytes)} and this one needs "
                f"{format_bytes(memory_bytes)}, over the {format_bytes(self.memory_bytes)} limit "
                f"({MEMORY_SETTING}); close a session or try again when one expires "
                f"({self._next_expiry_s():.0f} s at most)"
            )

    def _fits(self, memory_bytes: int) -> bool:
        return len(self._sessions) < self.max_sessions and self.used_bytes + memory_bytes <= self.memory_bytes

    def _next_expiry_s(self) -> float:
        now = self._clock()
        return max(0.0, min((self.ttl_s - (now - s.last_used) for s in self._sessions.values()), default=0.0))
