"""The audit log: one call in every service that changes data."""

from __future__ import annotations

from typing import Any

from django.db import models

from compagnon.core.models import AuditEntry


def record(
    *,
    actor: Any | None,
    action: str,
    summary: str,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit entry; `actor` is a user, or None for the system (commands, tasks)."""
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        actor_label=(user.get_username() if user is not None else "système")[:200],
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary[:500],
        changes=changes or {},
    )
