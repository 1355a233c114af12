#include "fuzz_input.h"

#include "core/utf8.h"
#include "himnet/errors.h"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <typeinfo>
#include <unistd.h>

namespace fs = std::filesystem;

namespace himnet::fuzzing {
namespace {

class ScratchFolder {
public:
    ScratchFolder()
    {
        const fs::path base = fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
        m_path = base / ("himnet-fuzz-" + std::to_string(::getpid()));
        fs::create_directories(m_path);
    }
    ~ScratchFolder()
    {
        std::error_code ignored;
        fs::remove_all(m_path, ignored);
    }
    const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

} // namespace

std::string writeInput(const uint8_t* data, size_t size, const std::string& name)
{
    static const ScratchFolder folder;
    const fs::path path = folder.path() / name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    out.close();
    if (!out) throw std::runtime_error("cannot write the fuzz input to " + path.string());
    return path.string();
}

void readOrRefuse(const std::string& path, const std::function<void()>& read)
{
    try {
        read();
    } catch (const InputError& e) {
        const std::string message = e.what();
        if (std::getenv("HIMNET_FUZZ_SHOW_REFUSALS")) std::fprintf(stderr, "refused: %s\n", message.c_str());
        if (!path.empty() && message.find(fs::path(path).filename().string()) == std::string::npos)
            throw Finding("a refusal that does not name the file: " + message);
    } catch (const std::exception& e) {
        throw Finding(std::string("an exception other than InputError: ") + typeid(e).name() + ": " + e.what());
    } catch (...) {
        throw Finding("an exception that is no std::exception");
    }
}

void requireUtf8(const std::vector<std::string>& texts, const std::string& path)
{
    for (const std::string& text : texts)
        if (!isUtf8(text)) throw Finding("text read from " + path + " that is not UTF-8: " + text);
}

} // namespace himnet::fuzzing
