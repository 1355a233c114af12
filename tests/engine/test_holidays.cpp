// Holiday calendars: the US federal rules, holiday files and their bad lines, and a calendar
// followed alike by the windows, the plan, the demo city, a training's checkpoint and the
// forecaster.
#include "data/windowed_data.h"
#include "himnet/demo_city.h"
#include "himnet/errors.h"
#include "himnet/evaluation.h"
#include "himnet/forecasting.h"
#include "himnet/holidays.h"
#include "himnet/model_file.h"
#include "himnet/training.h"
#include "quick_training.h"
#include "refusals.h"
#include "shared_path.h"
#include "test_files.h"
#include "train/trained_model.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>

using namespace himnet;
using himnet::testing::writeFileIn;

namespace {

int64_t dayOf(const char* date) { return epochDay(parseTimestamp(date)); }

/// The three-week demo city of 20 sensors from Monday 2024-05-06, with `holidays` followed by
/// its traffic.
std::shared_ptr<const Dataset> demoCity(const HolidayCalendar& holidays = {})
{
    DemoCityOptions city;
    city.sensors = 20;
    city.weeks = 3;
    city.start = "2024-05-06";
    city.holidays = holidays;
    return std::make_shared<const Dataset>(generateDemoCity(city));
}

} // namespace

class TestHolidays : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void usFederalHolidaysOnTheDaysObserved_data()
    {
        QTest::addColumn<QString>("date");
        QTest::addColumn<QString>("holiday"); // empty: a day like any other
        QTest::newRow("Memorial Day, last Monday of May") << "2012-05-28" << "Memorial Day";
        QTest::newRow("a week before it") << "2012-05-21" << "";
        QTest::newRow("July 4 on a Saturday: the Friday") << "2015-07-03" << "Independence Day";
        QTest::newRow("not the Saturday itself") << "2015-07-04" << "";
        QTest::newRow("Christmas on a Sunday: the Monday") << "2022-12-26" << "Christmas Day";
        QTest::newRow("next New Year's Day on a Saturday: December 31") << "2021-12-31" << "New Year's Day";
        QTest::newRow("Thanksgiving, fourth Thursday") << "2012-11-22" << "Thanksgiving Day";
        QTest::newRow("Martin Luther King Jr. Day") << "2017-01-16" << "Martin Luther King Jr. Day";
        QTest::newRow("Washington's Birthday") << "2012-02-20" << "Washington's Birthday";
        QTest::newRow("Labor Day") << "2024-09-02" << "Labor Day";
        QTest::newRow("Columbus Day") << "2012-10-08" << "Columbus Day";
        QTest::newRow("Veterans Day on a Sunday: the Monday") << "2012-11-12" << "Veterans Day";
        QTest::newRow("Juneteenth from 2021") << "2023-06-19" << "Juneteenth";
        QTest::newRow("not before") << "2020-06-19" << "";
    }
    void usFederalHolidaysOnTheDaysObserved()
    {
        QFETCH(QString, date);
        QFETCH(QString, holiday);
        const HolidayCalendar us = HolidayCalendar::usFederal();
        const int64_t day = dayOf(date.toUtf8().constData());
        const auto special = us.on(day);
        QCOMPARE(special.has_value(), !holiday.isEmpty());
        if (!special) {
            QCOMPARE(us.dayOfWeek(day), HolidayCalendar().dayOfWeek(day)); // its own day of week
            return;
        }
        QCOMPARE(QString::fromStdString(special->name), holiday);
        QCOMPARE(special->behavesLike, int64_t{6});
        QCOMPARE(us.dayOfWeek(day), int64_t{6});
    }

    void eachYearHasItsElevenHolidays()
    {
        const HolidayCalendar us = HolidayCalendar::usFederal();
        // 2023: New Year's Day on a Sunday, observed Monday 2 January; 2022's December 31 is
        // 2021's observance of 2022's New Year.
        const auto days = us.between(dayOf("2023-01-01"), dayOf("2023-12-31"));
        QCOMPARE(days.size(), size_t{11});
        QCOMPARE(dateText(days.front().day), std::string("2023-01-02"));
        QCOMPARE(dateText(days.back().day), std::string("2023-12-25"));
        QCOMPARE(days.front().describe(), std::string("2023-01-02 (New Year's Day) as a Sunday"));
        QVERIFY(HolidayCalendar().between(dayOf("2023-01-01"), dayOf("2023-12-31")).empty());
    }

    void dateTextIsTheCalendarsDate_data()
    {
        QTest::addColumn<QString>("date");
        for (const char* date : {"1970-01-01", "1969-12-31", "2000-02-29", "2024-02-29", "2100-03-01", "1900-02-28"})
            QTest::newRow(date) << date;
    }
    void dateTextIsTheCalendarsDate()
    {
        QFETCH(QString, date);
        QCOMPARE(QString::fromStdString(dateText(dayOf(date.toUtf8().constData()))), date);
    }

    void filesListDates_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("expected"); // describe() of each, in order
        QTest::newRow("dates alone") << "2015-01-02\n2015-01-01\n" << QStringList{"2015-01-01 as a Sunday", "2015-01-02 as a Sunday"};
        QTest::newRow("a header, names, comments, blank lines")
            << "# Shenzhen 2015\n\ndate,name\n2015-01-01,New Year's Day  # the holiday\n"
            << QStringList{"2015-01-01 (New Year's Day) as a Sunday"};
        QTest::newRow("a working day moved to a Sunday")
            << "2015-01-01,Sunday,New Year's Day\r\n2015-01-04,Fri,Make-up working day\r\n"
            << QStringList{"2015-01-01 (New Year's Day) as a Sunday", "2015-01-04 (Make-up working day) as a Friday"};
        QTest::newRow("a spreadsheet's byte order mark and quotes")
            << "\xEF\xBB\xBF" "2024-12-25,\"Christmas, the day\"\n" << QStringList{"2024-12-25 (Christmas, the day) as a Sunday"};
        QTest::newRow("day first, as much of Europe writes it") << "25.12.2024\n" << QStringList{"2024-12-25 as a Sunday"};
    }
    void filesListDates()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, expected);
        QTemporaryDir dir;
        const HolidayCalendar calendar = HolidayCalendar::fromFile(writeFileIn(dir, "holidays.csv", text.toStdString()));
        QCOMPARE(calendar.name(), std::string("holidays.csv"));
        QStringList days;
        for (const SpecialDay& d : calendar.between(dayOf("2014-01-01"), dayOf("2025-12-31"))) days << QString::fromStdString(d.describe());
        QCOMPARE(days, expected);
        QVERIFY(!calendar.on(dayOf("2015-01-05")));
        QCOMPARE(calendar.dayOfWeek(dayOf("2015-01-05")), int64_t{0}); // a Monday like any other
    }

    // Excel on Windows saves CSV in Windows-1252: its names are read as that, so that the
    // calendar, kept in a checkpoint as JSON (which must be UTF-8), saves and reads back.
    void namesInWindows1252AreReadAsUtf8()
    {
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString() + "/jours f\xE9ri\xE9s.csv"; // the file system's bytes, not Qt's
        std::ofstream(path, std::ios::binary) << "2024-07-14,F\xEAte nationale\n2024-08-15,Assomption \x96 \x84Mari\xE4\x93\n";
        const HolidayCalendar calendar = HolidayCalendar::fromFile(path);
        QCOMPARE(calendar.name(), std::string("jours f\u00e9ri\u00e9s.csv"));
        const std::vector<SpecialDay> days = calendar.between(dayOf("2024-01-01"), dayOf("2024-12-31"));
        QCOMPARE(days.size(), size_t{2});
        QCOMPARE(days[0].name, std::string("F\u00eate nationale"));
        QCOMPARE(days[1].name, std::string("Assomption \u2013 \u201eMari\u00e4\u201c"));
        QCOMPARE(HolidayCalendar::fromJson(calendar.toJson()), calendar);
    }

    void badFilesAreRefusedByLine_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("problem");
        QTest::newRow("not a date") << "2015-01-01\nNew Year\n" << "holidays.csv: line 2: 'New Year' is not a date";
        QTest::newRow("not in the calendar") << "2015-02-30\n" << "line 1: '2015-02-30' is not a day of the calendar";
        QTest::newRow("a time of day") << "2015-01-01 08:00\n" << "line 1: '2015-01-01 08:00' is not a whole day";
        QTest::newRow("listed twice") << "2015-01-01\n2015-01-02\n01.01.2015,again\n" << "line 3: 2015-01-01 is listed twice (first on line 1)";
        QTest::newRow("past the year 9999") << "999999993600\n" << "line 1: '999999993600' lies past the year 9999"; // found by fuzzing
        QTest::newRow("not a day of the week") << "2015-01-04,Fryday,Make-up day\n" << "line 1: 'Fryday' is not a day of the week";
        QTest::newRow("too many fields") << "2015-01-04,Friday,Make-up day,extra\n" << "line 1: too many fields";
        QTest::newRow("empty") << "" << "holidays.csv: lists no dates";
        QTest::newRow("only a header and comments") << "date,name\n# none yet\n" << "holidays.csv: lists no dates";
    }
    void badFilesAreRefusedByLine()
    {
        QFETCH(QString, text);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        const std::string path = writeFileIn(dir, "holidays.csv", text.toStdString());
        const QString wrong = testing::refusalMismatch([&] { HolidayCalendar::fromFile(path); }, {QString::fromStdString(path) + ": ", problem});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    }

    void choicesNameACalendar()
    {
        QVERIFY(HolidayCalendar::fromChoice("").empty());
        QVERIFY(HolidayCalendar::fromChoice("none").empty());
        QVERIFY(HolidayCalendar::fromChoice("US") == HolidayCalendar::usFederal());
        QCOMPARE(HolidayCalendar::usFederal().describe(), std::string("US federal holidays, read as Sundays"));
        QCOMPARE(HolidayCalendar().describe(), std::string("none"));
        QTemporaryDir dir;
        QCOMPARE(HolidayCalendar::fromFile(writeFileIn(dir, "a.csv", "2015-01-01\n")).describe(), std::string("a.csv, 1 date read as Sundays"));
        QCOMPARE(HolidayCalendar::fromFile(writeFileIn(dir, "b.csv", "2015-01-04,Friday\n")).describe(),
                 std::string("b.csv, 1 date read as another day of week"));
        QCOMPARE(HolidayCalendar::fromFile(writeFileIn(dir, "c.csv", "2015-01-01\n2015-01-02\n2015-01-04,Friday\n")).describe(),
                 std::string("c.csv, 3 dates: 2 read as Sundays, 1 as another day of week"));
        QVERIFY_THROWS_EXCEPTION(InputError, HolidayCalendar::fromChoice("/no/such/holidays.csv"));
    }

    void calendarsRoundTripThroughJson()
    {
        QTemporaryDir dir;
        const HolidayCalendar listed = HolidayCalendar::fromFile(writeFileIn(dir, "sz.csv", "2015-01-01,New Year's Day\n2015-01-04,Friday\n"));
        for (const HolidayCalendar& calendar : {HolidayCalendar(), HolidayCalendar::usFederal(), listed})
            QVERIFY(HolidayCalendar::fromJson(calendar.toJson()) == calendar);
        QVERIFY(!(listed == HolidayCalendar::usFederal()));
        const QString wrong = testing::refusalMismatch(
            [] { HolidayCalendar::fromJson(R"({"name": "x", "us_federal": false, "days": [["2015-01-01", 9, ""]]})", "model.h5"); },
            {"model.h5: its holiday calendar cannot be read"});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        // In the training options, so in every checkpoint's record.
        TrainingOptions o;
        o.holidays = listed;
        QVERIFY(TrainingOptions::fromJson(o.toJson()).holidays == listed);
        QVERIFY(TrainingOptions::fromJson(TrainingOptions().toJson()).holidays.empty());
    }

    void theDemoCitysHolidayIsASunday()
    {
        // Thursday 2024-05-16 made a holiday: its traffic is the Sunday's of the city without it
        // up to the day-to-day variation, and every other day is untouched.
        QTemporaryDir dir;
        const auto plain = demoCity();
        const auto withHoliday = demoCity(HolidayCalendar::fromFile(writeFileIn(dir, "h.csv", "2024-05-16\n")));
        const int64_t P = plain->stepsPerDay(), N = plain->numNodes;
        const auto dayMean = [&](const Dataset& d, int64_t day, int64_t hour) {
            double sum = 0;
            for (int64_t t = day * P + hour * P / 24; t < day * P + (hour + 1) * P / 24; ++t)
                for (int64_t n = 0; n < N; ++n) sum += d.value(t, n);
            return sum / static_cast<double>(N * P / 24);
        };
        for (int64_t day : {0, 9, 20}) QCOMPARE(dayMean(*withHoliday, day, 8), dayMean(*plain, day, 8));
        // 8 am: a Thursday's rush hour slows the city; the holiday's does not.
        const double thursday = dayMean(*plain, 10, 8), holiday = dayMean(*withHoliday, 10, 8), sunday = dayMean(*plain, 13, 8);
        QVERIFY2(holiday > thursday + 3, qPrintable(QString("%1 %2 %3").arg(thursday).arg(holiday).arg(sunday)));
        QVERIFY2(std::abs(holiday - sunday) < std::abs(holiday - thursday) / 3, qPrintable(QString("%1 %2 %3").arg(thursday).arg(holiday).arg(sunday)));
    }

    void windowsAndPlanReadHolidaysAsSundays()
    {
        const auto data = demoCity();
        WindowOptions w;
        w.holidays = HolidayCalendar::usFederal(); // Memorial Day, Monday 2024-05-27: day 21, outside; 3 weeks end on the 26th
        const int64_t P = data->stepsPerDay();
        QCOMPARE(WindowedData(data, w).daysOfWeek(), WindowedData(data).daysOfWeek());
        QTemporaryDir dir;
        w.holidays = HolidayCalendar::fromFile(writeFileIn(dir, "h.csv", "2024-05-16,Ascension Day\n2024-05-19,Monday,Moved working day\n"));
        const WindowedData windows(data, w);
        QCOMPARE(windows.daysOfWeek()[static_cast<size_t>(10 * P - 1)], int64_t{2}); // Wednesday night
        QCOMPARE(windows.daysOfWeek()[static_cast<size_t>(10 * P)], int64_t{6});     // Thursday the 16th: a Sunday
        QCOMPARE(windows.daysOfWeek()[static_cast<size_t>(13 * P + 5)], int64_t{0}); // Sunday the 19th: a Monday
        // The model is fed the same: the day-of-week covariate of a window on the holiday.
        const Batch batch = windows.batchAt({10 * P});
        QCOMPARE(batch.x[0][0][0][2].item<float>(), 6.0f);
        QCOMPARE(batch.yCov[0][0][0][1].item<float>(), 6.0f);

        TrainingOptions o = testing::quickOptions("");
        o.holidays = w.holidays;
        const TrainingPlan plan = planTraining(*data, o);
        QCOMPARE(plan.specialDays.size(), size_t{2});
        QCOMPARE(plan.describeHolidays(),
                 std::string("h.csv, 2 in the data: 2024-05-16 (Ascension Day) as a Sunday, 2024-05-19 (Moved working day) as a Monday"));
        const auto json = nlohmann::json::parse(plan.toJson());
        QCOMPARE(json["holidays"]["calendar"].get<std::string>(), std::string("h.csv"));
        QCOMPARE(json["holidays"]["days"][1]["read_as"].get<std::string>(), std::string("Monday"));
        o.holidays = HolidayCalendar::usFederal();
        QCOMPARE(planTraining(*data, o).describeHolidays(), std::string("US federal holidays, none in the data"));
        QCOMPARE(planTraining(*data, testing::quickOptions("")).describeHolidays(), std::string());
    }

    void aTrainedModelKeepsItsCalendarAndForecastsByIt()
    {
        QTemporaryDir dir;
        const std::string holidayFile = writeFileIn(dir, "holidays.csv", "2024-05-23,Holiday\n");
        const HolidayCalendar calendar = HolidayCalendar::fromFile(holidayFile);
        const auto data = demoCity(calendar);
        TrainingOptions o = testing::tinyOptions(dir.filePath("model.h5").toStdString());
        o.holidays = calendar;
        std::string started;
        train(data, o, [&](const TrainProgress& p) {
            if (p.kind == TrainProgress::Kind::Started) started = p.message;
        });
        QVERIFY2(QString::fromStdString(started).contains("holidays.csv, 1 in the data: 2024-05-23 (Holiday) as a Sunday"), started.c_str());
        std::filesystem::remove(holidayFile); // the checkpoint does not need it
        QVERIFY(inspectModelFile(o.checkpointPath).holidays == calendar);
        const EvaluationReport report = evaluateCheckpoint(data, o.checkpointPath, "test", DeviceKind::Cpu);
        QVERIFY(std::find(report.notes.begin(), report.notes.end(),
                          "holidays: holidays.csv, 1 date read as Sundays (the hours of the week count theirs as Sunday's)")
                != report.notes.end());

        // The forecaster reads the holiday as the windows do: from each of 40 origins around
        // it (three of the forecaster's passes), its forecast is the model's on the window fed as
        // in training.
        TrainedModel trained = loadTrainedModel(o.checkpointPath, *data, DeviceKind::Cpu);
        QVERIFY(trained.options.holidays == calendar);
        const auto windows = windowsFor(trained, data);
        const int64_t P = data->stepsPerDay(), beforeHoliday = 17 * P - 6; // 23:30 before the holiday
        std::vector<int64_t> origins, starts;
        for (int64_t origin = beforeHoliday - 20; origin < beforeHoliday + 20; ++origin) {
            origins.push_back(origin);
            starts.push_back(origin - 11);
        }
        const Batch batch = windows->batchAt(starts);
        QCOMPARE(batch.yCov[20][11][0][1].item<float>(), 6.0f); // the holiday's first step, read as a Sunday
        torch::Tensor expected;
        {
            torch::NoGradGuard noGrad;
            expected = trained.scaler.inverse(trained.model->forward(batch.x, batch.yCov));
        }
        const std::vector<Forecast> forecasts = Forecaster(data, o.checkpointPath, DeviceKind::Cpu).at(origins);
        QCOMPARE(forecasts.size(), origins.size());
        for (size_t b = 0; b < origins.size(); ++b) {
            QCOMPARE(forecasts[b].lastObserved, origins[b]);
            double largest = 0;
            for (int64_t q = 0; q < 12; ++q)
                for (int64_t n = 0; n < data->numNodes; ++n)
                    largest = std::max(largest, std::abs(static_cast<double>(forecasts[b].value(q, n))
                                                         - expected[static_cast<int64_t>(b)][q][n][0].item<double>()));
            QVERIFY2(largest < 1e-3, qPrintable(QString("origin %1: %2").arg(origins[b]).arg(largest)));
        }
    }
};

QTEST_MAIN(TestHolidays)
#include "test_holidays.moc"
