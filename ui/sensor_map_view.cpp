#include "sensor_map_view.h"
#include "number_format.h"
#include "map_legend.h"
#include "sensor_item.h"
#include "studio_session.h"

#include "himnet/evaluation.h"

#include <QGraphicsPathItem>
#include <QMouseEvent>
#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

SensorMapView::SensorMapView(StudioSession* session, QWidget* parent)
    : QGraphicsView(parent), m_session(session), m_scene(new QGraphicsScene(this)), m_legend(new MapLegend(session, viewport()))
{
    setObjectName(QStringLiteral("sensorMap"));
    setScene(m_scene);
    setRenderHint(QPainter::Antialiasing);
    setDragMode(QGraphicsView::RubberBandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setBackgroundBrush(QColor(0xf4, 0xf1, 0xea));
    setMinimumSize(320, 240);
    connect(m_scene, &QGraphicsScene::selectionChanged, this, &SensorMapView::syncSelectionFromScene);
    // First: the tooltips' hours are of the metrics, which these replace or drop.
    for (auto signal : {&StudioSession::metricsChanged, &StudioSession::modelChanged, &StudioSession::datasetChanged})
        connect(session, signal, this, [this] { m_hoursTexts.clear(); });
    connect(session, &StudioSession::datasetChanged, this, &SensorMapView::rebuild);
    connect(session, &StudioSession::selectionChanged, this, &SensorMapView::syncSelectionToScene);
    for (auto signal : {&StudioSession::forecastChanged, &StudioSession::colourModeChanged, &StudioSession::metricsChanged})
        connect(session, signal, this, &SensorMapView::recolour);
    connect(session, &StudioSession::originChanged, this, &SensorMapView::recolour);
    connect(session, &StudioSession::horizonChanged, this, &SensorMapView::recolour);
    connect(session, &StudioSession::graphModeChanged, this, &SensorMapView::redrawEdges);
    connect(session, &StudioSession::modelChanged, this, &SensorMapView::redrawEdges);
    if (session->hasDataset()) rebuild();
}

SensorMapView::~SensorMapView()
{
    // The scene deselects its items while it is destroyed; the session may be gone by then.
    m_scene->blockSignals(true);
}

void SensorMapView::rebuild()
{
    m_syncing = true;
    m_scene->clear();
    m_items.clear();
    m_edges = nullptr;
    const auto& positions = m_session->dataset().positions;
    for (int n = 0; n < positions.size(); ++n) {
        auto* item = new SensorItem(n, positions[n], positions.size() > 500 ? 3.5 : 5.5);
        m_scene->addItem(item);
        m_items.push_back(item);
    }
    m_edges = m_scene->addPath(QPainterPath(), QPen(QColor(90, 90, 110, 110), 0));
    m_edges->setZValue(1);
    const QRectF bounds = m_scene->itemsBoundingRect();
    const double margin = std::max(bounds.width(), bounds.height()) * 0.08 + 1;
    m_sensorBounds = bounds.adjusted(-margin, -margin, margin, margin);
    m_scene->setSceneRect(m_sensorBounds);
    m_syncing = false;
    redrawEdges();
    recolour();
    fitAll();
}

void SensorMapView::fitAll()
{
    if (m_items.isEmpty()) return;
    // The legend covers the bottom of the view. The scene reaches below the sensors by the
    // share of the view it covers, so that, fitted and centred, no sensor lies under it.
    QRectF target = m_sensorBounds;
    const double covered = (m_legend->height() + 10.0) / std::max(1, viewport()->height());
    if (!m_legend->isHidden() && covered < 0.5) target.setBottom(target.bottom() + target.height() * covered / (1.0 - covered));
    m_scene->setSceneRect(target);
    fitInView(target, Qt::KeepAspectRatio);
}

void SensorMapView::redrawEdges()
{
    if (!m_edges || !m_session->hasDataset()) return;
    QPainterPath path;
    const auto& positions = m_session->dataset().positions;
    std::vector<himnet::GraphEdge> none;
    const auto mode = m_session->graphMode();
    const auto& edges = mode == StudioSession::GraphMode::Learned && m_session->hasModel() ? m_session->model().learnedEdges
                      : mode == StudioSession::GraphMode::Road ? m_session->data().edges
                                                               : none;
    for (const auto& e : edges) {
        if (e.from >= positions.size() || e.to >= positions.size()) continue;
        path.moveTo(positions[static_cast<int>(e.from)]);
        path.lineTo(positions[static_cast<int>(e.to)]);
    }
    m_edges->setPath(path);
    m_edges->setPen(QPen(mode == StudioSession::GraphMode::Learned ? QColor(150, 60, 200, 120) : QColor(90, 90, 110, 110), 0));
}

void SensorMapView::recolour()
{
    if (!m_session->hasDataset()) return;
    const auto& d = m_session->data();
    const int horizonMinutes = m_session->horizonMinutes(m_session->horizon());
    const QString unit = m_session->unitSuffix();
    const auto range = m_session->colourRange(); // once: it looks at every sensor
    for (SensorItem* item : m_items) {
        const int n = item->sensor();
        item->setBrush(m_session->colourOf(n, range));
        QString tip = QStringLiteral("<b>%1</b>").arg(QString::fromStdString(d.sensorIds[static_cast<size_t>(n)]));
        if (d.hasZones()) tip += tr("<br>zone: %1").arg(QString::fromStdString(d.zoneNames[static_cast<size_t>(d.zoneLabels[n])]));
        const qint64 t = m_session->origin();
        tip += d.isMissing(t, n) ? tr("<br>now: missing") : tr("<br>now: %1%2").arg(d.value(t, n), 0, 'f', 1).arg(unit);
        if (m_session->hasForecast())
            tip += tr("<br>in %1 min: %2%3").arg(horizonMinutes).arg(m_session->forecast().value(m_session->horizon() - 1, n), 0, 'f', 1).arg(unit);
        if (const himnet::SensorMetrics* metrics = m_session->sensorMetrics(n)) {
            tip += tr("<br>test MAE: %1%2 (last value %3, historical average %4)")
                       .arg(metrics->model.mae, 0, 'f', 2)
                       .arg(unit)
                       .arg(metrics->lastValue.mae, 0, 'f', 2)
                       .arg(metrics->historicalAverage.mae, 0, 'f', 2);
            if (const double gain = StudioSession::gainOverBaselines(*metrics); !std::isnan(gain))
                tip += gain >= 0 ? tr("<br>%1 % below the better baseline's").arg(gain, 0, 'f', 0)
                                 : tr("<br>%1 % above the better baseline's").arg(-gain, 0, 'f', 0);
            if (metrics->interval.targets > 0)
                tip += tr("<br>%1 % interval held %2 % of its test targets (± %3%4 on average)")
                           .arg(levelText(m_session->metrics().intervals.level))
                           .arg(100 * metrics->interval.covered, 0, 'f', 1)
                           .arg(metrics->interval.meanHalfWidth, 0, 'f', 2)
                           .arg(unit);
            tip += hoursText(n);
        }
        if (d.hasLocations())
            tip += QStringLiteral("<br>%1, %2").arg(d.locations[static_cast<size_t>(n)].latitude, 0, 'f', 5).arg(d.locations[static_cast<size_t>(n)].longitude, 0, 'f', 5);
        item->setToolTip(tip);
    }
    m_legend->resize(m_legend->sizeHint());
    m_legend->move(10, viewport()->height() - m_legend->height() - 10);
    m_legend->update();
}

QString SensorMapView::hoursText(int sensor)
{
    if (m_hoursTexts.empty()) {
        const himnet::EvaluationReport& report = m_session->metrics();
        m_hoursTexts.resize(report.sensors.size());
        for (size_t n = 0; n < m_hoursTexts.size(); ++n) {
            const std::vector<himnet::HourMetrics> hours = himnet::errorsByHour(report, himnet::DaysOfWeek::All, {static_cast<int64_t>(n)});
            if (himnet::hoursMeasured(hours) == 0) continue;
            const auto worst = std::max_element(hours.begin(), hours.end(), [](const auto& a, const auto& b) { return a.model.mae < b.model.mae; });
            m_hoursTexts[n] = tr("<br>below both baselines in %1 of %2 hours of the day; worst at %3:00 (MAE %4%5)")
                                  .arg(himnet::hoursBeatingBothBaselines(hours))
                                  .arg(himnet::hoursMeasured(hours))
                                  .arg(worst->hour, 2, 10, QLatin1Char('0'))
                                  .arg(worst->model.mae, 0, 'f', 2)
                                  .arg(m_session->unitSuffix());
        }
    }
    return sensor >= 0 && sensor < static_cast<int>(m_hoursTexts.size()) ? m_hoursTexts[static_cast<size_t>(sensor)] : QString();
}

void SensorMapView::syncSelectionFromScene()
{
    if (m_syncing) return;
    QList<int> selected;
    for (SensorItem* item : m_items)
        if (item->isSelected()) selected.push_back(item->sensor());
    m_syncing = true;
    m_session->setSelection(selected);
    m_syncing = false;
}

void SensorMapView::syncSelectionToScene()
{
    if (m_syncing) return;
    m_syncing = true;
    const QList<int>& selection = m_session->selection();
    for (SensorItem* item : m_items) item->setSelected(selection.contains(item->sensor()));
    m_syncing = false;
}

void SensorMapView::wheelEvent(QWheelEvent* event)
{
    const double factor = std::pow(1.0015, event->angleDelta().y());
    scale(factor, factor);
}

void SensorMapView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::RightButton || event->button() == Qt::MiddleButton) {
        // Pan with the hand tool while the button is held.
        m_panning = true;
        setDragMode(QGraphicsView::ScrollHandDrag);
        QMouseEvent press(event->type(), event->position(), event->globalPosition(), Qt::LeftButton, Qt::LeftButton, event->modifiers());
        QGraphicsView::mousePressEvent(&press);
        return;
    }
    QGraphicsView::mousePressEvent(event);
}

void SensorMapView::mouseReleaseEvent(QMouseEvent* event)
{
    if (m_panning) {
        QMouseEvent release(event->type(), event->position(), event->globalPosition(), Qt::LeftButton, Qt::NoButton, event->modifiers());
        QGraphicsView::mouseReleaseEvent(&release);
        setDragMode(QGraphicsView::RubberBandDrag);
        m_panning = false;
        return;
    }
    QGraphicsView::mouseReleaseEvent(event);
}

void SensorMapView::resizeEvent(QResizeEvent* event)
{
    QGraphicsView::resizeEvent(event);
    m_legend->move(10, viewport()->height() - m_legend->height() - 10);
}
