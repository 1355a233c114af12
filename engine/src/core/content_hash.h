#pragma once
// A 64-bit hash of bytes fed in pieces, for telling whether two inputs are the same (a stored
// evaluation's weights and data against the ones at hand). Not cryptographic: it guards against
// accidents, not against someone forging a file. Fast enough to take in PEMS07's 100 MB of
// readings in a few tens of milliseconds.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace himnet {

class ContentHash {
public:
    ContentHash& add(const void* bytes, size_t size);
    /// Each piece is preceded by its length, so that ("ab", "c") and ("a", "bc") differ.
    ContentHash& add(const std::string& text);
    ContentHash& add(int64_t value) { return add(&value, sizeof value); }
    ContentHash& add(double value) { return add(&value, sizeof value); }
    template <typename T>
    ContentHash& add(const std::vector<T>& values)
    {
        add(static_cast<int64_t>(values.size()));
        return add(values.data(), values.size() * sizeof(T));
    }
    ContentHash& add(const std::vector<std::string>& texts);
    /// 16 lower-case hex digits.
    std::string hex() const;

private:
    uint64_t m_state = 0x243f6a8885a308d3ULL; // pi's first fraction digits: any odd start will do
    uint64_t m_length = 0;
};

} // namespace himnet
