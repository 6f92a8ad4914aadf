"""The form renderer: Django's, with `<select>` written in Python.

Django renders each `<option>` through a template include: the contract filters (zones, CFAs, levels, about 80
options) cost about 7 ms of a 30 ms page. This writes the same markup as Django's `select.html`, `attrs.html` and
`select_option.html` (tests/www/test_renderers.py compares both), from the context the widget builds.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict[str, Any]) -> str:
    # As attrs.html: False leaves the attribute out, True writes it bare; names are written as they are.
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {name}" if value is True else f' {name}="{conditional_escape(value)}"')
    return "".join(parts)


def render_select(widget: dict[str, Any]) -> SafeString:
    lines = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            lines.append(f'  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            lines.append(
                f'  <option value="{conditional_escape(option["value"])}"{_attrs(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>\n"  # select_option.html ends with a newline
            )
        if group_name:
            lines.append("  </optgroup>")
    lines.append("</select>")
    return mark_safe("\n".join(lines))  # every value above is escaped


class FormRenderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if template_name == SELECT_TEMPLATE and widget is not None:
            # Only Django's own option markup: a widget with its own option template goes through the engine.
            options = (option for _, group, _ in widget["optgroups"] for option in group)
            if all(option["template_name"] == OPTION_TEMPLATE for option in options):
                return render_select(widget)
        return super().render(template_name, context, request)
