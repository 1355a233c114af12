#include "training_dashboard.h"
#include "engine_controller.h"
#include "split_choice.h"
#include "studio_session.h"

#include "qcustomplot_include.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {

QString duration(double seconds)
{
    const qint64 s = static_cast<qint64>(seconds + 0.5);
    if (s >= 3600) return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
    if (s >= 60) return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1 s").arg(s);
}

/// "Elapsed 2 min 05 s · this epoch ends in about 1 min 10 s, the training in about 9 min 06 s";
/// in the last epoch and between epochs, "Elapsed … · the training ends in about 1 min 10 s".
QString timeLeftText(const himnet::TrainProgress& p)
{
    const QString elapsed = TrainingDashboard::tr("Elapsed %1").arg(duration(p.elapsedSeconds));
    if (p.etaSeconds <= 0) return elapsed;
    if (p.epoch >= p.epochs || p.kind == himnet::TrainProgress::Kind::Epoch)
        return TrainingDashboard::tr("%1 · the training ends in about %2").arg(elapsed, duration(p.etaSeconds));
    return TrainingDashboard::tr("%1 · this epoch ends in about %2, the training in about %3")
        .arg(elapsed, duration(p.epochEtaSeconds), duration(p.etaSeconds));
}

} // namespace

TrainingDashboard::TrainingDashboard(StudioSession* session, EngineController* engine, QWidget* parent)
    : QWidget(parent), m_session(session), m_engine(engine), m_preset(new QComboBox(this)), m_startFrom(new QComboBox(this)),
      m_epochs(new QSpinBox(this)),
      m_hidden(new QSpinBox(this)), m_batch(new QSpinBox(this)), m_maxBatches(new QSpinBox(this)), m_seed(new QSpinBox(this)),
      m_lr(new QDoubleSpinBox(this)), m_precision(new QComboBox(this)), m_cudaGraphs(new QCheckBox(tr("Replay each step"), this)), m_splitChoice(new SplitChoice(session, this)), m_start(new QPushButton(tr("Start"), this)), m_pause(new QPushButton(tr("Pause"), this)),
      m_stop(new QPushButton(tr("Stop"), this)), m_continue(new QPushButton(tr("Continue"), this)), m_progress(new QProgressBar(this)), m_status(new QLabel(this)),
      m_rate(new QLabel(this)), m_eta(new QLabel(this)), m_memory(new QLabel(this)), m_plot(new QCustomPlot(this))
{
    setObjectName(QStringLiteral("trainingDashboard"));
    for (const auto& name : himnet::presetNames()) m_preset->addItem(QString::fromStdString(name));
    m_epochs->setRange(1, 1000);
    m_hidden->setRange(4, 256);
    m_batch->setRange(1, 512);
    m_maxBatches->setRange(0, 100000);
    m_maxBatches->setSpecialValueText(tr("all"));
    m_seed->setRange(0, 1000000);
    m_lr->setDecimals(5);
    m_lr->setRange(1e-5, 1.0);
    m_lr->setSingleStep(1e-4);
    // Float32 by default everywhere: results then do not depend on the machine's units.
    const bool fastBFloat16 = himnet::hasFastBFloat16(himnet::DeviceKind::Auto);
    m_precision->addItem(tr("float32"), static_cast<int>(himnet::Precision::Float32));
    m_precision->addItem(fastBFloat16 ? tr("bfloat16 products (faster here)") : tr("bfloat16 products (slower here)"),
                         static_cast<int>(himnet::Precision::BFloat16));
    m_precision->setToolTip(fastBFloat16 ? tr("Mixed precision: the graph convolutions multiply in bfloat16 on this "
                                              "machine's bfloat16 matrix units; weights, states and forecasts stay float32.")
                                         : tr("Mixed precision pays on bfloat16 matrix units (AMX on a CPU, Ampere or "
                                              "later on a GPU); without them it is no faster than float32, or slower."));

    // Recording needs a GPU: elsewhere the box stays off and says why.
    const bool gpu = himnet::cudaAvailable();
    m_cudaGraphs->setEnabled(gpu);
    m_cudaGraphs->setToolTip(gpu ? tr("Record one training step as a CUDA graph and replay it for every full batch: "
                                      "one launch instead of thousands of small kernels. The first three batches run as usual.")
                                 : tr("CUDA graphs need a GPU, and this build of LibTorch sees none."));

    m_startFrom->setToolTip(tr("New weights drawn from the seed, or the open model's: fine-tuning it on this data (newer "
                               "readings of the same network, or a model imported from the reference implementation trained "
                               "further with this recipe). A fine-tuned model keeps the weights it started from unless an "
                               "epoch beats their validation loss, and is written to a new file: the open one stays as it is."));
    auto* form = new QFormLayout;
    form->addRow(tr("Preset"), m_preset);
    form->addRow(tr("Start from"), m_startFrom);
    form->addRow(tr("Epochs"), m_epochs);
    form->addRow(tr("Hidden size"), m_hidden);
    form->addRow(tr("Batch size"), m_batch);
    form->addRow(tr("Batches per epoch"), m_maxBatches);
    form->addRow(tr("Learning rate"), m_lr);
    form->addRow(tr("Seed"), m_seed);
    form->addRow(tr("Precision"), m_precision);
    form->addRow(tr("CUDA graphs"), m_cudaGraphs);
    auto* splitForm = new QFormLayout;
    m_splitChoice->addRowsTo(splitForm);
    auto* forms = new QHBoxLayout;
    forms->addLayout(form);
    forms->addSpacing(12);
    forms->addLayout(splitForm, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_pause);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_continue);
    // The controls and what the training is doing first: the form, taller than the dock
    // usually is, would otherwise push them out of sight while it trains.
    auto* left = new QVBoxLayout;
    left->addLayout(buttons);
    left->addWidget(m_progress);
    left->addWidget(m_status);
    left->addWidget(m_rate);
    left->addWidget(m_eta);
    left->addWidget(m_memory);
    left->addSpacing(6);
    left->addLayout(forms);
    left->addStretch(1);
    auto* layout = new QHBoxLayout(this);
    layout->addLayout(left);
    layout->addWidget(m_plot, 1);
    m_status->setWordWrap(true);
    // The training's lines appear with it: before, the form and its plan come first.
    m_status->hide();
    m_rate->hide();
    m_eta->hide();
    m_memory->setObjectName(QStringLiteral("memoryWarning"));
    m_memory->setWordWrap(true);
    m_memory->setStyleSheet(QStringLiteral("color: #b35900;"));
    m_memory->hide();

    m_plot->addGraph()->setName(tr("train loss (running)"));
    m_plot->graph(0)->setPen(QPen(QColor(0x1f, 0x77, 0xb4), 1.5));
    m_plot->addGraph()->setName(tr("validation loss"));
    m_plot->graph(1)->setPen(QPen(QColor(0xd6, 0x27, 0x28), 2));
    m_plot->graph(1)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 6));
    // On data with known zones (the demo city): how well the node embeddings separate them,
    // epoch by epoch, on the right-hand axis.
    m_plot->addGraph(m_plot->xAxis, m_plot->yAxis2)->setName(tr("zones found (ARI, right)"));
    m_plot->graph(2)->setPen(QPen(QColor(0x2c, 0xa0, 0x2c), 2, Qt::DashLine));
    m_plot->graph(2)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, 7));
    m_plot->yAxis2->setLabel(tr("ARI of k-means against the zones"));
    m_plot->yAxis2->setRange(0, 1.05);
    showZoneCurve(false);
    m_plot->xAxis->setLabel(tr("epoch"));
    m_plot->yAxis->setLabel(tr("masked MAE"));
    m_plot->legend->setVisible(true);
    m_plot->setMinimumSize(320, 200);
    m_plot->setToolTip(tr("Train loss: the running mean over the epoch's batches, with teacher forcing (the decoder is "
                          "sometimes fed the true value), which fades as training goes on; so the train loss can rise "
                          "from one epoch to the next while the validation loss, measured without it, falls. A fine-tuning "
                          "feeds the decoder its own forecasts throughout."));

    m_replot.setInterval(40);
    m_replot.setSingleShot(true);
    connect(&m_replot, &QTimer::timeout, this, [this] {
        m_plot->rescaleAxes();
        // The x axis spans the planned epochs from 0, so early points sit where they belong.
        m_plot->xAxis->setRange(0, std::max(m_plot->xAxis->range().upper, static_cast<double>(m_epochs->value())));
        m_plot->yAxis->setRange(0, std::max(1.0, m_plot->yAxis->range().upper * 1.05));
        double lowestAri = 0; // ARI can dip below 0 (worse than chance)
        for (const QCPGraphData& point : *m_plot->graph(2)->data()) lowestAri = std::min(lowestAri, point.value - 0.05);
        m_plot->yAxis2->setRange(lowestAri, 1.05);
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    });
    connect(m_preset, &QComboBox::currentTextChanged, this, &TrainingDashboard::applyPreset);
    connect(m_start, &QPushButton::clicked, this, &TrainingDashboard::startRequested);
    connect(m_pause, &QPushButton::clicked, this, [this] {
        m_paused = !m_paused;
        m_engine->pauseTraining(m_paused);
        m_pause->setText(m_paused ? tr("Resume") : tr("Pause"));
        say(m_paused ? tr("Paused; the engine waits before the next batch.") : tr("Training…"));
    });
    connect(m_stop, &QPushButton::clicked, this, [this] {
        m_engine->stopTraining();
        say(tr("Stopping after the current batch; what it has trained is kept…"));
    });
    connect(m_continue, &QPushButton::clicked, this, &TrainingDashboard::continueTraining);
    connect(engine, &EngineController::trainingProgress, this, &TrainingDashboard::onProgress);
    connect(engine, &EngineController::trainingStateChanged, this, &TrainingDashboard::onStateChanged);
    // A training asked for during an export of test-period forecasts begins when it ends.
    const auto exportEnded = [this] {
        if (!m_startsAfterExport.isEmpty() && m_engine->isTraining()) say(m_startsAfterExport);
        m_startsAfterExport.clear();
    };
    connect(engine, &EngineController::testForecastsExported, this, exportEnded);
    connect(engine, &EngineController::testForecastsStopped, this, exportEnded);
    connect(engine, &EngineController::testForecastsFailed, this, exportEnded);
    connect(session, &StudioSession::datasetChanged, this, [this] {
        // Another dataset: what the tab said of a training on the one before goes with it (a
        // model opened next shows its own history).
        if (!m_engine->isTraining()) {
            for (QLabel* line : {m_status, m_rate, m_eta, m_memory}) {
                line->clear();
                line->hide();
            }
            m_progress->setValue(0);
            clearCurves();
            m_plotted.clear();
            if (!m_replot.isActive()) m_replot.start();
        }
        m_plot->yAxis->setLabel(tr("masked MAE") + m_session->unitInBrackets());
        showZoneCurve(m_session->data().hasZones());
        const QString preset = QString::fromStdString(himnet::presetForDataset(m_session->data().name));
        if (m_preset->currentText() == preset) applyPreset(preset);
        else m_preset->setCurrentText(preset);
        offerStart();
    });
    connect(m_splitChoice, &SplitChoice::canSplitChanged, this, &TrainingDashboard::offerStart);
    connect(m_splitChoice, &SplitChoice::baselinesWanted, this, [this](const himnet::TrainingOptions& options, const QString& plan) {
        if (!m_session->hasDataset()) return;
        m_session->clearBaselines(); // of the plan before: the Metrics panel says nothing until these come
        m_engine->measureBaselines(m_session->dataset().data, options, plan);
    });
    connect(session, &StudioSession::modelChanged, this, &TrainingDashboard::offerOpenModel);
    connect(session, &StudioSession::datasetChanged, this, &TrainingDashboard::offerOpenModel);
    connect(m_startFrom, qOverload<int>(&QComboBox::currentIndexChanged), this, &TrainingDashboard::showShapeSource);
    offerOpenModel();
    applyPreset(m_preset->currentText());
    setResumable({}, 0, 0);
    onStateChanged(false);
}

void TrainingDashboard::offerStart()
{
    m_start->setEnabled(!m_engine->isTraining() && m_session->hasDataset() && m_splitChoice->canSplit());
}

void TrainingDashboard::offerOpenModel()
{
    const bool wasOpenModel = startsFromOpenModel();
    const QSignalBlocker quiet(m_startFrom);
    m_startFrom->clear();
    m_startFrom->addItem(tr("new weights (the seed's)"), QString());
    // The session's model fits its dataset: it was opened for it.
    if (m_session->hasDataset() && m_session->hasModel()) {
        const QString path = m_session->model().checkpointPath;
        m_startFrom->addItem(tr("the open model, %1 (fine-tune)").arg(QFileInfo(path).fileName()), path);
        m_startFrom->setItemData(1, path, Qt::ToolTipRole);
        if (wasOpenModel) m_startFrom->setCurrentIndex(1);
    }
    showShapeSource();
}

bool TrainingDashboard::startsFromOpenModel() const { return !m_startFrom->currentData().toString().isEmpty(); }

void TrainingDashboard::showShapeSource()
{
    const bool fromModel = startsFromOpenModel();
    // The form's own value is kept while the box shows the model's, and comes back with new weights.
    if (fromModel && m_hidden->isEnabled()) m_formHidden = m_hidden->value();
    if (!fromModel && !m_hidden->isEnabled()) m_hidden->setValue(m_formHidden);
    if (fromModel) m_hidden->setValue(static_cast<int>(m_session->model().summary.config.hiddenDim));
    m_hidden->setEnabled(!fromModel);
    m_hidden->setToolTip(fromModel ? tr("The open model's: fine-tuning keeps its shape.") : QString());
    m_splitChoice->setStartingModel(fromModel ? &m_session->model().summary : nullptr);
}

void TrainingDashboard::applyPreset(const QString& name)
{
    m_presetOptions = himnet::presetOptions(name.toStdString());
    m_epochs->setValue(static_cast<int>(std::min<int64_t>(m_presetOptions.epochs, 20)));
    m_formHidden = static_cast<int>(m_presetOptions.model.hiddenDim);
    if (!startsFromOpenModel()) m_hidden->setValue(m_formHidden);
    m_batch->setValue(static_cast<int>(m_presetOptions.batchSize));
    m_lr->setValue(m_presetOptions.learningRate);
    m_seed->setValue(static_cast<int>(m_presetOptions.seed));
    m_maxBatches->setValue(0);
    m_splitChoice->setPreset(m_presetOptions);
}

himnet::TrainingOptions TrainingDashboard::options() const
{
    himnet::TrainingOptions o = m_presetOptions;
    o.epochs = m_epochs->value();
    o.model.hiddenDim = m_hidden->value();
    o.batchSize = m_batch->value();
    o.maxBatchesPerEpoch = m_maxBatches->value();
    o.learningRate = m_lr->value();
    o.seed = static_cast<uint64_t>(m_seed->value());
    o.precision = static_cast<himnet::Precision>(m_precision->currentData().toInt());
    o.cudaGraphs = m_cudaGraphs->isEnabled() && m_cudaGraphs->isChecked();
    o.initialWeights = m_startFrom->currentData().toString().toStdString();
    m_splitChoice->applyTo(o);
    return o;
}

void TrainingDashboard::start(const QString& checkpointPath)
{
    himnet::TrainingOptions o = options();
    o.checkpointPath = checkpointPath.toStdString();
    run(o, /*keepPlot=*/false);
}

void TrainingDashboard::setResumable(const QString& checkpointPath, qint64 epochsDone, qint64 batchesIntoEpoch, const QString& split)
{
    m_resumePath = checkpointPath;
    m_resumeEpochsDone = epochsDone;
    m_resumeBatches = batchesIntoEpoch;
    m_continue->setEnabled(!checkpointPath.isEmpty() && !m_engine->isTraining() && m_session->hasDataset());
    if (checkpointPath.isEmpty()) {
        m_continue->setToolTip(tr("Continues a training saved in a checkpoint: stop one, or open a checkpoint this app trained."));
        return;
    }
    const QString done = batchesIntoEpoch > 0 ? tr("%1 finished epochs and %2 batches of epoch %3").arg(epochsDone).arg(batchesIntoEpoch).arg(epochsDone + 1)
                                              : tr("%1 finished epochs").arg(epochsDone);
    // It trains on its own split, not the one chosen in the form.
    const QString itsSplit = split.isEmpty() ? QString() : tr(" Its split: %1.").arg(split.left(1).toLower() + split.mid(1));
    m_continue->setToolTip(tr("Continues the training in %1 (%2) up to the epochs set above, with the options it was started "
                              "with; its numbers come out as if it had never stopped.%3")
                               .arg(QFileInfo(checkpointPath).fileName(), done, itsSplit));
}

void TrainingDashboard::continueTraining()
{
    if (m_resumePath.isEmpty()) return;
    if (m_epochs->value() <= m_resumeEpochsDone && m_resumeBatches == 0) {
        say(tr("%1 holds %2 finished epochs: set Epochs above that to continue.")
                .arg(QFileInfo(m_resumePath).fileName())
                .arg(m_resumeEpochsDone));
        return;
    }
    himnet::TrainingOptions o = options();
    o.checkpointPath = m_resumePath.toStdString();
    o.resume = true;
    o.epochs = std::max<int64_t>(m_epochs->value(), m_resumeEpochsDone + 1);
    run(o, /*keepPlot=*/m_plotted == m_resumePath);
}

void TrainingDashboard::clearCurves()
{
    for (int g = 0; g < m_plot->graphCount(); ++g) m_plot->graph(g)->data()->clear();
}

void TrainingDashboard::showZoneCurve(bool shown)
{
    QCPGraph* zones = m_plot->graph(2);
    zones->setVisible(shown);
    if (shown) zones->addToLegend();
    else zones->removeFromLegend();
    m_plot->yAxis2->setVisible(shown);
}

void TrainingDashboard::showHistory(const QString& checkpointPath, const std::vector<himnet::EpochRecord>& history,
                                    std::optional<double> startingValLoss)
{
    if (checkpointPath == m_plotted || m_engine->isTraining()) return;
    m_plotted = checkpointPath;
    clearCurves();
    if (startingValLoss) m_plot->graph(1)->addData(0.0, *startingValLoss);
    for (const auto& record : history) {
        m_plot->graph(0)->addData(static_cast<double>(record.epoch), record.trainLoss);
        m_plot->graph(1)->addData(static_cast<double>(record.epoch), record.valLoss);
        if (record.zones) m_plot->graph(2)->addData(static_cast<double>(record.epoch), record.zones->ari);
    }
    // A checkpoint written before the zones were recorded has none to show: no empty curve.
    showZoneCurve(m_session->hasDataset() && m_session->data().hasZones() && !m_plot->graph(2)->data()->isEmpty());
    if (!m_replot.isActive()) m_replot.start();
}

void TrainingDashboard::run(himnet::TrainingOptions o, bool keepPlot)
{
    if (!m_session->hasDataset()) return;
    m_plotted = QString::fromStdString(o.checkpointPath);
    if (!keepPlot) clearCurves();
    showZoneCurve(m_session->data().hasZones()); // every epoch reports them
    m_progress->setValue(0);
    m_memory->hide(); // until this training says whether it fits
    // A fine-tuning first measures the weights it starts from on the validation split.
    const QString starting = !o.initialWeights.empty() && !o.resume ? tr("Starting: measuring the weights it starts from on the validation split…")
                                                                    : tr("Starting…");
    if (m_engine->isExporting()) {
        m_startsAfterExport = starting;
        say(tr("Waiting for the export of the test period's forecasts to end; its Stop button in the status bar "
               "starts the training now."));
    } else {
        say(starting);
    }
    m_engine->train(std::move(o), m_session->dataset().data);
}

void TrainingDashboard::say(const QString& text)
{
    m_status->setText(text);
    m_status->show();
}

void TrainingDashboard::sayTimeLeft(const himnet::TrainProgress& progress)
{
    m_eta->setText(timeLeftText(progress));
    m_eta->show();
}

void TrainingDashboard::onProgress(const himnet::TrainProgress& p)
{
    using Kind = himnet::TrainProgress::Kind;
    if (p.kind == Kind::Started) {
        say(QString::fromStdString(p.message));
        m_memory->setText(tr("Memory: %1.").arg(QString::fromStdString(p.memoryNote)));
        m_memory->setVisible(!p.memoryNote.empty());
        // A fine-tuning's mark to beat, at epoch 0 (a resumed one has it plotted already).
        if (p.startingValLoss && m_plot->graph(1)->data()->isEmpty()) {
            m_plot->graph(1)->addData(0.0, *p.startingValLoss);
            if (!m_replot.isActive()) m_replot.start();
        }
        return;
    }
    const double epochs = static_cast<double>(std::max<int64_t>(1, p.epochs));
    const double position = static_cast<double>(p.epoch - 1) + static_cast<double>(p.batch) / static_cast<double>(std::max<int64_t>(1, p.batchesPerEpoch));
    if (p.kind == Kind::Batch) {
        m_plot->graph(0)->addData(position, p.trainLoss);
        m_progress->setValue(static_cast<int>(100.0 * position / epochs));
        say(tr("Epoch %1 of %2, batch %3 of %4 — loss %5").arg(p.epoch).arg(p.epochs).arg(p.batch).arg(p.batchesPerEpoch).arg(p.trainLoss, 0, 'f', 3));
        m_rate->setText(tr("Learning rate %1 · %2 samples/s").arg(p.learningRate, 0, 'g', 3).arg(p.samplesPerSecond, 0, 'f', 0));
        m_rate->show();
        sayTimeLeft(p);
    } else if (p.kind == Kind::Validating) {
        say(tr("Epoch %1 of %2: validating…").arg(p.epoch).arg(p.epochs));
        sayTimeLeft(p);
    } else if (p.kind == Kind::Epoch) {
        m_plot->graph(1)->addData(static_cast<double>(p.epoch), p.valLoss);
        QString zones;
        if (p.zones) {
            m_plot->graph(2)->addData(static_cast<double>(p.epoch), p.zones->ari);
            zones = tr(" · zones found: ARI %1").arg(p.zones->ari, 0, 'f', 2);
        }
        say(tr("Epoch %1: validation %2%3%4")
                .arg(p.epoch)
                .arg(p.valLoss, 0, 'f', 3)
                .arg(p.improved ? tr(" (best, saved)") : QString(), zones));
        sayTimeLeft(p);
    } else if (p.kind == Kind::Finished) {
        m_progress->setValue(100);
        if (!p.message.empty()) say(QString::fromStdString(p.message)); // e.g. what CUDA graphs did
    }
    if (!m_replot.isActive()) m_replot.start();
}

void TrainingDashboard::onStateChanged(bool training)
{
    offerStart();
    m_pause->setEnabled(training);
    m_stop->setEnabled(training);
    m_continue->setEnabled(!training && !m_resumePath.isEmpty() && m_session->hasDataset());
    m_preset->setEnabled(!training);
    m_startFrom->setEnabled(!training);
    m_splitChoice->setEnabled(!training);
    if (!training) {
        m_startsAfterExport.clear();
        m_paused = false;
        m_pause->setText(tr("Pause"));
    }
}
