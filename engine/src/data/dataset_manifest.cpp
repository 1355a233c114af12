// readManifest(): a dataset folder's dataset.json.
#include "data/dataset_manifest.h"
#include "core/text.h"
#include "data/text_decoding.h"
#include "himnet/errors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

namespace himnet {
namespace {

namespace fs = std::filesystem;

// The keys of a manifest, in the order datasets/README.md lists them.
constexpr const char* kFileKeys[] = {"series", "locations", "edges", "adjacency", "zones", "split"};
constexpr const char* kOptionKeys[] = {"name", "start",        "interval", "aggregate",  "missing_value", "quantity",
                                       "unit", "value_column", "sheet",    "date_order", "lane_types"};

class Manifest {
public:
    Manifest(const std::string& path, nlohmann::json json) : m_path(path), m_json(std::move(json)) {}

    [[noreturn]] void refuse(const std::string& problem) const { throw InputError(describeProblem(m_path, problem)); }

    bool isObject() const { return m_json.is_object(); }
    bool has(const char* key) const { return m_json.contains(key); }

    /// The text of `key`, refused when it holds anything else.
    std::string text(const char* key) const
    {
        const nlohmann::json& value = m_json.at(key);
        if (!value.is_string()) refuse(std::string("'") + key + "' must be a string, not " + describe(value));
        return value.get<std::string>();
    }

    /// The file `key` names, beside the manifest unless the name is absolute; empty without the key.
    std::string file(const char* key) const
    {
        if (!has(key)) return {};
        const std::string name = text(key);
        if (name.empty()) refuse(std::string("'") + key + "' names no file");
        return (fs::path(m_path).parent_path() / name).string();
    }

    /// The value of `key` as `parse` reads its text; its refusal names the manifest and the key.
    template <class Parse>
    auto parsed(const char* key, const std::string& value, Parse parse) const
    {
        try {
            return parse(value);
        } catch (const InputError& e) {
            refuse(std::string("'") + key + "': " + e.what());
        }
    }

    /// A number's JSON text ("300"), for the parsers of the text a user would type.
    std::string numberOrText(const char* key) const
    {
        const nlohmann::json& value = m_json.at(key);
        if (value.is_number_integer()) return value.dump();
        if (!value.is_string()) refuse(std::string("'") + key + "' must be a whole number or a string, not " + describe(value));
        return value.get<std::string>();
    }

    float missingValue() const
    {
        const nlohmann::json& value = m_json.at("missing_value");
        if (!value.is_number())
            refuse("'missing_value' must be a number (the reading that marks a missing one, e.g. 0), not " + describe(value));
        const double number = value.get<double>();
        if (std::abs(number) > std::numeric_limits<float>::max())
            refuse("'missing_value' " + value.dump() + " is beyond the range of the readings (32-bit floats)");
        return static_cast<float>(number);
    }

    std::vector<std::string> laneTypes() const
    {
        const nlohmann::json& value = m_json.at("lane_types");
        if (!value.is_array()) return parsed("lane_types", text("lane_types"), parseLaneTypes);
        std::vector<std::string> types;
        for (const nlohmann::json& type : value) {
            if (!type.is_string()) refuse("'lane_types' must list strings (\"ML\", \"HV\"), not " + describe(type));
            types.push_back(type.get<std::string>());
        }
        return parsed("lane_types", joined(types), parseLaneTypes);
    }

    std::vector<std::string> unknownKeys() const
    {
        std::vector<std::string> unknown;
        for (const auto& item : m_json.items()) {
            const auto known = [&](const char* key) { return item.key() == key; };
            if (std::none_of(std::begin(kFileKeys), std::end(kFileKeys), known)
                && std::none_of(std::begin(kOptionKeys), std::end(kOptionKeys), known))
                unknown.push_back("'" + item.key() + "'");
        }
        return unknown;
    }

private:
    static std::string describe(const nlohmann::json& value)
    {
        if (value.is_number()) return "the number " + value.dump();
        if (value.is_string()) return "the string " + value.dump();
        const std::string type = value.type_name();
        return (type == "array" || type == "object" ? "an " : "a ") + type;
    }

    std::string m_path;
    nlohmann::json m_json;
};

nlohmann::json parseManifest(const std::string& path)
{
    const std::string content = readTextFile(path, "a dataset manifest (JSON)");
    try {
        return nlohmann::json::parse(content, nullptr, true, /*ignore_comments=*/true);
    } catch (const nlohmann::json::exception& e) {
        throw InputError(describeProblem(path, std::string("not valid JSON: ") + e.what()));
    }
}

} // namespace

DatasetFiles readManifest(const std::string& manifestPath, const LoadOptions& given)
{
    const Manifest m(manifestPath, parseManifest(manifestPath));
    if (!m.isObject()) m.refuse("holds no JSON object (write {\"series\": \"speeds.csv\"}, see datasets/README.md)");
    DatasetFiles f;
    f.options = given;
    f.series = m.file("series");
    if (f.series.empty()) m.refuse("names no 'series' file");
    f.locations = m.file("locations");
    f.edges = m.file("edges");
    f.adjacency = m.file("adjacency");
    f.zones = m.file("zones");
    f.splitFile = m.file("split");
    f.splitFileNamed = !f.splitFile.empty();
    f.name = m.has("name") ? m.text("name") : fs::path(manifestPath).parent_path().filename().string();
    LoadOptions& o = f.options;
    if (m.has("date_order") && !o.dateOrder) o.dateOrder = m.parsed("date_order", m.text("date_order"), parseDateOrder);
    if (m.has("start") && !o.startTime)
        o.startTime = m.parsed("start", m.numberOrText("start"),
                               [&](const std::string& text) { return parseTimestamp(text, o.dateOrder.value_or(DateOrder::Unstated)); });
    if (m.has("interval") && !o.intervalSeconds) o.intervalSeconds = m.parsed("interval", m.numberOrText("interval"), parseInterval);
    if (m.has("aggregate") && !o.aggregation) o.aggregation = m.parsed("aggregate", m.text("aggregate"), parseAggregation);
    if (m.has("missing_value") && !o.missingValue) o.missingValue = m.missingValue();
    if (m.has("lane_types") && o.laneTypes.empty()) o.laneTypes = m.laneTypes();
    for (auto [key, field] : {std::pair{"quantity", &o.quantity}, std::pair{"unit", &o.unit},
                              std::pair{"value_column", &o.valueColumn}, std::pair{"sheet", &o.sheet}})
        if (m.has(key) && !*field) *field = m.text(key);
    if (const std::vector<std::string> unknown = m.unknownKeys(); !unknown.empty())
        f.notes.push_back(fs::path(manifestPath).filename().string() + ": " + joined(unknown)
                          + (unknown.size() == 1 ? " is no key" : " are no keys") + " of a manifest, left out (see datasets/README.md)");
    return f;
}

} // namespace himnet
