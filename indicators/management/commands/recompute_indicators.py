from django.core.management.base import BaseCommand, CommandError

from indicators.models import IndicatorPeriod, IndicatorValue
from indicators.periods import period_get
from indicators.services import indicator_period_recompute


class Command(BaseCommand):
    help = ("Tính lại toàn bộ kết quả chỉ tiêu của một kỳ (vd: 2026-M03, 2026-Q1, 2026-Y) / "
            "Recompute every indicator result of a period.")

    def add_arguments(self, parser):
        parser.add_argument("periods", nargs="*", metavar="KỲ", help="mã kỳ, vd 2026-M03, 2026-Q1, 2026-Y")
        parser.add_argument("--all", action="store_true", help="mọi kỳ đã có số liệu / every period with values")

    def handle(self, *args, periods, all, **options):
        if all:
            keys = list(IndicatorPeriod.objects.filter(
                pk__in=IndicatorValue.objects.values("period_id")).values_list("key", flat=True))
        else:
            keys = periods
        if not keys:
            raise CommandError("Cần nêu mã kỳ (vd: 2026-M03) hoặc --all.")
        for key in keys:
            try:
                period = period_get(key=key)
            except IndicatorPeriod.DoesNotExist:
                raise CommandError(f"Không có kỳ “{key}”.") from None
            done = indicator_period_recompute(period=period)
            self.stdout.write(f"{period.label} ({done.period}): {done.rows} kết quả, {done.seconds:.2f} s")
