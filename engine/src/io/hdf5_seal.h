#pragma once
// Sealed HDF5 files: the files we write for keeps (checkpoints, kept evaluations) carry, in
// HDF5's user block (bytes HDF5 leaves to the application, before its own signature), their
// length and a digest of every byte after the block. A file changed after it was written (a
// failing disk, a copy cut short or garbled on its way) is then refused as damaged before HDF5
// parses any of it: HDF5 neither checks most of what it reads (a flipped byte in a weight goes
// unnoticed) nor survives every damaged structure (some crash the library). h5py and other
// HDF5 tools read sealed files as any other.
#include <H5Cpp.h>

#include <cstdint>
#include <functional>
#include <string>

namespace himnet::h5 {

/// The user block's size: HDF5's smallest.
inline constexpr int64_t kSealSize = 512;

/// Writes `path` whole (io/replace_file.h: a failed write leaves what was there) with what
/// `write` puts in the HDF5 file, then seals it as holding `kind` (one word). HDF5's failures
/// are RuntimeFailures naming `path`.
void writeSealedFile(const std::string& path, const std::string& kind, const std::function<void(H5::H5File&)>& write);

/// Seals `path`, an HDF5 file written with a user block of kSealSize bytes and closed since:
/// writes what it holds (`kind`), its length and the digest of its contents into that block.
void seal(const std::string& path, const std::string& kind);

/// The kind of file `path`'s seal names, without checking the rest; empty when it has none.
std::string sealedKind(const std::string& path);

/// When `path` is sealed, InputError naming it unless its bytes still match the seal:
/// "truncated" when it has fewer than were written, "damaged" when others (or the seal itself
/// changed). Unsealed files (written by other programs, or by earlier versions) pass as they are.
void verifySeal(const std::string& path);

} // namespace himnet::h5
