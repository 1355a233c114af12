// Model files changed after they were written. A checkpoint is sealed (io/hdf5_seal.h): a byte
// changed anywhere, a copy cut short or added to, is refused before HDF5 reads any of it, never
// read as a model whose weights silently changed; so is a reference model (torch.save) whose
// members fail their CRC. HDF5 files without a seal (checkpoints of earlier versions, other
// programs' files) whose structure is not what it should be are refused with the file named,
// never a crash.
#include "refusals.h"
#include "small_checkpoint.h"
#include "himnet/dataset.h"
#include "himnet/errors.h"
#include "himnet/model_file.h"
#include "io/hdf5_file.h"
#include "io/hdf5_seal.h"
#include "model/himnet.h"
#include "test_tensors.h"
#include "train/checkpoint.h"
#include "train/state_dict.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>

using namespace himnet;
using testing::checkpointOf;
using testing::smallConfig;

namespace {

std::string bytesOf(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeBytes(const std::string& path, const std::string& bytes)
{
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

/// Where `tensor`'s values are stored in `file`, as written (its type, contiguous); npos when nowhere.
size_t offsetOfValues(const std::string& file, const torch::Tensor& tensor)
{
    const torch::Tensor values = tensor.detach().contiguous();
    return file.find(std::string(static_cast<const char*>(values.data_ptr()), static_cast<size_t>(values.nbytes())));
}

/// The name of the first tensor of `expected` that `got` lacks or holds other values of; empty when none.
QString firstDifferentTensor(const NamedTensors& got, const NamedTensors& expected)
{
    if (got.size() != expected.size()) return "number of tensors";
    for (const auto& [name, values] : expected) {
        const torch::Tensor read = testing::tensorNamed(got, name);
        if (!read.defined() || !torch::equal(read, values)) return QString::fromStdString(name);
    }
    return {};
}

/// Writes `bytes` to `copy` once for each of `places`, with the byte there flipped, and reads the
/// copy with `differenceOnReading` (what it read otherwise than the original; empty when
/// nothing). A copy must be refused or read the same: the InputErrors' messages, by place.
/// When one reads otherwise, the test fails (QTest::currentTestFailed) at that place.
template <typename Read>
std::map<size_t, QString> refusalsOfFlippedBytes(const std::string& bytes, const std::vector<size_t>& places, const std::string& copy,
                                                 Read differenceOnReading)
{
    std::map<size_t, QString> refusals;
    for (const size_t at : places) {
        std::string changed = bytes;
        changed[at] ^= 0x04;
        writeBytes(copy, changed);
        const auto error = testing::thrownBy([&] {
            const QString difference = differenceOnReading(copy);
            QVERIFY2(difference.isEmpty(), qPrintable(QString("byte %1 flipped changed %2 unnoticed").arg(at).arg(difference)));
        });
        if (QTest::currentTestFailed()) break;
        if (error) refusals[at] = QString::fromUtf8(error->what());
    }
    return refusals;
}

/// The tensor of the most values: random numbers, found nowhere else in the file.
torch::Tensor largestOf(const NamedTensors& tensors)
{
    const auto largest = std::max_element(tensors.begin(), tensors.end(),
                                          [](const auto& a, const auto& b) { return a.second.numel() < b.second.numel(); });
    return largest->second;
}

/// Empty when `read` holds what `written` held: the same weights, record and scaler.
QString differenceBetween(const Checkpoint& read, const Checkpoint& written)
{
    if (!(read.config == written.config)) return "config";
    const QString weight = firstDifferentTensor(read.params, written.params); // read back in HDF5's (alphabetical) order
    if (!weight.isEmpty()) return weight;
    if (read.metrics != written.metrics || read.optimizerState != written.optimizerState) return "record";
    if (!read.scaler || read.scaler->mean != written.scaler->mean || read.scaler->std != written.scaler->std) return "scaler";
    return {};
}

} // namespace

class TestDamagedFiles : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    Checkpoint m_written; ///< a small model's checkpoint, as testing::checkpointOf makes it
    std::string m_sealed; ///< m_written, written
    std::string m_bytes;  ///< m_sealed's bytes

    std::string path(const QString& name) const { return (m_dir.path() + '/' + name).toStdString(); }

    /// A copy of m_sealed named `name`, changed by `damage`.
    std::string damagedCopy(const QString& name, const std::function<void(std::string&)>& damage) const
    {
        std::string bytes = m_bytes;
        damage(bytes);
        const std::string copy = path(name);
        writeBytes(copy, bytes);
        return copy;
    }

private Q_SLOTS:
    void initTestCase()
    {
        HimNet model(smallConfig());
        m_written = checkpointOf(model);
        m_sealed = path("model.h5");
        writeCheckpoint(m_sealed, m_written);
        m_bytes = bytesOf(m_sealed);
        QCOMPARE(h5::sealedKind(m_sealed), std::string(kCheckpointFormat));
        QVERIFY(looksLikeHdf5(m_sealed) && isModelFile(m_sealed));
        const QString difference = differenceBetween(readCheckpoint(m_sealed), m_written);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }

    void changesAfterWritingAreRefused_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("problem");
        QTest::newRow("a weight's byte") << "weight" << "damaged: its bytes no longer match the checksum written with them";
        QTest::newRow("HDF5's superblock") << "superblock" << "damaged: its bytes no longer match";
        QTest::newRow("the model's shape") << "config" << "damaged: its bytes no longer match";
        QTest::newRow("cut short") << "cut" << "truncated: ";
        QTest::newRow("bytes added") << "appended" << "damaged: its bytes no longer match";
        QTest::newRow("the seal itself") << "seal" << "damaged: its seal";
    }

    void changesAfterWritingAreRefused()
    {
        QFETCH(QString, damage);
        QFETCH(QString, problem);
        const std::string copy = damagedCopy(damage + ".h5", [&](std::string& bytes) {
            if (damage == "weight") {
                const size_t at = offsetOfValues(bytes, largestOf(m_written.params));
                QVERIFY(at != std::string::npos);
                bytes[at + 5] ^= 0x10; // a low bit of one value's mantissa: a weight off by a hair
            }
            if (damage == "superblock") bytes[static_cast<size_t>(h5::kSealSize) + 9] ^= 0x01;
            if (damage == "config") {
                const size_t at = bytes.find("\"hidden_dim\":8");
                QVERIFY(at != std::string::npos);
                bytes[at + 13] = '9';
            }
            if (damage == "cut") bytes.resize(bytes.size() - 1000);
            if (damage == "appended") bytes += std::string(16, '\0');
            if (damage == "seal") bytes.replace(bytes.find("digest"), 6, "digext");
        });
        const QString wrong = testing::refusalMismatch([&] { readCheckpoint(copy); }, {QString::fromStdString(copy), problem});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        const QString whenInspected = testing::refusalMismatch([&] { inspectModelFile(copy); }, {QString::fromStdString(copy), problem});
        QVERIFY2(whenInspected.isEmpty(), qPrintable(whenInspected));
        QVERIFY(isModelFile(copy)); // still a model file, not data: opening it says it is damaged
    }

    // One byte flipped anywhere: refused, or, in the room the seal leaves unused (which HDF5
    // never reads), read back the same.
    void noChangedByteGoesUnnoticed()
    {
        const size_t size = m_bytes.size();
        std::vector<size_t> places; // every 7th of the seal's and the superblock's bytes, then 300 over the rest
        for (size_t at = 0; at < 1024; at += 7) places.push_back(at);
        for (size_t at = 1024; at < size; at += (size - 1024) / 300 + 1) places.push_back(at);
        places.push_back(size - 1);
        const std::string copy = path("flipped.h5");
        const auto refusals = refusalsOfFlippedBytes(m_bytes, places, copy, [this](const std::string& file) {
            return differenceBetween(readCheckpoint(file), m_written);
        });
        if (QTest::currentTestFailed()) return;
        int unused = 0;
        for (const size_t at : places) {
            const auto refusal = refusals.find(at);
            if (refusal == refusals.end()) {
                QVERIFY2(at < size_t(h5::kSealSize), qPrintable(QString("byte %1 flipped went unnoticed").arg(at)));
                ++unused;
                continue;
            }
            QVERIFY2(refusal->second.startsWith(QString::fromStdString(copy) + ": damaged"), qPrintable(refusal->second));
        }
        const int refused = static_cast<int>(refusals.size());
        QVERIFY2(refused > 300 && unused > 0, qPrintable(QString("%1 refused, %2 in unused room").arg(refused).arg(unused)));
    }

    // torch.save's archives keep a CRC-32 of each member, which LibTorch does not check: a
    // reference model with a byte changed in a weight is refused, never imported as it reads.
    void referenceModelsWithAChangedByteAreRefused()
    {
        const std::string original = testing::sharedPath("golden/himnet_small_state_dict.pt");
        const NamedTensors expected = readPickledStateDict(original);
        const std::string bytes = bytesOf(original);
        const size_t weight = offsetOfValues(bytes, largestOf(expected));
        QVERIFY(weight != std::string::npos);
        std::vector<size_t> places{weight + 3}; // and 200 places over the whole file
        for (size_t at = 0; at < bytes.size(); at += bytes.size() / 200 + 1) places.push_back(at);
        const std::string copy = path("flipped.pt");
        const auto refusals = refusalsOfFlippedBytes(bytes, places, copy, [&expected](const std::string& file) {
            return firstDifferentTensor(readPickledStateDict(file), expected);
        });
        if (QTest::currentTestFailed()) return;
        // The places not refused are bytes no tensor depends on (a date, a name's copy in the directory).
        for (const auto& [at, message] : refusals) QVERIFY2(message.startsWith(QString::fromStdString(copy) + ": "), qPrintable(message));
        QVERIFY2(refusals.count(weight + 3) && refusals.at(weight + 3).contains("(CRC error)"), "the weight's byte was not refused by its CRC");
        QVERIFY2(refusals.size() > 150, qPrintable(QString("%1 of %2 refused").arg(refusals.size()).arg(places.size())));
    }

    // Files without a seal still open: checkpoints of earlier versions, and HDF5 tools' copies.
    void checkpointsWithoutASealAreReadAsTheyAre()
    {
        const std::string copy = damagedCopy("unsealed.h5", [](std::string& bytes) {
            std::fill(bytes.begin(), bytes.begin() + h5::kSealSize, '\0'); // a user block of nothing
        });
        QVERIFY(h5::sealedKind(copy).empty());
        QVERIFY(isModelFile(copy));
        const QString difference = differenceBetween(readCheckpoint(copy), m_written);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        QVERIFY(!inspectModelFile(copy).sealed); // himnet inspect says its changes cannot be told
        QVERIFY(inspectModelFile(m_sealed).sealed);
    }

    // Where HDF5 itself fails on a file without a seal, the error names the file; before, its
    // exception (no std::exception) ended the program.
    void unsealedFilesOfTheWrongShapeAreRefused_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("problem");
        QTest::newRow("a checkpoint whose weights are no group") << "checkpoint" << "damaged checkpoint: ";
        QTest::newRow("a pandas file whose frame is no group") << "pandas" << "cannot be read as a pandas frame: ";
        QTest::newRow("a pandas file cut short") << "cut" << "cannot be read as HDF5 (truncated or corrupt?): ";
    }

    void unsealedFilesOfTheWrongShapeAreRefused()
    {
        QFETCH(QString, kind);
        QFETCH(QString, problem);
        const std::string file = path(kind + "-shape.h5");
        {
            H5::H5File h5(file, H5F_ACC_TRUNC);
            if (kind == "checkpoint") {
                h5::writeStringAttribute(h5, "format", kCheckpointFormat);
                h5::writeIntAttribute(h5, "format_version", kCheckpointFormatVersion);
                h5::writeStringAttribute(h5, "config", smallConfig().toJson());
                h5::writeTensor(h5, "params", torch::ones({3}));
            } else {
                h5::writeTensor(h5, "df", torch::ones({4, 2}));
            }
        }
        if (kind == "cut") std::filesystem::resize_file(file, std::filesystem::file_size(file) / 2);
        const auto open = [&] {
            if (kind == "checkpoint") readCheckpoint(file);
            else loadDataset(file);
        };
        const QString wrong = testing::refusalMismatch(open, {QString::fromStdString(file), problem});
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        // The refusal leaves no records on this thread's HDF5 error stack, which HDF5 would not
        // free when the thread ends (the engine thread of the app: LeakSanitizer found them).
        QCOMPARE(H5Eget_num(H5E_DEFAULT), ssize_t(0));
    }
};

QTEST_MAIN(TestDamagedFiles)
#include "test_damaged_files.moc"
