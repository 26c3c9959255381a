"""`manage.py recompute_indicators`: a whole period, every period with values, or a refusal."""
import pytest
from django.core.management import CommandError, call_command

from indicators.models import IndicatorResult, IndicatorValue

from .helpers import assign, every_rule, monthly_round, published_kpi_form

pytestmark = pytest.mark.django_db


def test_recompute_a_period_then_every_period(tree, capsys):
    version = published_kpi_form()
    ind = every_rule(version.definition)
    period = assign(monthly_round(code="t3", issuing_unit=tree.P, version=version), [tree.A, tree.B], version)
    IndicatorValue.objects.create(period=period, unit=tree.A, indicator=ind["dat"], value=5)
    call_command("recompute_indicators", "2026-M03")
    assert "Tháng 3/2026 (2026-M03):" in capsys.readouterr().out
    assert IndicatorResult.objects.get(period=period, unit=tree.TW, indicator=ind["dat"]).value == 5
    call_command("recompute_indicators", "--all")
    assert "kết quả" in capsys.readouterr().out


def test_unknown_or_missing_period_is_refused(db):
    with pytest.raises(CommandError, match="Không có kỳ “dot:khong-co”"):
        call_command("recompute_indicators", "dot:khong-co")
    with pytest.raises(CommandError, match="Cần nêu mã kỳ"):
        call_command("recompute_indicators")
