#include "himnet/embedding_map.h"
#include "analysis/matrix_tensor.h"
#include "himnet/errors.h"

#include <filesystem>
#include <sstream>

namespace himnet {

std::optional<double> cyclicNeighbourRatio(const Matrix& rows)
{
    requireFinite(rows, 3, "cyclic neighbour ratio");
    torch::NoGradGuard noGrad;
    const torch::Tensor x = toTensor(rows);
    const torch::Tensor distances = squaredDistances(x, x).sqrt();
    const int64_t n = rows.rows;
    const double neighbours = (x - x.roll(-1, 0)).norm(2, 1).mean().item<double>();
    // Mean over distinct pairs: the diagonal is zero, so the full sum over n (n - 1) entries.
    const double anyTwo = distances.sum().item<double>() / static_cast<double>(n * (n - 1));
    if (anyTwo == 0) return std::nullopt; // every row is the same point: no order to speak of
    return neighbours / anyTwo;
}

DailyOrder readDailyOrder(double ratio)
{
    if (ratio <= 0.5) return DailyOrder::Cycle;
    if (ratio <= 0.9) return DailyOrder::Partial;
    return DailyOrder::None;
}

std::string dailyOrderName(DailyOrder order)
{
    switch (order) {
    case DailyOrder::Cycle: return "cycle";
    case DailyOrder::Partial: return "partial";
    case DailyOrder::None: return "none";
    }
    return "none";
}

double correlationWithStart(const Matrix& trained, const Matrix& start)
{
    if (trained.rows != start.rows || trained.cols != start.cols)
        throw InputError("correlation with the starting values: " + std::to_string(trained.rows) + " x " +
                         std::to_string(trained.cols) + " embeddings against " + std::to_string(start.rows) + " x " +
                         std::to_string(start.cols) + " starting values");
    requireFinite(trained, 1, "correlation with the starting values");
    requireFinite(start, 1, "correlation with the starting values");
    torch::NoGradGuard noGrad;
    const torch::Tensor a = toTensor(trained).flatten(), b = toTensor(start).flatten();
    const torch::Tensor da = a - a.mean(), db = b - b.mean();
    const double spread = (da.norm() * db.norm()).item<double>();
    return spread > 0 ? (da * db).sum().item<double>() / spread : 0.0;
}

std::string describeStartCorrelation(double correlation, const std::string& startedFrom)
{
    std::ostringstream text;
    text.precision(3);
    if (startedFrom.empty())
        text << "correlation with their random initial values ";
    else
        text << "correlation with those of " << std::filesystem::path(startedFrom).filename().string()
             << ", which the training started from, ";
    text << std::fixed << correlation;
    if (mostlyAtStart(correlation)) text << ": still mostly where training started";
    return text.str();
}

std::string describeDailyOrder(double ratio)
{
    std::ostringstream text;
    text.precision(2);
    text << "neighbouring slots lie " << std::fixed << ratio << " times as far apart as any two: ";
    switch (readDailyOrder(ratio)) {
    case DailyOrder::Cycle: text << "the slots follow a daily cycle"; break;
    case DailyOrder::Partial: text << "some daily order"; break;
    case DailyOrder::None: text << "no daily order learned"; break;
    }
    return text.str();
}

} // namespace himnet
