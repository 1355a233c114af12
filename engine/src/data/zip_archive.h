#pragma once
// A zip archive opened for reading with libzip: numpy's .npz, Excel's .xlsx. Members are read
// whole (small parts) or streamed in chunks (a worksheet can be hundreds of megabytes).
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

struct zip;

namespace himnet {

class ZipArchive {
public:
    /// Throws InputError naming `path` when it is missing, empty or not a zip archive;
    /// `kind` names what it should have been ("an .npz (zip) archive").
    ZipArchive(const std::string& path, const std::string& kind);
    ~ZipArchive();
    ZipArchive(const ZipArchive&) = delete;
    ZipArchive& operator=(const ZipArchive&) = delete;

    const std::string& path() const { return path_; }
    std::vector<std::string> memberNames() const;
    bool has(const std::string& member) const;
    /// The member's bytes. Throws InputError when it is absent, truncated or corrupt.
    std::string read(const std::string& member) const;
    /// Hands the member to `consume` in chunks until it ends or `consume` returns false.
    void stream(const std::string& member, const std::function<bool(const char* bytes, size_t size)>& consume) const;

private:
    std::string path_;
    struct Closer {
        void operator()(zip* z) const;
    };
    std::unique_ptr<zip, Closer> archive_;
};

} // namespace himnet
