// The desktop app's window, offscreen: the map shows la-week's real geography and keeps its
// sensors clear of the legend, values carry their unit, selection drives the forecast plot,
// numbers read one way in any locale, the metrics caption warns where MAPE misleads, and the
// item models pass QAbstractItemModelTester. Opening models: test_model_opening; files in and
// out of the window: test_studio_files; training in the window: test_training_panel; the
// executable's command line: test_studio_command_line.
#include "embedding_explorer.h"
#include "engine_controller.h"
#include "forecast_plot.h"
#include "himnet/dataset.h"
#include "himnet/evaluation.h"
#include "map_legend.h"
#include "metrics_panel.h"
#include "metrics_table_model.h"
#include "sensor_metrics_model.h"
#include "number_format.h"
#include "german_locale.h"
#include "qcustomplot_include.h"
#include "sensor_item.h"
#include "sensor_map_view.h"
#include "studio_icon.h"
#include "studio_session.h"
#include "shared_path.h"
#include "window_test_support.h"
#include "data/text_table.h"

#include <QAbstractItemModelTester>
#include <QDockWidget>
#include <QLabel>
#include <QStatusBar>
#include <QTableView>
#include <QtTest>

#include <clocale>
#include <cmath>
#include <cstdio>

using namespace studio_testing;

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { studio_testing::prepareStudioForTests(); }
    void cleanupTestCase() { studio_testing::removeStudioTestData(); }

    void laWeekMapPreservesGeography()
    {
        MainWindow window;
        window.show();
        window.openDataset(QString::fromStdString(himnet::testing::sharedPath("datasets/la-week")));
        waitForDataset(window);
        const auto& items = window.mapView()->sensorItems();
        QCOMPARE(items.size(), 207);
        const auto& d = window.session()->data();
        // East is right and north is up, for every pair of sensors.
        int pairs = 0;
        for (int i = 0; i < 207; i += 3)
            for (int j = i + 1; j < 207; j += 5) {
                const QPointF a = window.mapView()->mapFromScene(items[i]->pos()), b = window.mapView()->mapFromScene(items[j]->pos());
                const double dLon = d.locations[i].longitude - d.locations[j].longitude;
                const double dLat = d.locations[i].latitude - d.locations[j].latitude;
                if (std::abs(dLon) > 1e-3) QVERIFY((a.x() - b.x()) * dLon > 0);
                if (std::abs(dLat) > 1e-3) QVERIFY((a.y() - b.y()) * dLat < 0);
                ++pairs;
            }
        QVERIFY(pairs > 1000);
        // Every sensor is inside the visible viewport after fitting.
        for (SensorItem* item : items) QVERIFY(window.mapView()->viewport()->rect().contains(window.mapView()->mapFromScene(item->pos())));
    }

    // The legend sits over the bottom of the map: fitting keeps every sensor clear of it.
    void noSensorLiesUnderTheLegend_data()
    {
        QTest::addColumn<QString>("dataset");
        QTest::newRow("la-week (coordinates)") << "datasets/la-week";
        QTest::newRow("sz-taxi (graph drawing)") << "datasets/sz-taxi";
        QTest::newRow("demo city") << "";
    }

    void noSensorLiesUnderTheLegend()
    {
        QFETCH(QString, dataset);
        MainWindow window;
        window.resize(1500, 1000);
        window.show();
        if (dataset.isEmpty()) window.openDemoCity();
        else window.openDataset(QString::fromStdString(himnet::testing::sharedPath(dataset.toStdString())));
        waitForDataset(window);
        SensorMapView* map = window.mapView();
        const QRect legend = map->legend()->geometry();
        QVERIFY(legend.height() > 20);
        for (SensorItem* item : map->sensorItems()) {
            const QRect drawn = map->mapFromScene(item->sceneBoundingRect()).boundingRect();
            QVERIFY2(!drawn.intersects(legend), qPrintable(QString("sensor %1 at (%2, %3) under the legend (%4, %5, %6 x %7)")
                                                               .arg(item->sensor()).arg(drawn.x()).arg(drawn.y())
                                                               .arg(legend.x()).arg(legend.y()).arg(legend.width()).arg(legend.height())));
            QVERIFY(map->viewport()->rect().contains(drawn.center()));
        }
    }

    // The runtime's permanent label leaves the status bar room for the app's messages; the
    // details (BLAS kernels, OpenMP waits) are in its tooltip. It used to take 900 of 1500 px.
    // Every panel scrolls when its dock is smaller than it: the window, all its docks shown,
    // fits a 1280 x 720 laptop screen (before, the training form and the explorer held it at
    // least 1 023 px tall).
    void theWindowFitsALaptopScreen()
    {
        MainWindow window;
        window.show();
        window.openDemoCity();
        waitForDataset(window);
        for (auto* dock : window.findChildren<QDockWidget*>()) {
            dock->show();
            dock->raise();
            QApplication::processEvents();
            const QSize needed = window.minimumSizeHint();
            QVERIFY2(needed.width() <= 1280 && needed.height() <= 680,
                     qPrintable(QString("with %1 raised the window needs %2 x %3").arg(dock->objectName()).arg(needed.width()).arg(needed.height())));
        }
        window.resize(1280, 680);
        QApplication::processEvents();
        QCOMPARE(window.size(), QSize(1280, 680));
    }

    void windowCarriesTheAppIcon()
    {
        MainWindow window;
        QCOMPARE(window.windowIcon().availableSizes().size(), int(studioIconSizes().size()));
    }

    void statusBarLeavesRoomForMessages()
    {
        MainWindow window;
        window.resize(1500, 950);
        window.show();
        QLabel* runtime = nullptr;
        for (QLabel* label : window.statusBar()->findChildren<QLabel*>())
            if (label->text().startsWith("LibTorch ")) runtime = label;
        QVERIFY(runtime);
        QVERIFY2(runtime->sizeHint().width() <= window.width() / 3, qPrintable(runtime->text()));
        QCOMPARE(runtime->toolTip(), QString::fromStdString(himnet::runtimeSummary()));
        QVERIFY(runtime->toolTip().contains(QString::fromStdString(himnet::blasSummary())));
    }

    // What the values measure, in their unit, on the plot's axis, the map's legend and
    // tooltips, and the loss plot (the published METR-LA week in mph, the demo city in km/h).
    void valuesAreLabelledWithTheirUnit_data()
    {
        QTest::addColumn<QString>("dataset"); // empty: the demo city
        QTest::addColumn<QString>("label");
        QTest::addColumn<QString>("unit");
        QTest::newRow("la-week") << QString::fromStdString(himnet::testing::sharedPath("datasets/la-week")) << "speed (mph)" << "mph";
        QTest::newRow("demo city") << QString() << "speed (km/h)" << "km/h";
    }

    void valuesAreLabelledWithTheirUnit()
    {
        QFETCH(QString, dataset);
        QFETCH(QString, label);
        QFETCH(QString, unit);
        MainWindow window;
        window.show();
        if (dataset.isEmpty()) window.openDemoCity();
        else window.openDataset(dataset);
        waitForDataset(window);
        QCOMPARE(window.forecastPlot()->plot()->yAxis->label(), label);
        QCOMPARE(window.trainingDashboard()->lossPlot()->yAxis->label(), "masked MAE (" + unit + ")");
        window.session()->setColourMode(StudioSession::ColourMode::Observed);
        QCOMPARE(window.mapView()->legend()->title(), "Observed " + label);
        window.session()->setColourMode(StudioSession::ColourMode::Error);
        QVERIFY2(window.mapView()->legend()->title().endsWith(" min (" + unit + ")"), qPrintable(window.mapView()->legend()->title()));
        const QString tip = window.mapView()->sensorItems()[0]->toolTip();
        QVERIFY2(tip.contains(QRegularExpression("now: (missing|[0-9.]+ " + QRegularExpression::escape(unit) + ")")), qPrintable(tip));
        // What the map and the explorer colour by.
        const QString quantity = label.section(QLatin1Char(' '), 0, 0);
        QCOMPARE(window.findChild<QComboBox*>(QStringLiteral("colourBox"))->itemText(0), "observed " + quantity);
        QVERIFY(window.embeddingExplorer()->findChild<QComboBox*>(QStringLiteral("explorerColourBy"))->findText(quantity) >= 0);
        // The explorer's daily profile of the selected sensors.
        window.session()->setSelection({3});
        QCustomPlot* profile = window.embeddingExplorer()->profilePlot();
        QCOMPARE(profile->yAxis->label(), "mean " + label);
        profile->replot(); // lays the plot out
        QVERIFY2(!profile->axisRect()->outerRect().intersects(profile->legend->outerRect()), "the legend hides the profile");
    }

    void selectingASensorChangesThePlot()
    {
        MainWindow window;
        window.show();
        window.openDataset(QString::fromStdString(himnet::testing::sharedPath("datasets/la-week")));
        waitForDataset(window);
        const auto& d = window.session()->data();
        auto firstValue = [&] { return window.forecastPlot()->plot()->graph(0)->data()->begin()->value; };
        // Clicking a sensor on the map selects it: the first from the 42nd on that no other
        // covers where it is drawn (la-week's sensors crowd on some roads).
        SensorMapView* map = window.mapView();
        int clicked = 42;
        while (clicked + 1 < map->sensorItems().size()
               && map->itemAt(map->mapFromScene(map->sensorItems()[clicked]->pos())) != map->sensorItems()[clicked])
            ++clicked;
        QTest::mouseClick(map->viewport(), Qt::LeftButton, {}, map->mapFromScene(map->sensorItems()[clicked]->pos()));
        QCOMPARE(window.session()->selection(), QList<int>{clicked});
        QCOMPARE(window.forecastPlot()->plottedSensors(), QList<int>{clicked});
        const qint64 first = window.session()->origin() - ForecastPlot::kHistorySteps;
        QCOMPARE(firstValue(), static_cast<double>(d.value(first, clicked)));
        window.session()->setSelection({7});
        QCOMPARE(firstValue(), static_cast<double>(d.value(first, 7)));
        QVERIFY(window.forecastPlot()->plot()->graph(0)->name().contains(QString::fromStdString(d.sensorIds[7])));
        // A rubber band over the whole map selects every sensor; the plot shows the first four.
        window.mapView()->scene()->setSelectionArea([&] {
            QPainterPath all;
            all.addRect(window.mapView()->scene()->sceneRect());
            return all;
        }());
        QCOMPARE(window.session()->selection().size(), 207);
        QCOMPARE(window.forecastPlot()->plottedSensors().size(), ForecastPlot::kMaxSensors);
        // The legend names each sensor once (its colour), then the two line styles (no model,
        // no forecast), beside the curves rather than over them.
        QCustomPlot* plot = window.forecastPlot()->plot();
        plot->replot();
        QCOMPARE(plot->legend->itemCount(), ForecastPlot::kMaxSensors + 2);
        for (int k = 0; k < ForecastPlot::kMaxSensors; ++k) {
            const int sensor = window.forecastPlot()->plottedSensors()[k];
            QCOMPARE(legendText(plot, k), QString::fromStdString(d.sensorIds[static_cast<size_t>(sensor)]));
        }
        QCOMPARE(legendText(plot, ForecastPlot::kMaxSensors), QStringLiteral("observed"));
        QCOMPARE(legendText(plot, ForecastPlot::kMaxSensors + 1), QStringLiteral("actual"));
        QVERIFY2(!plot->axisRect()->outerRect().intersects(plot->legend->outerRect()), "the legend hides the forecast");
    }

    // An outage (the demo city has some) shows as a gap in the observed line, not as a
    // straight line across it.
    void missingReadingsAreGapsInTheForecastPlot()
    {
        MainWindow window;
        window.show();
        window.openDemoCity();
        waitForDataset(window);
        const auto& d = window.session()->data();
        // The first sensor and origin whose three hours of history miss some readings.
        int sensor = -1;
        qint64 origin = -1;
        for (qint64 o = 2 * ForecastPlot::kHistorySteps; o < d.numSteps && sensor < 0; o += ForecastPlot::kHistorySteps)
            for (int n = 0; n < d.numNodes && sensor < 0; ++n)
                for (qint64 t = o - ForecastPlot::kHistorySteps; t <= o; ++t)
                    if (d.isMissing(t, n) && !d.isMissing(o - ForecastPlot::kHistorySteps, n)) {
                        sensor = n;
                        origin = o;
                        break;
                    }
        QVERIFY2(sensor >= 0, "the demo city has outages");
        window.session()->setSelection({sensor});
        window.session()->setOrigin(origin);
        const QCPGraph* history = window.forecastPlot()->plot()->graph(0);
        QCOMPARE(history->dataCount(), ForecastPlot::kHistorySteps + 1);
        int gaps = 0;
        for (auto it = history->data()->constBegin(); it != history->data()->constEnd(); ++it) {
            const qint64 t = origin - ForecastPlot::kHistorySteps + (it - history->data()->constBegin());
            QCOMPARE(static_cast<double>(d.timestamps[static_cast<size_t>(t)]), it->key);
            QCOMPARE(std::isnan(it->value), d.isMissing(t, sensor));
            gaps += std::isnan(it->value);
        }
        QVERIFY(gaps > 0);
    }

    // A series shorter than a forecast's input (three readings of two sensors) is shown up to
    // its last step, with a line saying why there is no forecast; the origin never runs past
    // the data, and each sensor is plotted once.
    void aSeriesTooShortToForecastIsShown()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("three.csv"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("time,A,B\n2020-01-01 00:00,64.5,3.25\n2020-01-01 00:05,61.5,3.5\n2020-01-01 00:10,60.5,3.75\n");
        file.close();
        MainWindow window;
        window.show();
        window.openDataset(path, /*confirm=*/false);
        waitForDataset(window);
        StudioSession* session = window.session();
        QCOMPARE(session->data().numSteps, int64_t{3});
        QCOMPARE(session->origin(), qint64(2));
        session->setOrigin(40);
        QCOMPARE(session->origin(), qint64(2));
        QCOMPARE(session->selection(), (QList<int>{0, 1})); // both sensors, each once
        session->setSelection({0, 0});
        QCOMPARE(session->selection(), QList<int>{0});
        ForecastPlot* panel = window.forecastPlot();
        QVERIFY(!panel->originSlider()->isEnabled());
        const QCPGraph* history = panel->plot()->graph(0);
        QCOMPARE(history->dataCount(), 3);
        QCOMPARE(history->data()->at(2)->value, 60.5);
        const auto* note = panel->plot()->findChild<QCPItemText*>(QStringLiteral("tooShortToForecast"));
        QVERIFY(note);
        QVERIFY2(note->text().contains("these data have 3"), qPrintable(note->text()));
        bool timeShown = false;
        for (const QLabel* label : panel->findChildren<QLabel*>()) timeShown = timeShown || label->text() == "2020-01-01 00:10:00 UTC";
        QVERIFY(timeShown);
    }

    // The window writes numbers and days one way, as the engine's notes and files do, whatever
    // the user's locale: 64.5 and "Tue", not "64,5" and "Di." under a German one.
    void numbersAndDaysAreWrittenOneWayInAnyLocale()
    {
        QTemporaryDir locales;
        const QString why = himnet::testing::buildGermanLocale(locales.path());
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QVERIFY(std::setlocale(LC_ALL, "de_DE.UTF-8")); // as QApplication sets them from LANG=de_DE.UTF-8
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        useOneNumberFormat();
        char written[16];
        std::snprintf(written, sizeof written, "%.1f", 64.5);
        const QString c = QString::fromLatin1(written), qt = QLocale().toString(64.5), day = QLocale().dayName(2, QLocale::ShortFormat);
        std::setlocale(LC_ALL, "C");
        QCOMPARE(c, QStringLiteral("64.5"));
        QCOMPARE(qt, QStringLiteral("64.5"));
        QCOMPARE(day, QStringLiteral("Tue"));
    }

    // When targets near zero make MAPE (Shenzhen's empty roads), the caption under the
    // metrics says so; otherwise it does not.
    void mapeCaveatShowsUnderTheMetrics()
    {
        MainWindow window;
        auto* table = window.findChild<QTableView*>(QStringLiteral("metricsTable"));
        auto* caption = window.findChild<QLabel*>(QStringLiteral("metricsCaption"));
        QVERIFY(table && caption);
        auto* model = qobject_cast<MetricsTableModel*>(table->model());
        QVERIFY(model);
        himnet::EvaluationReport report;
        report.split = "test";
        report.unit = "km/h";
        report.all = {3.4, 4.7, 352.0};
        report.horizons.push_back({1, report.all, report.all, report.all});
        report.mapeCaveat = "MAPE: 83 % of HimNet's comes from the 1.0 % of targets below 0.16 km/h";
        model->setReport(report);
        QVERIFY2(caption->text().contains("MAE and RMSE in km/h"), qPrintable(caption->text()));
        QVERIFY2(caption->text().contains(QString::fromStdString(report.mapeCaveat)), qPrintable(caption->text()));
        report.mapeCaveat.clear();
        model->setReport(report);
        QVERIFY2(!caption->text().contains("MAPE"), qPrintable(caption->text()));
    }

    void itemModelsPassTheTester()
    {
        MetricsTableModel model;
        QAbstractItemModelTester emptyTester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        himnet::EvaluationReport report;
        report.split = "test";
        report.all = {3.0, 6.0, 8.0};
        report.lastValue = {4.0, 8.0, 11.0};
        report.historicalAverage = {4.5, 8.2, 13.0};
        for (int step = 1; step <= 12; ++step) report.horizons.push_back({step, {2.0 + step * 0.1, 5.0, 7.0}, {3.0, 7.0, 9.0}, {4.0, 8.0, 12.0}});
        model.setReport(report);
        QCOMPARE(model.rowCount(), 13);
        QCOMPARE(model.columnCount(), 9);
        QCOMPARE(model.headerData(12, Qt::Vertical).toString(), QString("all"));
        QCOMPARE(model.data(model.index(12, 0)).toString(), QString("3.00"));
        QVERIFY(model.toCsv().startsWith("horizon,HimNet MAE"));
        QCOMPARE(model.toCsv().count('\n'), 14);
        // The Excel export: the same figures, MAE and RMSE headed with their unit, read back as
        // every reader of tables reads a sheet.
        report.unit = "mph";
        report.intervalSeconds = 300;
        report.mapeCaveat = "targets near zero make most of it";
        report.windows = 399;
        report.firstTime = himnet::parseTimestamp("2012-03-06 12:50");
        report.lastTime = himnet::parseTimestamp("2012-03-07 23:55");
        report.sensors = {{"773869", 4788, {2.5, 4.0, 6.0}, {3.0, 5.0, 7.0}, {2.8, 4.5, 6.5}}, {"767541", 0, {}, {}, {}}};
        for (int c = 0; c < 168; ++c)
            report.hoursOfWeek.push_back({himnet::dayOfWeekName(c / 24), c % 24, c == 1 ? 207 : 0, {4.5, 6.0, 9.0}, {5.0, 7.0, 9.5}, {4.0, 5.0, 8.0}});
        model.setReport(report);
        QTemporaryDir dir;
        const std::string path = dir.filePath("metrics.xlsx").toStdString();
        model.writeWorkbook(path);
        const himnet::TextTable sheet = himnet::readTextTable(path);
        QCOMPARE(sheet.source.sheets, (std::vector<std::string>{"Metrics", "Sensors", "Hours", "About"}));
        QCOMPARE(sheet.rows.size(), size_t(14));
        QCOMPARE(sheet.rows[0][0], std::string("horizon"));
        QCOMPARE(sheet.rows[0][2], std::string("HimNet MAE (mph)"));
        QCOMPARE(sheet.rows[0][4], std::string("HimNet MAPE %"));
        QCOMPARE(sheet.rows[12][1], std::string("60")); // step 12 is an hour ahead
        QCOMPARE(std::stod(sheet.rows[12][2]), 2.0 + 12 * 0.1);
        QCOMPARE(sheet.rows[13][0], std::string("all"));
        QCOMPARE(std::stod(sheet.rows[13][10]), 13.0);
        // Each sensor's errors on a sheet of their own; a sensor without readings has none.
        const himnet::TextTable sensors = himnet::readTextTable(path + "#Sensors");
        QCOMPARE(sensors.rows.size(), size_t(3));
        QCOMPARE(sensors.rows[0][2], std::string("HimNet MAE (mph)"));
        QCOMPARE(sensors.rows[0][10], std::string("Hist. avg MAPE %"));
        QCOMPARE(sensors.rows[1][0], std::string("773869"));
        QCOMPARE(std::stod(sensors.rows[1][2]), 2.5);
        QCOMPARE(std::stod(sensors.rows[1][8]), 2.8);
        QCOMPARE(sensors.rows[2][0], std::string("767541"));
        QVERIFY(sensors.rows[2].size() < 3 || sensors.rows[2][2].empty());
        // And each hour of the week's, Monday 00:00 first.
        const himnet::TextTable hours = himnet::readTextTable(path + "#Hours");
        QCOMPARE(hours.rows.size(), size_t(169));
        QCOMPARE(hours.rows[2], (std::vector<std::string>{"Monday", "01:00", "207", "4.5", "6", "9", "5", "7", "9.5", "4", "5", "8"}));
        QCOMPARE(hours.rows[168][0], std::string("Sunday"));
        const himnet::TextTable about = himnet::readTextTable(path + "#About");
        QCOMPARE(about.rows.back(), (std::vector<std::string>{"MAPE", "targets near zero make most of it"}));
        QCOMPARE(about.rows[2], (std::vector<std::string>{"windows", "399"}));
        QCOMPARE(about.rows[3], (std::vector<std::string>{"from (first input, UTC)", "2012-03-06 12:50:00"}));
        QCOMPARE(about.rows[4], (std::vector<std::string>{"to (last target, UTC)", "2012-03-07 23:55:00"}));
        model.clear();
        QCOMPARE(model.rowCount(), 0);

        // The sensors' table reads the session's metrics: a row per sensor, none without metrics.
        StudioSession session;
        SensorMetricsModel sensorModel(&session);
        QAbstractItemModelTester sensorTester(&sensorModel, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(sensorModel.rowCount(), 0);
        session.setMetrics(report);
        QCOMPARE(sensorModel.rowCount(), 2);
        QCOMPARE(sensorModel.columnCount(), 8); // no zones without a dataset that has them
        QCOMPARE(sensorModel.columnOf(SensorMetricsModel::Zone), -1);
        QCOMPARE(sensorModel.index(0, sensorModel.columnOf(SensorMetricsModel::Mae)).data().toString(), QString("2.50"));
        QCOMPARE(sensorModel.index(0, sensorModel.columnOf(SensorMetricsModel::Mae)).data(Qt::ForegroundRole).value<QColor>(), QColor(0x1b, 0x7a, 0x2e)); // beats 3.0 and 2.8
        QCOMPARE(sensorModel.index(1, sensorModel.columnOf(SensorMetricsModel::Mae)).data().toString(), QString("no readings"));
        QVERIFY(std::isinf(sensorModel.index(1, sensorModel.columnOf(SensorMetricsModel::Mae)).data(Qt::UserRole).toDouble())); // sorts with the worst
        // 2.5 against the better baseline's 2.8: about 11 % below.
        QCOMPARE(sensorModel.index(0, sensorModel.columnOf(SensorMetricsModel::Gain)).data().toString(), QString("11"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
