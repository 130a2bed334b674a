from partnership.models import Partnership


def navigation(request):
    """The partnerships the signed-in user can switch between, for the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"my_partnerships": []}

    def partnerships():
        return list(Partnership.objects.for_user(user).only("name", "slug", "short_name"))

    return {"my_partnerships": partnerships}
