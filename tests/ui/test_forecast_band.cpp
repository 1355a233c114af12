// The forecast intervals in the window, offscreen, on a demo city with a model trained for real
// and measured once for every test: the band around each forecast plotted, with its key and
// tooltip; the Metrics dock's caption; where the band held, by hour (By hour, "90 % interval
// held"), by sensor (the By sensor table's columns) and on the map (Colour by); and that
// metrics without intervals show none of them.
#include "engine_controller.h"
#include "forecast_plot.h"
#include "himnet/evaluation.h"
#include "hourly_errors_view.h"
#include "map_legend.h"
#include "metrics_panel.h"
#include "qcustomplot_include.h"
#include "sensor_metrics_model.h"
#include "studio_session.h"
#include "window_test_support.h"
#include "patience.h"

#include <QComboBox>
#include <QLabel>
#include <QScopeGuard>
#include <QSettings>
#include <QSlider>
#include <QtTest>

#include <cmath>

using namespace studio_testing;

namespace {

/// While it lives, `window` shows its metrics without their intervals (as of a report measured
/// before they existed); then those it had.
class MetricsWithoutIntervals {
public:
    explicit MetricsWithoutIntervals(MainWindow& window) : m_window(window), m_saved(window.session()->metrics())
    {
        himnet::EvaluationReport without = m_saved;
        without.intervals = {};
        window.session()->setMetrics(without);
    }
    ~MetricsWithoutIntervals() { m_window.session()->setMetrics(m_saved); }
    MetricsWithoutIntervals(const MetricsWithoutIntervals&) = delete;
    MetricsWithoutIntervals& operator=(const MetricsWithoutIntervals&) = delete;

private:
    MainWindow& m_window;
    himnet::EvaluationReport m_saved;
};

double valueAt(const QCPGraph* graph, int hour) { return (graph->data()->constBegin() + hour)->value; }

} // namespace

class TestForecastBand : public QObject {
    Q_OBJECT

    std::unique_ptr<WindowOnTrainedCity> m_city; ///< its model opened and measured, sensors 2 and 7 selected

private Q_SLOTS:
    void initTestCase()
    {
        prepareStudioForTests();
        QSettings().remove(QStringLiteral("forecast/intervalLevel")); // the usual 90 %, whatever a run before left
        m_city = std::make_unique<WindowOnTrainedCity>();
        MainWindow& window = *m_city->window;
        window.session()->setSelection({2, 7});
        QSignalSpy evaluated(window.engine(), &EngineController::evaluated);
        window.openCheckpoint(m_city->model);
        QTRY_VERIFY_WITH_TIMEOUT(evaluated.count() == 1 && !window.engine()->isBusy(), himnet::testing::patience(60000));
        QVERIFY2(!window.session()->metrics().intervals.empty(), window.session()->metrics().intervals.missing.c_str());
    }

    void cleanupTestCase()
    {
        m_city.reset();
        removeStudioTestData();
    }

    // Once the model is measured, the forecast of each sensor plotted has its interval drawn
    // around it: the forecast ± the half-width of its step and sensor, a band under the line,
    // with a key in the legend; the Metrics dock says how often the test period fell inside.
    // Metrics without intervals draw none.
    void theForecastShowsItsIntervalOnceMeasured()
    {
        MainWindow& window = *m_city->window;
        const StudioSession& session = *window.session();
        QTRY_VERIFY(session.hasForecast() && session.forecast().lastObserved == session.origin());
        const himnet::ForecastIntervals& intervals = session.metrics().intervals;
        QVERIFY2(!intervals.empty(), intervals.missing.c_str());
        const QCustomPlot* plot = window.findChild<ForecastPlot*>(QStringLiteral("forecastPlot"))->findChild<QCustomPlot*>();
        const auto bands = [plot] {
            QList<QCPGraph*> found;
            for (int g = 0; g < plot->graphCount(); ++g)
                if (plot->graph(g)->objectName() == QStringLiteral("forecastInterval")) found << plot->graph(g);
            return found;
        };
        QTRY_COMPARE(bands().size(), 2);
        const himnet::Forecast& forecast = session.forecast();
        for (int k = 0; k < 2; ++k) {
            const int sensor = k == 0 ? 2 : 7;
            const QCPGraph* upper = bands()[k];
            const QCPGraph* lower = upper->channelFillGraph();
            QVERIFY(lower && upper->brush().style() != Qt::NoBrush);
            QCOMPARE(upper->dataCount(), int(forecast.horizon));
            for (int q = 0; q < forecast.horizon; ++q) {
                const double value = forecast.value(q, sensor), w = intervals.halfWidthAt(q, sensor, forecast.timestamps[size_t(q)]);
                QVERIFY(w > 0);
                QCOMPARE(upper->data()->at(q)->key, double(forecast.timestamps[size_t(q)]));
                QCOMPARE(upper->data()->at(q)->value, value + w);
                QCOMPARE(lower->data()->at(q)->value, value - w);
            }
        }
        bool keyed = false;
        for (int item = 0; item < plot->legend->itemCount(); ++item)
            if (auto* entry = qobject_cast<QCPPlottableLegendItem*>(plot->legend->item(item)))
                keyed = keyed || entry->plottable()->name() == QStringLiteral("90 % interval");
        QVERIFY(keyed);
        // Hovering a step says the figures: the forecast, its interval and what happened.
        const ForecastPlot* plotView = window.findChild<ForecastPlot*>(QStringLiteral("forecastPlot"));
        const QString tip = plotView->toolTipOfStep(2);
        QVERIFY2(tip.startsWith(QStringLiteral("%1 UTC, 15 min ahead\n")
                                    .arg(QString::fromStdString(himnet::formatTimestamp(forecast.timestamps[2])).left(16))),
                 qPrintable(tip));
        for (int sensor : {2, 7}) {
            const double value = forecast.value(2, sensor), w = intervals.halfWidthAt(2, sensor, forecast.timestamps[2]);
            QVERIFY2(tip.contains(QStringLiteral("%1: forecast %2 km/h (90 %: %3 – %4), actual ")
                                      .arg(QString::fromStdString(m_city->data->sensorIds[size_t(sensor)]))
                                      .arg(value, 0, 'f', 1)
                                      .arg(value - w, 0, 'f', 1)
                                      .arg(value + w, 0, 'f', 1)),
                     qPrintable(tip));
        }
        QVERIFY(plotView->toolTipOfStep(12).isEmpty());
        const QString caption = window.findChild<QLabel*>(QStringLiteral("metricsCaption"))->text();
        QVERIFY2(caption.contains(QStringLiteral("The band around the forecast is its 90 % interval, sized by HimNet's errors on the "
                                                 "validation period (%1 windows) and wider in the hours when traffic strays most "
                                                 "from its usual level; on the test split it holds %2 % of the targets")
                                      .arg(intervals.calibrationWindows)
                                      .arg(100 * intervals.all.covered, 0, 'f', 1)),
                 qPrintable(caption));

        const MetricsWithoutIntervals without(window);
        QCOMPARE(bands().size(), 0);
        QVERIFY2(!plotView->toolTipOfStep(2).contains(QStringLiteral("90 %")), qPrintable(plotView->toolTipOfStep(2)));
    }

    // By hour, as "90 % interval held": HimNet's share of targets inside its interval in each
    // hour of the day, beside the level, the hours more than 2 points short shaded; the
    // baselines have none. Hovering an hour says it, the summary counts the hours, the CSV
    // gains the intervals' columns; of the sensors selected, beside every sensor's.
    void byHourShowsWhereTheBandHeld()
    {
        MainWindow& window = *m_city->window;
        const himnet::EvaluationReport& metrics = window.session()->metrics();
        const double level = metrics.intervals.level;
        HourlyErrorsView* hourly = window.findChild<MetricsPanel*>()->hourlyErrors();
        QVERIFY(window.raiseDock(QStringLiteral("band"))); // as `himnet-studio --show band` does
        QCOMPARE(hourly->figureBox()->currentIndex(), int(HourlyErrorsView::IntervalHeld));
        QCOMPARE(hourly->figureBox()->currentText(), QStringLiteral("90 % interval held"));
        const QCustomPlot* plot = hourly->plot();
        const std::vector<himnet::HourMetrics> hours = himnet::errorsByHour(metrics);
        int measured = 0, fellShort = 0, someHour = -1;
        for (const himnet::HourMetrics& h : hours) {
            QVERIFY(std::isnan(valueAt(plot->graph(1), h.hour)) && std::isnan(valueAt(plot->graph(2), h.hour)));
            if (h.interval.targets == 0) {
                QVERIFY(std::isnan(valueAt(plot->graph(0), h.hour)));
                continue;
            }
            ++measured;
            someHour = h.hour;
            QCOMPARE(valueAt(plot->graph(0), h.hour), 100 * h.interval.covered);
            fellShort += h.interval.covered < level - 0.02;
        }
        QVERIFY(measured > 12);
        QCOMPARE(plot->itemCount(), fellShort);
        QCOMPARE(valueAt(plot->graph(4), 0), 100 * level);
        QCOMPARE(plot->legend->itemCount(), 2);
        QCOMPARE(legendText(hourly->plot(), 1), QStringLiteral("level (90 %)"));
        QCOMPARE(plot->yAxis->label(), QStringLiteral("targets inside (%)"));
        QVERIFY(plot->yAxis->range().lower <= 100 * level - 5 && plot->yAxis->range().upper > 100);
        QVERIFY2(hourly->summary().startsWith(QStringLiteral("Every sensor: the 90 % interval held %1 % of the targets, and 88 % or more "
                                                             "in %2 of %3 hours")
                                                  .arg(100 * metrics.intervals.all.covered, 0, 'f', 1)
                                                  .arg(measured - fellShort)
                                                  .arg(measured)),
                 qPrintable(hourly->summary()));
        const himnet::IntervalCoverage& at = hours[size_t(someHour)].interval;
        QVERIFY2(hourly->toolTipOfHour(someHour).contains(QStringLiteral("90 % interval held %1 % (± %2 km/h on average)")
                                                              .arg(100 * at.covered, 0, 'f', 1)
                                                              .arg(at.meanHalfWidth, 0, 'f', 2)),
                 qPrintable(hourly->toolTipOfHour(someHour)));
        QVERIFY2(hourly->csvOfHoursShown().section('\n', 0, 0).endsWith(QStringLiteral(",90 % interval held %,90 % interval half-width (km/h)")),
                 qPrintable(hourly->csvOfHoursShown().section('\n', 0, 0)));

        // Of sensor 7 alone, beside every sensor's.
        hourly->sensorsBox()->setCurrentIndex(1);
        window.session()->setSelection({7});
        const std::vector<himnet::HourMetrics> ofSeven = himnet::errorsByHour(metrics, himnet::DaysOfWeek::All, {7});
        for (int h = 0; h < 24; ++h) {
            if (ofSeven[size_t(h)].interval.targets > 0) QCOMPARE(valueAt(plot->graph(0), h), 100 * ofSeven[size_t(h)].interval.covered);
            if (hours[size_t(h)].interval.targets > 0) QCOMPARE(valueAt(plot->graph(3), h), 100 * hours[size_t(h)].interval.covered);
        }
        QCOMPARE(plot->legend->itemCount(), 3);
        QVERIFY2(hourly->summary().startsWith(QStringLiteral("Sensor %1: the 90 % interval held ").arg(QString::fromStdString(m_city->data->sensorIds[7]))),
                 qPrintable(hourly->summary()));
        window.session()->setSelection({2, 7});
        hourly->sensorsBox()->setCurrentIndex(0);

        // Metrics without intervals plot none and say so.
        {
            const MetricsWithoutIntervals without(window);
            QVERIFY(std::isnan(valueAt(plot->graph(0), someHour)));
            QCOMPARE(plot->itemCount(), 0);
            QCOMPARE(hourly->summary(), QStringLiteral("These metrics have no forecast intervals."));
            QVERIFY(!hourly->csvOfHoursShown().contains(QStringLiteral("interval")));
        }
        // Back to MAE: the baselines return, the level goes.
        hourly->figureBox()->setCurrentIndex(HourlyErrorsView::Mae);
        QCOMPARE(plot->legend->itemCount(), 3);
        QVERIFY(plot->graph(4)->data()->isEmpty());
        QCOMPARE(valueAt(plot->graph(1), someHour), hours[size_t(someHour)].lastValue.mae);
    }

    // Each sensor's share held and mean half-width: two columns of the By sensor table (red
    // where more than 2 points short), a colouring of the map, its tooltip; the caption names
    // the sensors where it held least. Metrics without intervals have none of them.
    void bySensorAndOnTheMapShowWhereTheBandHeld()
    {
        MainWindow& window = *m_city->window;
        StudioSession& session = *window.session();
        const himnet::EvaluationReport& metrics = session.metrics();
        const double level = metrics.intervals.level;
        const SensorMetricsModel* table = window.findChild<MetricsPanel*>()->sensorModel();
        const int held = table->columnOf(SensorMetricsModel::IntervalHeld);
        QVERIFY(held > 0);
        QCOMPARE(table->columnOf(SensorMetricsModel::IntervalHalfWidth), held + 1);
        QCOMPARE(table->headerData(held, Qt::Horizontal).toString(), QStringLiteral("90 % held %"));
        QCOMPARE(table->headerData(held + 1, Qt::Horizontal).toString(), QStringLiteral("± km/h (90 %)"));
        QVERIFY(table->headerData(held, Qt::Horizontal, Qt::ToolTipRole).toString().contains(QStringLiteral("inside HimNet's 90 % interval")));
        int shortSensors = 0;
        for (int n = 0; n < table->rowCount(); ++n) {
            const himnet::IntervalCoverage& c = metrics.sensors[size_t(n)].interval;
            QVERIFY(c.targets > 0);
            QCOMPARE(table->index(n, held).data().toString(), QString::number(100 * c.covered, 'f', 1));
            QCOMPARE(table->index(n, held).data(Qt::UserRole).toDouble(), 100 * c.covered);
            QCOMPARE(table->index(n, held + 1).data().toString(), QString::number(c.meanHalfWidth, 'f', 2));
            const bool fellShort = c.covered < level - 0.02;
            shortSensors += fellShort;
            QCOMPARE(table->index(n, held).data(Qt::ForegroundRole).isValid(), fellShort);
        }
        QVERIFY(shortSensors < table->rowCount()); // a band that held almost nowhere would be no band

        session.setColourMode(StudioSession::ColourMode::SensorIntervalHeld);
        for (int n : {0, 7, 29}) QCOMPARE(session.colourValue(n), 100 * metrics.sensors[size_t(n)].interval.covered);
        QCOMPARE(session.colourRange(), std::make_pair(100 * level - 30, 100 * level));
        QCOMPARE(window.findChild<MapLegend*>()->title(), QStringLiteral("Test targets inside the 90 % interval (%)"));
        QCOMPARE(session.colourOf(0, {60.0, 90.0}), StudioSession::speedColour((100 * metrics.sensors[0].interval.covered - 60.0) / 30.0));

        const QString caption = window.findChild<QLabel*>(QStringLiteral("metricsCaption"))->text();
        QVERIFY2(caption.contains(QStringLiteral("It held least at sensors %1 (Colour by → where the 90 % band held shows them all).")
                                      .arg(QString::fromStdString(himnet::sensorsHeldLeast(metrics, 3)))),
                 qPrintable(caption));
        {
            const MetricsWithoutIntervals without(window);
            QCOMPARE(table->columnOf(SensorMetricsModel::IntervalHeld), -1);
            QVERIFY(std::isnan(session.colourValue(7))); // grey: nothing to colour by
        }
        QCOMPARE(table->columnOf(SensorMetricsModel::IntervalHeld), held);
        session.setColourMode(StudioSession::ColourMode::Observed);
    }

    // The forecast's Band choice: another level measures the model again, and the band's
    // bounds, its key, the caption, By hour's figure and the map's Colour by name it; the level
    // is remembered. Back at 90 %, the numbers are those measured first.
    void theBandLevelIsChosen()
    {
        MainWindow& window = *m_city->window;
        StudioSession* session = window.session();
        QComboBox* band = window.forecastPlot()->bandBox();
        QCOMPARE(band->currentData().toDouble(), 0.9);
        const himnet::EvaluationReport ninety = session->metrics();
        // A forecast from the next step, which the engine bounds itself now that it is measured.
        QSlider* slider = window.forecastPlot()->originSlider();
        slider->setValue(slider->value() + 1);
        QTRY_VERIFY(session->hasForecast() && session->forecast().lastObserved == slider->value() && session->forecast().intervalLevel == 0.9);
        QSignalSpy evaluated(window.engine(), &EngineController::evaluated);
        const auto usualLevel = qScopeGuard([session] { session->setIntervalLevel(0.9); }); // also when a check fails
        band->setCurrentIndex(band->findData(0.95));
        QCOMPARE(session->intervalLevel(), 0.95);
        QCOMPARE(QSettings().value(QStringLiteral("forecast/intervalLevel")).toDouble(), 0.95);
        QVERIFY(evaluated.wait(himnet::testing::patience(60000)));
        QTRY_VERIFY_WITH_TIMEOUT(!window.engine()->isBusy(), himnet::testing::patience(30000));
        const himnet::ForecastIntervals wide = session->metrics().intervals;
        QCOMPARE(wide.level, 0.95);
        QVERIFY2(wide.all.meanHalfWidth > ninety.intervals.all.meanHalfWidth && wide.all.covered >= ninety.intervals.all.covered,
                 qPrintable(QString("95 %: ± %1, held %2; 90 %: ± %3, held %4").arg(wide.all.meanHalfWidth).arg(wide.all.covered)
                                .arg(ninety.intervals.all.meanHalfWidth).arg(ninety.intervals.all.covered)));
        QCOMPARE(session->metrics().all.mae, ninety.all.mae);
        // The forecast shown is bounded anew, at 95 %.
        QTRY_VERIFY(session->hasForecast() && session->forecast().intervalLevel == 0.95);
        const himnet::Forecast& forecast = session->forecast();
        QCOMPARE(forecast.upperValue(2, 7), forecast.value(2, 7) + wide.halfWidthAt(2, 7, forecast.timestamps[2]));
        const QCustomPlot* plot = window.forecastPlot()->plot();
        QStringList keys;
        for (int item = 0; item < plot->legend->itemCount(); ++item)
            if (auto* entry = qobject_cast<QCPPlottableLegendItem*>(plot->legend->item(item))) keys << entry->plottable()->name();
        QVERIFY2(keys.contains(QStringLiteral("95 % interval")), qPrintable(keys.join(", ")));
        QVERIFY2(window.forecastPlot()->toolTipOfStep(2).contains(QStringLiteral(" (95 %: ")), qPrintable(window.forecastPlot()->toolTipOfStep(2)));
        const QString caption = window.findChild<QLabel*>(QStringLiteral("metricsCaption"))->text();
        QVERIFY2(caption.contains(QStringLiteral("The band around the forecast is its 95 % interval")), qPrintable(caption));
        QCOMPARE(window.findChild<QComboBox*>(QStringLiteral("hourlyErrorsFigure"))->itemText(HourlyErrorsView::IntervalHeld),
                 QStringLiteral("95 % interval held"));
        auto* colours = window.findChild<QComboBox*>(QStringLiteral("colourBox"));
        QCOMPARE(colours->itemText(colours->findData(QVariant::fromValue(StudioSession::ColourMode::SensorIntervalHeld))),
                 QStringLiteral("where the 95 % band held"));

        band->setCurrentIndex(band->findData(0.9));
        QVERIFY(evaluated.wait(himnet::testing::patience(60000)));
        QTRY_VERIFY_WITH_TIMEOUT(!window.engine()->isBusy(), himnet::testing::patience(30000));
        QCOMPARE(session->metrics().intervals.level, 0.9);
        QCOMPARE(session->metrics().intervals.all.covered, ninety.intervals.all.covered);
        QCOMPARE(session->metrics().intervals.all.meanHalfWidth, ninety.intervals.all.meanHalfWidth);
        QTRY_VERIFY(session->hasForecast() && session->forecast().intervalLevel == 0.9);
        QCOMPARE(QSettings().value(QStringLiteral("forecast/intervalLevel")).toDouble(), 0.9);
    }
};

QTEST_MAIN(TestForecastBand)
#include "test_forecast_band.moc"
