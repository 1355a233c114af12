#pragma once
// Text from users' files as UTF-8, which the app, its JSON and its checkpoints hold. A CSV file
// saved by Excel on Windows is in the Windows code page, which for Western Europe and the
// Americas is Windows-1252 ("Straße" as 53 74 72 61 DF 65): its text is read as that.
#include <string>
#include <string_view>

namespace himnet {

/// Whether `text` is well-formed UTF-8: no stray continuation bytes, no sequence cut short, none
/// overlong, no UTF-16 surrogate, nothing beyond U+10FFFF.
bool isUtf8(std::string_view text);

/// Appends code point `c` (at most U+10FFFF) to `out` in UTF-8.
void appendUtf8(std::string& out, char32_t c);

/// `text` itself when it is UTF-8 (ASCII is), else `text` read as Windows-1252 and written in
/// UTF-8 (its five unassigned bytes as the C1 controls of the same code, as browsers read them).
std::string asUtf8(std::string_view text);

} // namespace himnet
