// Models to and from the reference implementation: a state dict imported for its data becomes
// a checkpoint that forecasts exactly as the model it came from; the golden state dict imports
// with its weights to the bit; state dicts wrapped as training scripts save them import too;
// bad ones are refused with the file and the reason, and leave no checkpoint behind.
#include "himnet/errors.h"
#include "himnet/evaluation.h"
#include "himnet/forecasting.h"
#include "himnet/model_analysis.h"
#include "himnet/model_file.h"
#include "himnet/reference_models.h"
#include "quick_training.h"
#include "shared_path.h"
#include "train/checkpoint.h"
#include "train/state_dict.h"

#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <functional>
#include <map>

using namespace himnet;

namespace {

using StateDictFile = std::function<c10::IValue(const NamedTensors& weights)>;

c10::impl::GenericDict dictOf(const NamedTensors& weights, const std::string& prefix = {})
{
    c10::impl::GenericDict dict(c10::StringType::get(), c10::TensorType::get());
    for (const auto& [name, tensor] : weights) dict.insert(prefix + name, tensor);
    return dict;
}

void writeBytes(const std::string& path, const std::vector<char>& bytes)
{
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes.data(), static_cast<qint64>(bytes.size())) != static_cast<qint64>(bytes.size()))
        qFatal("cannot write %s", path.c_str());
}

/// The first `sensors` sensors of `data` as a wide CSV (time, then one column per sensor).
std::string writeFirstSensors(const Dataset& data, int64_t sensors, const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) qFatal("cannot write the CSV");
    QTextStream out(&file);
    out << "time";
    for (int64_t n = 0; n < sensors; ++n) out << ',' << QString::fromStdString(data.sensorIds[static_cast<size_t>(n)]);
    out << '\n';
    for (int64_t t = 0; t < data.numSteps; ++t) {
        out << QDateTime::fromSecsSinceEpoch(data.timestamps[static_cast<size_t>(t)], Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        for (int64_t n = 0; n < sensors; ++n) out << ',' << data.value(t, n);
        out << '\n';
    }
    return path.toStdString();
}

/// Each tensor of `a` equals the one of the same name in `b`, bit for bit; the first that differs.
std::string differingTensor(const NamedTensors& a, const NamedTensors& b)
{
    std::map<std::string, torch::Tensor> byName(b.begin(), b.end());
    if (a.size() != b.size()) return "count";
    for (const auto& [name, tensor] : a) {
        auto it = byName.find(name);
        if (it == byName.end() || !torch::equal(tensor.to(torch::kFloat32), it->second.to(torch::kFloat32))) return name;
    }
    return {};
}

} // namespace

Q_DECLARE_METATYPE(StateDictFile)

class TestReferenceModels : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::shared_ptr<const Dataset> m_data;
    std::string m_trained; ///< a tiny model of la-week, trained with the paper's temporal context
    NamedTensors m_weights;

    std::string path(const QString& name) const { return m_dir.filePath(name).toStdString(); }

private Q_SLOTS:
    void initTestCase()
    {
        m_data = std::make_shared<const Dataset>(loadDataset(testing::sharedPath("datasets/la-week")));
        m_trained = path("trained.h5");
        TrainingOptions o = testing::tinyOptions(m_trained);
        o.temporalContext = TemporalContext::Paper; // as the reference trains
        train(m_data, o);
        m_weights = readCheckpoint(m_trained).params;
    }

    // Exported and imported again for the same data, the model is the same one: the same
    // weights, scaler and split, so the same forecasts and the same test figures.
    void anExportedModelImportsAsTheSameModel()
    {
        const std::string stateDict = path("trained.pt");
        QVERIFY(exportStateDict(m_trained, stateDict).empty()); // the paper's context: the reference computes alike
        QVERIFY(isReferenceStateDict(stateDict));
        QVERIFY(isModelFile(stateDict));
        const std::string imported = path("imported.h5");
        TrainingOptions asTrained = trainingDefaults(*m_data);
        asTrained.temporalContext = TemporalContext::Paper; // la-week's Tuesday and Wednesday fed as they were in training
        const ImportedModel m = importStateDict(stateDict, m_data, asTrained, imported);

        const Checkpoint original = readCheckpoint(m_trained), copy = readCheckpoint(imported);
        const std::string differing = differingTensor(copy.params, original.params);
        QVERIFY2(differing.empty(), differing.c_str());
        HimNetConfig network = copy.config;
        network.tfDecaySteps = original.config.tfDecaySteps; // how training forced the decoder: no shape tells it
        QCOMPARE(network, original.config);
        QCOMPARE(copy.scaler->mean, original.scaler->mean); // the reference's scaler, as training computes it
        QCOMPARE(copy.scaler->std, original.scaler->std);
        QCOMPARE(m.scalerMean, original.scaler->mean);
        QCOMPARE(m.plan.test.windows, int64_t(399));
        QCOMPARE(m.plan.unseenDays, (std::vector<int>{1, 2})); // Tuesday and Wednesday: never trained
        QVERIFY(m.plan.contextNote.find("kept as in the paper") != std::string::npos);

        const EvaluationReport ours = evaluateCheckpoint(m_data, m_trained, "test", DeviceKind::Cpu);
        const EvaluationReport theirs = evaluateCheckpoint(m_data, imported, "test", DeviceKind::Cpu);
        QCOMPARE(theirs.all.mae, ours.all.mae);
        QCOMPARE(theirs.all.rmse, ours.all.rmse);
        QCOMPARE(theirs.horizons.back().model.mae, ours.horizons.back().model.mae);
        const Forecast a = Forecaster(m_data, m_trained, DeviceKind::Cpu).at(1500);
        const Forecast b = Forecaster(m_data, imported, DeviceKind::Cpu).at(1500);
        QVERIFY(a.values == b.values);

        const ModelFileSummary s = inspectModelFile(imported);
        QCOMPARE(QString::fromStdString(s.importedFrom), QFileInfo(QString::fromStdString(stateDict)).absoluteFilePath());
        QCOMPARE(s.epochsTrained, int64_t(0));
        QVERIFY(!s.resumable); // trained elsewhere: nothing to continue from
        QVERIFY(s.split);
        QVERIFY(toJson(s).find("\"imported_from\"") != std::string::npos);
    }

    // Imported again (the app imports a .pt each time it is opened), the same model keeps the
    // evaluation kept of it; another split is another model, measured anew.
    void importingTheSameModelAgainKeepsItsEvaluation()
    {
        const std::string stateDict = path("again.pt"), imported = path("again.h5");
        exportStateDict(m_trained, stateDict);
        importStateDict(stateDict, m_data, trainingDefaults(*m_data), imported);
        storeMetrics(imported, evaluateCheckpoint(m_data, imported, "test", DeviceKind::Cpu));
        importStateDict(stateDict, m_data, trainingDefaults(*m_data), imported);
        QVERIFY(readCheckpoint(imported).evaluation);
        QVERIFY(evaluateCheckpoint(m_data, imported, "test", DeviceKind::Cpu).fromCheckpoint);
        TrainingOptions otherSplit = trainingDefaults(*m_data);
        otherSplit.trainRatio = 0.6;
        importStateDict(stateDict, m_data, otherSplit, imported);
        QVERIFY(!readCheckpoint(imported).evaluation);
        QVERIFY(readCheckpoint(imported).metrics.empty());
    }

    // The paper's ablations (a pool of one matrix in place of one per embedding dimension) are
    // told by the shapes too.
    void anAblatedModelImportsAsItself()
    {
        const std::string ablated = path("ablated.h5"), stateDict = path("ablated.pt");
        TrainingOptions o = testing::tinyOptions(ablated);
        o.temporalContext = TemporalContext::Paper;
        o.model.useSpatialMeta = false;
        o.model.useSpatioTemporalMeta = false;
        train(m_data, o);
        exportStateDict(ablated, stateDict);
        const ImportedModel m = importStateDict(stateDict, m_data, trainingDefaults(*m_data), path("ablated-imported.h5"));
        QVERIFY(!m.config.useSpatialMeta);
        QVERIFY(m.config.useTemporalMeta);
        QVERIFY(!m.config.useSpatioTemporalMeta);
        HimNetConfig network = m.config;
        network.tfDecaySteps = readCheckpoint(ablated).config.tfDecaySteps;
        QCOMPARE(network, readCheckpoint(ablated).config);
        const std::string differing = differingTensor(readCheckpoint(path("ablated-imported.h5")).params, readCheckpoint(ablated).params);
        QVERIFY2(differing.empty(), differing.c_str());
    }

    // By default, the days its training never reached are fed as the nearest trained day of
    // their kind; collapsing its days, trained apart, into weekday and weekend is refused.
    void unseenDaysAreFedAsTheNearestTrainedDay()
    {
        const std::string stateDict = path("days.pt"), imported = path("days.h5");
        exportStateDict(m_trained, stateDict);
        const ImportedModel m = importStateDict(stateDict, m_data, trainingDefaults(*m_data), imported);
        QVERIFY(m.plan.context == TemporalContext::NearestDay);
        QVERIFY2(m.plan.contextNote.find("Tuesday as Monday, Wednesday as Thursday") != std::string::npos, m.plan.contextNote.c_str());
        // The test period is Tuesday and Wednesday: every forecast there changes.
        const Forecast asTrained = Forecaster(m_data, m_trained, DeviceKind::Cpu).at(1700);
        const Forecast nearest = Forecaster(m_data, imported, DeviceKind::Cpu).at(1700);
        QVERIFY(asTrained.values != nearest.values);
        QVERIFY(!exportStateDict(imported, path("days-again.pt")).empty()); // the reference would feed them as they are

        TrainingOptions collapsed = trainingDefaults(*m_data);
        collapsed.temporalContext = TemporalContext::WeekdayWeekend;
        try {
            importStateDict(stateDict, m_data, collapsed, path("collapsed-import.h5"));
            QFAIL("imported");
        } catch (const InputError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains("its days of week were trained apart"), e.what());
        }
    }

    // The reference's own file: its weights arrive bit for bit, its shapes give the network.
    void theGoldenStateDictImports()
    {
        const std::string golden = testing::sharedPath("golden/himnet_small_state_dict.pt");
        auto seven = std::make_shared<const Dataset>(loadDataset(writeFirstSensors(*m_data, 7, m_dir.filePath("seven.csv"))));
        const std::string imported = path("golden.h5");
        const ImportedModel m = importStateDict(golden, seven, trainingDefaults(*seven), imported);
        QCOMPARE(m.config.numNodes, int64_t(7));
        QCOMPARE(m.config.hiddenDim, int64_t(8));
        QCOMPARE(m.parameterCount, int64_t(11766));
        const std::string differing = differingTensor(readCheckpoint(imported).params, readPickledStateDict(golden));
        QVERIFY2(differing.empty(), differing.c_str());
        const EvaluationReport report = evaluateCheckpoint(seven, imported, "test", DeviceKind::Cpu);
        QVERIFY(std::isfinite(report.all.mae) && report.all.mae > 0);
    }

    // Training scripts save a state dict in many wrappings; each imports to the same weights.
    void wrappedStateDictsImport_data()
    {
        QTest::addColumn<StateDictFile>("file");
        QTest::newRow("the state dict") << StateDictFile([](const NamedTensors& w) { return c10::IValue(dictOf(w)); });
        QTest::newRow("inside a training script's dict") << StateDictFile([](const NamedTensors& w) {
            c10::impl::GenericDict outer(c10::StringType::get(), c10::AnyType::get());
            outer.insert("epoch", c10::IValue(int64_t(42)));
            outer.insert("model_state_dict", dictOf(w));
            c10::impl::GenericDict adam(c10::StringType::get(), c10::TensorType::get());
            adam.insert("step", torch::tensor(7));
            outer.insert("optimizer_state_dict", adam);
            return c10::IValue(outer);
        });
        QTest::newRow("nn.DataParallel's names") << StateDictFile([](const NamedTensors& w) { return c10::IValue(dictOf(w, "module.")); });
        QTest::newRow("float64 weights") << StateDictFile([](const NamedTensors& w) {
            NamedTensors doubles;
            for (const auto& [name, t] : w) doubles.emplace_back(name, t.to(torch::kFloat64));
            return c10::IValue(dictOf(doubles));
        });
    }
    void wrappedStateDictsImport()
    {
        QFETCH(StateDictFile, file);
        const std::string stateDict = path("wrapped.pt"), imported = path("wrapped.h5");
        writeBytes(stateDict, torch::pickle_save(file(m_weights)));
        importStateDict(stateDict, m_data, trainingDefaults(*m_data), imported);
        const std::string differing = differingTensor(readCheckpoint(imported).params, m_weights);
        QVERIFY2(differing.empty(), differing.c_str());
    }

    // What cannot be a model of these data is refused, naming the file and the problem, and
    // no checkpoint is written.
    void badStateDictsAreRefused_data()
    {
        QTest::addColumn<StateDictFile>("file"); // none: the file is written by the row's name below
        QTest::addColumn<QString>("problem");
        const auto without = [](std::string dropped) {
            return StateDictFile([dropped](const NamedTensors& w) {
                NamedTensors kept;
                for (const auto& named : w)
                    if (named.first != dropped) kept.push_back(named);
                return c10::IValue(dictOf(kept));
            });
        };
        QTest::newRow("NaN weights") << StateDictFile([](const NamedTensors& w) {
            NamedTensors broken = w;
            broken[0].second = broken[0].second.clone();
            broken[0].second.view(-1)[0].fill_(std::nan(""));
            return c10::IValue(dictOf(broken));
        }) << "holds NaN or infinite values";
        QTest::newRow("a tensor missing") << without("decoder.cells.0.update.bias_pool") << "missing decoder.cells.0.update.bias_pool";
        QTest::newRow("no HimNet inside") << StateDictFile([](const NamedTensors&) {
            c10::impl::GenericDict d(c10::StringType::get(), c10::AnyType::get());
            d.insert("epoch", c10::IValue(int64_t(3)));
            return c10::IValue(d);
        }) << "holds no state dict of names to tensors (its entries: epoch)";
        QTest::newRow("two models inside") << StateDictFile([](const NamedTensors& w) {
            c10::impl::GenericDict d(c10::StringType::get(), c10::AnyType::get());
            d.insert("model", dictOf(w));
            d.insert("ema_model", dictOf(w));
            return c10::IValue(d);
        }) << "holds several HimNet state dicts";
        QTest::newRow("a list") << StateDictFile([](const NamedTensors& w) {
            return c10::IValue(c10::List<torch::Tensor>({w[0].second}));
        }) << "expected a state dict";
        QTest::newRow("another network") << StateDictFile() << "is a network of 7 sensors; la-week has 207";
        QTest::newRow("not a state dict") << StateDictFile() << "not a PyTorch state dict saved with torch.save";
        QTest::newRow("missing file") << StateDictFile() << "file not found";
        QTest::newRow("a checkpoint") << StateDictFile() << "is an HDF5 file, not a state dict";
    }
    void badStateDictsAreRefused()
    {
        QFETCH(StateDictFile, file);
        QFETCH(QString, problem);
        const QString row = QString::fromLatin1(QTest::currentDataTag());
        std::string stateDict = path("bad.pt");
        QFile::remove(QString::fromStdString(stateDict));
        if (file) writeBytes(stateDict, torch::pickle_save(file(m_weights)));
        else if (row == "another network") stateDict = testing::sharedPath("golden/himnet_small_state_dict.pt");
        else if (row == "not a state dict") writeBytes(stateDict, {'n', 'o', 't', ' ', 'a', ' ', 'm', 'o', 'd', 'e', 'l'});
        else if (row == "a checkpoint") stateDict = m_trained;
        const std::string imported = path("refused.h5");
        try {
            importStateDict(stateDict, m_data, trainingDefaults(*m_data), imported);
            QFAIL("imported");
        } catch (const InputError& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.startsWith(QString::fromStdString(stateDict) + ": "), qPrintable(message));
            QVERIFY2(message.contains(problem), qPrintable(message));
        }
        QVERIFY(!QFile::exists(QString::fromStdString(imported)));
    }

    // Another number of steps per day is another time axis: refused, saying how to read the data.
    void otherStepsPerDayAreRefused()
    {
        LoadOptions quarterHours;
        quarterHours.intervalSeconds = 900;
        auto coarse = std::make_shared<const Dataset>(loadDataset(testing::sharedPath("datasets/la-week"), quarterHours));
        const std::string stateDict = path("steps.pt");
        exportStateDict(m_trained, stateDict);
        try {
            importStateDict(stateDict, coarse, trainingDefaults(*coarse), path("steps.h5"));
            QFAIL("imported");
        } catch (const InputError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains("has 288 time-of-day slots (a step every 5 min)"), e.what());
        }
    }

    // A state dict alone is not a model to open: its scaler and split are missing, and the
    // message says how to import it.
    void aStateDictOpensOnlyOnceImported()
    {
        const std::string stateDict = path("alone.pt");
        exportStateDict(m_trained, stateDict);
        try {
            evaluateCheckpoint(m_data, stateDict, "test", DeviceKind::Cpu);
            QFAIL("evaluated");
        } catch (const InputError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains("himnet import --state-dict alone.pt"), e.what());
        }
        QVERIFY(!isReferenceStateDict(m_trained));
    }

    // Without data, a state dict's embeddings can be looked at as they are (himnet embed
    // --what node|tod|dow): they need no scaler or split.
    void aStateDictsEmbeddingsNeedNoData()
    {
        const std::string stateDict = path("embeddings.pt");
        exportStateDict(m_trained, stateDict);
        const ModelAnalysis fromStateDict(stateDict), fromCheckpoint(m_trained);
        QCOMPARE(fromStateDict.config().numNodes, int64_t(207));
        QVERIFY(fromStateDict.nodeEmbeddings().values == fromCheckpoint.nodeEmbeddings().values);
        QVERIFY(fromStateDict.dayOfWeekEmbeddings().values == fromCheckpoint.dayOfWeekEmbeddings().values);
        QCOMPARE(fromStateDict.sensorIds().front(), std::string("0")); // a state dict names no sensors
    }

    // A model trained with another temporal context than the paper's is fed its days otherwise
    // by the reference: the export says so.
    void exportTellsWhatTheReferenceFeedsOtherwise()
    {
        const std::string collapsed = path("collapsed.h5");
        TrainingOptions o = testing::tinyOptions(collapsed);
        o.temporalContext = TemporalContext::Auto; // la-week's Tuesday and Wednesday share the weekday context
        train(m_data, o);
        const std::string caveat = exportStateDict(collapsed, path("collapsed.pt"));
        QVERIFY2(caveat.find("Tuesday, Wednesday") != std::string::npos, caveat.c_str());
        QVERIFY(caveat.find("--temporal-context paper") != std::string::npos);
    }
};

QTEST_MAIN(TestReferenceModels)
#include "test_reference_models.moc"
