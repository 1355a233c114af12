// Training for real on real traffic: a small HimNet trained for four epochs on la-week (one
// week of METR-LA, whose test days never occur in training) beats both naive forecasts.
// Its own executable: it is the suite's longest single test (about 4.5 minutes on 2 cores).
#include "himnet/errors.h"
#include "himnet/evaluation.h"
#include "himnet/training.h"
#include "quick_training.h"
#include "test_tensors.h"
#include "train/checkpoint.h"

#include <QtTest>

using namespace himnet;

class TestTrainingLaWeek : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void laWeekBeatsBothBaselines()
    {
        QTemporaryDir dir;
        const std::string checkpoint = (dir.path() + "/la.h5").toStdString();
        auto data = std::make_shared<const Dataset>(loadDataset(testing::sharedPath("datasets/la-week")));
        TrainingOptions o = testing::quickOptions(checkpoint, 24);
        o.epochs = 4;
        const TrainResult result = train(data, o);
        QCOMPARE(result.epochsRun, int64_t(4));
        QVERIFY(QString::fromStdString(result.notes.front()).contains("Tuesday, Wednesday"));
        for (const auto& epoch : readCheckpoint(checkpoint).history) QVERIFY(!epoch.zones); // LA has no known zones
        const EvaluationReport r = evaluateCheckpoint(data, checkpoint, "test", DeviceKind::Cpu);
        qInfo("la-week test MAE: HimNet %.3f, last value %.3f, historical average %.3f", r.all.mae, r.lastValue.mae,
              r.historicalAverage.mae);
        QCOMPARE(r.windows, int64_t(399));
        QVERIFY(r.all.mae < r.lastValue.mae);
        QVERIFY(r.all.mae < r.historicalAverage.mae);
        // A cancelled evaluation stops before its first batch, with Cancelled, not a report.
        CancelToken cancel;
        cancel.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, evaluateCheckpoint(data, checkpoint, "test", DeviceKind::Cpu, &cancel));
    }
};

QTEST_MAIN(TestTrainingLaWeek)
#include "test_training_la_week.moc"
