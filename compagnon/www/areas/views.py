from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def index(request: HttpRequest) -> HttpResponse:
    # Placeholder until this page is built: it says so instead of pretending.
    return render(request, "not_built.html", {"title": "Zones d'emploi"})
