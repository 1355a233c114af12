#pragma once
// A road graph saved as a Python pickle, as DCRNN publishes METR-LA's and PEMS-BAY's
// (adj_mx.pkl, adj_mx_bay.pkl: [sensor ids, {id: position}, N x N weights]) and the models
// built on theirs pass it on: the ids beside the matrix, or the matrix alone.
#include <cstdint>
#include <string>
#include <vector>

namespace himnet {

struct PickledGraph {
    std::vector<std::string> sensorIds; ///< the matrix's rows, in order; empty when the pickle names none
    int64_t nodes = 0;
    std::vector<double> weights;        ///< nodes x nodes, row-major, each finite and >= 0
};

/// Reads the graph pickled in `path`; throws InputError naming the file when it holds no
/// square matrix of non-negative weights, or sensor ids that do not fit it.
PickledGraph readGraphPickle(const std::string& path);

} // namespace himnet
