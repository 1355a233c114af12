// The fuzz targets (tests/fuzz) run over their inputs, once each, without libFuzzer: the seeds
// and every finding fixed since (tests/fuzz/corpus/TARGET), and the inputs fuzzing runs kept
// (tests/fuzz/kept/TARGET.zip) are read or refused with an InputError that names the file. A
// crash fails the test too; under scripts/sanitize.sh, so does anything AddressSanitizer or
// UndefinedBehaviorSanitizer reports.
#include "data/zip_archive.h"
#include "fuzz_input.h"
#include "himnet/errors.h"
#include "test_files.h"

#include <QtTest/QtTest>

#include <algorithm>
#include <filesystem>
#include <stdexcept>

namespace fs = std::filesystem;
using namespace himnet;
using himnet::testing::fileBytes;

namespace {

const fs::path kCorpora = HIMNET_FUZZ_DIR "/corpus";
const fs::path kKept = HIMNET_FUZZ_DIR "/kept";

fs::path keptArchive(const std::string& target) { return kKept / (target + ".zip"); }

const fuzzing::FuzzTarget* targetNamed(const std::string& name)
{
    for (const auto& target : fuzzing::kFuzzTargets)
        if (name == target.name) return &target;
    return nullptr;
}

} // namespace

class TestFuzzCorpora : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyTargetHasACorpus()
    {
        for (const auto& target : fuzzing::kFuzzTargets) {
            const fs::path folder = kCorpora / target.name;
            QVERIFY2(fs::is_directory(folder), qPrintable(QString::fromStdString(folder.string() + " is missing")));
            const auto inputs = std::distance(fs::directory_iterator(folder), fs::directory_iterator());
            QVERIFY2(inputs >= 5, qPrintable(QStringLiteral("%1 holds %2 inputs").arg(QString::fromStdString(folder.string())).arg(inputs)));
            const size_t kept = ZipArchive(keptArchive(target.name).string(), "a zip archive of inputs").memberNames().size();
            QVERIFY2(kept >= 100, qPrintable(QStringLiteral("%1 holds %2 inputs").arg(QString::fromStdString(keptArchive(target.name))).arg(kept)));
        }
        for (const auto& entry : fs::directory_iterator(kCorpora)) // no corpus that no target reads
            if (entry.is_directory())
                QVERIFY2(targetNamed(entry.path().filename().string()), qPrintable(QString::fromStdString(entry.path().string())));
    }

    void whatCountsAsAFinding_data()
    {
        QTest::addColumn<QString>("thrown");
        QTest::addColumn<QString>("finding"); // empty: none
        QTest::newRow("read") << "" << "";
        QTest::newRow("refused, naming the file") << "input" << "";
        QTest::newRow("refused, naming another file") << "input elsewhere" << "a refusal that does not name the file";
        QTest::newRow("another exception") << "out of range" << "an exception other than InputError";
    }

    void whatCountsAsAFinding()
    {
        QFETCH(QString, thrown);
        QFETCH(QString, finding);
        const std::string path = fuzzing::writeInput(reinterpret_cast<const uint8_t*>("x"), 1, "readings.csv");
        QCOMPARE(QByteArray::fromStdString(fileBytes(path)), QByteArray("x"));
        const auto read = [&] {
            if (thrown == "input") throw InputError(describeProblem(path, "damaged"));
            if (thrown == "input elsewhere") throw InputError(describeProblem("other.csv", "damaged"));
            if (!thrown.isEmpty()) throw std::out_of_range("vector::at");
        };
        QString found;
        try {
            fuzzing::readOrRefuse(path, read);
        } catch (const fuzzing::Finding& f) {
            found = QString::fromUtf8(f.what());
        }
        if (finding.isEmpty()) QVERIFY2(found.isEmpty(), qPrintable(found));
        else QVERIFY2(found.startsWith(finding), qPrintable(found));
    }

    void everyInputIsReadOrRefusedCleanly_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QByteArray>("input"); // read here, each file and archive once
        for (const auto& target : fuzzing::kFuzzTargets) {
            std::vector<fs::path> files;
            for (const auto& entry : fs::directory_iterator(kCorpora / target.name)) files.push_back(entry.path());
            std::sort(files.begin(), files.end());
            for (const auto& file : files) {
                const std::string tag = std::string(target.name) + "/" + file.filename().string();
                QTest::newRow(tag.c_str()) << QString(target.name) << QByteArray::fromStdString(fileBytes(file.string()));
            }
            const ZipArchive kept(keptArchive(target.name).string(), "a zip archive of inputs");
            for (const auto& member : kept.memberNames()) {
                const std::string tag = std::string(target.name) + ".zip/" + member;
                QTest::newRow(tag.c_str()) << QString(target.name) << QByteArray::fromStdString(kept.read(member));
            }
        }
    }

    void everyInputIsReadOrRefusedCleanly()
    {
        QFETCH(QString, target);
        QFETCH(QByteArray, input);
        try {
            targetNamed(target.toStdString())->run(reinterpret_cast<const uint8_t*>(input.constData()), static_cast<size_t>(input.size()));
        } catch (const fuzzing::Finding& finding) {
            QFAIL(finding.what());
        }
    }
};

QTEST_MAIN(TestFuzzCorpora)
#include "test_fuzz_corpora.moc"
