#include "himnet/demo_city.h"
#include "himnet/errors.h"
#include "himnet/road_graph.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace himnet {
namespace {

enum Zone { Residential, Business, Highway, Industrial, Leisure, ZoneCount };

constexpr double kPi = 3.14159265358979323846;
constexpr double kCentreLat = 45.07, kCentreLon = 7.68;     // a fictional city on a real-looking box
constexpr double kKmPerDegLat = 111.32;
const double kKmPerDegLon = 111.32 * std::cos(kCentreLat * kPi / 180.0);

struct Sensor {
    Zone zone;
    double xKm, yKm;      // east / north of the centre
    bool inbound;         // drives toward the centre (peak direction)
    double amplitude;     // how strongly this sensor feels its zone's congestion
    double phaseSteps;    // personal shift of the zone's peaks
    double freeFlow;      // km/h
};

double bump(double hour, double centre, double width) { return std::exp(-0.5 * std::pow((hour - centre) / width, 2)); }

// Congestion level in [0, 1] for a zone at `hour` of a weekday or weekend day; `inbound`
// picks which of the two daily peaks dominates.
double zoneProfile(Zone zone, double hour, int dayOfWeek, bool inbound)
{
    const bool weekend = dayOfWeek >= 5;
    const double morning = inbound ? 1.0 : 0.55, evening = inbound ? 0.55 : 1.0;
    switch (zone) {
    case Residential:
        if (weekend) return 0.25 * bump(hour, 11.5, 2.5) + 0.15 * bump(hour, 17.5, 2.0);
        return 0.75 * morning * bump(hour, 7.6, 0.8) + 0.5 * evening * bump(hour, 17.8, 1.2);
    case Business:
        if (weekend) return 0.08 * bump(hour, 13.0, 3.0);
        return 0.85 * morning * bump(hour, 8.7, 0.9) + 0.35 * bump(hour, 12.5, 0.7) + 0.9 * evening * bump(hour, 17.6, 1.0);
    case Highway:
        if (weekend) return dayOfWeek == 6 ? 0.7 * bump(hour, 18.5, 1.6) : 0.3 * bump(hour, 11.0, 2.0);
        return 0.7 * morning * bump(hour, 7.3, 0.7) + 0.95 * evening * bump(hour, 17.0, 1.1) + (dayOfWeek == 4 ? 0.3 * bump(hour, 15.5, 1.5) : 0.0);
    case Industrial:
        if (weekend) return 0.03;
        return 0.65 * bump(hour, 5.8, 0.5) + 0.55 * bump(hour, 13.8, 0.5) + 0.45 * bump(hour, 21.8, 0.5);
    case Leisure: {
        const double base = 0.15 * bump(hour, 20.0, 2.0);
        if (weekend) return base + 0.8 * bump(hour, 15.0, 2.2) + 0.5 * bump(hour, 21.5, 1.2);
        return base + (dayOfWeek == 4 ? 0.7 * bump(hour, 21.0, 1.5) : 0.15 * bump(hour, 19.0, 1.5));
    }
    case ZoneCount: break;
    }
    return 0;
}

double freeFlowSpeed(Zone zone)
{
    switch (zone) {
    case Residential: return 45;
    case Business: return 32;
    case Highway: return 100;
    case Industrial: return 55;
    case Leisure: return 38;
    case ZoneCount: break;
    }
    return 50;
}

double distanceKm(const Sensor& a, const Sensor& b) { return std::hypot(a.xKm - b.xKm, a.yKm - b.yKm); }

std::vector<Sensor> placeSensors(int64_t count, std::mt19937_64& rng)
{
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::normal_distribution<double> normal(0.0, 1.0);
    // Shares of the sensors per zone: residential, business, highway, industrial, leisure.
    const double share[ZoneCount] = {0.32, 0.2, 0.2, 0.14, 0.14};
    std::vector<Sensor> sensors;
    for (int z = 0; z < ZoneCount; ++z) {
        const int64_t n = z == ZoneCount - 1 ? count - static_cast<int64_t>(sensors.size())
                                             : static_cast<int64_t>(std::llround(share[z] * static_cast<double>(count)));
        for (int64_t i = 0; i < n; ++i) {
            Sensor s{};
            s.zone = static_cast<Zone>(z);
            switch (s.zone) {
            case Business: { // dense core
                const double r = 1.2 * std::sqrt(unit(rng)), a = 2 * kPi * unit(rng);
                s.xKm = r * std::cos(a);
                s.yKm = r * std::sin(a);
                break;
            }
            case Residential: { // ring around the core
                const double r = 2.5 + 3.0 * unit(rng), a = 2 * kPi * unit(rng);
                s.xKm = r * std::cos(a);
                s.yKm = r * std::sin(a);
                break;
            }
            case Highway: { // two corridors crossing the city: a north-south and an east-west one
                const double along = -8.0 + 16.0 * (static_cast<double>(i / 2) + unit(rng) * 0.3) / std::max<double>(1.0, static_cast<double>(n / 2));
                const bool northSouth = i % 2 == 0;
                s.xKm = northSouth ? 0.35 + 0.05 * normal(rng) : along;
                s.yKm = northSouth ? along : -0.35 + 0.05 * normal(rng);
                break;
            }
            case Industrial: // east of the city
                s.xKm = 6.0 + 1.2 * normal(rng);
                s.yKm = -3.5 + 1.0 * normal(rng);
                break;
            case Leisure: // waterfront to the west
                s.xKm = -5.5 + 0.6 * normal(rng);
                s.yKm = 2.5 + 1.8 * normal(rng);
                break;
            case ZoneCount: break;
            }
            s.inbound = unit(rng) < 0.5;
            s.amplitude = 0.75 + 0.5 * unit(rng);
            s.phaseSteps = 2.0 * normal(rng);
            s.freeFlow = freeFlowSpeed(s.zone) * (0.92 + 0.16 * unit(rng));
            sensors.push_back(s);
        }
    }
    return sensors;
}

// Road distances as DCRNN's sensor graphs list them: every pair of sensors within 5 km by
// road (straight line x 1.3), in metres; the Gaussian kernel then keeps the close ones.
std::vector<DistanceEdge> roadDistances(const std::vector<Sensor>& sensors)
{
    std::vector<DistanceEdge> out;
    const int64_t n = static_cast<int64_t>(sensors.size());
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < n; ++j) {
            const double metres = 1300.0 * distanceKm(sensors[i], sensors[j]);
            if (i != j && metres <= 5000.0) out.push_back({i, j, metres});
        }
    return out;
}

} // namespace

const std::vector<std::string>& demoCityZoneNames()
{
    static const std::vector<std::string> names{"residential", "business district", "highway", "industrial", "leisure"};
    return names;
}

Dataset generateDemoCity(const DemoCityOptions& o)
{
    if (o.sensors < 20 || o.sensors > 2000) throw InputError("demo city: sensors must be between 20 and 2000, got " + std::to_string(o.sensors));
    if (o.weeks < 1 || o.weeks > 52) throw InputError("demo city: weeks must be between 1 and 52, got " + std::to_string(o.weeks));
    if (o.intervalSeconds <= 0 || 86400 % o.intervalSeconds != 0)
        throw InputError("demo city: the interval must divide a day, got " + std::to_string(o.intervalSeconds) + " s");
    std::mt19937_64 rng(o.seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::normal_distribution<double> normal(0.0, 1.0);

    const std::vector<Sensor> sensors = placeSensors(o.sensors, rng);
    const int64_t N = o.sensors, P = 86400 / o.intervalSeconds, T = o.weeks * 7 * P;
    const double stepsPerHour = 3600.0 / static_cast<double>(o.intervalSeconds);
    const int64_t start = parseTimestamp(o.start);

    Dataset d;
    d.name = "demo-city";
    d.sourcePath = "demo-city (built in)";
    d.format = "demo-city";
    d.quantity = "speed";
    d.unit = "km/h";
    d.numSteps = T;
    d.numNodes = N;
    d.intervalSeconds = o.intervalSeconds;
    d.zoneNames = demoCityZoneNames();
    for (int64_t i = 0; i < N; ++i) {
        char id[24];
        std::snprintf(id, sizeof id, "S%03lld", static_cast<long long>(i + 1));
        d.sensorIds.emplace_back(id);
        d.zoneLabels.push_back(sensors[i].zone);
        d.locations.push_back({kCentreLat + sensors[i].yKm / kKmPerDegLat, kCentreLon + sensors[i].xKm / kKmPerDegLon});
    }
    d.edges = gaussianKernelEdges(roadDistances(sensors));
    d.timestamps.resize(static_cast<size_t>(T));
    for (int64_t t = 0; t < T; ++t) d.timestamps[t] = start + t * o.intervalSeconds;

    // 1. Planted congestion: zone profile, personal amplitude and phase, day-to-day variation.
    std::vector<double> congestion(static_cast<size_t>(T * N));
    const int64_t days = T / P;
    std::vector<double> dayFactor(static_cast<size_t>(days * ZoneCount));
    for (auto& f : dayFactor) f = std::clamp(1.0 + 0.25 * normal(rng), 0.5, 1.6);
    for (int64_t t = 0; t < T; ++t) {
        const int64_t day = t / P;
        const int dow = static_cast<int>(o.holidays.dayOfWeek(epochDay(start) + day));
        for (int64_t n = 0; n < N; ++n) {
            const Sensor& s = sensors[n];
            const double hour = std::fmod((static_cast<double>(t % P) + s.phaseSteps) / stepsPerHour + 24.0, 24.0);
            congestion[t * N + n] = s.amplitude * dayFactor[day * ZoneCount + s.zone] * zoneProfile(s.zone, hour, dow, s.inbound);
        }
    }
    // 2. Congestion travels along roads: each sensor feels its neighbours' state ten minutes earlier.
    std::vector<std::vector<int64_t>> neighbours(static_cast<size_t>(N));
    for (const auto& e : d.edges) neighbours[e.from].push_back(e.to);
    const int64_t delay = std::max<int64_t>(1, static_cast<int64_t>(std::llround(stepsPerHour / 6.0)));
    std::vector<double> spread(congestion.size());
    for (int64_t t = 0; t < T; ++t)
        for (int64_t n = 0; n < N; ++n) {
            double upstream = 0;
            const auto& nb = neighbours[n];
            if (!nb.empty() && t >= delay) {
                for (int64_t m : nb) upstream += congestion[(t - delay) * N + m];
                upstream /= static_cast<double>(nb.size());
            }
            spread[t * N + n] = 0.75 * congestion[t * N + n] + 0.25 * upstream;
        }
    // 3. Weather: every few days a city-wide slowdown of two to six hours, which no
    // calendar average can know about but recent readings reveal.
    const int64_t storms = std::max<int64_t>(1, days / 3);
    for (int64_t k = 0; k < storms; ++k) {
        const int64_t begin = static_cast<int64_t>(unit(rng) * T) % T;
        const int64_t length = static_cast<int64_t>((2.0 + 4.0 * unit(rng)) * stepsPerHour);
        const double strength = 0.12 + 0.18 * unit(rng);
        for (int64_t t = begin; t < std::min(T, begin + length); ++t) {
            const double ramp = std::min({1.0, static_cast<double>(t - begin + 1) / stepsPerHour, static_cast<double>(begin + length - t) / stepsPerHour});
            for (int64_t n = 0; n < N; ++n) spread[t * N + n] += strength * ramp;
        }
    }
    // 4. Incidents: about one per day per 40 sensors, 20-90 minutes, spilling upstream.
    const int64_t incidents = std::max<int64_t>(1, days * N / 40);
    for (int64_t k = 0; k < incidents; ++k) {
        const int64_t where = static_cast<int64_t>(unit(rng) * N) % N;
        const int64_t when = static_cast<int64_t>(unit(rng) * T) % T;
        const int64_t length = static_cast<int64_t>((20 + 70 * unit(rng)) / 60.0 * stepsPerHour) + 1;
        const double severity = 0.35 + 0.4 * unit(rng);
        auto hit = [&](int64_t node, int64_t begin, double strength) {
            for (int64_t t = begin; t < std::min(T, begin + length); ++t) {
                const double ramp = std::min(1.0, static_cast<double>(t - begin + 1) / 3.0);
                spread[t * N + node] += strength * ramp;
            }
        };
        hit(where, when, severity);
        for (int64_t m : neighbours[where]) hit(m, when + delay, 0.5 * severity);
    }
    // 5. Speeds with measurement noise, then 6. outages that read as zeros.
    d.values.resize(static_cast<size_t>(T * N));
    std::vector<double> drift(static_cast<size_t>(N), 0.0);
    for (int64_t t = 0; t < T; ++t)
        for (int64_t n = 0; n < N; ++n) {
            drift[n] = 0.9 * drift[n] + 0.6 * normal(rng);
            const double c = std::clamp(spread[t * N + n], 0.0, 0.95);
            const double speed = sensors[n].freeFlow * (1.0 - 0.75 * c) + drift[n] + 1.2 * normal(rng);
            d.values[t * N + n] = static_cast<float>(std::max(3.0, speed));
        }
    const int64_t outages = std::max<int64_t>(1, N * o.weeks / 2);
    for (int64_t k = 0; k < outages; ++k) {
        const int64_t node = static_cast<int64_t>(unit(rng) * N) % N;
        const int64_t begin = static_cast<int64_t>(unit(rng) * T) % T;
        const int64_t length = static_cast<int64_t>((0.5 + 5.5 * unit(rng)) * stepsPerHour);
        for (int64_t t = begin; t < std::min(T, begin + length); ++t) d.values[t * N + node] = 0.0f;
    }
    d.validate();
    return d;
}

} // namespace himnet
