"""The Python <select> writes exactly what Django's widget templates write."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from compagnon.www.renderers import FormRenderer


class Sample(forms.Form):
    flat = forms.ChoiceField(choices=[("", "Tous"), ("a", "Alpha & co"), (3, 'Trois "3"')], required=False)
    grouped = forms.ChoiceField(
        choices=[
            ("", "—"),
            ("Nord", [("59350", "Lille"), ("59183", "Dunkerque")]),
            ("Pas-de-Calais", [("62041", "Arras")]),
        ]
    )
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", mark_safe("<em>Y</em>"))], required=False)
    typed = forms.TypedChoiceField(choices=[(1, "un"), (2, "deux")], coerce=int, empty_value=None)
    boolean = forms.NullBooleanField()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"flat": "a", "grouped": "62041", "many": ["x", "y"], "typed": "2", "boolean": "true"},
        {"flat": "<script>", "grouped": "nope", "typed": "9"},
    ],
    ids=["unbound-defaults", "selected-values", "invalid-values"],
)
def test_select_markup_matches_django_templates(data):
    ours = Sample(data or None, renderer=FormRenderer())
    django = Sample(data or None, renderer=DjangoTemplates())
    for name in Sample.base_fields:
        extra = {"aria-invalid": "true", "aria-describedby": "x_error", "disabled": False, "autofocus": True}
        assert str(ours[name]) == str(django[name]), name
        assert ours[name].as_widget(attrs=extra) == django[name].as_widget(attrs=extra), name


def test_the_project_renders_forms_with_it(settings):
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), FormRenderer)
    assert settings.FORM_RENDERER == "compagnon.www.renderers.FormRenderer"
