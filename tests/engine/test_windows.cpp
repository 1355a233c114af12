// Windows, splits (by time, and the reference's split files: beside a series, and the shared
// ones against the chronological shares), the scaler and lazily cut batches.
#include "core/text.h"
#include "data/temporal_context.h"
#include "export_fixtures.h"
#include "data/windowed_data.h"
#include "himnet/errors.h"
#include "himnet/training.h"
#include "npz_fixtures.h"
#include "refusals.h"
#include "shared_path.h"
#include "test_tensors.h"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <limits>

using namespace himnet;

namespace {

std::shared_ptr<Dataset> rampDataset(int64_t steps, int64_t nodes, int64_t interval = 300, int64_t start = 1330560000)
{
    auto d = std::make_shared<Dataset>();
    d->numSteps = steps;
    d->numNodes = nodes;
    d->intervalSeconds = interval;
    for (int64_t t = 0; t < steps; ++t) {
        d->timestamps.push_back(start + t * interval);
        for (int64_t n = 0; n < nodes; ++n) d->values.push_back(static_cast<float>(10 + (t * 7 + n * 3) % 23));
    }
    for (int64_t n = 0; n < nodes; ++n) d->sensorIds.push_back("s" + std::to_string(n));
    d->validate();
    return d;
}

} // namespace

class TestWindows : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void scalerIsTheReferencesOverTrainingInputWindows()
    {
        const auto d = rampDataset(200, 3);
        const WindowedData w(d);
        // Brute force: stack every training input window, as the reference does.
        double sum = 0, sumSquares = 0, count = 0;
        for (int64_t s : w.starts(Split::Train))
            for (int64_t t = s; t < s + 12; ++t)
                for (int64_t n = 0; n < 3; ++n) {
                    const double v = d->value(t, n);
                    sum += v;
                    sumSquares += v * v;
                    ++count;
                }
        const double mean = sum / count;
        QVERIFY(std::abs(w.scaler().mean - mean) < 1e-9);
        QVERIFY(std::abs(w.scaler().std - std::sqrt(sumSquares / count - mean * mean)) < 1e-9);
    }

    void batchHoldsScaledInputsTimeFeaturesAndRawTargets()
    {
        const auto d = rampDataset(400, 4);
        const WindowedData w(d);
        const Batch b = w.batch(Split::Val, {0, 5});
        QCOMPARE(b.x.sizes().vec(), (std::vector<int64_t>{2, 12, 4, 3}));
        QCOMPARE(b.yCov.sizes().vec(), (std::vector<int64_t>{2, 12, 4, 2}));
        QCOMPARE(b.target.sizes().vec(), (std::vector<int64_t>{2, 12, 4, 1}));
        const int64_t start = w.starts(Split::Val)[5];
        QCOMPARE(b.starts[1], start);
        for (int64_t t = 0; t < 12; ++t)
            for (int64_t n = 0; n < 4; ++n) {
                const double scaled = (d->value(start + t, n) - w.scaler().mean) / w.scaler().std;
                QVERIFY(std::abs(b.x[1][t][n][0].item<double>() - scaled) < 1e-5);
                QCOMPARE(b.target[1][t][n][0].item<float>(), d->value(start + 12 + t, n));
                QVERIFY(std::abs(b.labels[1][t][n][0].item<double>() - (d->value(start + 12 + t, n) - w.scaler().mean) / w.scaler().std) < 1e-5);
            }
        // 2012-03-01 was a Thursday (Monday = 0), so day of week 3; slot = minutes / 5.
        const int64_t slot = start % 288;
        QCOMPARE(static_cast<int64_t>(b.x[1][0][2][1].item<float>() * 288.0f), slot);
        QCOMPARE(b.x[1][0][2][2].item<float>(), float((3 + start / 288) % 7));
    }

    void timeOfDayFractionsTruncateToTheirSlot_data()
    {
        QTest::addColumn<int>("stepsPerDay");
        for (int p : {24, 48, 96, 144, 288, 1440}) QTest::newRow(qPrintable(QString::number(p))) << p;
    }

    void timeOfDayFractionsTruncateToTheirSlot()
    {
        QFETCH(int, stepsPerDay);
        // The model computes (fraction * P).long() in float32: every slot must map to itself.
        const torch::Tensor slots = torch::arange(stepsPerDay, torch::kLong);
        std::vector<float> fractions;
        for (int s = 0; s < stepsPerDay; ++s) fractions.push_back(timeOfDayFraction(s, stepsPerDay));
        const torch::Tensor f = torch::tensor(fractions);
        QVERIFY(torch::equal((f * static_cast<double>(stepsPerDay)).to(torch::kLong), slots));
        QVERIFY((f >= 0).all().item<bool>() && (f < 1).all().item<bool>());
    }

    void splitFileMustFitTheSeries()
    {
        const auto d = rampDataset(100, 2);
        WindowOptions o;
        o.index = SplitIndex{{0, 1}, {50}, {90}};
        QVERIFY_THROWS_EXCEPTION(InputError, WindowedData(d, o)); // 90 + 24 > 100
        o.index = SplitIndex{{0, 1}, {50}, {}};
        QVERIFY_THROWS_EXCEPTION(InputError, WindowedData(d, o)); // no test windows
        o.index = SplitIndex{{0, 1, 2}, {50}, {70}};
        const WindowedData w(d, o);
        QCOMPARE(w.count(Split::Train), int64_t(3));
        QCOMPARE(w.starts(Split::Test).front(), int64_t(70));
    }

    // What the Training panel shows and `himnet train` prints before training: the same
    // windows training then uses, by ratios or by a split file, and the days it never sees.
    void planShowsTheWindowsTrainingUses_data()
    {
        QTest::addColumn<double>("trainRatio");
        QTest::addColumn<double>("valRatio");
        QTest::addColumn<bool>("byFile");
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("unseenDays");
        QTest::addColumn<QString>("resolved");
        // la-week runs Thursday to Wednesday: a split by time leaves the last days to the test.
        QTest::newRow("70/10/20, auto") << 0.7 << 0.1 << false << "auto" << "1,2" << "weekday-weekend";
        QTest::newRow("70/10/20, as in the paper") << 0.7 << 0.1 << false << "paper" << "1,2" << "paper";
        QTest::newRow("40/20/40") << 0.4 << 0.2 << false << "auto" << "0,1,2,6" << "weekday-weekend";
        QTest::newRow("85/5/10") << 0.85 << 0.05 << false << "auto" << "2" << "weekday-weekend";
        // A split file whose training windows take every day: nothing is unseen.
        QTest::newRow("a split file") << 0.7 << 0.1 << true << "auto" << "" << "paper";
    }

    void planShowsTheWindowsTrainingUses()
    {
        QFETCH(double, trainRatio);
        QFETCH(double, valRatio);
        QFETCH(bool, byFile);
        QFETCH(QString, context);
        QFETCH(QString, unseenDays);
        QFETCH(QString, resolved);
        const auto laWeek = std::make_shared<Dataset>(testing::laWeek());
        QTemporaryDir dir;
        TrainingOptions options;
        options.trainRatio = trainRatio;
        options.valRatio = valRatio;
        options.temporalContext = parseTemporalContext(context.toStdString());
        if (byFile) {
            // Every seventh window tests, the one after it validates, the rest train: every
            // day and time of day is trained on (a day has 288 steps, one more than a multiple of 7).
            testing::SplitStartsFixture starts;
            for (int64_t s = 0; s + 24 <= laWeek->numSteps; ++s) (s % 7 == 0 ? starts.test : s % 7 == 1 ? starts.val : starts.train).push_back(s);
            options.splitFile = (dir.path() + "/index.npz").toStdString();
            testing::writeSplitFile(options.splitFile, starts);
        }
        const TrainingPlan plan = planTraining(*laWeek, options);
        WindowOptions w;
        w.trainRatio = trainRatio;
        w.valRatio = valRatio;
        if (byFile) w.index = readSplitIndex(options.splitFile);
        const WindowedData windows(laWeek, w);
        for (const auto& [split, period] : {std::pair{Split::Train, &plan.train}, {Split::Val, &plan.val}, {Split::Test, &plan.test}}) {
            const auto& starts = windows.starts(split);
            QCOMPARE(period->windows, windows.count(split));
            QCOMPARE(period->firstStep, *std::min_element(starts.begin(), starts.end()));
            QCOMPARE(period->lastStep, *std::max_element(starts.begin(), starts.end()) + 23);
            QCOMPARE(period->firstTime, laWeek->timestamps[static_cast<size_t>(period->firstStep)]);
            QCOMPARE(period->lastTime, laWeek->timestamps[static_cast<size_t>(period->lastStep)]);
        }
        QCOMPARE(plan.splitFile, options.splitFile);
        QStringList days;
        for (int day : plan.unseenDays) days << QString::number(day);
        QCOMPARE(days.join(','), unseenDays);
        QCOMPARE(QString::fromStdString(toString(plan.context)), resolved);
        // The same as training plans from the windows it builds.
        const TemporalContextMap trained = planTemporalContext(windows, options.temporalContext);
        QVERIFY(trained.unseenDays == plan.unseenDays);
        QCOMPARE(trained.unseenSlots, plan.unseenSlots);
        QCOMPARE(plan.contextNote, trained.describe());
    }

    void planDescribesTheSplitInOneLine()
    {
        TrainingOptions options;
        const TrainingPlan plan = planTraining(testing::laWeek(), options);
        QCOMPARE(QString::fromStdString(plan.describeSplit()),
                 QStringLiteral("split by time (70 / 10 / 20 %): train 2012-03-01 00:00 to 2012-03-05 22:05 (1395 windows), "
                                "validation 2012-03-05 20:15 to 2012-03-06 14:40 (199 windows), "
                                "test 2012-03-06 12:50 to 2012-03-07 23:55 (399 windows)"));
    }

    void planRefusesWhatCannotBeSplit_data()
    {
        QTest::addColumn<int>("steps");
        QTest::addColumn<QString>("splitFile"); // a split file of a METR-LA
        QTest::addColumn<QString>("problem");
        QTest::newRow("too short") << 27 << "" << "the series has 27 steps: too short for training, validation and test windows of 24 steps";
        QTest::newRow("another series' split file") << 400 << "datasets/himnet-splits/METRLA/index.npz"
                                                    << "past the series' 400 steps (is it the split file of another dataset?)";
    }

    void planRefusesWhatCannotBeSplit()
    {
        QFETCH(int, steps);
        QFETCH(QString, splitFile);
        QFETCH(QString, problem);
        auto d = rampDataset(steps, 2);
        d->sourcePath = "/data/ramp.csv";
        TrainingOptions options;
        if (!splitFile.isEmpty()) options.splitFile = testing::sharedPath(splitFile.toStdString());
        try {
            planTraining(*d, options);
            QFAIL("planned a split that cannot be made");
        } catch (const InputError& e) {
            QVERIFY2(QString(e.what()).startsWith("/data/ramp.csv: ") && QString(e.what()).contains(problem), e.what());
        }
    }

    void splitRatiosMustLeaveRoomForEveryPart_data()
    {
        QTest::addColumn<double>("trainRatio");
        QTest::addColumn<double>("valRatio");
        QTest::newRow("no validation") << 0.8 << 0.0;
        QTest::newRow("no test") << 0.8 << 0.2;
        QTest::newRow("no training") << 0.0 << 0.5;
        QTest::newRow("more than all") << 0.9 << 0.3;
    }

    void splitRatiosMustLeaveRoomForEveryPart()
    {
        QFETCH(double, trainRatio);
        QFETCH(double, valRatio);
        TrainingOptions options;
        options.trainRatio = trainRatio;
        options.valRatio = valRatio;
        try {
            options.validate();
            QFAIL("accepted ratios that leave a part empty");
        } catch (const InputError& e) {
            QVERIFY2(QString(e.what()).contains("must each be above 0 and leave room for a test period"), e.what());
        }
    }

    void numbersOfTheRecipeMustBeFinite_data()
    {
        QTest::addColumn<QString>("option");
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("problem");
        const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
        QTest::newRow("infinite learning rate") << "lr" << inf << "learning rate must be a positive number";
        QTest::newRow("NaN learning rate") << "lr" << nan << "learning rate must be a positive number";
        QTest::newRow("infinite Adam eps") << "eps" << inf << "Adam eps must be a positive number";
        QTest::newRow("infinite weight decay") << "decay" << inf << "weight decay must be a number of at least 0";
        QTest::newRow("NaN weight decay") << "decay" << nan << "weight decay must be a number of at least 0";
        QTest::newRow("negative weight decay") << "decay" << -1e-4 << "weight decay must be a number of at least 0";
        QTest::newRow("infinite gamma") << "gamma" << inf << "gamma must be a positive number";
        QTest::newRow("infinite clipping norm") << "clip" << inf << "clipping norm must be a positive number";
    }

    void numbersOfTheRecipeMustBeFinite()
    {
        QFETCH(QString, option);
        QFETCH(double, value);
        QFETCH(QString, problem);
        TrainingOptions o;
        double& field = option == "lr" ? o.learningRate : option == "eps" ? o.adamEps : option == "decay" ? o.weightDecay
                      : option == "gamma" ? o.gamma : o.clipNorm;
        o.validate(); // the defaults pass
        // Each value it accepts goes into the checkpoint as JSON and reads back as it was.
        const TrainingOptions back = TrainingOptions::fromJson(o.toJson(), "options.json");
        QCOMPARE(back.learningRate, o.learningRate);
        field = value;
        const QString wrong = testing::refusalMismatch([&] { o.validate(); }, {problem});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    void tooShortSeriesIsRejected()
    {
        QVERIFY_THROWS_EXCEPTION(InputError, WindowedData(rampDataset(25, 2)));
    }

    void windowsAreCutLazilyFromTheSeries()
    {
        // The view shares the dataset's memory: changing a value shows up in the next batch.
        auto d = rampDataset(200, 2);
        const WindowedData w(d);
        d->values[static_cast<size_t>((0 + 12) * 2 + 1)] = 99.0f; // step 12, node 1
        QCOMPARE(w.batchAt({0}).target[0][0][1][0].item<float>(), 99.0f);
    }

    // The reference's split file beside a series splits it for training, as the reference's
    // data folders hold data.npz and index.npz side by side; one that does not fit the series
    // (another dataset's), or one of two, is left out with a note, and training splits by time.
    void aSplitFileBesideTheSeriesSplitsIt_data()
    {
        QTest::addColumn<QStringList>("splitFiles"); // "own" (written for sz-taxi), "no-test" (its own without test windows) or a shared file
        QTest::addColumn<QString>("used");
        QTest::addColumn<QString>("note");
        QTest::newRow("its own") << QStringList{"own"} << "index.npz"
                                 << "index.npz: the reference's train/val/test windows (2000 / 300 / 553), used for training unless a split "
                                    "by time is chosen (--split-ratios, or Split in the app's Training panel)";
        QTest::newRow("another dataset's") << QStringList{"datasets/himnet-splits/METRLA/index.npz"} << ""
                                           << "index.npz: a split file, left out (its windows need 34272 steps, and the series has 2976: "
                                              "is it the split file of another dataset?); training splits the series by time";
        QTest::newRow("one without test windows") << QStringList{"no-test"} << ""
                                                  << "index.npz: a split file, left out (it has no test windows); training splits the series by time";
        QTest::newRow("two of them") << QStringList{"own", "own"} << ""
                                     << "index.npz, index2.npz are split files (the reference's train/val/test windows of a series, used "
                                        "from the series' folder or by `himnet train --split-file`), not series: left out, as it is not "
                                        "clear which one splits the series";
    }

    void aSplitFileBesideTheSeriesSplitsIt()
    {
        QFETCH(QStringList, splitFiles);
        QFETCH(QString, used);
        QFETCH(QString, note);
        QTemporaryDir dir;
        const std::filesystem::path folder = dir.path().toStdString();
        testing::copySzTaxi(folder.string(), false);
        for (int i = 0; i < splitFiles.size(); ++i) {
            const std::filesystem::path target = folder / (i == 0 ? "index.npz" : "index" + std::to_string(i + 1) + ".npz");
            if (splitFiles[i] == "own") testing::writeSplitFile(target.string(), testing::szTaxiSplit());
            else if (splitFiles[i] == "no-test") testing::writeSplitFile(target.string(), {testing::szTaxiSplit().train, testing::szTaxiSplit().val, {}});
            else std::filesystem::copy_file(testing::sharedPath(splitFiles[i].toStdString()), target);
        }
        const Dataset d = loadDataset(folder.string());
        QCOMPARE(d.numNodes, int64_t(156));
        QCOMPARE(QString::fromStdString(d.splitFile), used.isEmpty() ? QString() : QString::fromStdString((folder / used.toStdString()).string()));
        QVERIFY2(testing::anyNoteContains(d, note.toStdString()), qPrintable(QString::fromStdString(joined(d.notes, "\n"))));
    }

    void referenceSplitsMatchChronologicalRatios_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<int>("steps");
        QTest::addColumn<double>("trainRatio");
        QTest::addColumn<double>("valRatio");
        QTest::addColumn<int>("train");
        QTest::addColumn<int>("val");
        QTest::addColumn<int>("test");
        QTest::newRow("METR-LA") << "METRLA" << 34272 << 0.7 << 0.1 << 23974 << 3425 << 6850;
        QTest::newRow("PEMS-BAY") << "PEMSBAY" << 52116 << 0.7 << 0.1 << -1 << -1 << -1;
        QTest::newRow("PEMS03") << "PEMS03" << 26208 << 0.6 << 0.2 << -1 << -1 << -1;
        QTest::newRow("PEMS04") << "PEMS04" << 16992 << 0.6 << 0.2 << -1 << -1 << -1;
        QTest::newRow("PEMS07") << "PEMS07" << 28224 << 0.6 << 0.2 << -1 << -1 << -1;
        QTest::newRow("PEMS08") << "PEMS08" << 17856 << 0.6 << 0.2 << -1 << -1 << -1;
    }

    void referenceSplitsMatchChronologicalRatios()
    {
        QFETCH(QString, folder);
        QFETCH(int, steps);
        QFETCH(double, trainRatio);
        QFETCH(double, valRatio);
        QFETCH(int, train);
        QFETCH(int, val);
        QFETCH(int, test);
        const SplitIndex index = readSplitIndex(testing::sharedPath("datasets/himnet-splits/" + folder.toStdString() + "/index.npz"));
        QCOMPARE(index.inSteps, int64_t(12));
        QCOMPARE(index.outSteps, int64_t(12));
        if (train >= 0) {
            QCOMPARE(static_cast<int>(index.train.size()), train);
            QCOMPARE(static_cast<int>(index.val.size()), val);
            QCOMPARE(static_cast<int>(index.test.size()), test);
        }
        // A series of that length, windowed by ratio, yields the reference's windows exactly.
        auto series = std::make_shared<Dataset>();
        series->numSteps = steps;
        series->numNodes = 1;
        series->values.resize(static_cast<size_t>(steps));
        for (int t = 0; t < steps; ++t) series->values[t] = static_cast<float>(t % 17);
        series->sensorIds = {"0"};
        for (int t = 0; t < steps; ++t) series->timestamps.push_back(300LL * t);
        WindowOptions ratios;
        ratios.trainRatio = trainRatio;
        ratios.valRatio = valRatio;
        const WindowedData byRatio(series, ratios);
        QVERIFY(byRatio.starts(Split::Train) == index.train);
        QVERIFY(byRatio.starts(Split::Val) == index.val);
        QVERIFY(byRatio.starts(Split::Test) == index.test);
        WindowOptions exact;
        exact.index = index;
        QCOMPARE(WindowedData(series, exact).count(Split::Test), static_cast<int64_t>(index.test.size()));
    }
};

QTEST_MAIN(TestWindows)
#include "test_windows.moc"
