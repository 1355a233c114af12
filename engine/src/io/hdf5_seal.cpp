#include "io/hdf5_seal.h"

#include "core/content_hash.h"
#include "himnet/errors.h"
#include "io/hdf5_file.h"
#include "io/replace_file.h"

#include <fstream>
#include <optional>
#include <sstream>
#include <vector>

namespace himnet::h5 {
namespace {

constexpr const char kMagic[] = "HimNet Studio sealed HDF5\n";

struct Seal {
    std::string kind;
    int64_t bytes = 0;  ///< the whole file's length when it was sealed
    std::string digest; ///< of every byte after the user block
};

/// The length of `in` and the digest of its bytes from kSealSize on (no kind).
Seal measuredSeal(std::istream& in)
{
    in.seekg(kSealSize);
    ContentHash hash;
    std::vector<char> buffer(1 << 20);
    int64_t bytes = kSealSize;
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const std::streamsize got = in.gcount();
        if (got <= 0) break;
        hash.add(buffer.data(), static_cast<size_t>(got));
        bytes += got;
    }
    Seal seal;
    seal.bytes = bytes;
    seal.digest = hash.hex();
    return seal;
}

/// The lines after the magic line; nullopt when `path` does not start with it.
std::optional<std::string> sealTextOf(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::string block(static_cast<size_t>(kSealSize), '\0');
    if (!in.read(block.data(), kSealSize) || block.compare(0, sizeof kMagic - 1, kMagic) != 0) return std::nullopt;
    return block.substr(sizeof kMagic - 1);
}

/// The seal's lines as written: what the file holds, its length and digest.
std::string sealLines(const Seal& seal)
{
    std::ostringstream lines;
    lines << "holds " << seal.kind << "\nbytes " << seal.bytes << "\ndigest " << seal.digest << "\n";
    return lines.str();
}

/// The seal in `text` (the lines after the magic line); nullopt when they are not a seal's, or
/// have changed since they were written (their last line checks the others).
std::optional<Seal> parsedSeal(const std::string& text)
{
    std::istringstream lines(text);
    std::string holds, bytes, digest, check, checksum;
    Seal seal;
    lines >> holds >> seal.kind >> bytes >> seal.bytes >> digest >> seal.digest >> check >> checksum;
    if (!lines || holds != "holds" || bytes != "bytes" || digest != "digest" || check != "check") return std::nullopt;
    if (checksum != ContentHash().add(sealLines(seal)).hex()) return std::nullopt;
    return seal;
}

} // namespace

void writeSealedFile(const std::string& path, const std::string& kind, const std::function<void(H5::H5File&)>& write)
{
    replaceFile(path, [&](const std::string& temporary) {
        try {
            H5::FileCreatPropList creation;
            creation.setUserblock(static_cast<hsize_t>(kSealSize));
            H5::H5File file(temporary, H5F_ACC_TRUNC, creation);
            write(file);
            file.close();
        } catch (const H5::Exception& e) {
            throw RuntimeFailure(describeProblem(path, "cannot be written: " + describe(e)));
        }
        seal(temporary, kind);
    });
}

void seal(const std::string& path, const std::string& kind)
{
    Seal measured;
    {
        std::ifstream in(path, std::ios::binary);
        if (!in) throw RuntimeFailure(describeProblem(path, "cannot be read back to seal it"));
        measured = measuredSeal(in);
        measured.kind = kind;
    }
    const std::string lines = sealLines(measured);
    std::ostringstream text;
    text << kMagic << lines << "check " << ContentHash().add(lines).hex() << "\n";
    std::string block = text.str();
    block.resize(static_cast<size_t>(kSealSize), '\0');
    std::fstream out(path, std::ios::binary | std::ios::in | std::ios::out);
    if (!out.write(block.data(), kSealSize).flush())
        throw RuntimeFailure(describeProblem(path, "cannot be sealed: writing its first bytes failed"));
}

std::string sealedKind(const std::string& path)
{
    // The first line alone, so that a seal damaged further on still tells what the file holds.
    const auto text = sealTextOf(path);
    std::istringstream lines(text.value_or(std::string()));
    std::string holds, kind;
    lines >> holds >> kind;
    return holds == "holds" ? kind : std::string();
}

void verifySeal(const std::string& path)
{
    const auto text = sealTextOf(path);
    if (!text) return;
    const std::optional<Seal> seal = parsedSeal(*text);
    if (!seal)
        throw InputError(describeProblem(path, "damaged: its seal (what it holds, its length and checksum, written at its start) has "
                                               "changed since it was written"));
    const Seal& kept = *seal;
    std::ifstream in(path, std::ios::binary);
    const Seal now = measuredSeal(in);
    if (now.bytes < kept.bytes)
        throw InputError(describeProblem(path, "truncated: " + std::to_string(now.bytes) + " of the " + std::to_string(kept.bytes)
                                               + " bytes written are left (a copy or download cut short?)"));
    if (now.bytes != kept.bytes || now.digest != kept.digest)
        throw InputError(describeProblem(path, "damaged: its bytes no longer match the checksum written with them (changed on disk "
                                               "or in a copy since), so what it holds cannot be trusted; use another copy"));
}

} // namespace himnet::h5
