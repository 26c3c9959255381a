"""The Django permission group given to unit administrators for the Wagtail admin."""
from django.contrib.auth.models import Group, Permission

UNIT_ADMIN_GROUP = "Quản trị đơn vị"
UNIT_ADMIN_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("hierarchy", "add_unit"), ("hierarchy", "change_unit"), ("hierarchy", "view_unit"),
    ("hierarchy", "add_membership"), ("hierarchy", "change_membership"), ("hierarchy", "view_membership"),
    ("hierarchy", "delete_membership"), ("hierarchy", "view_unitgroup"),
]


def ensure_unit_admin_group() -> Group:
    """Return the unit administrators' group, creating it with its permissions if needed."""
    group, _ = Group.objects.get_or_create(name=UNIT_ADMIN_GROUP)
    perms = [Permission.objects.get(content_type__app_label=app, codename=codename)
             for app, codename in UNIT_ADMIN_PERMISSIONS]
    group.permissions.add(*perms)
    return group
