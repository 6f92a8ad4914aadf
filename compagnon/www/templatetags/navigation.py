from __future__ import annotations

from typing import Any

from django import template

from compagnon.www.navigation import NavEntry, main_nav

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_entries(context: Any) -> list[NavEntry]:
    request = context.get("request")
    return main_nav(request) if request is not None else []
