"""Every web page, one include per feature (www/<feature>/urls.py)."""

from django.urls import include, path

urlpatterns = [
    path("", include("compagnon.www.home.urls")),
    path("compte/", include("compagnon.www.accounts.urls")),
    path("contrats/", include("compagnon.www.contracts.urls")),
    path("entreprises/", include("compagnon.www.companies.urls")),
    path("personnes/", include("compagnon.www.people.urls")),
    path("cfa/", include("compagnon.www.centres.urls")),
    path("zones-emploi/", include("compagnon.www.areas.urls")),
    path("journal/", include("compagnon.www.audit.urls")),
    path("courriels/", include("compagnon.www.mail.urls")),
    # Importing contracts (/imports/) and the new masters it finds (/nouveaux-maitres/).
    path("", include("compagnon.www.intake.urls")),
    # Public: the eligibility checker (/verifier/) and the articles it cites (/droit/).
    path("", include("compagnon.www.rules.urls")),
]
