#include "core/content_hash.h"

#include <cstring>

namespace himnet {
namespace {

constexpr uint64_t kMultiplier = 0x9e3779b97f4a7c15ULL;

/// SplitMix64's finaliser: every input bit reaches every output bit.
uint64_t mixed(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

uint64_t rotatedLeft(uint64_t x, int bits) { return (x << bits) | (x >> (64 - bits)); }

} // namespace

ContentHash& ContentHash::add(const void* bytes, size_t size)
{
    const auto* p = static_cast<const unsigned char*>(bytes);
    size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        uint64_t word;
        std::memcpy(&word, p + i, 8);
        m_state = rotatedLeft((m_state ^ (word * kMultiplier)) * kMultiplier, 29);
    }
    if (i < size) {
        uint64_t word = 0;
        std::memcpy(&word, p + i, size - i);
        m_state = rotatedLeft((m_state ^ ((word ^ (size - i)) * kMultiplier)) * kMultiplier, 29);
    }
    m_length += size;
    return *this;
}

ContentHash& ContentHash::add(const std::string& text)
{
    add(static_cast<int64_t>(text.size()));
    return add(text.data(), text.size());
}

ContentHash& ContentHash::add(const std::vector<std::string>& texts)
{
    add(static_cast<int64_t>(texts.size()));
    for (const auto& text : texts) add(text);
    return *this;
}

std::string ContentHash::hex() const
{
    const uint64_t h = mixed(m_state ^ mixed(m_length));
    static const char kDigits[] = "0123456789abcdef";
    std::string text(16, '0');
    for (int i = 0; i < 16; ++i) text[static_cast<size_t>(i)] = kDigits[(h >> (60 - 4 * i)) & 0xf];
    return text;
}

} // namespace himnet
