// The heterogeneity explorer and the pool heatmaps, offscreen, on a small demo city with a
// really trained model: a new model's node embeddings are projected at once; selecting a
// cluster, a rubber band or a click lights the sensors up on the map, and selecting on the map
// highlights the points; t-SNE shows live and stops when asked; every embedding kind draws;
// the map colours by cluster; PNG and CSV exports are written.
#include "embedding_explorer.h"
#include "main_window.h"
#include "pool_weights_view.h"
#include "qcustomplot_include.h"
#include "sensor_item.h"
#include "sensor_map_view.h"
#include "studio_session.h"

#include "himnet/demo_city.h"
#include "himnet/model_analysis.h"
#include "himnet/training.h"
#include "patience.h"

#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QSpinBox>
#include <QtTest>

#include <cmath>
#include <numeric>
#include <set>

class TestExplorer : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_folder, m_checkpoint;
    std::unique_ptr<MainWindow> m_window;

    EmbeddingExplorer* explorer() const { return m_window->embeddingExplorer(); }
    StudioSession* session() const { return m_window->session(); }

    QList<int> mapSelection() const
    {
        QList<int> selected;
        for (SensorItem* item : m_window->mapView()->sensorItems())
            if (item->isSelected()) selected << item->sensor();
        return selected;
    }

    /// Projects with the given settings and waits for the result.
    void project(int kindIndex, int methodIndex, int iterations = 300)
    {
        explorer()->kindBox()->setCurrentIndex(kindIndex);
        explorer()->methodBox()->setCurrentIndex(methodIndex);
        explorer()->iterationsBox()->setValue(iterations);
        QSignalSpy shown(explorer(), &EmbeddingExplorer::mapShown);
        explorer()->run();
        QVERIFY(shown.wait(himnet::testing::patience(120000)));
    }

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("HIMNET_NO_DIALOGS", "1");
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("HimNet Studio Tests"));
        himnet::DemoCityOptions city;
        city.sensors = 40;
        city.weeks = 2;
        m_folder = m_dir.path() + "/city";
        himnet::writeDatasetFolder(himnet::generateDemoCity(city), m_folder.toStdString());
        himnet::TrainingOptions o = himnet::presetOptions("demo-city");
        o.epochs = 1;
        o.maxBatchesPerEpoch = 20;
        o.device = himnet::DeviceKind::Cpu;
        o.checkpointPath = (m_dir.path() + "/model.h5").toStdString();
        himnet::train(std::make_shared<const himnet::Dataset>(himnet::loadDataset(m_folder.toStdString())), o);
        m_checkpoint = QString::fromStdString(o.checkpointPath);

        m_window = std::make_unique<MainWindow>();
        m_window->resize(1400, 900);
        m_window->show();
        m_window->raiseDock(QStringLiteral("explorer"));
        QSignalSpy shown(m_window.get(), &MainWindow::datasetShown);
        m_window->openDataset(m_folder, /*confirm=*/false);
        QVERIFY(shown.wait(himnet::testing::patience(60000)));
        QSignalSpy mapped(explorer(), &EmbeddingExplorer::mapShown);
        QSignalSpy pools(m_window->poolWeightsView(), &PoolWeightsView::mapsShown);
        m_window->openCheckpoint(m_checkpoint);
        QVERIFY(mapped.wait(himnet::testing::patience(120000))); // a new model's node embeddings come at once
        QVERIFY(pools.count() > 0 || pools.wait(himnet::testing::patience(60000)));
    }

    void newModelShowsItsNodeEmbeddingsWithClustersAndZoneAgreement()
    {
        QVERIFY(explorer()->hasResult());
        const EmbeddingResult& r = explorer()->result();
        QCOMPARE(r.points->size(), int64_t(40));
        QCOMPARE(r.map.layout.rows, int64_t(40));
        QCOMPARE(r.map.k, 5); // as many clusters as the city has planted zones
        QCOMPARE(explorer()->clustersBox()->value(), 5);
        QVERIFY(r.map.ari.has_value());
        QVERIFY(explorer()->statusLabel()->text().contains("ARI"));
        // A low silhouette is said in words: k-means cuts any cloud into k pieces.
        QCOMPARE(explorer()->statusLabel()->text().contains("no clear clusters"), r.map.silhouette <= 0.25);
        // And how far training moved them from where it started.
        QVERIFY(r.map.startCorrelation.has_value());
        QVERIFY(explorer()->statusLabel()->text().contains(QString::fromStdString(himnet::describeStartCorrelation(*r.map.startCorrelation))));
        QCOMPARE(session()->sensorClusters().size(), 40);
        QCOMPARE(session()->clusterCount(), r.map.k);
        QVERIFY(explorer()->scatterPlot()->graphCount() >= r.map.k);
    }

    void selectingAClusterLightsItsSensorsOnTheMap()
    {
        project(0, 1); // node embeddings, PCA
        const EmbeddingResult& r = explorer()->result();
        QSignalSpy changed(session(), &StudioSession::selectionChanged);
        explorer()->selectCluster(1);
        QList<int> expected;
        for (int i = 0; i < 40; ++i)
            if (r.map.cluster[static_cast<size_t>(i)] == 1) expected << i;
        QVERIFY(!expected.isEmpty());
        QVERIFY(changed.count() >= 1);
        QCOMPARE(session()->selection(), expected);
        QCOMPARE(mapSelection(), expected);
        QCOMPARE(explorer()->highlightedPoints(), expected);
        // The cluster's mean daily profile is plotted against the network's.
        QCustomPlot* profile = explorer()->profilePlot();
        QCOMPARE(profile->graphCount(), 2);
        QVERIFY(profile->graph(1)->name().contains(QString::number(expected.size())));
        std::vector<int64_t> all(40), members(expected.begin(), expected.end());
        std::iota(all.begin(), all.end(), 0);
        const auto plotted = [&](int graph, const std::vector<double>& profile) {
            const QCPGraph* g = explorer()->profilePlot()->graph(graph);
            if (g->dataCount() != static_cast<int>(profile.size())) return false;
            for (int s = 0; s < g->dataCount(); ++s)
                if (std::isfinite(profile[static_cast<size_t>(s)]) && g->dataMainValue(s) != profile[static_cast<size_t>(s)]) return false;
            return true;
        };
        QVERIFY(plotted(0, himnet::meanDailyProfile(session()->data(), all)));
        QVERIFY(plotted(1, himnet::meanDailyProfile(session()->data(), members)));
    }

    void selectingOnTheMapHighlightsThePoints()
    {
        const auto& items = m_window->mapView()->sensorItems();
        m_window->mapView()->scene()->clearSelection();
        items[7]->setSelected(true);
        items[21]->setSelected(true);
        QCOMPARE(session()->selection(), (QList<int>{7, 21}));
        QCOMPARE(explorer()->highlightedPoints(), (QList<int>{7, 21}));
    }

    void rubberBandAndClickSelectPoints()
    {
        const QVector<QPointF> layout = [&] {
            QVector<QPointF> v;
            const auto& m = explorer()->result().map.layout;
            for (int64_t i = 0; i < m.rows; ++i) v << QPointF(m.at(i, 0), m.at(i, 1));
            return v;
        }();
        // A band around the left half of the points.
        double minX = 1e300, maxX = -1e300, minY = 1e300, maxY = -1e300;
        for (const QPointF& p : layout) {
            minX = std::min(minX, p.x());
            maxX = std::max(maxX, p.x());
            minY = std::min(minY, p.y());
            maxY = std::max(maxY, p.y());
        }
        const QRectF band(QPointF(minX - 1, minY - 1), QPointF((minX + maxX) / 2, maxY + 1));
        QList<int> inside;
        for (int i = 0; i < layout.size(); ++i)
            if (band.contains(layout[i])) inside << i;
        explorer()->selectPointsIn(band);
        QCOMPARE(session()->selection(), inside);
        QCOMPARE(mapSelection(), inside);

        // A real click on point 12's pixel selects that sensor alone.
        QCustomPlot* plot = explorer()->scatterPlot();
        plot->replot();
        const QPoint pixel(qRound(plot->xAxis->coordToPixel(layout[12].x())), qRound(plot->yAxis->coordToPixel(layout[12].y())));
        QTest::mousePress(plot, Qt::LeftButton, Qt::NoModifier, pixel);
        QTest::mouseRelease(plot, Qt::LeftButton, Qt::NoModifier, pixel);
        QCOMPARE(session()->selection().size(), 1);
        const int clicked = session()->selection().front();
        const QPointF c = layout[clicked]; // the nearest point to the click: 12, or one drawn on top of it
        QVERIFY(std::hypot(plot->xAxis->coordToPixel(c.x()) - pixel.x(), plot->yAxis->coordToPixel(c.y()) - pixel.y()) < 2.0);
    }

    void searchFindsASensorAndExplainsAnUnknownOne()
    {
        QVERIFY(explorer()->findSensor(QString::fromStdString(session()->data().sensorIds[3])));
        QCOMPARE(session()->selection(), QList<int>{3});
        QCOMPARE(explorer()->highlightedPoints(), QList<int>{3});
        QVERIFY(!explorer()->findSensor(QStringLiteral("no-such-sensor")));
        QVERIFY(explorer()->statusLabel()->text().contains("no-such-sensor"));
    }

    void mapColoursByCluster()
    {
        session()->setColourMode(StudioSession::ColourMode::Cluster);
        for (int n : {0, 9, 33})
            QCOMPARE(session()->colourOf(n), StudioSession::categoryColour(session()->sensorClusters()[n]));
        session()->setColourMode(StudioSession::ColourMode::Zone);
    }

    void everyKindDraws_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("method");
        QTest::addColumn<int>("points");
        QTest::newRow("time of day, t-SNE") << 1 << 0 << 288;
        QTest::newRow("day of week, PCA") << 2 << 1 << 7;
        QTest::newRow("sensor x time, PCA") << 3 << 1 << 24 * 40;
    }
    void everyKindDraws()
    {
        QFETCH(int, kind);
        QFETCH(int, method);
        QFETCH(int, points);
        project(kind, method);
        QCOMPARE(explorer()->result().points->size(), int64_t(points));
        QCustomPlot* plot = explorer()->scatterPlot();
        if (kind == 1) { // the slots joined in clock order, coloured by hour
            QCOMPARE(explorer()->colourBy(), EmbeddingExplorer::ColourBy::TimeOfDay);
            QVERIFY(plot->plottableCount() > plot->graphCount());
            QVERIFY(plot->graphCount() >= 20); // one per hour
            // How far the embeddings follow the clock: told, with the engine's reading.
            const auto& order = explorer()->result().map.dailyOrder;
            QVERIFY(order.has_value());
            QVERIFY(explorer()->statusLabel()->text().contains(QString::fromStdString(himnet::describeDailyOrder(*order))));
            // Without a daily order the line through the slots is a faint tangle behind the points.
            QCPCurve* clockOrder = nullptr;
            for (int i = 0; i < plot->plottableCount(); ++i)
                if (auto* c = qobject_cast<QCPCurve*>(plot->plottable(i))) clockOrder = c;
            QVERIFY(clockOrder);
            QCOMPARE(clockOrder->pen().color().alpha() < 255, himnet::readDailyOrder(*order) == himnet::DailyOrder::None);
        } else {
            QVERIFY(!explorer()->statusLabel()->text().contains("neighbouring slots"));
        }
        if (kind == 2) { // labelled days
            std::set<QString> labels;
            for (int i = 0; i < plot->itemCount(); ++i)
                if (auto* text = qobject_cast<QCPItemText*>(plot->item(i))) labels.insert(text->text());
            QVERIFY(labels.count("Monday") && labels.count("Sunday"));
        }
        if (kind == 3) { // sensor × time points share the map selection by sensor
            explorer()->selectPoints({0});
            QCOMPARE(session()->selection(), QList<int>{0});
            QCOMPARE(explorer()->highlightedPoints().size(), 24); // sensor 0 at every origin
        }
    }

    void legendShowsOnlyWhenItNamesSomething()
    {
        project(0, 1); // sensors, PCA
        explorer()->selectPoints({}); // a selection has its own legend entry
        explorer()->setColourBy(EmbeddingExplorer::ColourBy::Cluster);
        QVERIFY(explorer()->scatterPlot()->legend->visible());
        QVERIFY(explorer()->scatterPlot()->legend->itemCount() >= 2);
        QCustomPlot* scatter = explorer()->scatterPlot();
        scatter->replot(); // lays the plot out
        QVERIFY(scatter->legend->outerRect().width() > 0);
        QVERIFY2(!scatter->axisRect()->outerRect().intersects(scatter->legend->outerRect()), "the legend hides points");
        explorer()->setColourBy(EmbeddingExplorer::ColourBy::Value); // a continuous scale, told in a note
        QCOMPARE(explorer()->scatterPlot()->legend->itemCount(), 0);
        QVERIFY(!explorer()->scatterPlot()->legend->visible());
        explorer()->setColourBy(EmbeddingExplorer::ColourBy::Cluster);
        QVERIFY(explorer()->scatterPlot()->legend->visible());
    }

    void tsneShowsLiveAndStopsWhenAsked()
    {
        explorer()->kindBox()->setCurrentIndex(3);
        explorer()->methodBox()->setCurrentIndex(0);
        explorer()->iterationsBox()->setValue(5000);
        QSignalSpy progress(explorer(), &EmbeddingExplorer::progressShown);
        QSignalSpy shown(explorer(), &EmbeddingExplorer::mapShown);
        explorer()->run();
        QVERIFY(explorer()->isRunning());
        QVERIFY(progress.wait(himnet::testing::patience(120000)));
        explorer()->cancel();
        QVERIFY(shown.wait(himnet::testing::patience(60000)));
        QVERIFY(explorer()->result().map.cancelled);
        QVERIFY(explorer()->result().map.iterations < 5000);
        QVERIFY(explorer()->statusLabel()->text().contains("stopped"));
        QVERIFY(!explorer()->isRunning());
    }

    void poolHeatmapsShowEveryMap_data()
    {
        QTest::addColumn<int>("heatmap");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("columns");
        QTest::newRow("sensor mixing") << 0 << 40 << 12;
        QTest::newRow("time-of-day mixing") << 1 << 8 << 288;
        QTest::newRow("day x time norms") << 2 << 7 << 288;
        QTest::newRow("sensor x time norms") << 3 << 40 << 96;
    }
    void poolHeatmapsShowEveryMap()
    {
        QFETCH(int, heatmap);
        QFETCH(int, rows);
        QFETCH(int, columns);
        PoolWeightsView* pools = m_window->poolWeightsView();
        pools->showHeatmap(static_cast<PoolWeightsView::Heatmap>(heatmap));
        QVERIFY(pools->colourMap());
        QCOMPARE(pools->colourMap()->data()->keySize(), columns);
        QCOMPARE(pools->colourMap()->data()->valueSize(), rows);
        const PoolWeightsView::Table t = pools->currentTable();
        QCOMPARE(t.rowLabels.size(), rows);
        QCOMPARE(t.columnLabels.size(), columns);
        if (heatmap == 2 || heatmap == 3) QVERIFY(pools->colourMap()->dataRange().lower > 0); // norms
        if (heatmap == 3) { // one origin every 15 minutes from midnight
            QCOMPARE(t.columnLabels.front(), QStringLiteral("00:00"));
            QCOMPARE(t.columnLabels.at(1), QStringLiteral("00:15"));
            QCOMPARE(t.columnLabels.back(), QStringLiteral("23:45"));
        }
        const QString csv = m_dir.path() + QStringLiteral("/pool%1.csv").arg(heatmap);
        QVERIFY(pools->exportCsv(csv));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll().count('\n'), rows + 1);
    }

    void exportsWriteFiles()
    {
        project(0, 1);
        const QString png = m_dir.path() + "/explorer.png", csv = m_dir.path() + "/explorer.csv";
        QVERIFY(explorer()->exportPng(png));
        QVERIFY(explorer()->exportCsv(csv));
        QImage image(png);
        QVERIFY(image.width() > 200);
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll().count('\n'), 41);
        QVERIFY(m_window->poolWeightsView()->exportPng(m_dir.path() + "/pools.png"));
        QVERIFY(!explorer()->exportCsv(m_dir.path() + "/no/such/folder/x.csv"));
    }

    void cleanupTestCase() { m_window.reset(); }
};

QTEST_MAIN(TestExplorer)
#include "test_explorer.moc"
