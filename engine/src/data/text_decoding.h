#pragma once
// The bytes of a text file users bring (a CSV table, a holiday file, a manifest) made into the
// text the readers parse. Windows writes UTF-16 where a user asks for "Unicode": Excel's
// "Unicode Text" export, PowerShell 5's `>` and Out-File. Its text is turned into UTF-8 here, as
// it arrives; a UTF-8 byte-order mark is dropped; any other text (UTF-8, Windows-1252: core/utf8.h
// reads each field) passes as it is. A file that is no text (a NUL byte, which no text holds, or
// the first bytes of an image, an archive, a workbook of another kind) is refused naming the
// file, what it looks like, and where, rather than read as rows of garbage whose messages quote
// bytes a terminal cannot show.
#include <cstddef>
#include <cstdint>
#include <string>

namespace himnet {

class TextDecoder {
public:
    /// `path` names the file in refusals; `expected` says what it should have been ("a CSV table").
    TextDecoder(std::string path, std::string expected);

    /// Appends the text of the file's next `size` bytes to `text` (the first call gets its first
    /// bytes). Its first bytes are held back until enough have come to tell the encoding, or
    /// until finish(). Throws InputError naming the file when they are not text.
    void decode(const char* bytes, size_t size, std::string& text);

    /// At the file's end: appends what was held back. A UTF-16 file that ends inside a
    /// character is refused.
    void finish(std::string& text);

private:
    enum class Encoding { Undecided, Bytes, Utf16LittleEndian, Utf16BigEndian };

    void decide(std::string& text);
    void passBytes(const char* bytes, size_t size, std::string& text);
    void convertUtf16(const char* bytes, size_t size, std::string& text);
    [[noreturn]] void refuseNul(uint64_t offset) const;

    std::string m_path;
    std::string m_expected;
    Encoding m_encoding = Encoding::Undecided;
    std::string m_head;         ///< the first bytes, until the encoding is decided
    uint64_t m_offset = 0;      ///< bytes of the file decoded so far
    int m_pendingByte = -1;     ///< UTF-16: the first byte of a unit the last call cut in two
    uint32_t m_highSurrogate = 0; ///< UTF-16: the first half of a pair, awaiting its second
};

/// The whole text of a small file (a holiday file, a manifest), decoded as TextDecoder does.
/// Throws InputError naming it when it cannot be read or is no text.
std::string readTextFile(const std::string& path, const std::string& expected);

} // namespace himnet
