#include "core/text.h"

#include <charconv>
#include <cmath>

namespace himnet {

std::string csvField(const std::string& text)
{
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

std::string formatDecimal(double value, int digits, bool fixed)
{
    if (std::isnan(value)) return std::signbit(value) ? "-nan" : "nan";
    if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
    char text[400]; // "%.4f" of the largest double needs 309 digits before the point
    const auto written = std::to_chars(text, text + sizeof text, value, fixed ? std::chars_format::fixed : std::chars_format::general, digits);
    return written.ec == std::errc() ? std::string(text, written.ptr) : std::string("nan");
}

std::string formatBytes(double bytes)
{
    const double mib = bytes / double(1 << 20);
    return mib >= 1024 ? formatDecimal(mib / 1024, 1, true) + " GiB" : formatDecimal(mib, 0, true) + " MiB";
}

} // namespace himnet
