"""Public pages: the eligibility checker (no account needed) and the articles of the Code du travail it cites.

The law is for everyone: these pages open without logging in (`login_not_required`), show the same thing to every
visitor, and read nothing from the database but the rule data (branch agreements, OPCO amounts).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from compagnon.compliance.rule_data import current_rule_data
from compagnon.rules.articles import articles
from compagnon.rules.engine import evaluate
from compagnon.rules.model import SupervisorRole
from compagnon.www.rules import display
from compagnon.www.rules.forms import CheckForm


@login_not_required
def check(request: HttpRequest) -> HttpResponse:
    # A GET form: the answer's address holds the facts, so it can be shared, bookmarked and printed again.
    submitted = any(name in request.GET for name in CheckForm.base_fields)
    form = CheckForm(request.GET if submitted else None)
    answer = situation = None
    if submitted and form.is_valid():
        situation = form.situation()
        decision = evaluate(situation, current_rule_data())
        answer = display.present(decision, master=situation.supervisor.role is SupervisorRole.MASTER)
    context = {
        "form": form,
        "answer": answer,
        "situation": situation,
        "master": situation is not None and situation.supervisor.role is SupervisorRole.MASTER,
        "facts": form.facts() if answer else [],
        "today": timezone.localdate(),
        "consolidated_on": display.CONSOLIDATED_ON,
    }
    return render(request, "rules/check.html", context)


@login_not_required
def article_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "rules/articles.html",
        {"parts": display.article_parts(), "count": len(articles()), "consolidated_on": display.CONSOLIDATED_ON},
    )


@login_not_required
def article_detail(request: HttpRequest, number: str) -> HttpResponse:
    article = articles().get(number)
    if article is None:
        raise Http404("Article inconnu")
    cited = display.cited_version(article, request.GET.get("version"))
    versions = display.version_rows(article, cited)
    return render(
        request,
        "rules/article.html",
        {
            "article": article,
            "paragraphs": display.paragraphs(article.text),
            "section": [display.section_title(item) for item in article.section],
            "versions": versions,
            "cited": cited,
            # The answer cited an older version: only the text in force is in the data, Légifrance has the others.
            "cited_is_old": any(row.cited and not row.in_force for row in versions),
            "consolidated_on": display.CONSOLIDATED_ON,
        },
    )
