# Results become a narrow derived table keyed by (period, unit, indicator), without database
# foreign-key checks; values keep only their primary-key index; unit links remember the path they
# were written for. Results are recomputable, so the
# table is recreated rather than altered (Django cannot turn an id into a composite key in place).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('hierarchy', '0001_initial'),
        ('indicators', '0002_excel_importjob'),
    ]

    operations = [
        migrations.AddField(
            model_name='unitlink',
            name='path',
            field=models.CharField(default='', max_length=255),
        ),
        migrations.DeleteModel(name='IndicatorResult'),
        migrations.CreateModel(
            name='IndicatorResult',
            fields=[
                ('pk', models.CompositePrimaryKey('period', 'unit', 'indicator', blank=True, editable=False, primary_key=True, serialize=False)),
                ('value', models.FloatField(blank=True, null=True)),
                ('reporting', models.IntegerField(default=0, verbose_name='số đơn vị đã báo cáo')),
                ('expected', models.IntegerField(default=0, verbose_name='số đơn vị phải báo cáo')),
                ('total', models.FloatField(blank=True, null=True)),
                ('minimum', models.FloatField(blank=True, null=True)),
                ('maximum', models.FloatField(blank=True, null=True)),
                ('meeting', models.IntegerField(default=0)),
                ('last_at', models.DateTimeField(blank=True, null=True)),
                ('indicator', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='results', to='indicators.indicator')),
                ('period', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='indicators.indicatorperiod')),
                ('unit', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='hierarchy.unit')),
            ],
            options={
                'verbose_name': 'kết quả tổng hợp chỉ tiêu',
                'verbose_name_plural': 'kết quả tổng hợp chỉ tiêu',
            },
        ),
        migrations.AlterField(
            model_name='indicatorvalue',
            name='indicator',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='values', to='indicators.indicator'),
        ),
        migrations.AlterField(
            model_name='indicatorvalue',
            name='period',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='indicators.indicatorperiod'),
        ),
        migrations.AlterField(
            model_name='indicatorvalue',
            name='unit',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='hierarchy.unit'),
        ),
    ]
