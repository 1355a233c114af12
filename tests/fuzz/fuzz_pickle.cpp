// A road graph pickled as DCRNN's adj_mx.pkl: the restricted unpickler, then the graph it holds.
#include "data/graph_pickle.h"
#include "data/python_pickle.h"
#include "fuzz_input.h"

namespace himnet::fuzzing {

void fuzzPickle(const uint8_t* data, size_t size)
{
    const std::string path = writeInput(data, size, "adj_mx.pkl");
    readOrRefuse(path, [&] { readPickle(path); });
    readOrRefuse(path, [&] { requireUtf8(readGraphPickle(path).sensorIds, path); });
}

} // namespace himnet::fuzzing
