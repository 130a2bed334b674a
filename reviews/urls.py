from django.urls import path
from django.http import Http404

app_name = "reviews"


def _placeholder(request, slug):
    raise Http404


urlpatterns = [path("", _placeholder, name="review_list")]
