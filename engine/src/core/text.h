#pragma once
// Small text helpers the engine's parsers, analysis and runtime share.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>
#include <vector>

namespace himnet {

/// `text` in ASCII lower case (file names, headers, option values).
inline std::string lowerCase(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

/// "1 sensor", "3 sensors": a count and what it counts, in the plural when it is not one.
inline std::string countOf(long long count, const std::string& what) { return std::to_string(count) + " " + what + (count == 1 ? "" : "s"); }

/// True when `text` ends with `suffix` (a file name and its extension, say).
inline bool endsWith(const std::string& text, const std::string& suffix)
{
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// True when `text` is one or more ASCII digits and nothing else (an id, a year, a field of a date).
inline bool allDigits(const std::string& text) { return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos; }

/// Reads all of `text` as an integer of `Integer`'s type ("-12"; no sign for an unsigned one),
/// whatever the C locale; false for an empty text, anything else in it, or a number beyond the
/// type (which std::stoll would throw for).
template <class Integer>
bool parseWholeNumber(const std::string& text, Integer& value)
{
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return !text.empty() && error == std::errc() && end == text.data() + text.size();
}

/// `value` written as C's printf writes it in the "C" locale, whatever locale the process runs
/// in (a desktop app's follows its user's, where 64.5 is "64,5"): "%.<digits>f" with `fixed`,
/// else "%.<digits>g". For files that other programs read back.
std::string formatDecimal(double value, int digits, bool fixed);

/// `bytes` as "27.3 GiB" (from 1 GiB on) or "512 MiB".
std::string formatBytes(double bytes);

/// `text` as one CSV field: as it is, or quoted (its quotes doubled) where it holds a comma, a
/// quote or a line break.
std::string csvField(const std::string& text);

/// "a, b, c": `items` in their order, `separator` between them (lists in messages and notes).
inline std::string joined(const std::vector<std::string>& items, const std::string& separator = ", ")
{
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : separator) + item;
    return text;
}

} // namespace himnet
