#include "embedding_explorer.h"
#include "daily_profile_plot.h"
#include "embedding_scatter.h"
#include "engine_controller.h"
#include "plot_layout.h"
#include "studio_session.h"

#include "himnet/clustering.h"
#include "himnet/model_analysis.h"

#include "qcustomplot_include.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMouseEvent>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include <set>

namespace {

using himnet::EmbeddingKind;

QString kindTitle(EmbeddingKind kind)
{
    switch (kind) {
    case EmbeddingKind::Node: return QObject::tr("sensors (node embeddings)");
    case EmbeddingKind::TimeOfDay: return QObject::tr("time of day");
    case EmbeddingKind::DayOfWeek: return QObject::tr("day of week");
    case EmbeddingKind::SpatioTemporal: return QObject::tr("sensor × time (spatiotemporal)");
    }
    return {};
}

/// The kind as it reads before "embeddings": "the time-of-day embeddings".
QString kindAdjective(EmbeddingKind kind)
{
    switch (kind) {
    case EmbeddingKind::Node: return QObject::tr("sensors'");
    case EmbeddingKind::TimeOfDay: return QObject::tr("time-of-day");
    case EmbeddingKind::DayOfWeek: return QObject::tr("day-of-week");
    case EmbeddingKind::SpatioTemporal: return QObject::tr("sensor × time");
    }
    return {};
}

} // namespace

EmbeddingExplorer::EmbeddingExplorer(StudioSession* session, EngineController* engine, QWidget* parent)
    : QWidget(parent), m_session(session), m_engine(engine), m_scatter(new QCustomPlot(this)),
      m_profile(new DailyProfilePlot(session, this)),
      m_kind(new QComboBox(this)), m_method(new QComboBox(this)), m_perplexity(new QSpinBox(this)),
      m_iterations(new QSpinBox(this)), m_clusters(new QSpinBox(this)), m_colour(new QComboBox(this)),
      m_clusterPick(new QComboBox(this)), m_search(new QLineEdit(this)), m_runButton(new QPushButton(tr("Project"), this)),
      m_cancelButton(new QPushButton(tr("Stop"), this)), m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("embeddingExplorer"));
    for (EmbeddingKind k : {EmbeddingKind::Node, EmbeddingKind::TimeOfDay, EmbeddingKind::DayOfWeek, EmbeddingKind::SpatioTemporal})
        m_kind->addItem(kindTitle(k), QVariant::fromValue(static_cast<int>(k)));
    m_method->addItem(QStringLiteral("t-SNE"), static_cast<int>(himnet::ProjectionMethod::Tsne));
    m_method->addItem(QStringLiteral("PCA"), static_cast<int>(himnet::ProjectionMethod::Pca));
    m_perplexity->setRange(2, 200);
    m_perplexity->setValue(30);
    m_perplexity->setToolTip(tr("t-SNE perplexity: roughly the number of neighbours each point keeps close"));
    m_iterations->setRange(50, 10000);
    m_iterations->setSingleStep(250);
    m_iterations->setValue(1000);
    m_clusters->setRange(0, 20);
    m_clusters->setSpecialValueText(tr("auto"));
    m_clusters->setToolTip(tr("k of k-means on the embeddings; auto picks k in 2..10 by silhouette"));
    const std::pair<QString, ColourBy> colours[] = {{tr("cluster"), ColourBy::Cluster}, {tr("zone"), ColourBy::Zone},
                                                    {tr("time of day"), ColourBy::TimeOfDay}, {tr("day of week"), ColourBy::DayOfWeek},
                                                    {tr("value"), ColourBy::Value}};
    for (const auto& [name, c] : colours) m_colour->addItem(name, QVariant::fromValue(c));
    m_colour->setObjectName(QStringLiteral("explorerColourBy"));
    m_search->setPlaceholderText(tr("find sensor id"));
    m_search->setClearButtonEnabled(true);
    m_cancelButton->setEnabled(false);
    m_status->setWordWrap(true);

    auto* settings = new QHBoxLayout;
    settings->addWidget(new QLabel(tr("Embedding"), this));
    settings->addWidget(m_kind, 1);
    settings->addWidget(m_method);
    settings->addWidget(new QLabel(tr("perplexity"), this));
    settings->addWidget(m_perplexity);
    settings->addWidget(new QLabel(tr("iterations"), this));
    settings->addWidget(m_iterations);
    settings->addWidget(new QLabel(tr("k"), this));
    settings->addWidget(m_clusters);
    settings->addWidget(m_runButton);
    settings->addWidget(m_cancelButton);
    auto* view = new QHBoxLayout;
    view->addWidget(new QLabel(tr("Colour by"), this));
    view->addWidget(m_colour);
    view->addWidget(new QLabel(tr("Select"), this));
    view->addWidget(m_clusterPick, 1);
    view->addWidget(m_search, 1);
    auto* png = new QPushButton(tr("PNG…"), this);
    auto* csv = new QPushButton(tr("CSV…"), this);
    view->addWidget(png);
    view->addWidget(csv);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_scatter);
    split->addWidget(m_profile);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(settings);
    layout->addLayout(view);
    layout->addWidget(m_status);
    layout->addWidget(split, 1);

    m_scatter->setMinimumHeight(180);
    m_scatter->setInteraction(QCP::iRangeZoom, true);
    m_scatter->setSelectionRectMode(QCP::srmCustom);
    m_scatter->legend->setFont(QFont(font().family(), 8));
    placeLegendBesidePlot(m_scatter); // inside, it hid the points in its corner
    m_scatter->xAxis->setTickLabels(false);
    m_scatter->yAxis->setTickLabels(false);

    connect(m_runButton, &QPushButton::clicked, this, &EmbeddingExplorer::run);
    connect(m_cancelButton, &QPushButton::clicked, this, &EmbeddingExplorer::cancel);
    connect(m_colour, qOverload<int>(&QComboBox::currentIndexChanged), this,
            [this](int i) { setColourBy(m_colour->itemData(i).value<ColourBy>()); });
    connect(m_clusterPick, qOverload<int>(&QComboBox::activated), this, [this](int i) {
        if (i > 0) selectCluster(i - 1);
        else selectPoints({});
    });
    connect(m_search, &QLineEdit::returnPressed, this, [this] { findSensor(m_search->text().trimmed()); });
    connect(png, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export the projection as PNG"), tr("embeddings.png"), tr("PNG (*.png)"));
        if (!path.isEmpty()) exportPng(path);
    });
    connect(csv, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export the points as CSV"), tr("embeddings.csv"), tr("CSV (*.csv)"));
        if (!path.isEmpty()) exportCsv(path);
    });
    connect(m_scatter->selectionRect(), &QCPSelectionRect::accepted, this, [this](const QRect& rect, QMouseEvent*) {
        const QRectF area(QPointF(m_scatter->xAxis->pixelToCoord(rect.left()), m_scatter->yAxis->pixelToCoord(rect.top())),
                          QPointF(m_scatter->xAxis->pixelToCoord(rect.right()), m_scatter->yAxis->pixelToCoord(rect.bottom())));
        selectPointsIn(area.normalized());
    });
    connect(m_scatter, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) { m_pressPixel = e->pos(); });
    connect(m_scatter, &QCustomPlot::mouseRelease, this, [this](QMouseEvent* e) {
        if ((e->pos() - m_pressPixel).manhattanLength() <= 3) onClick(e->pos(), e->modifiers() & Qt::ControlModifier);
    });

    connect(engine, &EngineController::embeddingProgress, this, &EmbeddingExplorer::onProgress);
    connect(engine, &EngineController::embeddingMapped, this, &EmbeddingExplorer::onMapped);
    connect(engine, &EngineController::trainingEmbeddingsMapped, this, &EmbeddingExplorer::onTrainingMapped);
    connect(engine, &EngineController::trainingStateChanged, this, &EmbeddingExplorer::updateAvailability);
    for (QComboBox* box : {m_kind, m_method})
        connect(box, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
            sendTrainingOptions();
            updateAvailability();
        });
    for (QSpinBox* box : {m_perplexity, m_iterations, m_clusters})
        connect(box, qOverload<int>(&QSpinBox::valueChanged), this, &EmbeddingExplorer::sendTrainingOptions);
    connect(engine, &EngineController::failed, this, [this](const QString& message) {
        if (!m_running) return;
        m_running = false;
        m_pending = 0;
        m_status->setText(tr("Could not project: %1").arg(message));
        updateAvailability();
    });
    connect(session, &StudioSession::selectionChanged, this, &EmbeddingExplorer::highlightSelectedSensors);
    connect(session, &StudioSession::datasetChanged, this, [this] {
        // Known zones (the demo city): ask for as many clusters, so that the agreement
        // reads directly; otherwise let the silhouette choose.
        m_clusters->setValue(m_session->hasDataset() && m_session->data().hasZones()
                                 ? static_cast<int>(m_session->data().zoneNames.size()) : 0);
        m_colour->setItemText(m_colour->findData(QVariant::fromValue(ColourBy::Value)), m_session->quantityName());
        m_result.reset();
        m_layout.clear();
        m_highlighted.clear();
        redraw(true);
        updateAvailability();
    });
    connect(session, &StudioSession::modelChanged, this, [this] {
        m_result.reset();
        m_layout.clear();
        cancel(); // a projection of the previous model is of no use any more
        updateAvailability();
        if (m_session->hasModel()) run(); // the node embeddings of a new model, at once
    });
    sendTrainingOptions();
    updateAvailability();
    redraw(true);
}

bool EmbeddingExplorer::sensorKind() const
{
    return m_result && (m_result->request.kind == EmbeddingKind::Node || m_result->request.kind == EmbeddingKind::SpatioTemporal);
}

void EmbeddingExplorer::updateAvailability()
{
    const bool model = m_session->hasModel();
    m_runButton->setEnabled(model && !m_running);
    m_cancelButton->setEnabled(m_running);
    if (model || m_running) return;
    if (m_engine->isTraining()) {
        // A picture of this kind is on screen already: it stays until the next epoch's.
        if (m_result && m_result->request.kind == currentKind()) return;
        m_status->setText(currentKind() == EmbeddingKind::SpatioTemporal
                              ? tr("Training: the sensor × time embeddings come from runs of the model; they appear when "
                                   "the trained model is loaded. The others are drawn at the end of every epoch.")
                              : tr("Training: the %1 embeddings appear here at the end of every epoch.").arg(kindAdjective(currentKind())));
    } else if (!m_result) {
        m_status->setText(tr("No trained model yet: train one (Training tab) or open a checkpoint to see what it learned."));
    }
}

himnet::EmbeddingMapOptions EmbeddingExplorer::currentOptions() const
{
    himnet::EmbeddingMapOptions options;
    options.method = static_cast<himnet::ProjectionMethod>(m_method->currentData().toInt());
    options.tsne.perplexity = m_perplexity->value();
    options.tsne.iterations = m_iterations->value();
    options.tsne.reportEvery = 10;
    options.clusters = m_clusters->value();
    return options;
}

EmbeddingKind EmbeddingExplorer::currentKind() const { return static_cast<EmbeddingKind>(m_kind->currentData().toInt()); }

void EmbeddingExplorer::sendTrainingOptions()
{
    // While a model trains, the embeddings in its parameters are drawn after every epoch; the
    // spatiotemporal ones, which come from runs of the model, wait for the trained model.
    if (currentKind() == EmbeddingKind::SpatioTemporal) m_engine->setTrainingPictureSettings(std::nullopt);
    else m_engine->setTrainingPictureSettings(TrainingPictureSettings{currentKind(), currentOptions()});
}

void EmbeddingExplorer::run()
{
    if (!m_session->hasModel() || !m_session->hasDataset()) return;
    EmbeddingRequest request;
    request.checkpointPath = m_session->model().checkpointPath;
    request.data = m_session->dataset().data;
    request.kind = currentKind();
    request.options = currentOptions();
    m_running = true;
    ++m_pending;
    m_status->setText(tr("Projecting the %1 embeddings…").arg(kindAdjective(request.kind)));
    updateAvailability();
    m_engine->mapEmbeddings(request);
}

void EmbeddingExplorer::cancel()
{
    if (m_running) m_engine->cancelEmbedding();
}

void EmbeddingExplorer::onProgress(int iteration, int iterations, const QVector<QPointF>& layout)
{
    if (!m_running) return;
    m_status->setText(tr("t-SNE iteration %1 of %2…").arg(iteration).arg(iterations));
    m_layout = layout;
    drawLiveLayout(m_scatter, layout, iteration); // one colour until the clusters arrive with the result
    Q_EMIT progressShown(iteration);
}

void EmbeddingExplorer::onMapped(const EmbeddingResult& result)
{
    m_pending = std::max(0, m_pending - 1);
    m_running = m_pending > 0;
    if (!m_session->hasModel() || result.request.checkpointPath != m_session->model().checkpointPath ||
        result.request.data != m_session->dataset().data) {
        updateAvailability(); // the answer for a model no longer shown
        return;
    }
    if (m_running) return; // a newer request follows
    display(result, {});
    Q_EMIT mapShown();
}

void EmbeddingExplorer::onTrainingMapped(const EmbeddingResult& result)
{
    // The picture of an epoch that has just ended, unless the user asked for something else:
    // another kind of embedding, or a projection of a loaded model that is on its way.
    if (m_running || currentKind() != result.request.kind || !m_session->hasDataset() ||
        result.request.data != m_session->dataset().data)
        return;
    display(result, tr("Training, epoch %1 of %2 (latest weights)").arg(result.trainingEpoch).arg(result.trainingEpochs));
    Q_EMIT trainingMapShown(result.trainingEpoch);
}

void EmbeddingExplorer::display(const EmbeddingResult& result, const QString& heading)
{
    m_result = result;
    const auto& map = result.map;
    m_layout.clear();
    for (int64_t i = 0; i < map.layout.rows; ++i) m_layout << QPointF(map.layout.at(i, 0), map.layout.at(i, 1));
    QStringList parts;
    if (!heading.isEmpty()) parts << heading;
    parts << tr("%1 points of dimension %2").arg(result.points->size()).arg(result.points->vectors.cols);
    if (map.method == himnet::ProjectionMethod::Tsne)
        parts << (map.cancelled ? tr("t-SNE stopped at iteration %1").arg(map.iterations)
                                : tr("t-SNE, %1 iterations, KL %2").arg(map.iterations).arg(map.klDivergence, 0, 'f', 3));
    else if (map.explainedVariance.size() >= 2)
        parts << tr("PCA%1, %2 % + %3 % of the variance")
                     .arg(result.request.options.method == himnet::ProjectionMethod::Tsne ? tr(" (too few points for t-SNE)") : QString())
                     .arg(100 * map.explainedVariance[0], 0, 'f', 1)
                     .arg(100 * map.explainedVariance[1], 0, 'f', 1);
    if (map.k > 0)
        parts << (himnet::showsClusterStructure(map.silhouette)
                      ? tr("k-means k = %1 (silhouette %2)").arg(map.k).arg(map.silhouette, 0, 'f', 2)
                      : tr("k-means k = %1 (silhouette %2: no clear clusters)").arg(map.k).arg(map.silhouette, 0, 'f', 2));
    if (map.ari) parts << tr("agreement with the planted zones: ARI %1, NMI %2").arg(*map.ari, 0, 'f', 2).arg(*map.nmi, 0, 'f', 2);
    if (map.startCorrelation) parts << QString::fromStdString(himnet::describeStartCorrelation(*map.startCorrelation, result.points->startedFrom));
    if (map.dailyOrder) parts << QString::fromStdString(himnet::describeDailyOrder(*map.dailyOrder));
    m_status->setText(parts.join(QStringLiteral(" · ")));

    m_clusterPick->clear();
    m_clusterPick->addItem(tr("no cluster"));
    std::vector<int> sizes(static_cast<size_t>(map.k), 0);
    for (int c : map.cluster) ++sizes[static_cast<size_t>(c)];
    for (int c = 0; c < map.k; ++c) m_clusterPick->addItem(tr("cluster %1 (%2 points)").arg(c + 1).arg(sizes[static_cast<size_t>(c)]));
    if (result.request.kind == EmbeddingKind::Node && !map.cluster.empty())
        m_session->setSensorClusters(QVector<int>(map.cluster.begin(), map.cluster.end()), map.k);
    // A sensible default colouring for what came back.
    if (result.request.kind == EmbeddingKind::TimeOfDay) m_colourBy = ColourBy::TimeOfDay;
    else if (result.request.kind == EmbeddingKind::DayOfWeek) m_colourBy = ColourBy::DayOfWeek;
    else if (m_colourBy == ColourBy::TimeOfDay || m_colourBy == ColourBy::DayOfWeek) m_colourBy = ColourBy::Cluster;
    {
        const QSignalBlocker block(m_colour);
        m_colour->setCurrentIndex(m_colour->findData(QVariant::fromValue(m_colourBy)));
    }
    m_highlighted = sensorKind() ? pointsOfSelectedSensors() : QList<int>();
    redraw(true);
    updateAvailability();
}

EmbeddingScene EmbeddingExplorer::scene() const
{
    EmbeddingScene scene;
    if (m_result) {
        scene.points = m_result->points.get();
        scene.map = &m_result->map;
        scene.method = m_result->map.method; // PCA where there were too few points for t-SNE
    }
    scene.layout = m_layout;
    scene.colouring = m_colourBy;
    scene.highlighted = m_highlighted;
    if (m_session->hasDataset()) {
        scene.stepsPerDay = m_session->data().stepsPerDay();
        const auto& summary = m_session->dataset().summary;
        scene.valueRange = std::make_pair(summary.minValue, summary.maxValue);
    }
    scene.valueLabel = m_session->valueLabel();
    return scene;
}

void EmbeddingExplorer::redraw(bool rescale) { drawEmbeddingScene(m_scatter, scene(), rescale); }

QList<int> EmbeddingExplorer::sensorsOf(const QList<int>& points) const
{
    std::set<int> sensors;
    for (int i : points) {
        const int64_t s = m_result->points->sensor[static_cast<size_t>(i)];
        if (s >= 0) sensors.insert(static_cast<int>(s));
    }
    return QList<int>(sensors.begin(), sensors.end());
}

void EmbeddingExplorer::selectPoints(const QList<int>& points)
{
    if (!m_result) return;
    if (sensorKind()) {
        m_session->setSelection(sensorsOf(points)); // comes back through highlightSelectedSensors
        return;
    }
    m_highlighted = points; // times of day and days of week are not on the map
    redraw(false);
}

void EmbeddingExplorer::selectPointsIn(const QRectF& area)
{
    QList<int> inside;
    for (int i = 0; i < m_layout.size(); ++i)
        if (area.contains(m_layout[i])) inside << i;
    selectPoints(inside);
}

void EmbeddingExplorer::selectCluster(int cluster)
{
    if (!m_result) return;
    QList<int> members;
    for (size_t i = 0; i < m_result->map.cluster.size(); ++i)
        if (m_result->map.cluster[i] == cluster) members << static_cast<int>(i);
    selectPoints(members);
}

bool EmbeddingExplorer::findSensor(const QString& sensorId)
{
    if (!m_session->hasDataset() || sensorId.isEmpty()) return false;
    const int64_t sensor = m_session->data().indexOf(sensorId.toStdString());
    if (sensor < 0) {
        m_status->setText(tr("No sensor '%1' in %2").arg(sensorId, QString::fromStdString(m_session->data().name)));
        return false;
    }
    m_session->setSelection({static_cast<int>(sensor)}); // comes back through highlightSelectedSensors
    return true;
}

void EmbeddingExplorer::onClick(const QPointF& pixel, bool add)
{
    int nearest = -1;
    double best = 10 * 10; // pixels
    for (int i = 0; i < m_layout.size(); ++i) {
        const double dx = m_scatter->xAxis->coordToPixel(m_layout[i].x()) - pixel.x();
        const double dy = m_scatter->yAxis->coordToPixel(m_layout[i].y()) - pixel.y();
        if (dx * dx + dy * dy < best) {
            best = dx * dx + dy * dy;
            nearest = i;
        }
    }
    QList<int> points = add ? m_highlighted : QList<int>();
    if (nearest >= 0) {
        if (add && points.contains(nearest)) points.removeAll(nearest);
        else points << nearest;
    }
    selectPoints(points);
}

QList<int> EmbeddingExplorer::pointsOfSelectedSensors() const
{
    const QList<int>& selected = m_session->selection();
    const std::set<int> sensors(selected.begin(), selected.end());
    QList<int> points;
    for (int i = 0; i < static_cast<int>(m_result->points->size()); ++i)
        if (sensors.count(static_cast<int>(m_result->points->sensor[static_cast<size_t>(i)]))) points << i;
    return points;
}

void EmbeddingExplorer::highlightSelectedSensors()
{
    if (m_result && sensorKind()) {
        const QList<int> points = pointsOfSelectedSensors();
        if (points != m_highlighted) {
            m_highlighted = points;
            redraw(false);
        }
    }
}

void EmbeddingExplorer::setColourBy(ColourBy colour)
{
    m_colourBy = colour;
    const QSignalBlocker block(m_colour);
    m_colour->setCurrentIndex(m_colour->findData(QVariant::fromValue(colour)));
    redraw(false);
}

bool EmbeddingExplorer::exportPng(const QString& path)
{
    const bool ok = m_scatter->savePng(path, 0, 0, 2.0);
    if (!ok) m_status->setText(tr("%1: could not be written").arg(path));
    return ok;
}

bool EmbeddingExplorer::exportCsv(const QString& path)
{
    if (!m_result) return false;
    try {
        himnet::writeEmbeddingCsv(*m_result->points, m_result->map, path.toStdString());
        return true;
    } catch (const std::exception& e) {
        m_status->setText(QString::fromStdString(e.what()));
        return false;
    }
}
