"""Indicators (chỉ tiêu) as data: where each value comes from, how it rolls up the tree and
over periods, its target; the values taken from approved submissions and the roll-up results."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from .engine.rules import AGGREGATION_LABELS, COMPARATOR_LABELS, Aggregation, PeriodCombine
from .engine.sources import SOURCE_LABELS, SourceKind


class ValueType(models.TextChoices):
    INTEGER = "integer", "Số nguyên"
    DECIMAL = "decimal", "Số thập phân"
    PERCENT = "percent", "Tỷ lệ (%)"
    BOOLEAN = "boolean", "Có/Không"


class AggregationRule(models.TextChoices):
    """How the values of a subtree's units combine (quy tắc tổng hợp), chosen in the admin."""

    SUM = Aggregation.SUM.value, AGGREGATION_LABELS[Aggregation.SUM]
    AVERAGE = Aggregation.AVERAGE.value, AGGREGATION_LABELS[Aggregation.AVERAGE]
    MIN = Aggregation.MIN.value, AGGREGATION_LABELS[Aggregation.MIN]
    MAX = Aggregation.MAX.value, AGGREGATION_LABELS[Aggregation.MAX]
    COUNT = Aggregation.COUNT.value, AGGREGATION_LABELS[Aggregation.COUNT]
    RATIO = Aggregation.RATIO.value, AGGREGATION_LABELS[Aggregation.RATIO]
    SHARE = Aggregation.SHARE.value, AGGREGATION_LABELS[Aggregation.SHARE]
    LAST = Aggregation.LAST.value, AGGREGATION_LABELS[Aggregation.LAST]


class PeriodRule(models.TextChoices):
    """How a unit's values of several periods combine into a longer period."""

    SUM = PeriodCombine.SUM.value, PeriodCombine.SUM.label_vi
    AVERAGE = PeriodCombine.AVERAGE.value, PeriodCombine.AVERAGE.label_vi
    LAST = PeriodCombine.LAST.value, PeriodCombine.LAST.label_vi


class SourceKindChoices(models.TextChoices):
    NUMBER = SourceKind.NUMBER.value, SOURCE_LABELS[SourceKind.NUMBER]
    YES_NO = SourceKind.YES_NO.value, SOURCE_LABELS[SourceKind.YES_NO]
    CHOICE = SourceKind.CHOICE.value, SOURCE_LABELS[SourceKind.CHOICE]
    COLUMN_SUM = SourceKind.COLUMN_SUM.value, SOURCE_LABELS[SourceKind.COLUMN_SUM]
    ROW_COUNT = SourceKind.ROW_COUNT.value, SOURCE_LABELS[SourceKind.ROW_COUNT]


class ComparatorChoices(models.TextChoices):
    GE = ">=", "≥"
    LE = "<=", "≤"
    EQ = "=", "="
    GT = ">", ">"
    LT = "<", "<"


class DirectionChoices(models.TextChoices):
    GE = ">=", "≥ (không thấp hơn)"
    LE = "<=", "≤ (không vượt quá)"
    EQ = "=", "= (đúng bằng)"


CODE_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,119}$",
    "Mã chỉ tiêu chỉ gồm chữ không dấu, số, dấu chấm, gạch chéo, gạch ngang, gạch dưới.")


class Indicator(models.Model):
    """An indicator (chỉ tiêu): a value read from a form field, rolled up the tree by a rule."""

    code = models.CharField(max_length=120, unique=True, validators=[CODE_VALIDATOR], verbose_name="mã chỉ tiêu")
    name = models.CharField(max_length=500, verbose_name="tên chỉ tiêu")
    description = models.TextField(blank=True, verbose_name="mô tả")
    unit_of_measure = models.CharField(max_length=50, blank=True, verbose_name="đơn vị tính")
    value_type = models.CharField(max_length=10, choices=ValueType.choices, default=ValueType.DECIMAL,
                                  verbose_name="kiểu giá trị")
    # Source: a field of a definition, found by its stable key in whichever version a submission used.
    definition = models.ForeignKey("formbuilder.FormDefinition", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="indicators", verbose_name="biểu mẫu nguồn")
    source_kind = models.CharField(max_length=12, choices=SourceKindChoices.choices, blank=True,
                                   verbose_name="cách lấy giá trị")
    field_key = models.CharField(max_length=63, blank=True, verbose_name="mã trường nguồn")
    column_key = models.CharField(max_length=63, blank=True, verbose_name="mã cột (bảng)")
    choice_value = models.CharField(max_length=200, blank=True, verbose_name="giá trị lựa chọn được đếm")
    # Rule: how units combine, how periods combine.
    aggregation = models.CharField(max_length=10, choices=AggregationRule.choices, default=Aggregation.SUM.value,
                                   verbose_name="quy tắc tổng hợp")
    numerator = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name="tử số")
    denominator = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="mẫu số")
    factor = models.FloatField(default=1.0, verbose_name="hệ số", help_text="100 để ra phần trăm.")
    condition_op = models.CharField(max_length=2, choices=ComparatorChoices.choices, blank=True,
                                    verbose_name="điều kiện đạt")
    condition_value = models.FloatField(null=True, blank=True, verbose_name="ngưỡng đạt")
    period_combine = models.CharField(max_length=4, choices=PeriodRule.choices, default=PeriodCombine.SUM.value,
                                      verbose_name="cộng các kỳ")
    is_active = models.BooleanField(default=True, verbose_name="đang dùng")
    order = models.PositiveIntegerField(default=0, verbose_name="thứ tự")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        indexes = [models.Index(fields=["definition", "field_key"], name="indicator_source")]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def is_ratio(self) -> bool:
        return self.aggregation == Aggregation.RATIO

    def clean(self):
        """Refuse a rule naming a missing field, mixing units or combining wrongly (Vietnamese messages)."""
        from .configuration import indicator_spec_problems

        errors: dict[str, list[str]] = {}
        for problem in indicator_spec_problems(self):
            errors.setdefault(problem.field, []).append(problem.message)
        if errors:
            raise ValidationError(errors)


class Target(models.Model):
    """The value an indicator aims at (chỉ tiêu phấn đấu) and its green / amber / red bands."""

    indicator = models.OneToOneField(Indicator, on_delete=models.CASCADE, related_name="target",
                                     verbose_name="chỉ tiêu")
    direction = models.CharField(max_length=2, choices=DirectionChoices.choices, default=">=",
                                 verbose_name="hướng")
    value = models.FloatField(verbose_name="giá trị phấn đấu")
    baseline = models.FloatField(null=True, blank=True, verbose_name="giá trị cơ sở",
                                 help_text="Giá trị lúc xuất phát: cho biết tiến độ so với giá trị cơ sở, và mức "
                                           "“gần đạt” khi chưa đặt ngưỡng vàng.")
    green_threshold = models.FloatField(null=True, blank=True, verbose_name="ngưỡng xanh",
                                        help_text="Bỏ trống: bằng giá trị phấn đấu. Với “=”: độ lệch cho phép.")
    amber_threshold = models.FloatField(null=True, blank=True, verbose_name="ngưỡng vàng",
                                        help_text="Bỏ trống: giá trị tốt hơn giá trị cơ sở (nếu có) mà chưa đạt là “gần đạt”; "
                                                  "không có giá trị cơ sở thì không có mức “gần đạt”. "
                                                  "Với “=”: độ lệch cho phép.")
    unit = models.CharField(max_length=50, blank=True, verbose_name="đơn vị tính")
    source = models.TextField(blank=True, verbose_name="căn cứ")

    class Meta:
        verbose_name = "chỉ tiêu phấn đấu"
        verbose_name_plural = "chỉ tiêu phấn đấu"

    def __str__(self) -> str:
        return f"{COMPARATOR_LABELS.get(self.direction, self.direction)} {self.value:g}{self.unit and ' ' + self.unit}"

    def clean(self):
        from .configuration import target_spec_problems

        errors: dict[str, list[str]] = {}
        names = {"green": "green_threshold", "amber": "amber_threshold"}
        for name, message in target_spec_problems(self):
            errors.setdefault(names.get(name, name), []).append(message)
        if errors:
            raise ValidationError(errors)


class IndicatorPeriod(models.Model):
    """A period results are kept for: a calendar period (2026-M03, 2026-Q1 …) or a round without one."""

    key = models.CharField(max_length=100, unique=True, verbose_name="mã kỳ")
    label = models.CharField(max_length=200, verbose_name="kỳ")
    starts_on = models.DateField(null=True, blank=True, verbose_name="từ ngày")
    ends_on = models.DateField(null=True, blank=True, verbose_name="đến ngày")

    class Meta:
        ordering = ["starts_on", "ends_on", "key"]
        verbose_name = "kỳ chỉ tiêu"
        verbose_name_plural = "kỳ chỉ tiêu"

    def __str__(self) -> str:
        return self.label or self.key


class IndicatorValue(models.Model):
    """One unit's value of one indicator for one period, taken from its approved submission.

    Kept narrow (it holds one row per unit × indicator × period, ~10M for a national round):
    the primary key is the (period, unit, indicator) triple and there is no surrogate id.
    """

    pk = models.CompositePrimaryKey("period", "unit", "indicator")
    # The primary key's index serves every read (by period, then unit); one index per foreign key
    # would triple the cost of writing ten million rows. Deleting a unit or an indicator scans.
    period = models.ForeignKey(IndicatorPeriod, on_delete=models.CASCADE, related_name="+", db_index=False)
    unit = models.ForeignKey("hierarchy.Unit", on_delete=models.CASCADE, related_name="+", db_index=False)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values", db_index=False)
    value = models.FloatField()
    submission = models.ForeignKey("rounds.Submission", null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="+", db_index=False)
    reported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "giá trị chỉ tiêu"
        verbose_name_plural = "giá trị chỉ tiêu"
        indexes = [models.Index(fields=["submission"], name="indicatorvalue_submission",
                                condition=Q(submission__isnull=False))]


class IndicatorResult(models.Model):
    """The rolled-up value of an indicator over a unit's subtree for a period, with its counts.

    ``total``, ``minimum``, ``maximum``, ``meeting`` and ``last_at`` keep the rule's partial state
    so that an ancestor can be recomputed from its children alone (the incremental path).
    """

    # Results are derived data, rewritten wholesale by each recompute: no database foreign-key checks
    # (Django still cascades deletions) and one index, the key: a trend asks for its periods by key.
    pk = models.CompositePrimaryKey("period", "unit", "indicator")
    period = models.ForeignKey(IndicatorPeriod, on_delete=models.CASCADE, related_name="+", db_index=False,
                               db_constraint=False)
    unit = models.ForeignKey("hierarchy.Unit", on_delete=models.CASCADE, related_name="+", db_index=False,
                             db_constraint=False)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="results", db_index=False,
                                  db_constraint=False)
    value = models.FloatField(null=True, blank=True)
    reporting = models.IntegerField(default=0, verbose_name="số đơn vị đã báo cáo")
    expected = models.IntegerField(default=0, verbose_name="số đơn vị phải báo cáo")
    total = models.FloatField(null=True, blank=True)
    minimum = models.FloatField(null=True, blank=True)
    maximum = models.FloatField(null=True, blank=True)
    meeting = models.IntegerField(default=0)
    last_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "kết quả tổng hợp chỉ tiêu"
        verbose_name_plural = "kết quả tổng hợp chỉ tiêu"


class UnitLink(models.Model):
    """Each unit's parent id and depth, denormalised from the tree's paths for set-based roll-ups.

    Rebuilt in one statement by ``services.unit_links_refresh`` (the hierarchy app is not touched).
    """

    unit = models.OneToOneField("hierarchy.Unit", primary_key=True, on_delete=models.CASCADE, related_name="+",
                                db_constraint=False)
    parent_id = models.BigIntegerField(null=True)
    depth = models.PositiveSmallIntegerField()
    internal = models.BooleanField(default=False)
    # The unit's path when the link was written: comparing it tells whether the tree has moved.
    path = models.CharField(max_length=255, default="")

    class Meta:
        verbose_name = "liên kết cây (tính toán)"


# Excel import jobs (issue 5, Excel part) live in this app; importing them here registers the model.
from .excel.models import ImportJob  # noqa: E402,F401
