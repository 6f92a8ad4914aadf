from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label="Identifiant ou courriel",
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": (
            "Identifiant, courriel ou mot de passe incorrect. Vérifiez votre saisie : les majuscules comptent "
            "dans le mot de passe."
        ),
        "inactive": "Ce compte est désactivé. Contactez l'animateur régional du dispositif.",
    }

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Saisissez votre identifiant ou votre courriel."
        self.fields["password"].error_messages["required"] = "Saisissez votre mot de passe."
