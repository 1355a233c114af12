#include "pool_weights_view.h"
#include "engine_controller.h"
#include "studio_session.h"

#include "qcustomplot_include.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFile>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTextStream>
#include <QVBoxLayout>

#include <algorithm>
#include <numeric>

PoolWeightsView::PoolWeightsView(StudioSession* session, EngineController* engine, QWidget* parent)
    : QWidget(parent), m_session(session), m_engine(engine), m_plot(new QCustomPlot(this)), m_scale(new QCPColorScale(m_plot)),
      m_choice(new QComboBox(this)), m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("poolWeightsView"));
    m_choice->addItem(tr("Spatial encoder: mixing coefficients per sensor"), QVariant::fromValue(Heatmap::SensorMixing));
    m_choice->addItem(tr("Temporal encoder: time-of-day mixing coefficients"), QVariant::fromValue(Heatmap::TimeOfDayMixing));
    m_choice->addItem(tr("Temporal encoder: generated-weight norm, day × time of day"), QVariant::fromValue(Heatmap::TemporalNorms));
    m_choice->addItem(tr("Decoder: generated-weight norm, sensor × time of day"), QVariant::fromValue(Heatmap::SpatioTemporalNorms));
    auto* png = new QPushButton(tr("PNG…"), this);
    auto* csv = new QPushButton(tr("CSV…"), this);
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Show"), this));
    top->addWidget(m_choice, 1);
    top->addWidget(png);
    top->addWidget(csv);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_status);
    layout->addWidget(m_plot, 1);
    m_status->setWordWrap(true);
    m_plot->setMinimumHeight(220);
    m_plot->plotLayout()->addElement(0, 1, m_scale);
    m_scale->setType(QCPAxis::atRight);
    auto* margins = new QCPMarginGroup(m_plot);
    m_plot->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    m_scale->setMarginGroup(QCP::msBottom | QCP::msTop, margins);

    connect(m_choice, qOverload<int>(&QComboBox::currentIndexChanged), this,
            [this](int i) { showHeatmap(m_choice->itemData(i).value<Heatmap>()); });
    connect(png, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export the heatmap as PNG"), tr("pools.png"), tr("PNG (*.png)"));
        if (!path.isEmpty()) exportPng(path);
    });
    connect(csv, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export the heatmap as CSV"), tr("pools.csv"), tr("CSV (*.csv)"));
        if (!path.isEmpty()) exportCsv(path);
    });
    connect(engine, &EngineController::poolsSummarised, this, [this](const PoolMaps& maps) {
        if (!m_session->hasModel() || maps.checkpointPath != m_session->model().checkpointPath) return; // stale
        m_maps = maps;
        redraw();
        Q_EMIT mapsShown();
    });
    connect(session, &StudioSession::modelChanged, this, [this] {
        m_maps.reset();
        redraw();
        if (m_session->hasModel()) m_engine->summarisePools(m_session->model().checkpointPath, m_session->dataset().data);
    });
    connect(session, &StudioSession::datasetChanged, this, [this] {
        m_maps.reset();
        redraw();
    });
    connect(session, &StudioSession::clustersChanged, this, &PoolWeightsView::redraw);
    redraw();
}

void PoolWeightsView::showHeatmap(Heatmap heatmap)
{
    m_heatmap = heatmap;
    const QSignalBlocker block(m_choice);
    m_choice->setCurrentIndex(m_choice->findData(QVariant::fromValue(heatmap)));
    redraw();
}

QVector<int> PoolWeightsView::sensorOrder() const
{
    const int n = m_session->hasDataset() ? static_cast<int>(m_session->data().numNodes) : 0;
    QVector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    if (n == 0) return order;
    const auto& data = m_session->data();
    if (data.hasZones())
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return data.zoneLabels[a] < data.zoneLabels[b]; });
    else if (m_session->sensorClusters().size() == n)
        std::stable_sort(order.begin(), order.end(),
                         [&](int a, int b) { return m_session->sensorClusters()[a] < m_session->sensorClusters()[b]; });
    return order;
}

PoolWeightsView::Table PoolWeightsView::currentTable() const
{
    Table t;
    if (!m_maps || !m_session->hasDataset()) return t;
    const auto& data = m_session->data();
    const int64_t p = data.stepsPerDay();
    const auto clock = [p](int64_t slot) { return QString::fromStdString(himnet::formatTimeOfDay(slot, p)); };
    const auto sensorLabel = [&](int n) {
        QString label = QString::fromStdString(data.sensorIds[static_cast<size_t>(n)]);
        if (data.hasZones()) label += QStringLiteral(" (%1)").arg(QString::fromStdString(data.zoneNames[static_cast<size_t>(data.zoneLabels[n])]));
        return label;
    };
    switch (m_heatmap) {
    case Heatmap::SensorMixing: {
        const himnet::Matrix& m = m_maps->nodeMixing;
        for (int64_t j = 0; j < m.cols; ++j) t.columnLabels << tr("pool %1").arg(j + 1);
        for (int n : sensorOrder()) {
            t.rowLabels << sensorLabel(n);
            QVector<double> row;
            for (int64_t j = 0; j < m.cols; ++j) row << m.at(n, j);
            t.values << row;
        }
        break;
    }
    case Heatmap::TimeOfDayMixing: {
        const himnet::Matrix& m = m_maps->timeOfDayMixing;
        for (int64_t s = 0; s < m.rows; ++s) t.columnLabels << clock(s);
        for (int64_t j = 0; j < m.cols; ++j) {
            t.rowLabels << tr("tod %1").arg(j + 1);
            QVector<double> row;
            for (int64_t s = 0; s < m.rows; ++s) row << m.at(s, j);
            t.values << row;
        }
        break;
    }
    case Heatmap::TemporalNorms: {
        const himnet::Matrix& m = m_maps->temporalNorms;
        for (int64_t s = 0; s < m.cols; ++s) t.columnLabels << clock(s);
        for (int64_t d = 0; d < m.rows; ++d) {
            t.rowLabels << QString::fromStdString(himnet::dayOfWeekName(d));
            QVector<double> row;
            for (int64_t s = 0; s < m.cols; ++s) row << m.at(d, s);
            t.values << row;
        }
        break;
    }
    case Heatmap::SpatioTemporalNorms: {
        const himnet::Matrix& m = m_maps->spatioTemporalNorms;
        for (qint64 slot : m_maps->originSlots) t.columnLabels << clock(slot);
        if (m.rows > 0)
            for (int n : sensorOrder()) {
                t.rowLabels << sensorLabel(n);
                QVector<double> row;
                for (int64_t o = 0; o < m.rows; ++o) row << m.at(o, n);
                t.values << row;
            }
        break;
    }
    }
    return t;
}

void PoolWeightsView::redraw()
{
    m_plot->clearPlottables();
    m_map = nullptr;
    if (!m_maps) {
        m_status->setText(m_session->hasModel() ? tr("Reading the pools…")
                                                : tr("No trained model yet: train one or open a checkpoint to see its pools."));
        m_plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    const Table t = currentTable();
    if (t.values.isEmpty() || t.values.front().isEmpty()) {
        m_status->setText(m_maps->notes.isEmpty() ? tr("Nothing to show for this model.") : m_maps->notes.join(QLatin1Char('\n')));
        m_plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    const int rows = static_cast<int>(t.values.size()), cols = static_cast<int>(t.values.front().size());
    m_map = new QCPColorMap(m_plot->xAxis, m_plot->yAxis);
    m_map->data()->setSize(cols, rows);
    const bool timeAxis = m_heatmap != Heatmap::SensorMixing;
    m_map->data()->setRange(timeAxis ? QCPRange(0, 24.0 * (cols - 1) / cols) : QCPRange(1, cols), QCPRange(0, rows - 1));
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) m_map->data()->setCell(c, r, t.values[r][c]);
    const bool norms = m_heatmap == Heatmap::TemporalNorms || m_heatmap == Heatmap::SpatioTemporalNorms;
    m_map->setGradient(norms ? QCPColorGradient::gpThermal : QCPColorGradient::gpPolar);
    m_map->setInterpolate(false);
    m_map->setColorScale(m_scale);
    m_map->rescaleDataRange(true);
    if (!norms) { // coefficients: symmetric around zero so that the sign reads at a glance
        const QCPRange r = m_map->dataRange();
        const double bound = std::max(std::abs(r.lower), std::abs(r.upper));
        m_map->setDataRange(QCPRange(-bound, bound));
    }
    m_scale->axis()->setLabel(norms ? tr("‖W‖ generated") : tr("coefficient"));
    m_plot->xAxis->setLabel(timeAxis ? tr("time of day (h)") : tr("pool entry"));

    // Row labels: zones (blocks of sensors), days, or embedding entries.
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    const bool sensorRows = m_heatmap == Heatmap::SensorMixing || m_heatmap == Heatmap::SpatioTemporalNorms;
    if (sensorRows && m_session->data().hasZones()) {
        const auto& data = m_session->data();
        const QVector<int> order = sensorOrder();
        int start = 0;
        for (int r = 1; r <= rows; ++r)
            if (r == rows || data.zoneLabels[order[r]] != data.zoneLabels[order[start]]) {
                ticker->addTick((start + r - 1) / 2.0, QString::fromStdString(data.zoneNames[data.zoneLabels[order[start]]]));
                start = r;
            }
        m_plot->yAxis->setLabel(tr("sensors by zone"));
    } else if (sensorRows) {
        m_plot->yAxis->setLabel(m_session->sensorClusters().isEmpty() ? tr("sensors") : tr("sensors by cluster"));
        for (int r = 0; r < rows; r += std::max(1, rows / 10)) ticker->addTick(r, t.rowLabels[r].section(QLatin1Char(' '), 0, 0));
    } else {
        for (int r = 0; r < rows; ++r) ticker->addTick(r, t.rowLabels[r]);
        m_plot->yAxis->setLabel(QString());
    }
    m_plot->yAxis->setTicker(ticker);
    m_plot->rescaleAxes();
    QStringList text;
    text << tr("%1 × %2 from %3").arg(rows).arg(cols).arg(QFileInfo(m_maps->checkpointPath).fileName());
    if (m_heatmap == Heatmap::SpatioTemporalNorms && !m_maps->origins.empty())
        text << tr("windows ending over %1").arg(QString::fromStdString(
                    himnet::formatTimestamp(m_session->data().timestamps[static_cast<size_t>(m_maps->origins.front())]).substr(0, 10)));
    text << m_maps->notes;
    m_status->setText(text.join(QStringLiteral(" · ")));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

bool PoolWeightsView::exportPng(const QString& path)
{
    const bool ok = m_plot->savePng(path, 0, 0, 2.0);
    if (!ok) m_status->setText(tr("%1: could not be written").arg(path));
    return ok;
}

bool PoolWeightsView::exportCsv(const QString& path)
{
    const Table t = currentTable();
    QFile file(path);
    if (t.values.isEmpty() || !file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
        m_status->setText(tr("%1: could not be written").arg(path));
        return false;
    }
    QTextStream out(&file);
    const auto quote = [](QString s) { return s.contains(QLatin1Char(',')) ? QLatin1Char('"') + s.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"') : s; };
    out << "row";
    for (const QString& c : t.columnLabels) out << ',' << quote(c);
    out << '\n';
    for (int r = 0; r < t.values.size(); ++r) {
        out << quote(t.rowLabels[r]);
        for (double v : t.values[r]) out << ',' << QString::number(v, 'g', 9);
        out << '\n';
    }
    out.flush();
    return file.error() == QFileDevice::NoError;
}
