#pragma once
// Small text helpers the engine's parsers and runtime share.
#include <algorithm>
#include <cctype>
#include <string>

namespace himnet {

/// `text` in ASCII lower case (file names, headers, option values).
inline std::string lowerCase(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

} // namespace himnet
