#include "data/zip_archive.h"
#include "himnet/errors.h"

#include <zip.h>

#include <filesystem>

namespace himnet {

void ZipArchive::Closer::operator()(zip* z) const { zip_discard(z); }

ZipArchive::ZipArchive(const std::string& path, const std::string& kind) : path_(path)
{
    namespace fs = std::filesystem;
    if (!fs::exists(path)) throw InputError(describeProblem(path, "file not found"));
    if (fs::is_directory(path)) throw InputError(describeProblem(path, "is a folder, expected " + kind));
    if (fs::file_size(path) == 0) throw InputError(describeProblem(path, "file is empty"));
    int error = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &error);
    if (!z) {
        zip_error_t e;
        zip_error_init_with_code(&e, error);
        const std::string text = zip_error_strerror(&e);
        zip_error_fini(&e);
        throw InputError(describeProblem(path, "not " + kind + ": " + text));
    }
    archive_.reset(z);
}

ZipArchive::~ZipArchive() = default;

std::vector<std::string> ZipArchive::memberNames() const
{
    std::vector<std::string> names;
    const zip_int64_t count = zip_get_num_entries(archive_.get(), 0);
    for (zip_int64_t i = 0; i < count; ++i)
        if (const char* name = zip_get_name(archive_.get(), static_cast<zip_uint64_t>(i), 0)) names.emplace_back(name);
    return names;
}

bool ZipArchive::has(const std::string& member) const { return zip_name_locate(archive_.get(), member.c_str(), 0) >= 0; }

std::string ZipArchive::read(const std::string& member) const
{
    std::string bytes;
    stream(member, [&](const char* chunk, size_t size) {
        bytes.append(chunk, size);
        return true;
    });
    return bytes;
}

void ZipArchive::stream(const std::string& member, const std::function<bool(const char*, size_t)>& consume) const
{
    zip_stat_t stat;
    if (zip_stat(archive_.get(), member.c_str(), 0, &stat) != 0)
        throw InputError(describeProblem(path_, "has no '" + member + "' in the archive"));
    zip_file_t* file = zip_fopen(archive_.get(), member.c_str(), 0);
    if (!file) throw InputError(describeProblem(path_, "cannot open '" + member + "' in the archive"));
    std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> closer(file, zip_fclose);
    std::vector<char> buffer(1 << 16);
    zip_uint64_t total = 0;
    for (;;) {
        const zip_int64_t got = zip_fread(file, buffer.data(), buffer.size());
        if (got < 0) throw InputError(describeProblem(path_, "'" + member + "' is truncated or corrupt (" + zip_file_strerror(file) + ")"));
        if (got == 0) break;
        total += static_cast<zip_uint64_t>(got);
        if (!consume(buffer.data(), static_cast<size_t>(got))) return;
    }
    if ((stat.valid & ZIP_STAT_SIZE) && total != stat.size)
        throw InputError(describeProblem(path_, "'" + member + "' is truncated or corrupt"));
}

} // namespace himnet
