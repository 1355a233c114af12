#pragma once
// How the engine's JSON reports write optional text.
#include <nlohmann/json.hpp>
#include <string>

namespace himnet {

/// `text` as a JSON string, or null when it is empty: an unknown unit reads as null, not "".
inline nlohmann::json textOrNull(const std::string& text)
{
    return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}

} // namespace himnet
