from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from compagnon.accounts.models import User
from compagnon.api.auth import get_or_create_token


@pytest.fixture(scope="session", autouse=True)
def _static_root() -> None:
    # WhiteNoise warns (an error in this harness) when STATIC_ROOT is missing, as on a fresh clone before
    # collectstatic. To be dropped once settings handle it for every suite.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


class ApiClient:
    """A test client that sends an account's token on every request."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.token = token

    def get(self, path: str, **params: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return self.client.get(path, params, headers=headers)

    def post(self, path: str, body: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return self.client.post(path, data, content_type="application/json", headers=headers)


@pytest.fixture
def api_as() -> Callable[[User], ApiClient]:
    def build(user: User) -> ApiClient:
        token, _ = get_or_create_token(user=user)
        return ApiClient(token.key)

    return build
