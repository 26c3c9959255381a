from hierarchy.selectors import primary_membership


def current_unit(request):
    """Put the user's main unit and role in every template (shown in the header)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def _lazy():
        return primary_membership(user=user)

    from django.utils.functional import SimpleLazyObject

    return {"current_membership": SimpleLazyObject(_lazy)}
