from django.core.paginator import Paginator
from django.shortcuts import render

from partnership.access import get_access
from partnership.page_cache import cached_page, form_parameters
from partnership.paging import CountedPaginator
from scrutiny.forms import SearchForm
from scrutiny.search.query import Criteria, highlight, search, uses_full_text
from subgroups.models import SubGroup

PER_PAGE = 20


@cached_page(query=(*form_parameters(SearchForm), "page"))
def search_page(request, slug):
    """Search minutes, decisions, actions and published reports (GET, so it can be shared)."""
    access = get_access(request, slug)
    subgroups = list(SubGroup.objects.for_partnership(access.partnership).only("name", "slug"))
    form = SearchForm(request.GET or None, subgroups=subgroups)
    page = None
    page_range = []
    query = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        query = data["q"].strip()
        chosen = form.subgroups_by_slug.get(data["subgroup"])
        criteria = Criteria(
            q=query,
            subgroup_id=chosen.pk if chosen else None,
            date_from=data["date_from"],
            date_to=data["date_to"],
            record_type=data["type"] or None,
        )
        if query:
            found = search(access, criteria)
            page = CountedPaginator(found, PER_PAGE).get_page(request.GET.get("page"))
            page.object_list = highlight(page.object_list, query)
            page_range = list(page.paginator.get_elided_page_range(page.number))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "scrutiny/search.html",
        {
            "access": access,
            "partnership": access.partnership,
            "form": form,
            "query": query,
            "page": page,
            "page_range": page_range,
            "ellipsis": Paginator.ELLIPSIS,
            "query_string": params.urlencode(),
            "full_text": uses_full_text(),
        },
    )
