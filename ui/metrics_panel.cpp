#include "metrics_panel.h"

#include "baselines_text.h"
#include "file_choice.h"
#include "hourly_errors_view.h"
#include "metrics_table_model.h"
#include "number_format.h"
#include "sensor_metrics_model.h"
#include "studio_session.h"

#include <QDateTime>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <exception>

MetricsPanel::MetricsPanel(StudioSession* session, QWidget* parent)
    : QWidget(parent), m_session(session), m_model(new MetricsTableModel(this)), m_sensorModel(new SensorMetricsModel(session, this)),
      m_sortedSensors(new QSortFilterProxyModel(this)), m_sensorTable(new QTableView(this)),
      m_hourlyErrors(new HourlyErrorsView(session, this)), m_tabs(new QTabWidget(this)),
      m_caption(new QLabel(this)), m_measuringBar(new QProgressBar(this))
{
    auto* table = new QTableView(this);
    table->setObjectName(QStringLiteral("metricsTable"));
    table->setModel(m_model);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->setAlternatingRowColors(true);
    // By sensor: worst first, sortable by any column; rows picked select their sensors.
    m_sortedSensors->setSourceModel(m_sensorModel);
    m_sortedSensors->setSortRole(Qt::UserRole);
    m_sensorTable->setObjectName(QStringLiteral("sensorMetricsTable"));
    m_sensorTable->setModel(m_sortedSensors);
    m_sensorTable->setSortingEnabled(true);
    // New metrics, worst first (where MAE stands depends on whether the data has zones).
    const auto worstFirst = [this] { m_sensorTable->sortByColumn(m_sensorModel->columnOf(SensorMetricsModel::Mae), Qt::DescendingOrder); };
    connect(m_sensorModel, &QAbstractItemModel::modelReset, this, worstFirst);
    worstFirst();
    m_sensorTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_sensorTable->verticalHeader()->hide();
    m_sensorTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_sensorTable->setAlternatingRowColors(true);
    m_sensorTable->setToolTip(tr("Each sensor's errors over every horizon of the test period. Click a header to sort; pick rows to "
                                 "see those sensors on the map and their forecasts."));
    connect(m_sensorTable->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MetricsPanel::selectPickedSensors);
    connect(session, &StudioSession::selectionChanged, this, &MetricsPanel::pickSelectedSensors);
    connect(session, &StudioSession::baselinesChanged, this, &MetricsPanel::updateCaption);
    connect(m_sensorModel, &QAbstractItemModel::modelReset, this, &MetricsPanel::pickSelectedSensors);
    m_tabs->setObjectName(QStringLiteral("metricsTabs"));
    m_tabs->addTab(table, tr("By horizon"));
    m_tabs->addTab(m_sensorTable, tr("By sensor"));
    m_tabs->addTab(m_hourlyErrors, tr("By hour"));
    m_tabs->setDocumentMode(true);
    auto* exportButton = new QPushButton(tr("Export CSV…"), this);
    connect(exportButton, &QPushButton::clicked, this, &MetricsPanel::exportMetrics);
    m_caption->setObjectName(QStringLiteral("metricsCaption"));
    m_caption->setWordWrap(true);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MetricsPanel::updateCaption);
    updateCaption();
    m_measuringBar->setObjectName(QStringLiteral("measuringProgress"));
    m_measuringBar->setFormat(tr("%v of %m windows"));
    m_measuringBar->hide();
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_caption);
    layout->addWidget(m_measuringBar);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(exportButton, 0, Qt::AlignRight);
}

void MetricsPanel::showReport(const himnet::EvaluationReport& report)
{
    m_noTestPeriod.clear();
    endMeasuring();
    m_model->setReport(report);
}

void MetricsPanel::selectPickedSensors()
{
    if (m_syncingSelection) return;
    QList<int> sensors;
    for (const QModelIndex& row : m_sensorTable->selectionModel()->selectedRows())
        sensors << m_sortedSensors->mapToSource(row).row();
    if (sensors.isEmpty()) return;
    m_syncingSelection = true;
    m_session->setSelection(sensors);
    m_syncingSelection = false;
}

void MetricsPanel::pickSelectedSensors()
{
    if (m_syncingSelection) return;
    m_syncingSelection = true;
    QItemSelection rows;
    for (int sensor : m_session->selection()) {
        if (sensor < 0 || sensor >= m_sensorModel->rowCount()) continue;
        const QModelIndex first = m_sortedSensors->mapFromSource(m_sensorModel->index(sensor, 0));
        rows.select(first, first.siblingAtColumn(m_sortedSensors->columnCount() - 1));
    }
    m_sensorTable->selectionModel()->select(rows, QItemSelectionModel::ClearAndSelect);
    if (!rows.isEmpty()) m_sensorTable->scrollTo(rows.indexes().front());
    m_syncingSelection = false;
}

QString MetricsPanel::csvOfTableShown() const
{
    if (m_tabs->currentWidget() == m_sensorTable && m_session->hasMetrics())
        return QString::fromStdString(himnet::sensorMetricsCsv(m_session->metrics()));
    if (m_tabs->currentWidget() == m_hourlyErrors && m_session->hasMetrics()) return m_hourlyErrors->csvOfHoursShown();
    return m_model->toCsv();
}

void MetricsPanel::clear(const QString& noTestPeriod)
{
    m_noTestPeriod = noTestPeriod;
    endMeasuring();
    m_model->clear(); // its reset redraws the caption
}

void MetricsPanel::startMeasuring()
{
    clear(); // the bar stays hidden until the windows are counted
    m_measuring = true;
    updateCaption();
}

void MetricsPanel::showMeasured(qint64 measured, qint64 windows)
{
    if (!m_measuring || windows <= 0) return;
    // QProgressBar counts in int: windows are far fewer than 2^31 (a year of 5-minute steps is 105 120).
    m_measuringBar->setRange(0, static_cast<int>(windows));
    m_measuringBar->setValue(static_cast<int>(std::min(measured, windows)));
    m_measuringBar->show();
}

void MetricsPanel::showNotMeasured(const QString& why)
{
    endMeasuring();
    m_notMeasured = why;
    updateCaption();
}

void MetricsPanel::endMeasuring()
{
    m_measuring = false;
    m_notMeasured.clear();
    m_measuringBar->hide();
}

QString MetricsPanel::intervalCaption(const himnet::EvaluationReport& report)
{
    const himnet::ForecastIntervals& intervals = report.intervals;
    if (intervals.empty() || intervals.all.targets == 0) return {};
    const QString level = levelText(intervals.level);
    const QString unit = report.unit.empty() ? QString() : QLatin1Char(' ') + QString::fromStdString(report.unit);
    QString text = QLatin1Char('\n')
        + tr("The band around the forecast is its %1 % interval, sized by HimNet's errors on the validation period "
             "(%2 windows) and wider in the hours when traffic strays most from its usual level; on the test split it "
             "holds %3 % of the targets (on average ± %4%5).")
              .arg(level)
              .arg(intervals.calibrationWindows)
              .arg(100 * intervals.all.covered, 0, 'f', 1)
              .arg(intervals.all.meanHalfWidth, 0, 'f', 2)
              .arg(unit);
    if (const std::string least = himnet::sensorsHeldLeast(report, 3); !least.empty())
        text += QLatin1Char(' ')
            + tr("It held least at sensors %1 (Colour by → where the %2 % band held shows them all).")
                  .arg(QString::fromStdString(least))
                  .arg(level);
    // Two points short of its level: the test days are not like those it was calibrated on.
    if (StudioSession::heldShort(intervals.all, intervals.level))
        text += QLatin1Char(' ')
            + tr("Fewer than %1 %: the test period's errors are larger than the validation period's, so read the band as "
                 "narrower than it should be.")
                  .arg(level);
    return text;
}

void MetricsPanel::updateCaption()
{
    const himnet::EvaluationReport& report = m_model->report();
    const QString unit = QString::fromStdString(report.unit);
    QString text = m_model->rowCount() > 0
        ? tr("Test split (%1 – %2, %3 windows): HimNet against the last value and the historical average (green: beats both).")
              .arg(timeText(report.firstTime, true),
                   timeText(report.lastTime, QDateTime::fromSecsSinceEpoch(report.firstTime, Qt::UTC).date().year()
                                                  != QDateTime::fromSecsSinceEpoch(report.lastTime, Qt::UTC).date().year()))
              .arg(report.windows)
            + (unit.isEmpty() ? QString() : tr(" MAE and RMSE in %1.").arg(unit))
            + (report.fromCheckpoint ? tr(" As the checkpoint keeps them, measured on the same weights and data.")
               : report.fromKeptReports ? tr(" As measured when this model was last opened on the same data (kept in the app's data folder).")
                                        : QString())
        : !m_noTestPeriod.isEmpty()
        ? tr("No metrics on these data, only forecasts: %1. Open the data the model was trained on to measure it.").arg(m_noTestPeriod)
        : m_measuring
        ? tr("Measuring the model on the test split, against the last value and the historical average, once its forecast "
             "intervals are sized on the validation period (the first part of the bar). The forecast follows the slider meanwhile.")
        : !m_notMeasured.isEmpty() ? tr("No metrics: %1").arg(m_notMeasured)
        : tr("No trained model yet: train one in the Training tab, or open a checkpoint (File menu).")
            + (m_session->latestBaselines()
                   ? QLatin1Char('\n') + tr("What it must beat, with the split the Training tab plans: %1.")
                                               .arg(baselinesText(*m_session->latestBaselines(), m_session->unitSuffix()))
                   : QString());
    if (m_model->rowCount() > 0 && !report.sensors.empty())
        text += QLatin1Char('\n')
            + tr("By sensor: HimNet's MAE beats both at %1 of %2 sensors (Colour by → test error per sensor shows where).")
                  .arg(himnet::sensorsBeatingBothBaselines(report))
                  .arg(himnet::sensorsMeasured(report));
    if (m_model->rowCount() > 0) text += intervalCaption(report);
    if (m_model->rowCount() > 0 && !report.mapeCaveat.empty())
        text += QLatin1Char('\n') + QString::fromStdString(report.mapeCaveat) + QLatin1Char('.');
    m_caption->setText(text);
}

void MetricsPanel::exportMetrics()
{
    if (m_model->rowCount() == 0) return Q_EMIT failed(tr("No metrics to export: train or open a model first."));
    const QString name = m_tabs->currentWidget() == m_sensorTable ? QStringLiteral("%1-sensor-metrics.csv")
        : m_tabs->currentWidget() == m_hourlyErrors                  ? QStringLiteral("%1-hour-metrics.csv")
                                                                     : QStringLiteral("%1-metrics.csv");
    const QString target = chooseFileToWrite(this, tr("Export metrics"), name.arg(m_session->fileNameStem()),
                                             tr("CSV (*.csv);;Excel workbook (*.xlsx)"));
    if (target.isEmpty()) return;
    if (target.endsWith(QLatin1String(".xlsx"), Qt::CaseInsensitive)) {
        try {
            m_model->writeWorkbook(target.toStdString());
        } catch (const std::exception& e) {
            return Q_EMIT failed(QString::fromStdString(e.what()));
        }
        return Q_EMIT written(tr("Metrics written to %1").arg(target));
    }
    QSaveFile file(target); // whole or not at all: a failed write leaves an earlier export as it was
    if (!file.open(QIODevice::WriteOnly)) return Q_EMIT failed(tr("%1: cannot be written").arg(target));
    file.write(csvOfTableShown().toUtf8());
    if (!file.commit()) return Q_EMIT failed(tr("%1: cannot be written (%2)").arg(target, file.errorString()));
    Q_EMIT written(tr("Metrics written to %1").arg(target));
}
