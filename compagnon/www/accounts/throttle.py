"""Throttling of failed logins, per username and per client address, in the Django cache.

A fixed window: the first failure opens it for LOGIN_FAILURE_WINDOW_SECONDS; after LOGIN_MAX_FAILURES failures on
either key, every attempt (even with the right password) is refused until the window closes.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For can be forged unless a trusted proxy rewrites it (set that up in the proxy).
    return request.META.get("REMOTE_ADDR", "") or "inconnue"


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"login-failures:{kind}:{digest}"


@dataclass(frozen=True)
class Throttle:
    username: str
    address: str

    @property
    def keys(self) -> list[str]:
        keys = [_key("address", self.address)]
        if self.username.strip():
            keys.append(_key("username", self.username))
        return keys

    def is_blocked(self) -> bool:
        counts = cache.get_many([f"{k}:count" for k in self.keys])
        return any(count >= settings.LOGIN_MAX_FAILURES for count in counts.values())

    def register_failure(self) -> None:
        window = settings.LOGIN_FAILURE_WINDOW_SECONDS
        for key in self.keys:
            # add() only sets a missing key: the window starts at the first failure and does not slide.
            cache.add(f"{key}:since", time.time(), window)
            cache.add(f"{key}:count", 0, window)
            try:
                cache.incr(f"{key}:count")
            except ValueError:  # expired between add() and incr()
                cache.set(f"{key}:count", 1, window)

    def reset_username(self) -> None:
        if self.username.strip():
            key = _key("username", self.username)
            cache.delete_many([f"{key}:count", f"{key}:since"])

    def minutes_left(self) -> int:
        window = settings.LOGIN_FAILURE_WINDOW_SECONDS
        starts = cache.get_many([f"{k}:since" for k in self.keys]).values()
        if not starts:
            return math.ceil(window / 60)
        left = max(window - (time.time() - since) for since in starts)
        return max(1, math.ceil(left / 60))
