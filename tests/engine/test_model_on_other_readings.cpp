// A model opened on data read otherwise than it was trained on: at another interval, from
// another column of a long table, or with readings combined otherwise into its steps. Each is
// refused in words that say how to read the data as the model was trained, and the refusal
// tells the app what to read it again with. Over another period: the model keeps the one it
// trained on, a resume and the reference's windows refuse another, and an evaluation says when
// it tests the model on steps it trained on.
#include "core/text.h"
#include "quick_training.h"
#include "refusals.h"
#include "shared_path.h"
#include "small_checkpoint.h"
#include "himnet/dataset.h"
#include "himnet/demo_city.h"
#include "himnet/errors.h"
#include "himnet/evaluation.h"
#include "himnet/forecasting.h"
#include "himnet/model_file.h"
#include "himnet/training.h"
#include "train/trained_model.h"
#include "train/trained_period.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <fstream>
#include <optional>
#include <utility>

using namespace himnet;
using testing::checkpointOf;
using testing::smallConfig;

namespace {

/// What is wrong with how the 15-minute model at `model` opens on `data`: with `problem`
/// empty it must load with 96 steps per day; otherwise it must be refused with a StepMismatch
/// naming the model file and `problem`, handed back in `refusal`.
QString stepMismatchOf(const std::string& model, const Dataset& data, const QString& problem, std::optional<StepMismatch>& refusal)
{
    if (problem.isEmpty()) {
        const int64_t steps = loadTrainedModel(model, data, DeviceKind::Cpu).model->config().stepsPerDay;
        return steps == 96 ? QString() : QStringLiteral("loaded with %1 steps per day, not 96").arg(steps);
    }
    refusal = testing::thrownBy<StepMismatch>([&] { loadTrainedModel(model, data, DeviceKind::Cpu); });
    return testing::mismatchOfMessage(refusal ? std::optional<QString>(QString::fromUtf8(refusal->what())) : std::nullopt,
                                      {QString::fromStdString(model), problem});
}

constexpr int64_t kJanuary2015 = 1420070400; // 2015-01-01 00:00 UTC

/// One sensor's 15-minute readings for `days` days from `firstDay` days after 2015-01-01.
std::shared_ptr<const Dataset> roadOf(int64_t firstDay, int64_t days)
{
    auto d = std::make_shared<Dataset>();
    d->name = "sz-taxi";
    d->numNodes = 1;
    d->numSteps = days * 96;
    d->intervalSeconds = 900;
    d->sensorIds = {"road 1"};
    for (int64_t t = 0; t < d->numSteps; ++t) {
        d->timestamps.push_back(kJanuary2015 + firstDay * 86400 + t * 900);
        d->values.push_back(20.0f + static_cast<float>(t % 9));
    }
    d->validate();
    return d;
}

/// A model of that sensor trained on January 2015 (split by time, 70 / 10 / 20 %), or, with
/// `keptWindows`, on the windows of a split file it keeps.
TrainedModel januaryModel(bool keptWindows = false)
{
    TrainedModel trained;
    trained.path = "/models/sz.h5";
    trained.checkpoint.config = smallConfig(1);
    trained.checkpoint.dataset = DatasetStamp{"sz-taxi", {"road 1"}, 96, {}, {}, {}, kJanuary2015, kJanuary2015 + (31 * 96 - 1) * 900};
    if (keptWindows) {
        trained.options.splitFile = "/data/sz-taxi/index.npz";
        trained.checkpoint.split = SplitIndex{{0, 1, 2}, {2000}, {2900, 2952}, 12, 12};
    }
    return trained;
}

} // namespace

class TestModelOnOtherReadings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // A model of 15-minute steps refuses a dataset of 5-minute steps, in words; when the
    // dataset's files carry no timestamps, its interval was only assumed, and the message says
    // how to read it at the model's.
    void modelOfAnotherIntervalIsRefused_data()
    {
        QTest::addColumn<bool>("timestamps");
        QTest::addColumn<qlonglong>("stampedEvery"); // seconds between the file's timestamps
        QTest::addColumn<qlonglong>("readAt");       // --interval, 0 for none
        QTest::addColumn<QString>("problem");        // empty: the model loads
        QTest::newRow("file with finer timestamps")
            << true << qlonglong(300) << qlonglong(0)
            << "was trained with 96 steps per day (every 15 min); series has 288 (every 5 min): its readings can be averaged into the "
               "model's steps (--interval 15min, or Reading Options in the app)";
        QTest::newRow("file with finer timestamps, averaged into the model's steps") << true << qlonglong(300) << qlonglong(900) << "";
        QTest::newRow("file with hourly timestamps") << true << qlonglong(3600) << qlonglong(0)
                                                     << "was trained with 96 steps per day (every 15 min); series has 24 (every 1 h)";
        QTest::newRow("file without, interval assumed")
            << false << qlonglong(0) << qlonglong(0)
            << "has 288 (every 5 min), and its files carry no timestamps: read them at the model's interval (--interval 15min, "
               "or Reading Options in the app)";
        QTest::newRow("file without, read at the model's interval") << false << qlonglong(0) << qlonglong(900) << "";
    }

    void modelOfAnotherIntervalIsRefused()
    {
        QFETCH(bool, timestamps);
        QFETCH(qlonglong, stampedEvery);
        QFETCH(qlonglong, readAt);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        const std::string model = (dir.path() + "/model.h5").toStdString(), series = (dir.path() + "/series.csv").toStdString();
        HimNet trained(smallConfig());
        const Checkpoint written = checkpointOf(trained); // 96 steps per day, the sensors of la-week's first six
        writeCheckpoint(model, written);
        {
            std::ofstream out(series);
            out << (timestamps ? "timestamp," : "");
            for (size_t n = 0; n < written.dataset->sensorIds.size(); ++n) out << (n ? "," : "") << written.dataset->sensorIds[n];
            out << '\n';
            for (int t = 0; t < 2 * 288; ++t) {
                if (timestamps) out << formatTimestamp(parseTimestamp("2024-01-01") + stampedEvery * t) << ',';
                out << "50,51,52,53,54,55\n";
            }
        }
        LoadOptions options;
        if (readAt) options.intervalSeconds = readAt;
        const Dataset data = loadDataset(series, options);
        std::optional<StepMismatch> mismatch;
        const QString wrong = stepMismatchOf(model, data, problem, mismatch);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        if (!mismatch) return; // it loads
        const QString message = QString::fromUtf8(mismatch->what());
        if (stampedEvery == 3600) QVERIFY2(!message.contains("--interval"), qPrintable(message)); // hourly readings make no 15-minute steps
        // Whether the app may offer to read the dataset again at the model's interval.
        QCOMPARE(mismatch->modelIntervalSeconds(), int64_t(900));
        QVERIFY(!mismatch->modelAggregation()); // the model's steps were its file's own
        QCOMPARE(mismatch->readableAsModelSteps(), stampedEvery != 3600);
    }

    // A model of one column of a long table (speeds) is refused on another (flows), with the
    // column to read named; it loads on its own column, and the column survives the file.
    void modelOfAnotherValueColumnIsRefused_data()
    {
        QTest::addColumn<QString>("readColumn");
        QTest::addColumn<QString>("problem"); // empty: the model loads
        QTest::newRow("its own column") << "speed" << "";
        QTest::newRow("its own column, other case") << "SPEED" << "";
        QTest::newRow("another column") << "flow"
                                        << "was trained on the column 'speed' of la-six; detectors is read from its column 'flow' "
                                           "(read that with --value-column speed, or Reading Options in the app)";
    }

    void modelOfAnotherValueColumnIsRefused()
    {
        QFETCH(QString, readColumn);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        const std::string model = (dir.path() + "/model.h5").toStdString(), series = (dir.path() + "/detectors.csv").toStdString();
        HimNet trained(smallConfig());
        Checkpoint written = checkpointOf(trained);
        written.dataset->name = "la-six";
        written.dataset->valueColumn = "speed";
        std::sort(written.dataset->sensorIds.begin(), written.dataset->sensorIds.end()); // as a long table orders them
        writeCheckpoint(model, written);
        QCOMPARE(readCheckpoint(model).dataset->valueColumn, std::string("speed"));
        QCOMPARE(inspectModelFile(model).valueColumn, std::string("speed"));
        QVERIFY(toJson(inspectModelFile(model)).find("\"value_column\": \"speed\"") != std::string::npos);
        {
            std::ofstream out(series);
            out << "time,detector,flow,speed\n";
            for (int t = 0; t < 2 * 96; ++t)
                for (const auto& id : written.dataset->sensorIds)
                    out << formatTimestamp(parseTimestamp("2024-01-01") + 900 * t) << ',' << id << ",120," << 50 + t % 9 << '\n';
        }
        LoadOptions options;
        options.valueColumn = readColumn.toStdString();
        const Dataset data = loadDataset(series, options);
        if (problem.isEmpty()) {
            QCOMPARE(loadTrainedModel(model, data, DeviceKind::Cpu).model->config().numNodes, data.numNodes);
            return;
        }
        const QString wrong =
            testing::refusalMismatch([&] { loadTrainedModel(model, data, DeviceKind::Cpu); }, {QString::fromStdString(model), problem});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    // A model trained on counts totalled into 15-minute steps keeps how they were combined: a
    // dataset whose readings were averaged into its steps is refused, saying how to read it,
    // and one of finer readings is told to total them. Totals, or the file's own 15-minute
    // steps, load.
    void modelOfTotalledReadingsRefusesAverages_data()
    {
        QTest::addColumn<int>("stampedEvery");  // seconds between the file's timestamps
        QTest::addColumn<int>("readEvery");     // --interval, 0 for none
        QTest::addColumn<QString>("aggregate"); // --aggregate, or empty
        QTest::addColumn<QString>("problem");   // empty: the model loads
        QTest::newRow("5-minute counts totalled into its steps") << 300 << 900 << "sum" << "";
        QTest::newRow("15-minute counts as the file gives them") << 900 << 0 << "" << "";
        QTest::newRow("5-minute counts averaged into its steps")
            << 300 << 900 << "" << "was trained on readings totalled into its steps; counts's were averaged (read them with --aggregate sum, or "
                                   "Reading Options in the app)";
        QTest::newRow("5-minute counts as they are")
            << 300 << 0 << ""
            << "has 288 (every 5 min): its readings can be totalled into the model's steps (--interval 15min --aggregate sum, or Reading "
               "Options in the app)";
    }

    void modelOfTotalledReadingsRefusesAverages()
    {
        QFETCH(int, stampedEvery);
        QFETCH(int, readEvery);
        QFETCH(QString, aggregate);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        const std::string model = (dir.path() + "/model.h5").toStdString(), series = (dir.path() + "/counts.csv").toStdString();
        HimNet trained(smallConfig());
        Checkpoint written = checkpointOf(trained);
        written.dataset->aggregation = Aggregation::Sum;
        writeCheckpoint(model, written);
        QCOMPARE(readCheckpoint(model).dataset->aggregation, std::optional<Aggregation>(Aggregation::Sum));
        QCOMPARE(inspectModelFile(model).aggregation, std::string("sum"));
        QVERIFY(toJson(inspectModelFile(model)).find("\"aggregation\": \"sum\"") != std::string::npos);
        {
            std::ofstream out(series);
            out << "timestamp";
            for (const auto& id : written.dataset->sensorIds) out << ',' << id;
            out << '\n';
            for (int t = 0; t < 2 * 86400 / stampedEvery; ++t) {
                out << formatTimestamp(parseTimestamp("2024-01-01") + int64_t(stampedEvery) * t);
                for (size_t n = 0; n < written.dataset->sensorIds.size(); ++n) out << ',' << 10 + (t + n) % 7;
                out << '\n';
            }
        }
        LoadOptions options;
        if (readEvery) options.intervalSeconds = readEvery;
        if (!aggregate.isEmpty()) options.aggregation = parseAggregation(aggregate.toStdString());
        const Dataset data = loadDataset(series, options);
        std::optional<StepMismatch> mismatch;
        const QString wrong = stepMismatchOf(model, data, problem, mismatch);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        if (!mismatch) return; // it loads
        // What the app reads the dataset again with.
        QCOMPARE(mismatch->modelIntervalSeconds(), int64_t(900));
        QCOMPARE(mismatch->modelAggregation(), std::optional<Aggregation>(Aggregation::Sum));
        QVERIFY(mismatch->readableAsModelSteps());
    }

    // A model split by time over January is evaluated on the split of the data it is given:
    // where that data spans another period, its test windows may forecast steps the model
    // trained on (up to 22 January, 18:15), and the report says how many, and how to read the
    // data as for its training.
    void testsOnTrainedStepsAreNoted_data()
    {
        QTest::addColumn<int>("firstDay"); // of the data, days after 1 January
        QTest::addColumn<int>("days");
        QTest::addColumn<bool>("periodKept"); // the checkpoint keeps the period it trained on
        QTest::addColumn<QString>("overlap"); // "all", "some" or "none"
        QTest::newRow("the period it trained on") << 0 << 31 << true << "none";
        QTest::newRow("its first three weeks") << 0 << 21 << true << "all";
        QTest::newRow("two weeks from 10 January") << 9 << 14 << true << "some";
        QTest::newRow("its last week") << 24 << 7 << true << "none";
        QTest::newRow("December and January's first ten days") << -20 << 31 << true << "all";
        QTest::newRow("a checkpoint that does not keep its period") << 0 << 21 << false << "none";
    }

    void testsOnTrainedStepsAreNoted()
    {
        QFETCH(int, firstDay);
        QFETCH(int, days);
        QFETCH(bool, periodKept);
        QFETCH(QString, overlap);
        TrainedModel trained = januaryModel();
        if (!periodKept) trained.checkpoint.dataset->firstTime = trained.checkpoint.dataset->lastTime = std::nullopt;
        const auto windows = windowsFor(trained, roadOf(firstDay, days));
        const QString note = QString::fromStdString(trainedStepsNote(trained, *windows, Split::Test));
        const qlonglong tests = windows->count(Split::Test);
        if (overlap == "none") {
            QVERIFY2(note.isEmpty(), qPrintable(note));
            return;
        }
        const QRegularExpressionMatch counted = QRegularExpression("^(\\d+) of its (\\d+) test windows forecast steps the model trained on").match(note);
        QVERIFY2(counted.hasMatch(), qPrintable(note));
        QCOMPARE(counted.captured(2).toLongLong(), tests);
        if (overlap == "all") QCOMPARE(counted.captured(1).toLongLong(), tests);
        else QVERIFY2(counted.captured(1).toLongLong() > 0 && counted.captured(1).toLongLong() < tests, qPrintable(note));
        for (const char* part : {"(its training windows ran from 2015-01-01 00:00:00 to 2015-01-22 18:15:00 of sz-taxi read from 2015-01-01 "
                                 "00:00:00 to 2015-01-31 23:45:00; the data is read over another period): their scores flatter it",
                                 "read the data as for its training (--from 2015-01-01 --until 2015-02-01, or Read from and Read until in Reading Options"})
            QVERIFY2(note.contains(QLatin1String(part)), qPrintable(note));
    }

    // The reference's windows, kept in the checkpoint, number the steps of the series from its
    // first: on data read from another first step they are refused, saying how to read it.
    void keptWindowsOfAnotherPeriodAreRefused()
    {
        const TrainedModel trained = januaryModel(true);
        QVERIFY(windowsFor(trained, roadOf(0, 31)));
        const QString wrong = testing::refusalMismatch(
            [&] { windowsFor(trained, roadOf(10, 31)); },
            {"/models/sz.h5: was trained and tested on the windows of index.npz (kept in the checkpoint), which number the steps of "
             "sz-taxi from 2015-01-01 00:00:00; sz-taxi is read from 2015-01-11 00:00:00 (read it with --from 2015-01-01 --until "
             "2015-02-01, or Read from and Read until in Reading Options in the app)"});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));

        // A checkpoint from before a period could be read alone was trained on the whole
        // series: a period of it that begins later is refused, the whole series is not.
        TrainedModel older = januaryModel(true);
        older.checkpoint.dataset->firstTime = older.checkpoint.dataset->lastTime = std::nullopt;
        auto period = std::make_shared<Dataset>(*roadOf(10, 31));
        period->seriesFirstTime = kJanuary2015;
        period->seriesLastTime = kJanuary2015 + (41 * 96 - 1) * 900;
        QVERIFY(windowsFor(older, roadOf(10, 31))); // read whole, as far as anyone can tell
        const QString olderWrong = testing::refusalMismatch(
            [&] { windowsFor(older, period); },
            {"/models/sz.h5: was trained and tested on the windows of index.npz (kept in the checkpoint), which number the steps of "
             "the whole series, from 2015-01-01 00:00:00; sz-taxi is read from 2015-01-11 00:00:00 (read the whole series: leave out "
             "--from and --until, or clear Read from and Read until in Reading Options in the app)"});
        QVERIFY2(olderWrong.isEmpty(), qPrintable(olderWrong));
    }

    // A model trained on sz-taxi's last three weeks, after its level changed, for real: the
    // checkpoint keeps that period, an evaluation on the whole month says that some of its
    // test windows fall in the model's training, and a resume over the whole month is refused.
    void aModelKeepsThePeriodItTrainedOn()
    {
        QTemporaryDir dir;
        const std::string model = dir.filePath(QStringLiteral("model.h5")).toStdString();
        const std::string series = testing::sharedPath("datasets/sz-taxi");
        LoadOptions lastWeeks;
        lastWeeks.from = parseTimestamp("2015-01-11");
        const auto read = std::make_shared<const Dataset>(loadDataset(series, lastWeeks));
        const auto whole = std::make_shared<const Dataset>(loadDataset(series));
        train(read, testing::tinyOptions(model));

        const ModelFileSummary summary = inspectModelFile(model);
        QCOMPARE(summary.dataFrom, std::string("2015-01-11 00:00:00"));
        QCOMPARE(summary.dataTo, std::string("2015-01-31 23:45:00"));
        const QJsonObject period = QJsonDocument::fromJson(QByteArray::fromStdString(toJson(summary))).object()["trained_period"].toObject();
        QCOMPARE(period["from"].toString(), QStringLiteral("2015-01-11 00:00:00"));
        QCOMPARE(period["to"].toString(), QStringLiteral("2015-01-31 23:45:00"));

        const auto notesOf = [&](std::shared_ptr<const Dataset> data) {
            return QString::fromStdString(joined(evaluateCheckpoint(data, model, "test", DeviceKind::Cpu).notes, " | "));
        };
        QVERIFY(!notesOf(read).contains("the model trained on"));
        const QString notes = notesOf(whole);
        QVERIFY2(notes.contains("test windows forecast steps the model trained on (its training windows ran from 2015-01-11 00:00:00")
                     && notes.contains("--from 2015-01-11 --until 2015-02-01"),
                 qPrintable(notes));

        // What the app offers from: the period to read, and why the whole month measures it badly.
        // A file of some of its days (tested on steps it trained on too) cannot be read so.
        LoadOptions someDays;
        someDays.from = parseTimestamp("2015-01-15");
        someDays.until = parseTimestamp("2015-01-26");
        const std::string export_ = dir.filePath(QStringLiteral("some-days")).toStdString();
        writeDatasetFolder(loadDataset(series, someDays), export_);
        const auto fileOfSomeDays = std::make_shared<const Dataset>(loadDataset(export_));
        QVERIFY(notesOf(fileOfSomeDays).contains("test windows forecast steps the model trained on"));
        for (const auto& [data, offered] : {std::pair{read, false}, std::pair{whole, true}, std::pair{fileOfSomeDays, false}}) {
            const Forecaster forecaster(data, model, DeviceKind::Cpu);
            QVERIFY(forecaster.trainedPeriod());
            QCOMPARE(forecaster.trainedPeriod()->from, parseTimestamp("2015-01-11"));
            QCOMPARE(forecaster.trainedPeriod()->until, parseTimestamp("2015-02-01"));
            const QString note = QString::fromStdString(forecaster.otherPeriodNote());
            QVERIFY2(offered ? note.contains("test windows forecast steps the model trained on") : note.isEmpty(), qPrintable(note));
        }

        TrainingOptions resume = testing::tinyOptions(model);
        resume.resume = true;
        resume.epochs = 2;
        const QString wrong = testing::refusalMismatch(
            [&] { train(whole, resume); },
            {QString::fromStdString(model), "was trained on sz-taxi from 2015-01-11 00:00:00 to 2015-01-31 23:45:00; sz-taxi is read from "
                                            "2015-01-01 00:00:00 to 2015-01-31 23:45:00: a training resumes over the period it began with "
                                            "(read it with --from 2015-01-11 --until 2015-02-01"});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        QCOMPARE(train(read, resume).history.size(), size_t(2));
    }
};

QTEST_MAIN(TestModelOnOtherReadings)
#include "test_model_on_other_readings.moc"
