#include "cli_commands.h"

#include "himnet/baseline_errors.h"
#include "himnet/dataset_summary.h"
#include "himnet/demo_city.h"
#include "himnet/errors.h"
#include "himnet/road_graph.h"

#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>
#include <optional>

namespace himnet::cli {

LoadOptions DatasetOptions::toLoadOptions() const
{
    LoadOptions o;
    if (!dateOrder.empty()) o.dateOrder = parseDateOrder(dateOrder);
    const auto time = [&o](const std::string& text, const char* option) {
        try {
            return parseTimestamp(text, o.dateOrder.value_or(DateOrder::Unstated));
        } catch (const InputError& e) {
            throw InputError(std::string(option) + ": " + e.what());
        }
    };
    if (!start.empty()) o.startTime = time(start, "--start");
    if (!from.empty()) o.from = time(from, "--from");
    if (!until.empty()) o.until = time(until, "--until");
    if (!interval.empty()) o.intervalSeconds = parseInterval(interval);
    if (!aggregate.empty()) o.aggregation = parseAggregation(aggregate);
    if (missingValue) o.missingValue = static_cast<float>(*missingValue);
    if (!quantity.empty()) o.quantity = quantity;
    if (!unit.empty()) o.unit = unit;
    if (!valueColumn.empty()) o.valueColumn = valueColumn;
    if (!sheet.empty()) o.sheet = sheet;
    if (!laneTypes.empty()) o.laneTypes = parseLaneTypes(laneTypes);
    return o;
}

std::shared_ptr<const Dataset> DatasetOptions::load(const std::string& path) const
{
    return std::make_shared<const Dataset>(loadDataset(path, toLoadOptions()));
}

void DatasetOptions::addTo(CLI::App* command)
{
    command->add_option("--start", start, "First timestamp for files without one, e.g. 2012-03-01 (UTC)");
    command->add_option("--interval", interval,
                        "Sampling interval for files without timestamps, or a multiple of a file's to combine its readings "
                        "into coarser steps, e.g. 5min, 900");
    command->add_option("--aggregate", aggregate,
                        "How readings are combined into coarser steps: mean (default; speeds, occupancies, rates) or sum "
                        "(counts per reading, e.g. vehicles)");
    command->add_option("--missing-value", missingValue, "Value that marks a missing reading (default 0)");
    command->add_option("--quantity", quantity, "What the values measure, e.g. speed or flow (known for the published files)");
    command->add_option("--unit", unit, "Their unit, e.g. mph, km/h or \"veh/5 min\" (known for the published files)");
    command->add_option("--value-column", valueColumn, "A long table's column to forecast (time, sensor, values), e.g. speed");
    command->add_option("--sheet", sheet, "An Excel workbook's sheet to read the series from (default: the first; also book.xlsx#Sheet)");
    command->add_option("--date-order", dateOrder,
                        "Dates with slashes, where the file's own dates do not tell (one day of them): mdy (month first, as in "
                        "the US) or dmy (day first)");
    command->add_option("--lane-types", laneTypes,
                        "PeMS station files: the lane types of the stations to read, e.g. ML (mainline) or ML,HV (and HOV "
                        "lanes); default: all");
    command->add_option("--from", from, "Read the steps from this time on (UTC), e.g. 2015-01-11: leave out an earlier period");
    command->add_option("--until", until, "Read the steps before this time (UTC, not including it), e.g. 2015-02-01");
}

void addDataCommands(CLI::App& app, Command& selected)
{
    auto* info = app.add_subcommand("info", "Summarise a dataset: format, sensors, steps, interval, span, missing %, graph, how training splits it and the naive forecasts a model must beat");
    auto path = std::make_shared<std::string>();
    auto json = std::make_shared<bool>(false);
    auto options = std::make_shared<DatasetOptions>();
    // The dataset as the other commands take it (--data) or as a plain argument.
    info->add_option("path,--data", *path, "Dataset file or folder (see datasets/README.md)")->required();
    info->add_flag("--json", *json, "Print one JSON object");
    auto holidays = std::make_shared<std::string>();
    info->add_option("--holidays", *holidays, "Also list the holidays that fall in the data: us (US federal) or a file of dates");
    options->addTo(info);
    info->callback([&selected, path, json, options, holidays] {
        selected = describing([path, json, options, holidays] {
            if (looksLikeEdgeList(*path)) {
                std::cout << describeGraphFile(*path, *json) << '\n';
                return 0;
            }
            const auto data = options->load(*path);
            const DatasetSummary summary = summarizeDataset(*data);
            // How `himnet train` would split it by default, or why it cannot.
            TrainingOptions training = trainingDefaults(*data);
            training.holidays = HolidayCalendar::fromChoice(*holidays);
            std::optional<TrainingPlan> plan;
            std::string noPlan;
            try {
                plan = planTraining(*data, training);
            } catch (const InputError& e) {
                noPlan = e.what();
            }
            // What a model trained so must beat, from the same split.
            std::optional<BaselineErrors> baselines;
            if (plan) baselines = baselineErrors(data, training);
            if (*json) {
                nlohmann::json j = nlohmann::json::parse(toJson(summary));
                j["training"] = plan ? nlohmann::json::parse(plan->toJson()) : nlohmann::json{{"cannot_split", noPlan}};
                j["training"]["preset"] = training.preset;
                if (baselines) j["training"]["baselines"] = nlohmann::json::parse(toJson(*baselines));
                std::cout << j.dump(2) << "\n";
                return 0;
            }
            std::cout << toText(summary);
            if (plan) {
                std::cout << "  training      preset " << training.preset << ", " << plan->describeSplit() << "\n"
                          << "  context       " << plan->contextNote << "\n";
                if (const std::string holidays = plan->describeHolidays(); !holidays.empty())
                    std::cout << "  holidays      " << holidays << "\n";
                std::cout << "  baselines     " << describeBaselineErrors(*baselines) << "\n";
            } else
                std::cout << "  training      cannot split: " << noPlan << "\n";
            return 0;
        });
    });

    auto* demo = app.add_subcommand("demo", "Write the built-in demo city (planted zones) as a dataset folder");
    auto out = std::make_shared<std::string>();
    auto city = std::make_shared<DemoCityOptions>();
    demo->add_option("--out", *out, "Folder to write (created if needed)")->required();
    demo->add_option("--sensors", city->sensors, "Number of sensors (20-2000)")->capture_default_str();
    demo->add_option("--weeks", city->weeks, "Weeks of 5-minute data (1-52)")->capture_default_str();
    demo->add_option("--seed", city->seed, "Random seed; the same seed gives the same city")->capture_default_str();
    demo->add_option("--start", city->start, "First day, UTC (2024-05-01)")->capture_default_str();
    auto demoHolidays = std::make_shared<std::string>();
    demo->add_option("--holidays", *demoHolidays,
                     "Days whose traffic is a Sunday's: us (US federal holidays) or a file of dates (default: none)");
    demo->callback([&selected, out, city, demoHolidays] {
        selected = [out, city, demoHolidays] {
            city->holidays = HolidayCalendar::fromChoice(*demoHolidays);
            const Dataset d = generateDemoCity(*city);
            writeDatasetFolder(d, *out);
            std::cout << "wrote the demo city to " << *out << "\n" << toText(summarizeDataset(loadDataset(*out)));
            return 0;
        };
    });
}

} // namespace himnet::cli
