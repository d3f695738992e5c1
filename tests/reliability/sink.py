"""An aiosmtpd sink for the fault suite: records every accepted Message-ID, and can misbehave.

The sink runs in its own thread (aiosmtpd's Controller) so subprocess workers and in-process
workers alike talk real SMTP to it. Faults are switched by phase (``mode``):

* ``ok``: accept everything;
* ``4xx``: answer every DATA with 451 (a mail server that is temporarily refusing);
* ``slow``: accept after ``delay`` seconds (an overloaded server);
* ``drop``: abort the TCP connection on every ``drop_every``-th DATA, before accepting it.
"""

from __future__ import annotations

import asyncio
import re
import socket
import threading
from collections import Counter
from typing import Any

from aiosmtpd.controller import Controller

_MESSAGE_ID = re.compile(rb"^Message-ID:\s*<([^@>]+)@", re.IGNORECASE | re.MULTILINE)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class FaultySink:
    def __init__(self) -> None:
        self.ids: list[str] = []
        self.faults: Counter[str] = Counter()
        self.mode = "ok"
        self.delay = 0.05
        self.drop_every = 3
        self._lock = threading.Lock()
        self._seen = 0
        self._controller: Controller | None = None
        self.port = 0

    # aiosmtpd handler hook
    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        mode = self.mode
        if mode == "4xx":
            self.faults["4xx"] += 1
            return "451 4.3.0 temporarily refusing mail"
        if mode == "slow":
            self.faults["slow"] += 1
            await asyncio.sleep(self.delay)
        if mode == "drop":
            with self._lock:
                self._seen += 1
                drop = self._seen % self.drop_every == 0
            if drop:
                self.faults["drop"] += 1
                server.transport.abort()  # no reply at all: the client sees the connection die
                return "421 4.3.0 closing"
        match = _MESSAGE_ID.search(envelope.original_content or envelope.content)
        with self._lock:
            self.ids.append(match.group(1).decode() if match else "?")
        return "250 OK"

    def start(self) -> FaultySink:
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}?pool=4&timeout=5"

    def received(self) -> list[str]:
        with self._lock:
            return list(self.ids)
