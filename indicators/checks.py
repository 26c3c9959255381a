"""System checks for broken indicator configuration (indicators.E001 …), run with the database.

``manage.py check --database default`` (and migrate) report every indicator whose source field
is missing, whose rule mixes units or is incomplete, or whose target does not fit.
"""
from __future__ import annotations

from django.core import checks
from django.db import DatabaseError

from .engine.validation import BAD_TARGET

HINT = "Sửa chỉ tiêu trong trang quản trị (Chỉ tiêu) hoặc tắt “đang dùng”."


@checks.register(checks.Tags.database)
def indicator_configuration(app_configs=None, databases=None, **kwargs):
    """Return an Error per problem of every active indicator and target."""
    if not databases or "default" not in databases:
        return []
    from .configuration import indicator_spec_problems, target_spec_problems
    from .models import Indicator, Target

    errors = []
    try:
        indicators = list(Indicator.objects.filter(is_active=True)
                          .select_related("definition", "numerator", "denominator"))
        targets = list(Target.objects.filter(indicator__is_active=True).select_related("indicator"))
    except DatabaseError:  # tables not migrated yet
        return []
    for indicator in indicators:
        for problem in indicator_spec_problems(indicator):
            errors.append(checks.Error(f"Chỉ tiêu “{indicator.code}”: {problem.message}", hint=HINT, obj=indicator,
                                       id=f"indicators.{problem.code}"))
    for target in targets:
        for _field, message in target_spec_problems(target):
            errors.append(checks.Error(f"Chỉ tiêu phấn đấu của “{target.indicator.code}”: {message}", hint=HINT,
                                       obj=target, id=f"indicators.{BAD_TARGET}"))
    return errors
