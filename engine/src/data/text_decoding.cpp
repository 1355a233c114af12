#include "data/text_decoding.h"
#include "core/utf8.h"
#include "himnet/errors.h"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string_view>
#include <utility>

namespace himnet {
namespace {

/// Bytes enough to tell UTF-16 without a byte-order mark from other text, and to recognise
/// the files most often given in a table's place.
constexpr size_t kHeadBytes = 512;

/// What a file that is no text looks like, from its first bytes; empty when nothing known.
std::string kindOfBinary(std::string_view head)
{
    struct Signature {
        std::string_view magic;
        const char* kind;
    };
    static const Signature kSignatures[] = {
        {"PK\x03\x04", "a ZIP archive (an Excel workbook is one: name it .xlsx; a NumPy archive: .npz)"},
        {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "an Excel 97-2003 workbook (.xls): save it as .xlsx or CSV"},
        {"\x89HDF\r\n\x1A\n", "an HDF5 file (name it .h5)"},
        {"\x93NUMPY", "a NumPy array (name it .npy)"},
        {std::string_view("SQLite format 3\0", 16), "an SQLite database: export the table as CSV"},
        {"\x89PNG\r\n\x1A\n", "a PNG image"},
        {"\xFF\xD8\xFF", "a JPEG image"},
        {"%PDF-", "a PDF document"},
        {"\x7F" "ELF", "a program"},
    };
    for (const auto& [magic, kind] : kSignatures)
        if (head.substr(0, magic.size()) == magic) return kind;
    // A pickle (protocol 2 to 5) starts with PROTO and its version.
    if (head.size() >= 2 && head[0] == '\x80' && head[1] >= 2 && head[1] <= 5) return "a Python pickle (name it .pkl)";
    return {};
}

/// Whether `head` reads as UTF-16 of that order without a byte-order mark. Text in single
/// bytes holds no zero bytes; UTF-16 holds one in every ASCII character, as the high byte of
/// its unit. Two shapes are taken:
/// - mostly ASCII (numbers and separators): nine units in ten are a printable ASCII
///   character, a tab or a line break;
/// - much of another script (a database table of detectors named in Chinese): the line
///   breaks, separators and digits still are ASCII, one unit in 16 at least; then no unit
///   may be NUL or another control character, and a zero low byte (U+4E00 has one) must
///   stay rare beside them.
/// Binary data whose zero bytes fall alike (small numbers of 16 bits) is mostly control units.
bool looksLikeUtf16(std::string_view head, bool littleEndian)
{
    const size_t pairs = head.size() / 2;
    if (pairs < 2) return false;
    size_t ascii = 0, controls = 0, nulUnits = 0, zeroLowBytes = 0;
    for (size_t i = 0; i < pairs; ++i) {
        const auto low = static_cast<unsigned char>(head[2 * i + (littleEndian ? 0 : 1)]);
        const auto high = static_cast<unsigned char>(head[2 * i + (littleEndian ? 1 : 0)]);
        if (high != 0) zeroLowBytes += low == 0;
        else if (low == 0) ++nulUnits;
        else if (low < 0x20 && low != '\t' && low != '\n' && low != '\r') ++controls;
        else ++ascii;
    }
    if (ascii * 10 >= pairs * 9) return true;
    return nulUnits == 0 && controls == 0 && ascii * 16 >= pairs && zeroLowBytes * 8 <= ascii;
}

} // namespace

TextDecoder::TextDecoder(std::string path, std::string expected) : m_path(std::move(path)), m_expected(std::move(expected)) {}

void TextDecoder::decode(const char* bytes, size_t size, std::string& text)
{
    if (m_encoding == Encoding::Undecided) {
        m_head.append(bytes, size);
        if (m_head.size() >= kHeadBytes) decide(text);
        return;
    }
    if (m_encoding == Encoding::Bytes) passBytes(bytes, size, text);
    else convertUtf16(bytes, size, text);
}

void TextDecoder::finish(std::string& text)
{
    if (m_encoding == Encoding::Undecided) decide(text);
    if (m_pendingByte >= 0 || m_highSurrogate != 0)
        throw InputError(describeProblem(m_path, "its UTF-16 text ends inside a character (a copy cut short?)"));
}

void TextDecoder::decide(std::string& text)
{
    std::string head = std::exchange(m_head, std::string());
    std::string_view rest(head);
    const auto starts = [&rest](std::string_view mark) { return rest.substr(0, mark.size()) == mark; };
    if (starts("\xEF\xBB\xBF")) {
        m_encoding = Encoding::Bytes;
        rest.remove_prefix(3);
        m_offset = 3;
    } else if (starts("\xFF\xFE") || starts("\xFE\xFF")) {
        m_encoding = rest[0] == '\xFF' ? Encoding::Utf16LittleEndian : Encoding::Utf16BigEndian;
        rest.remove_prefix(2);
        m_offset = 2;
    } else if (const std::string kind = kindOfBinary(rest); !kind.empty()) {
        throw InputError(describeProblem(m_path, "is " + kind + ", not " + m_expected));
    } else if (looksLikeUtf16(rest, true)) {
        m_encoding = Encoding::Utf16LittleEndian;
    } else if (looksLikeUtf16(rest, false)) {
        m_encoding = Encoding::Utf16BigEndian;
    } else {
        m_encoding = Encoding::Bytes;
    }
    if (m_encoding == Encoding::Bytes) passBytes(rest.data(), rest.size(), text);
    else convertUtf16(rest.data(), rest.size(), text);
}

void TextDecoder::passBytes(const char* bytes, size_t size, std::string& text)
{
    if (const void* nul = std::memchr(bytes, 0, size)) refuseNul(m_offset + static_cast<uint64_t>(static_cast<const char*>(nul) - bytes));
    text.append(bytes, size);
    m_offset += size;
}

void TextDecoder::convertUtf16(const char* bytes, size_t size, std::string& text)
{
    const bool little = m_encoding == Encoding::Utf16LittleEndian;
    text.reserve(text.size() + size / 2);
    size_t i = 0;
    while (i < size) {
        unsigned first, second;
        uint64_t unitOffset = m_offset + i;
        if (m_pendingByte >= 0) {
            first = static_cast<unsigned>(m_pendingByte);
            second = static_cast<unsigned char>(bytes[i]);
            m_pendingByte = -1;
            unitOffset -= 1;
            i += 1;
        } else if (i + 1 < size) {
            first = static_cast<unsigned char>(bytes[i]);
            second = static_cast<unsigned char>(bytes[i + 1]);
            i += 2;
        } else {
            m_pendingByte = static_cast<unsigned char>(bytes[i]);
            i += 1;
            break;
        }
        const uint32_t unit = little ? (second << 8 | first) : (first << 8 | second);
        if (m_highSurrogate != 0) {
            if (unit < 0xDC00 || unit > 0xDFFF)
                throw InputError(describeProblem(m_path, "is not valid UTF-16: a surrogate without its pair before byte "
                                                             + std::to_string(unitOffset + 1)));
            appendUtf8(text, 0x10000 + ((m_highSurrogate - 0xD800) << 10) + (unit - 0xDC00));
            m_highSurrogate = 0;
        } else if (unit >= 0xD800 && unit <= 0xDBFF) {
            m_highSurrogate = unit;
        } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
            throw InputError(describeProblem(m_path, "is not valid UTF-16: a surrogate without its pair at byte " + std::to_string(unitOffset + 1)));
        } else if (unit == 0) {
            refuseNul(unitOffset);
        } else {
            appendUtf8(text, unit);
        }
    }
    m_offset += size;
}

void TextDecoder::refuseNul(uint64_t offset) const
{
    const std::string where = "a NUL byte at byte " + std::to_string(offset + 1);
    if (offset < kHeadBytes) throw InputError(describeProblem(m_path, "holds binary data (" + where + "), not " + m_expected));
    throw InputError(describeProblem(m_path, "holds " + where + ", which no text holds: is it " + m_expected
                                                 + " whose writing was cut short, or another kind of file?"));
}

std::string readTextFile(const std::string& path, const std::string& expected)
{
    namespace fs = std::filesystem;
    std::error_code error;
    if (!fs::exists(path, error)) throw InputError(describeProblem(path, "file not found"));
    if (fs::is_directory(path, error)) throw InputError(describeProblem(path, "is a folder, expected " + expected));
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(describeProblem(path, "cannot be opened for reading"));
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) throw InputError(describeProblem(path, "cannot be read"));
    TextDecoder decoder(path, expected);
    std::string text;
    decoder.decode(bytes.data(), bytes.size(), text);
    decoder.finish(text);
    return text;
}

} // namespace himnet
