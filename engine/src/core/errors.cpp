#include "himnet/errors.h"

namespace himnet {

std::string describeProblem(const std::string& file, const std::string& problem)
{
    return file.empty() ? problem : file + ": " + problem;
}

} // namespace himnet
