#pragma once
// A dense row-major matrix of doubles: points (rows) by features (columns). The analysis
// API's value type, so that callers need neither LibTorch nor Qt to use it.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace himnet {

struct Matrix {
    int64_t rows = 0;
    int64_t cols = 0;
    std::vector<double> values; ///< rows * cols, row-major

    Matrix() = default;
    Matrix(int64_t r, int64_t c, double fill = 0) : rows(r), cols(c), values(static_cast<size_t>(r * c), fill) {}

    double& at(int64_t r, int64_t c) { return values[static_cast<size_t>(r * cols + c)]; }
    double at(int64_t r, int64_t c) const { return values[static_cast<size_t>(r * cols + c)]; }
    bool empty() const { return rows == 0; }
};

} // namespace himnet
