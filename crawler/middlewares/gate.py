"""Per-host gate: when a host answers 429/503 with Retry-After, nothing is sent to it again until
that moment. The retry middleware closes the gate; the download handler waits at it right before
a request goes on the wire (after the downloader slot queue, so queued requests wait too)."""
from __future__ import annotations

import asyncio
import time
from urllib.parse import urlsplit


def host_key(url: str) -> str:
    """host:port — the unit of politeness (also used as the Scrapy download slot)."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{(parts.hostname or '').lower()}:{port}"


class HostGate:
    """Besides the Retry-After block, a host that said 429 once gets a minimum interval between
    requests (starting at `min_interval`, doubled by each further 429, at most `max_interval`):
    honouring the wait is not enough if the next burst trips the limit again."""

    def __init__(self, min_interval: float = 0.75, max_interval: float = 10.0) -> None:
        self._until: dict[str, float] = {}
        self._interval: dict[str, float] = {}
        self._next: dict[str, float] = {}
        self.min_interval = min_interval
        self.max_interval = max_interval

    def block(self, key: str, seconds: float, slow_down: bool = False) -> float:
        already_blocked = self.remaining(key) > 0  # answers to requests sent before the first 429
        until = time.monotonic() + max(0.0, seconds)
        if until > self._until.get(key, 0.0):
            self._until[key] = until
        if slow_down and not already_blocked:
            current = self._interval.get(key, 0.0)
            self._interval[key] = min(self.max_interval, max(self.min_interval, current * 2))
        return self._until[key]

    def remaining(self, key: str) -> float:
        return max(0.0, self._until.get(key, 0.0) - time.monotonic())

    async def wait(self, key: str) -> float:
        """Sleep until this request may go: after the host's block, and one interval after the
        previous request (the slot is reserved before sleeping, so concurrent requests queue)."""
        waited = 0.0
        while True:
            now = time.monotonic()
            blocked = self._until.get(key, 0.0)
            if blocked > now:
                await asyncio.sleep(blocked - now + 0.005)
                waited += blocked - now
                continue
            interval = self._interval.get(key, 0.0)
            if not interval:
                return waited
            slot = max(now, self._next.get(key, 0.0))
            self._next[key] = slot + interval
            if slot > now:
                await asyncio.sleep(slot - now)
                waited += slot - now
                if self._until.get(key, 0.0) > time.monotonic():
                    continue  # a 429 arrived meanwhile: wait for that block too
            return waited


def get_gate(crawler) -> HostGate:
    gate = getattr(crawler, "_ogi_gate", None)
    if gate is None:
        gate = crawler._ogi_gate = HostGate()
    return gate
