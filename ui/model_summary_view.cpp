#include "model_summary_view.h"

#include "reading_options.h"
#include "split_choice.h"

#include <QHeaderView>
#include <QLocale>

#include <algorithm>

namespace {

QString shapeText(const std::vector<int64_t>& shape)
{
    QStringList parts;
    for (int64_t d : shape) parts << QString::number(d);
    return "(" + parts.join(", ") + ")";
}

} // namespace

ModelSummaryView::ModelSummaryView(QWidget* parent) : QTreeWidget(parent)
{
    setColumnCount(2);
    setHeaderLabels({tr("Property"), tr("Value")});
    header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    setAlternatingRowColors(true);
    showNoModel();
}

void ModelSummaryView::showNoModel()
{
    clear();
    auto* item = new QTreeWidgetItem(this);
    item->setText(0, tr("No trained model yet: train one (Training tab) or open a checkpoint (File menu) to see its "
                        "configuration, training history and tensors."));
    item->setFirstColumnSpanned(true);
}

void ModelSummaryView::showSummary(const himnet::ModelFileSummary& s, const QString& unitSuffix)
{
    clear();
    const QLocale locale;
    const auto& c = s.config;
    auto add = [this](QTreeWidgetItem* parent, const QString& key, const QString& value) {
        auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(this);
        item->setText(0, key);
        item->setText(1, value);
        item->setToolTip(1, value); // the whole of a value the column cuts short
        return item;
    };
    add(nullptr, tr("File"), QString::fromStdString(s.path));
    add(nullptr, tr("Format"), QString::fromStdString(s.format));
    add(nullptr, tr("Parameters"), locale.toString(static_cast<qlonglong>(s.parameterCount)));
    if (!s.datasetName.empty()) {
        QString dataset = QString::fromStdString(s.datasetName);
        if (!s.valueColumn.empty()) dataset = tr("%1, column '%2'").arg(dataset, QString::fromStdString(s.valueColumn));
        if (!s.aggregation.empty())
            dataset = s.aggregation == "sum" ? tr("%1, readings totalled into steps").arg(dataset) : tr("%1, readings averaged into steps").arg(dataset);
        if (!s.laneTypes.empty()) dataset = tr("%1, PeMS lane types %2").arg(dataset, laneTypesText(s.laneTypes));
        add(nullptr, tr("Dataset"), dataset);
    }
    if (!s.dataFrom.empty())
        add(nullptr, tr("Period"), tr("%1 to %2 UTC (training, validation and test)").arg(QString::fromStdString(s.dataFrom), QString::fromStdString(s.dataTo)));
    if (!s.importedFrom.empty())
        add(nullptr, tr("Imported"),
            tr("from %1, a state dict of the reference implementation; its scaler and split are those of the data it was imported for")
                .arg(QString::fromStdString(s.importedFrom)));
    if (!s.startedFrom.empty()) {
        QString start = tr("the weights of %1").arg(QString::fromStdString(s.startedFrom));
        if (s.startingValLoss) start += tr(", validation loss %1%2").arg(*s.startingValLoss, 0, 'f', 4).arg(unitSuffix);
        add(nullptr, tr("Started from"), start);
    }
    if (s.epochsTrained > 0) {
        QString trained = (s.epochsTrained == 1 ? tr("1 epoch, best validation loss %2%3") : tr("%1 epochs, best validation loss %2%3").arg(s.epochsTrained))
                              .arg(s.bestValidationLoss, 0, 'f', 4)
                              .arg(unitSuffix);
        if (s.startingValLoss && s.bestEpoch == 0) trained += tr(": no epoch beat the weights it started from, which it holds");
        add(nullptr, tr("Trained"), trained);
    }
    if (s.split) add(nullptr, tr("Split"), splitText(*s.split));
    if (s.temporalContext && *s.temporalContext != himnet::TemporalContext::Auto)
        add(nullptr, tr("Days of week"),
            *s.temporalContext == himnet::TemporalContext::Paper  ? tr("as in the paper: a day training never saw keeps its untrained embedding")
            : *s.temporalContext == himnet::TemporalContext::NearestDay ? tr("a day training never saw is read as the nearest of its kind it did")
                                                                    : tr("read as weekday or weekend"));
    if (!s.holidays.empty()) add(nullptr, tr("Holidays"), QString::fromStdString(s.holidays.describe()));
    if (s.metrics) add(nullptr, tr("Tested"), QString::fromStdString(s.metrics->describe()));
    // The loaded weights are the best epoch's: its agreement with the known zones was measured
    // on exactly these embeddings.
    const auto best = std::find_if(s.history.begin(), s.history.end(),
                                   [&s](const himnet::EpochRecord& r) { return r.epoch == s.bestEpoch; });
    if (best != s.history.end() && best->zones)
        add(nullptr, tr("Zones found"),
            tr("ARI %1, NMI %2 (k-means with k = %3 on the node embeddings of epoch %4, the one loaded)")
                .arg(best->zones->ari, 0, 'f', 2)
                .arg(best->zones->nmi, 0, 'f', 2)
                .arg(best->zones->k)
                .arg(best->epoch));
    auto* config = add(nullptr, tr("Configuration"), QString());
    add(config, tr("Sensors (N)"), QString::number(c.numNodes));
    add(config, tr("Hidden size (H)"), QString::number(c.hiddenDim));
    add(config, tr("Layers (L)"), QString::number(c.numLayers));
    add(config, tr("Chebyshev order (K)"), QString::number(c.chebK));
    add(config, tr("Embeddings node / tod / dow / st"),
        QStringLiteral("%1 / %2 / %3 / %4").arg(c.nodeEmbeddingDim).arg(c.todEmbeddingDim).arg(c.dowEmbeddingDim).arg(c.stEmbeddingDim));
    add(config, tr("Steps per day (P)"), QString::number(c.stepsPerDay));
    const double minutesPerStep = c.stepsPerDay > 0 ? 1440.0 / static_cast<double>(c.stepsPerDay) : 0;
    add(config, tr("Window"),
        minutesPerStep > 0 ? tr("%1 steps in (%2 min), %3 out (%4 min)")
                                 .arg(c.inSteps)
                                 .arg(c.inSteps * minutesPerStep)
                                 .arg(c.outSteps)
                                 .arg(c.outSteps * minutesPerStep)
                           : tr("%1 steps in, %2 out").arg(c.inSteps).arg(c.outSteps));
    config->setExpanded(true);
    auto* tensors = add(nullptr, tr("Tensors"), QString::number(s.tensors.size()));
    for (const auto& t : s.tensors)
        add(tensors, QString::fromStdString(t.name), shapeText(t.shape) + "  " + QString::fromStdString(t.dtype));
}
