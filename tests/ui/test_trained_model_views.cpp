// What the window shows of a model it has just trained on the demo city, offscreen: each
// sensor's test error and gain over the naive forecasts on the map and in its tooltip, the
// Metrics panel's By sensor table (worst first, selecting with the map) and By hour view (the
// days and sensors chosen, the figure shown, a click moving the forecast to that hour), the
// Model tab's summary, and the forecast legend's interval. The model is trained once, in
// initTestCase, as a user would: Start on the Training tab. How training itself runs:
// test_training_panel.
#include "engine_controller.h"
#include "forecast_plot.h"
#include "hourly_errors_view.h"
#include "himnet/evaluation.h"
#include "metrics_panel.h"
#include "model_summary_view.h"
#include "sensor_item.h"
#include "sensor_map_view.h"
#include "sensor_metrics_model.h"
#include "studio_session.h"
#include "window_test_support.h"
#include "patience.h"

#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <memory>

using namespace studio_testing;

namespace {

size_t at(int index) { return static_cast<size_t>(index); }

/// Graph `graph`'s value at `key`, 0 the first.
double plotted(QCustomPlot* plot, int graph, int key) { return (plot->graph(graph)->data()->constBegin() + key)->value; }

} // namespace

class TestTrainedModelViews : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        prepareStudioForTests();
        m_window = std::make_unique<MainWindow>();
        TrainingDashboard* dashboard = demoReadyToTrain(*m_window, 2, 3);
        QSignalSpy idle(m_window->engine(), &EngineController::idle);
        QTest::mouseClick(dashboard->startButton(), Qt::LeftButton);
        // Idle only once the trained model is loaded, measured and forecasting.
        QTRY_VERIFY_WITH_TIMEOUT(!idle.isEmpty() && !m_window->engine()->isBusy() && m_window->session()->hasForecast(),
                                 himnet::testing::patience(180000));
        m_report = m_window->session()->metrics();
        QCOMPARE(m_report.sensors.size(), size_t(160));
        const auto byMae = [](const auto& a, const auto& b) { return a.model.mae < b.model.mae; };
        m_worst = static_cast<int>(std::max_element(m_report.sensors.begin(), m_report.sensors.end(), byMae) - m_report.sensors.begin());
        const auto byGain = [](const auto& a, const auto& b) { return gain(a) < gain(b); };
        m_best = static_cast<int>(std::max_element(m_report.sensors.begin(), m_report.sensors.end(), byGain) - m_report.sensors.begin());
    }
    void cleanupTestCase()
    {
        m_window.reset();
        removeStudioTestData();
    }

    // Each sensor's test error: in the Metrics caption, on the map (Colour by → test error per
    // sensor: the worst red) and in each sensor's tooltip, with how many of its hours of the day
    // HimNet wins and the worst.
    void eachSensorsErrorIsOnTheMapAndInItsTooltip()
    {
        StudioSession* session = m_window->session();
        const QString caption = m_window->findChild<QLabel*>(QStringLiteral("metricsCaption"))->text();
        QVERIFY2(caption.contains(QStringLiteral("By sensor: HimNet's MAE beats both at %1 of 160 sensors").arg(himnet::sensorsBeatingBothBaselines(m_report))),
                 qPrintable(caption));
        session->setColourMode(StudioSession::ColourMode::SensorError);
        const himnet::SensorMetrics& worst = m_report.sensors[at(m_worst)];
        QCOMPARE(session->colourValue(m_worst), worst.model.mae);
        QCOMPARE(session->colourOf(m_worst), StudioSession::speedColour(0.0));
        QCOMPARE(sensorItem(m_worst)->brush().color(), StudioSession::speedColour(0.0));
        const QString tip = sensorItem(m_worst)->toolTip();
        QVERIFY2(tip.contains(QStringLiteral("test MAE: %1 km/h (last value %2, ").arg(worst.model.mae, 0, 'f', 2).arg(worst.lastValue.mae, 0, 'f', 2)),
                 qPrintable(tip));
        const std::vector<himnet::HourMetrics> hours = himnet::errorsByHour(m_report, himnet::DaysOfWeek::All, {m_worst});
        const auto worstHour = std::max_element(hours.begin(), hours.end(), [](const auto& a, const auto& b) { return a.model.mae < b.model.mae; });
        QVERIFY2(tip.contains(QStringLiteral("below both baselines in %1 of %2 hours of the day; worst at %3:00 (MAE %4 km/h)")
                                  .arg(himnet::hoursBeatingBothBaselines(hours))
                                  .arg(himnet::hoursMeasured(hours))
                                  .arg(worstHour->hour, 2, 10, QLatin1Char('0'))
                                  .arg(worstHour->model.mae, 0, 'f', 2)),
                 qPrintable(tip));
        // The tooltips' hours are those of the metrics shown: metrics without them, none.
        himnet::EvaluationReport withoutHours = m_report;
        withoutHours.sensorHours = {};
        session->setMetrics(withoutHours);
        QVERIFY2(!sensorItem(m_worst)->toolTip().contains("hours of the day"), qPrintable(sensorItem(m_worst)->toolTip()));
        session->setMetrics(m_report);
        QCOMPARE(sensorItem(m_worst)->toolTip(), tip);
    }

    // Colour by → gain over naive forecasts: how far each sensor's MAE is below the better
    // baseline's, on a scale around 0 (amber: no better) in steps of 5 %, the best green.
    void theMapColoursEachSensorsGainOverTheNaiveForecasts()
    {
        StudioSession* session = m_window->session();
        session->setColourMode(StudioSession::ColourMode::SensorGain);
        const himnet::SensorMetrics& best = m_report.sensors[at(m_best)];
        QVERIFY(std::abs(session->colourValue(m_best) - gain(best)) < 1e-9);
        const auto [low, high] = session->colourRange();
        QCOMPARE(low, -high);
        QVERIFY2(high >= 5 && std::fmod(high, 5.0) == 0, qPrintable(QString::number(high)));
        QCOMPARE(sensorItem(m_best)->brush().color(), StudioSession::speedColour((gain(best) + high) / (2 * high)));
    }

    // The Metrics panel's By sensor table lists them worst first, with each one's zone (the demo
    // city's are known); the row picked selects its sensor, sensors picked on the map pick their
    // rows, and the CSV export writes the table shown.
    void theSensorTableListsTheWorstFirstAndSelectsWithTheMap()
    {
        MetricsPanel* panel = metricsPanel();
        panel->tabs()->setCurrentIndex(1);
        QTableView* sensors = panel->sensorTable();
        QAbstractItemModel* rows = sensors->model();
        QCOMPARE(rows->rowCount(), 160);
        const int mae = panel->sensorModel()->columnOf(SensorMetricsModel::Mae), zone = panel->sensorModel()->columnOf(SensorMetricsModel::Zone);
        QCOMPARE(rows->index(0, SensorMetricsModel::Sensor).data().toString(), QString::fromStdString(m_report.sensors[at(m_worst)].id));
        QCOMPARE(rows->index(0, mae).data(Qt::UserRole).toDouble(), m_report.sensors[at(m_worst)].model.mae);
        for (int row = 1; row < 160; ++row)
            QVERIFY(rows->index(row, mae).data(Qt::UserRole).toDouble() <= rows->index(row - 1, mae).data(Qt::UserRole).toDouble());
        QCOMPARE(zone, 1);
        const himnet::Dataset& city = m_window->session()->data();
        QCOMPARE(rows->index(0, zone).data().toString(), QString::fromStdString(city.zoneNames[at(city.zoneLabels[at(m_worst)])]));
        sensors->selectRow(0);
        QCOMPARE(m_window->session()->selection(), QList<int>{m_worst});

        const int other = m_best == 3 ? 4 : 3;
        m_window->session()->setSelection({m_best, other});
        QList<int> picked;
        for (const QModelIndex& row : sensors->selectionModel()->selectedRows())
            picked << static_cast<QSortFilterProxyModel*>(rows)->mapToSource(row).row();
        std::sort(picked.begin(), picked.end());
        QList<int> both{m_best, other};
        std::sort(both.begin(), both.end());
        QCOMPARE(picked, both);
        QCOMPARE(m_window->session()->selection(), (QList<int>{m_best, other})); // in the order picked, untouched by the table
        QVERIFY(panel->csvOfTableShown().startsWith("sensor,targets,HimNet MAE (km/h),"));
        QCOMPARE(panel->csvOfTableShown().count('\n'), 161);
        panel->tabs()->setCurrentIndex(0);
        QVERIFY(panel->csvOfTableShown().startsWith("horizon,HimNet MAE"));
    }

    // By hour: HimNet's MAE and both baselines' in each hour of the day, a step each; the hours a
    // naive forecast wins shaded; the days chosen change what is plotted.
    void theHourlyViewPlotsEachHourOfTheDaysChosen_data()
    {
        QTest::addColumn<int>("days");
        QTest::newRow("all days") << int(himnet::DaysOfWeek::All);
        QTest::newRow("weekdays") << int(himnet::DaysOfWeek::Weekdays);
        QTest::newRow("weekends") << int(himnet::DaysOfWeek::Weekends);
    }
    void theHourlyViewPlotsEachHourOfTheDaysChosen()
    {
        QFETCH(int, days);
        HourlyErrorsView* hourly = showHourlyErrors();
        m_window->session()->setSelection({});
        hourly->daysBox()->setCurrentIndex(days);
        const std::vector<himnet::HourMetrics> expected = himnet::errorsByHour(m_report, static_cast<himnet::DaysOfWeek>(days));
        QCOMPARE(expected.size(), size_t(24));
        // and HimNet over every sensor, empty with no sensor selected, and the intervals' level, empty
        QCOMPARE(hourly->plot()->graphCount(), 5);
        int measured = 0, won = 0;
        for (const himnet::HourMetrics& h : expected) {
            measured += h.targets > 0;
            won += himnet::beatsBothBaselines(h);
            QCOMPARE(hourly->plot()->graph(0)->data()->size(), 25); // 24 steps, the last reaching 24:00
            const double ours = plotted(hourly->plot(), 0, h.hour);
            QVERIFY(h.targets > 0 ? ours == h.model.mae : std::isnan(ours));
            QCOMPARE((hourly->plot()->graph(2)->data()->constBegin() + h.hour)->key, double(h.hour));
        }
        QCOMPARE(hourly->plot()->itemCount(), measured - won);
        if (measured > 0)
            QVERIFY2(hourly->summary().startsWith(QStringLiteral("Every sensor: HimNet's MAE is below both baselines' in %1 of %2 hours").arg(won).arg(measured)),
                     qPrintable(hourly->summary()));
        else
            QCOMPARE(hourly->summary(), QStringLiteral("No test targets on these days."));
        hourly->daysBox()->setCurrentIndex(0);
    }

    // Sensors selected: their hours, beside HimNet's over every sensor, once asked for (the
    // sensors the window selects by itself to plot forecasts are no choice of the user's).
    void theHourlyViewShowsTheSelectedSensorsWhenAsked()
    {
        HourlyErrorsView* hourly = showHourlyErrors();
        hourly->sensorsBox()->setCurrentIndex(0);
        m_window->session()->setSelection({});
        QCOMPARE(hourly->plot()->legend->itemCount(), 3);
        m_window->session()->setSelection({m_worst});
        QVERIFY(!hourly->showsSelection());
        QVERIFY(hourly->summary().startsWith(QStringLiteral("Every sensor: ")));
        hourly->sensorsBox()->setCurrentIndex(1);
        QVERIFY(hourly->showsSelection());
        const std::vector<himnet::HourMetrics> network = himnet::errorsByHour(m_report),
                                               ofWorst = himnet::errorsByHour(m_report, himnet::DaysOfWeek::All, {m_worst});
        for (int h = 0; h < 24; ++h) {
            if (ofWorst[at(h)].targets == 0) continue;
            QCOMPARE(plotted(hourly->plot(), 0, h), ofWorst[at(h)].model.mae);
            QCOMPARE(plotted(hourly->plot(), 3, h), network[at(h)].model.mae);
        }
        QCOMPARE(hourly->plot()->legend->itemCount(), 4);
        QVERIFY2(hourly->summary().startsWith(QStringLiteral("Sensor %1: HimNet's MAE").arg(QString::fromStdString(m_report.sensors[at(m_worst)].id))),
                 qPrintable(hourly->summary()));
        m_window->session()->setSelection({});
        QCOMPARE(hourly->plot()->legend->itemCount(), 3);
        QVERIFY(hourly->plot()->graph(3)->data()->isEmpty());
        QVERIFY2(hourly->summary().startsWith(QStringLiteral("No sensor selected; every sensor: ")), qPrintable(hourly->summary()));
        hourly->sensorsBox()->setCurrentIndex(0);
    }

    // The figure chosen (RMSE) is plotted, and the shading, count and highest hour follow it; the
    // CSV export writes its hours.
    void theHourlyViewFollowsTheFigureChosen()
    {
        HourlyErrorsView* hourly = showHourlyErrors();
        const himnet::HourMetrics busy = busiestHour();
        hourly->figureBox()->setCurrentIndex(HourlyErrorsView::Mae);
        QVERIFY2(hourly->toolTipOfHour(busy.hour).contains(QStringLiteral("MAE of HimNet: %1 km/h").arg(busy.model.mae, 0, 'f', 2)),
                 qPrintable(hourly->toolTipOfHour(busy.hour)));
        hourly->figureBox()->setCurrentIndex(HourlyErrorsView::Rmse);
        QCOMPARE(plotted(hourly->plot(), 1, busy.hour), busy.lastValue.rmse);
        QCOMPARE(hourly->plot()->yAxis->label(), QStringLiteral("RMSE (km/h)"));
        int lost = 0, won = 0;
        const himnet::HourMetrics* highest = nullptr;
        const std::vector<himnet::HourMetrics> network = himnet::errorsByHour(m_report);
        for (const himnet::HourMetrics& h : network) {
            if (h.targets == 0) continue;
            (h.model.rmse < std::min(h.lastValue.rmse, h.historicalAverage.rmse) ? won : lost) += 1;
            if (!highest || h.model.rmse > highest->model.rmse) highest = &h;
        }
        QCOMPARE(hourly->plot()->itemCount(), lost);
        QVERIFY2(hourly->summary().startsWith(QStringLiteral("Every sensor: HimNet's RMSE is below both baselines' in %1 of %2 hours").arg(won).arg(won + lost))
                     && hourly->summary().endsWith(QStringLiteral("highest at %1:00 (%2 km/h).").arg(highest->hour, 2, 10, QLatin1Char('0')).arg(highest->model.rmse, 0, 'f', 2)),
                 qPrintable(hourly->summary()));
        const QString csv = metricsPanel()->csvOfTableShown();
        QVERIFY(csv.startsWith("days,hour,targets,HimNet MAE (km/h),"));
        QCOMPARE(csv.count('\n'), 25);
        QVERIFY(csv.contains(QStringLiteral("\nall days,%1:00,").arg(busy.hour, 2, 10, QLatin1Char('0'))));
        hourly->figureBox()->setCurrentIndex(HourlyErrorsView::Mae);
    }

    // Clicking an hour moves the forecast to the test period's next origin whose first target is
    // at that hour, and the forecast arrives for it; clicked again, the next day's.
    void clickingAnHourForecastsFromIt()
    {
        HourlyErrorsView* hourly = showHourlyErrors();
        StudioSession* session = m_window->session();
        const himnet::Dataset& data = session->data();
        const int hour = busiestHour().hour;
        const qint64 before = session->origin();
        QSignalSpy requested(hourly, &HourlyErrorsView::forecastRequested);
        QSignalSpy forecastArrived(session, &StudioSession::forecastChanged);
        QVERIFY(hourly->showForecastsAt(hour));
        const qint64 origin = session->origin();
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested.at(0).at(0).toLongLong(), origin);
        QVERIFY(origin != before && origin >= session->model().firstTestOrigin);
        QCOMPARE(QDateTime::fromSecsSinceEpoch(data.timestamps[at(int(origin) + 1)], Qt::UTC).time(), QTime(hour, 0));
        QCOMPARE(m_window->forecastPlot()->originSlider()->value(), int(origin));
        QVERIFY(forecastArrived.wait(himnet::testing::patience(30000)));
        QCOMPARE(session->forecast().lastObserved, origin);
        QVERIFY(hourly->showForecastsAt(hour));
        QCOMPARE(session->origin() - origin, qint64(86400 / data.intervalSeconds));
        QVERIFY(forecastArrived.wait(himnet::testing::patience(30000)));
        QCOMPARE(session->forecast().lastObserved, origin + 86400 / data.intervalSeconds);
    }

    // The Model tab says what was trained, in the data's unit and in minutes, and the zones found.
    void theModelTabSaysWhatWasTrained()
    {
        ModelSummaryView* summary = m_window->modelSummaryView();
        const auto trained = summary->findItems(QStringLiteral("Trained"), Qt::MatchExactly);
        QCOMPARE(trained.size(), 1);
        QVERIFY2(trained[0]->text(1).startsWith("2 epochs, best validation loss ") && trained[0]->text(1).endsWith(" km/h"),
                 qPrintable(trained[0]->text(1)));
        const auto zonesFound = summary->findItems(QStringLiteral("Zones found"), Qt::MatchExactly);
        QCOMPARE(zonesFound.size(), 1);
        QVERIFY2(zonesFound[0]->text(1).contains(QRegularExpression("^ARI -?[0-9.]+, NMI [0-9.]+ \\(k-means with k = 5 on the node embeddings of epoch [12], ")),
                 qPrintable(zonesFound[0]->text(1)));
        const auto window = summary->findItems(QStringLiteral("Window"), Qt::MatchExactly | Qt::MatchRecursive);
        QCOMPARE(window.size(), 1);
        QCOMPARE(window[0]->text(1), QStringLiteral("12 steps in (60 min), 12 out (60 min)"));
    }

    // With a forecast on screen the legend keys its line style too, and its interval (the model
    // is measured).
    void theForecastLegendKeysTheInterval()
    {
        m_window->session()->setSelection({0, 1});
        QCustomPlot* plot = m_window->forecastPlot()->plot();
        QCOMPARE(plot->legend->itemCount(), 2 + 3 + 1);
        QCOMPARE(legendText(plot, 4), QStringLiteral("forecast"));
        QCOMPARE(legendText(plot, 5), QStringLiteral("90 % interval"));
    }

private:
    /// How far a sensor's MAE is below the better baseline's, in %.
    static double gain(const himnet::SensorMetrics& s) { return 100 * (1 - s.model.mae / std::min(s.lastValue.mae, s.historicalAverage.mae)); }
    SensorItem* sensorItem(int sensor) const { return m_window->mapView()->sensorItems()[sensor]; }
    MetricsPanel* metricsPanel() const
    {
        MetricsPanel* panel = m_window->findChild<MetricsPanel*>();
        Q_ASSERT(panel);
        return panel;
    }
    HourlyErrorsView* showHourlyErrors() const
    {
        MetricsPanel* panel = metricsPanel();
        panel->tabs()->setCurrentWidget(panel->hourlyErrors());
        return panel->hourlyErrors();
    }
    /// Every sensor's hour of the day with the most test targets.
    himnet::HourMetrics busiestHour() const
    {
        const auto busiest = std::max_element(m_report.hoursOfWeek.begin(), m_report.hoursOfWeek.end(),
                                              [](const auto& a, const auto& b) { return a.targets < b.targets; });
        return himnet::errorsByHour(m_report)[at(busiest->hour)];
    }

    std::unique_ptr<MainWindow> m_window;
    himnet::EvaluationReport m_report; ///< what the window measured of the model it trained
    int m_worst = -1;                  ///< the sensor of the highest test MAE
    int m_best = -1;                   ///< the sensor of the largest gain over the naive forecasts
};

QTEST_MAIN(TestTrainedModelViews)
#include "test_trained_model_views.moc"
