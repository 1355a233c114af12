#include "stored_zip.h"

#include <cstdint>

#include <zlib.h>

namespace himnet::testing {
namespace {

std::string zipLe16(uint16_t v) { return {static_cast<char>(v & 0xff), static_cast<char>(v >> 8)}; }
std::string zipLe32(uint32_t v) { return zipLe16(static_cast<uint16_t>(v & 0xffff)) + zipLe16(static_cast<uint16_t>(v >> 16)); }

} // namespace

std::string storedZip(const std::vector<std::pair<std::string, std::string>>& members)
{
    std::string local, central;
    for (const auto& [name, data] : members) {
        const auto crc = static_cast<uint32_t>(::crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
        const auto size = static_cast<uint32_t>(data.size()), offset = static_cast<uint32_t>(local.size());
        const auto nameLength = static_cast<uint16_t>(name.size());
        const std::string sizes = zipLe32(crc) + zipLe32(size) + zipLe32(size) + zipLe16(nameLength);
        const std::string version = zipLe16(20), noFlags = zipLe16(0), stored = zipLe16(0), midnight = zipLe16(0), day = zipLe16(0x21);
        local += zipLe32(0x04034b50) + version + noFlags + stored + midnight + day + sizes + zipLe16(0) + name + data;
        central += zipLe32(0x02014b50) + version + version + noFlags + stored + midnight + day + sizes + zipLe16(0) + zipLe16(0)
            + zipLe16(0) + zipLe16(0) + zipLe32(0) + zipLe32(offset) + name;
    }
    const auto count = static_cast<uint16_t>(members.size());
    const std::string end = zipLe32(0x06054b50) + zipLe16(0) + zipLe16(0) + zipLe16(count) + zipLe16(count)
        + zipLe32(static_cast<uint32_t>(central.size())) + zipLe32(static_cast<uint32_t>(local.size())) + zipLe16(0);
    return local + central + end;
}

} // namespace himnet::testing
