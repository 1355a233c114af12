// Fine-tuning: a training that starts from a model's weights (a checkpoint of the network, or
// a reference state dict) instead of its seed's. It runs the model it starts from, keeps
// those weights unless an epoch beats their validation loss, resumes as any training does,
// and refuses weights that do not fit, naming the file. Reopened, a model shows where its
// training began.
#include "refusals.h"
#include "himnet/embedding_map.h"
#include "himnet/errors.h"
#include "himnet/evaluation.h"
#include "himnet/forecasting.h"
#include "himnet/model_analysis.h"
#include "himnet/model_file.h"
#include "himnet/reference_models.h"
#include "himnet/holidays.h"
#include "himnet/training.h"
#include "quick_training.h"
#include "test_tensors.h"
#include "train/checkpoint.h"
#include "train/training_state.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <filesystem>
#include <fstream>

using namespace himnet;
using testing::quickDemoCity;
using testing::quickOptions;
using testing::tensorNamed;

namespace {

/// A short fine-tuning run of `data` from `from`, writing `to`.
TrainingOptions fineTuning(const std::string& from, const std::string& to)
{
    TrainingOptions o = quickOptions(to, 16); // the shape asked for gives way to the model's
    o.initialWeights = from;
    o.epochs = 2;
    o.maxBatchesPerEpoch = 4;
    o.learningRate = 1e-3;
    return o;
}

TrainingRecord recordOf(const std::string& checkpoint, const Dataset& data)
{
    return parseTrainingRecord(readCheckpoint(checkpoint).training, data.stepsPerDay(), checkpoint);
}

} // namespace

class TestFineTuning : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::shared_ptr<const Dataset> m_data;
    std::string m_base; ///< testing::trainBaseModel
    double m_baseBestValLoss = 0;

    std::string path(const char* name) const { return (m_dir.path() + '/' + name).toStdString(); }

private Q_SLOTS:
    void initTestCase()
    {
        m_data = quickDemoCity();
        m_base = path("base.h5");
        m_baseBestValLoss = testing::trainBaseModel(m_data, m_base);
    }

    void startsFromTheModelsWeights()
    {
        const std::string tuned = path("tuned.h5");
        std::optional<double> announced;
        std::string message;
        std::shared_ptr<const EmbeddingTables> startEmbeddings;
        const TrainResult result = train(m_data, fineTuning(m_base, tuned), [&](const TrainProgress& p) {
            if (p.kind == TrainProgress::Kind::Started) {
                announced = p.startingValLoss;
                message = p.message;
            }
            if (p.kind == TrainProgress::Kind::Epoch && !startEmbeddings) startEmbeddings = p.startEmbeddings;
        });
        // It runs the model it starts from: on the same data and split, the validation loss of
        // those weights is the one their own training measured.
        QVERIFY(result.startingValLoss.has_value());
        QCOMPARE(*result.startingValLoss, m_baseBestValLoss);
        QVERIFY(announced == result.startingValLoss);
        QVERIFY2(QString::fromStdString(message).contains("starting from the weights of base.h5"), message.c_str());
        // The views measure how far training moves the embeddings from those weights, not from a seed's.
        QVERIFY(startEmbeddings);
        const torch::Tensor baseNodes = tensorNamed(readCheckpoint(m_base).params, "node_embedding");
        QCOMPARE(startEmbeddings->node.rows, baseNodes.size(0));
        QCOMPARE(startEmbeddings->node.at(5, 2), baseNodes[5][2].item<double>());
        // So do they when the model is opened again, with or without its data: the checkpoint
        // keeps where it started.
        for (const ModelAnalysis& reopened : {ModelAnalysis(tuned, m_data), ModelAnalysis(tuned)}) {
            const auto start = reopened.startingEmbeddings();
            QVERIFY(start.has_value());
            QCOMPARE(start->node.values, startEmbeddings->node.values);
            QCOMPARE(start->timeOfDay.values, startEmbeddings->timeOfDay.values);
            // and the explorer says they are the starting model's, not random values.
            const EmbeddingPoints points = embeddingPoints(reopened, EmbeddingKind::Node);
            QCOMPARE(QString::fromStdString(points.startedFrom), QString::fromStdString(std::filesystem::absolute(m_base).string()));
        }

        // Its shape is the model's (hidden size 8), whatever the options asked for (16), and
        // its decoder runs on its own forecasts from the first batch: no teacher forcing.
        const Checkpoint c = readCheckpoint(tuned);
        QCOMPARE(c.config.hiddenDim, int64_t(8));
        QVERIFY(!c.config.useTeacherForcing);
        QVERIFY2(QString::fromStdString(message).contains("its decoder fed its own forecasts from the first batch"), message.c_str());
        const TrainingRecord record = recordOf(tuned, *m_data);
        QCOMPARE(QString::fromStdString(record.options.initialWeights), QString::fromStdString(std::filesystem::absolute(m_base).string()));
        QVERIFY(record.startingValLoss == result.startingValLoss);
        QVERIFY(!startingSeed(record)); // no seed draws these weights again

        const ModelFileSummary summary = inspectModelFile(tuned);
        QCOMPARE(summary.startedFrom, record.options.initialWeights);
        QVERIFY(summary.startingValLoss == result.startingValLoss);
        QCOMPARE(summary.epochsTrained, int64_t(2));
        QCOMPARE(summary.bestEpoch, result.bestEpoch);
        QVERIFY(QString::fromStdString(toJson(summary)).contains("\"started_from\""));
    }

    // An epoch that does worse than the weights it started from never replaces them: with a
    // learning rate far too high, the checkpoint holds the starting model, bit for bit, and
    // evaluates as it does.
    void keepsTheStartingWeightsWhenNoEpochBeatsThem()
    {
        const std::string tuned = path("overshot.h5");
        TrainingOptions o = fineTuning(m_base, tuned);
        o.epochs = 1;
        o.maxBatchesPerEpoch = 3;
        o.learningRate = 0.3;
        const TrainResult result = train(m_data, o);
        QCOMPARE(result.epochsRun, int64_t(1));
        QVERIFY2(result.history.front().valLoss > *result.startingValLoss, qPrintable(QString::number(result.history.front().valLoss)));
        QCOMPARE(result.bestEpoch, int64_t(0));
        QCOMPARE(result.bestValLoss, *result.startingValLoss);
        QVERIFY(sameTensors(readCheckpoint(tuned).params, readCheckpoint(m_base).params));
        const ModelFileSummary summary = inspectModelFile(tuned);
        QCOMPARE(summary.bestEpoch, int64_t(0));
        QCOMPARE(summary.bestValidationLoss, *result.startingValLoss);
        QCOMPARE(evaluateCheckpoint(m_data, tuned, "test", DeviceKind::Cpu).all.mae,
                 evaluateCheckpoint(m_data, m_base, "test", DeviceKind::Cpu).all.mae);
    }

    // Stopped and resumed, a fine-tuning ends as one that never stopped, and needs its starting
    // model no more: the weights are in its checkpoint.
    void resumesAsIfItNeverStopped()
    {
        const std::string straight = path("straight.h5"), stopped = path("stopped.h5");
        const std::string movedBase = path("moved-base.h5");
        std::filesystem::copy_file(m_base, movedBase);
        train(m_data, fineTuning(m_base, straight));

        CancelToken cancel;
        const TrainResult first = train(m_data, fineTuning(movedBase, stopped), [&](const TrainProgress& p) {
            if (p.kind == TrainProgress::Kind::Batch && p.epoch == 2 && p.batch == 2) cancel.cancel();
        }, &cancel);
        QVERIFY(first.cancelled);
        std::filesystem::remove(movedBase);
        TrainingOptions again = fineTuning(movedBase, stopped);
        again.resume = true;
        const TrainResult finished = train(m_data, again);
        QCOMPARE(finished.epochsRun, int64_t(2));
        QVERIFY(finished.startingValLoss && finished.startingValLoss == first.startingValLoss);
        const Checkpoint a = readCheckpoint(straight), b = readCheckpoint(stopped);
        QVERIFY(sameTensors(a.params, b.params));
        QVERIFY(sameTensors(a.resumeParams, b.resumeParams));
        QVERIFY(sameTensors(a.start, b.start)); // where it started, without the file it started from
        QVERIFY(torch::equal(tensorNamed(b.start, "node_embedding"), tensorNamed(readCheckpoint(m_base).params, "node_embedding")));
        QCOMPARE(a.history.back().valLoss, b.history.back().valLoss);
    }

    // A model of the reference implementation starts a fine-tuning as its checkpoint does; its
    // days were trained apart, so Auto feeds unseen days as the nearest trained one.
    void startsFromAReferenceStateDict()
    {
        const std::string stateDict = path("base.pt");
        exportStateDict(m_base, stateDict);
        const std::string tuned = path("from-pt.h5");
        TrainingOptions o = fineTuning(stateDict, tuned);
        o.epochs = 1;
        const TrainResult result = train(m_data, o);
        QCOMPARE(*result.startingValLoss, m_baseBestValLoss);
        QVERIFY(recordOf(tuned, *m_data).options.temporalContext == TemporalContext::NearestDay);
    }

    // Auto follows the model it starts from; a context asked for is kept.
    void temporalContextFollowsTheStartingModel_data()
    {
        QTest::addColumn<int>("asked");
        QTest::addColumn<int>("expected");
        QTest::newRow("auto: the model's") << int(TemporalContext::Auto) << int(TemporalContext::WeekdayWeekend);
        QTest::newRow("paper: as asked") << int(TemporalContext::Paper) << int(TemporalContext::Paper);
    }

    void temporalContextFollowsTheStartingModel()
    {
        QFETCH(int, asked);
        QFETCH(int, expected);
        const std::string collapsed = path("weekday-weekend.h5");
        if (!std::filesystem::exists(collapsed)) {
            TrainingOptions o = testing::tinyOptions(collapsed);
            o.temporalContext = TemporalContext::WeekdayWeekend;
            train(m_data, o);
            QVERIFY(inspectModelFile(collapsed).temporalContext == TemporalContext::WeekdayWeekend);
            const QJsonObject summary = QJsonDocument::fromJson(QByteArray::fromStdString(toJson(inspectModelFile(collapsed)))).object();
            QCOMPARE(summary["temporal_context"].toString(), QStringLiteral("weekday-weekend"));
        }
        const std::string tuned = path("context.h5");
        TrainingOptions o = fineTuning(collapsed, tuned);
        o.epochs = 1;
        o.maxBatchesPerEpoch = 1;
        o.temporalContext = static_cast<TemporalContext>(asked);
        train(m_data, o);
        QVERIFY(recordOf(tuned, *m_data).options.temporalContext == static_cast<TemporalContext>(expected));
    }

    // A fine-tuning keeps its starting model's holidays unless others are chosen, none included.
    void holidaysFollowTheStartingModelUnlessChosen_data()
    {
        QTest::addColumn<bool>("chosen");
        QTest::addColumn<QString>("asked"); // as --holidays reads it
        QTest::addColumn<bool>("keepsUsFederal");
        QTest::newRow("none chosen: the model's") << false << "" << true;
        QTest::newRow("none, chosen: none") << true << "none" << false;
        QTest::newRow("the same, chosen") << true << "us" << true;
    }

    void holidaysFollowTheStartingModelUnlessChosen()
    {
        QFETCH(bool, chosen);
        QFETCH(QString, asked);
        QFETCH(bool, keepsUsFederal);
        const std::string withHolidays = path("us-holidays.h5");
        if (!std::filesystem::exists(withHolidays)) {
            TrainingOptions o = testing::tinyOptions(withHolidays);
            o.holidays = HolidayCalendar::usFederal();
            train(m_data, o);
        }
        const std::string tuned = path("holidays.h5");
        TrainingOptions o = fineTuning(withHolidays, tuned);
        o.epochs = 1;
        o.maxBatchesPerEpoch = 1;
        o.holidays = HolidayCalendar::fromChoice(asked.toStdString());
        o.holidaysChosen = chosen;
        train(m_data, o);
        const HolidayCalendar kept = recordOf(tuned, *m_data).options.holidays;
        QVERIFY(kept == (keepsUsFederal ? HolidayCalendar::usFederal() : HolidayCalendar()));
        QCOMPARE(inspectModelFile(tuned).holidays.empty(), !keepsUsFederal);
    }

    // Weights that cannot start this training are refused before anything is written, naming
    // the file and the problem.
    void refusesWeightsThatDoNotFit_data()
    {
        QTest::addColumn<QString>("weights");
        QTest::addColumn<QString>("out");
        QTest::addColumn<QString>("problem");
        QTest::newRow("missing file") << "absent.h5" << "out.h5" << "file not found";
        QTest::newRow("checkpoint of another network") << "forty.h5" << "out.h5" << "network of 40 sensors";
        QTest::newRow("state dict of another network") << "forty.pt" << "out.h5" << "is a network of 40 sensors";
        QTest::newRow("no finished epoch") << "unfinished.h5" << "out.h5" << "before the first epoch ended";
        QTest::newRow("NaN weights") << "nan.h5" << "out.h5" << "holds NaN or infinite values (in ";
        QTest::newRow("not a model") << "notes.pt" << "out.h5" << "not a PyTorch state dict";
        QTest::newRow("writing over itself") << "base.h5" << "base.h5" << "is the model the training starts from";
    }

    void refusesWeightsThatDoNotFit()
    {
        QFETCH(QString, weights);
        QFETCH(QString, out);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        const auto at = [&](const QString& name) { return (dir.path() + '/' + name).toStdString(); };
        std::filesystem::copy_file(m_base, at("base.h5"));
        if (weights.startsWith("forty")) {
            train(quickDemoCity(40), testing::tinyOptions(at("forty.h5")));
            exportStateDict(at("forty.h5"), at("forty.pt"));
        } else if (weights == "unfinished.h5") {
            CancelToken cancel;
            TrainingOptions o = testing::tinyOptions(at("unfinished.h5"));
            train(m_data, o, [&](const TrainProgress& p) { if (p.kind == TrainProgress::Kind::Batch) cancel.cancel(); }, &cancel);
        } else if (weights == "nan.h5") {
            Checkpoint c = readCheckpoint(m_base);
            c.params.front().second.view(-1)[0].fill_(std::nan(""));
            writeCheckpoint(at("nan.h5"), c);
        } else if (weights == "notes.pt") {
            std::ofstream(at("notes.pt")) << "not a model\n";
        }
        const auto before = std::filesystem::last_write_time(at("base.h5"));
        const QString wrong = testing::refusalMismatch([&] { train(m_data, fineTuning(at(weights), at(out))); },
                                                       {weights, problem});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        if (out != "base.h5") QVERIFY(!std::filesystem::exists(at(out)));
        QVERIFY(std::filesystem::last_write_time(at("base.h5")) == before);
    }
};

QTEST_MAIN(TestFineTuning)
#include "test_fine_tuning.moc"
