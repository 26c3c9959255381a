import pytest

from hierarchy.models import Role
from hierarchy.selectors import (
    unit_ancestors,
    units_acting_for,
    units_visible_to,
    user_can_act,
    user_can_see_unit,
)


def codes(qs):
    return sorted(qs.values_list("code", flat=True))


def test_commune_user_sees_own_commune_and_its_subtree_only(tree, make_user):
    user = make_user("xa_b", unit=tree.B, role=Role.DRAFTER)
    assert codes(units_visible_to(user=user)) == ["B", "B1"]
    assert not user_can_see_unit(user=user, unit=tree.A)
    assert user_can_see_unit(user=user, unit=tree.B1)


def test_province_user_sees_whole_province_but_not_other_province(tree, make_user):
    user = make_user("tinh_p", unit=tree.P, role=Role.REVIEWER)
    assert codes(units_visible_to(user=user)) == ["A", "B", "B1", "P"]
    assert not user_can_see_unit(user=user, unit=tree.C)


def test_central_member_and_superuser_see_all(tree, make_user, django_user_model):
    central = make_user("tw", unit=tree.TW, role=Role.VIEWER)
    root = django_user_model.objects.create_superuser("root", password="x")
    assert codes(units_visible_to(user=central)) == codes(units_visible_to(user=root)) == sorted(tree.units)


def test_user_without_membership_sees_nothing(tree, make_user):
    assert codes(units_visible_to(user=make_user("nobody"))) == []


def test_overlapping_memberships_are_not_duplicated(tree, make_user):
    from hierarchy.models import Membership

    user = make_user("both", unit=tree.P, role=Role.REVIEWER)
    Membership.objects.create(user=user, unit=tree.B, role=Role.DRAFTER)
    assert codes(units_visible_to(user=user)) == ["A", "B", "B1", "P"]


def test_drafter_acts_for_own_unit_only_reviewer_for_subtree(tree, make_user):
    drafter = make_user("d", unit=tree.B, role=Role.DRAFTER)
    reviewer = make_user("r", unit=tree.P, role=Role.REVIEWER)
    viewer = make_user("v", unit=tree.P, role=Role.VIEWER)
    assert codes(units_acting_for(user=drafter, role=Role.DRAFTER)) == ["B"]
    assert not user_can_act(user=drafter, unit=tree.B1, role=Role.DRAFTER)
    assert not user_can_act(user=drafter, unit=tree.B, role=Role.REVIEWER)
    assert codes(units_acting_for(user=reviewer, role=Role.REVIEWER)) == ["A", "B", "B1", "P"]
    assert user_can_act(user=reviewer, unit=tree.A, role=Role.REVIEWER)
    assert not user_can_act(user=reviewer, unit=tree.C, role=Role.REVIEWER)
    assert codes(units_acting_for(user=viewer, role=Role.VIEWER)) == []


@pytest.mark.parametrize("username,unit_code", [("p", "P"), ("b", "B")])
def test_visible_units_cost_two_queries_whatever_the_tree(tree, make_user, django_assert_num_queries,
                                                          username, unit_code):
    user = make_user(username, unit=tree.units[unit_code], role=Role.REVIEWER)
    user = type(user).objects.get(pk=user.pk)  # no cached memberships
    with django_assert_num_queries(2):
        list(units_visible_to(user=user))
    with django_assert_num_queries(1):  # memberships are cached on the user object
        list(units_visible_to(user=user))


def test_ancestors_in_one_query(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert [u.code for u in unit_ancestors(unit=tree.B1)] == ["TW", "P", "B"]
