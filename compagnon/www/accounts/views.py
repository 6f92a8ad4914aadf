"""Login (throttled and audited), logout, the "Mon compte" page, the API token and the password change."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordChangeForm
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from compagnon.accounts.models import ApiToken, User
from compagnon.core.audit import record
from compagnon.core.models import AuditEntry
from compagnon.www.accounts.forms import LoginForm
from compagnon.www.accounts.throttle import Throttle, client_address


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("home")


@login_not_required
@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_safe_next(request))
    status = 200
    blocked_minutes = 0
    if request.method == "POST":
        username = request.POST.get("username", "")[:254]
        address = client_address(request)
        throttle = Throttle(username=username, address=address)
        if throttle.is_blocked():
            # Even the right password is refused: the form is not checked at all.
            blocked_minutes = throttle.minutes_left()
            form = LoginForm(request, initial={"username": username})
            status = 429
            record(
                actor=None,
                action=AuditEntry.Action.LOGIN_FAILED,
                summary=f"Connexion refusée (trop d'échecs) pour « {username[:100]} » depuis {address}",
            )
        else:
            form = LoginForm(request, data=request.POST)
            if form.is_valid():
                user = form.get_user()
                auth_login(request, user)
                throttle.reset_username()
                record(actor=user, action=AuditEntry.Action.LOGIN, summary=f"Connexion de {username[:100]}", obj=user)
                return HttpResponseRedirect(_safe_next(request))
            if username.strip() and request.POST.get("password"):
                throttle.register_failure()
                record(
                    actor=None,
                    action=AuditEntry.Action.LOGIN_FAILED,
                    summary=f"Échec de connexion pour « {username[:100]} » depuis {address}",
                )
                if throttle.is_blocked():
                    blocked_minutes = throttle.minutes_left()
    else:
        form = LoginForm(request)
    context = {
        "form": form,
        "next": request.POST.get("next") or request.GET.get("next") or "",
        "blocked_minutes": blocked_minutes,
    }
    return render(request, "accounts/login.html", context, status=status)


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    # POST only: a GET link could log anyone out from another site.
    auth_logout(request)
    messages.info(request, "Vous êtes déconnecté.")
    return redirect("login")


@never_cache
def profile(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # LoginRequiredMiddleware: never anonymous here
    memberships = (
        user.memberships.select_related("region", "chamber", "training_centre", "company", "opco")
        .prefetch_related("areas")
        .order_by("role", "id")
    )
    token = ApiToken.objects.filter(user=user).first()
    person = user.person
    return render(
        request,
        "accounts/profile.html",
        {"person": person, "memberships": list(memberships), "token": token},
    )


@require_POST
def regenerate_token(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # LoginRequiredMiddleware: never anonymous here
    with transaction.atomic():
        # Deleting then creating gives a fresh key and creation date; the old key stops working at once.
        existed = ApiToken.objects.filter(user=user).delete()[0] > 0
        token = ApiToken.objects.create(user=user)
        record(
            actor=user,
            action=AuditEntry.Action.TOKEN,
            summary=f"Jeton d'API {'régénéré' if existed else 'créé'} par {user.get_username()}",
            obj=token,
        )
    if existed:
        messages.success(request, "Votre jeton d'API a été régénéré : l'ancien ne fonctionne plus.")
    else:
        messages.success(request, "Votre jeton d'API a été créé.")
    return redirect("profile")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("password_change_done")
    form_class = PasswordChangeForm

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        record(
            actor=self.request.user,
            action=AuditEntry.Action.UPDATE,
            summary=f"Mot de passe modifié par {self.request.user.get_username()}",
            obj=self.request.user,  # type: ignore[arg-type]
        )
        return response


password_change = PasswordChangeView.as_view()
password_change_done = auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html")
