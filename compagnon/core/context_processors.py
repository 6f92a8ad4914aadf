from __future__ import annotations

from django.http import HttpRequest

from compagnon.core.models import DemoDataset


def site(request: HttpRequest) -> dict[str, object]:
    # One cheap query per page; the banner "données fictives" must show wherever demo data does.
    return {"is_demo": DemoDataset.objects.exists()}
