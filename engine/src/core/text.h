#pragma once
// Small text helpers the engine's parsers, analysis and runtime share.
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

/// True when `text` ends with `suffix` (a file name and its extension, say).
inline bool endsWith(const std::string& text, const std::string& suffix)
{
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace himnet
