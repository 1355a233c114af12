// What the `himnet` binary says when asked for what it cannot do: each refusal exits with 2 and
// names the file or option and the problem, before any work (no model built, no file written).
// The table is the commands' contract with scripts; the commands that succeed are test_cli.
#include "cli_run.h"
#include "shared_path.h"

#include <QtTest>

using himnet::testing::CliRun;
using himnet::testing::runCli;

class TestCliRefusals : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void badInputExitsWithTwoAndNamesTheFile_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing golden") << QStringList{"verify", "/tmp/does-not-exist.h5"} << "/tmp/does-not-exist.h5: file not found";
        QTest::newRow("missing model") << QStringList{"inspect", "/tmp/nothing.pt"} << "/tmp/nothing.pt: file not found";
        QTest::newRow("unknown device") << QStringList{"verify", "x.h5", "--device", "tpu"} << "unknown device 'tpu'";
        QTest::newRow("embed, missing checkpoint") << QStringList{"embed", "--checkpoint", "/tmp/none.h5", "--what", "node", "--out", "/tmp/x.csv"}
                                                   << "/tmp/none.h5";
        QTest::newRow("embed, unknown kind") << QStringList{"embed", "--checkpoint", "/tmp/none.h5", "--what", "edges", "--out", "/tmp/x.csv"}
                                             << "edges";
        QTest::newRow("unknown precision") << QStringList{"bench", "--precision", "half"} << "unknown precision 'half'";
        QTest::newRow("no timed runs") << QStringList{"bench", "--repetitions", "0"} << "--repetitions must be at least 1, got 0";
        QTest::newRow("empty batches") << QStringList{"bench", "--batch-size", "-2"} << "--batch-size must be at least 1, got -2";
        QTest::newRow("bfloat16 on the float64 check")
            << QStringList{"bench", "--quick", "--precision", "bf16"} << "--precision bfloat16 needs a full configuration";
        QTest::newRow("CUDA graphs on the CPU, bench")
            << QStringList{"bench", "--quick", "--cuda-graphs", "--device", "cpu"} << "--cuda-graphs needs a GPU; this bench runs on cpu";
        const QString laWeek = QString::fromStdString(himnet::testing::sharedPath("datasets/la-week"));
        QTest::newRow("CUDA graphs on the CPU, train")
            << QStringList{"train", "--data", laWeek, "--out", "/tmp/never-written.h5", "--device", "cpu", "--cuda-graphs"}
            << "--cuda-graphs needs a GPU; training runs on cpu";
        QTest::newRow("a shape for a fine-tuning")
            << QStringList{"train", "--data", laWeek, "--out", "/tmp/never-written.h5", "--init-from", "/tmp/model.h5", "--hidden", "32"}
            << "a training from --init-from /tmp/model.h5 has that model's shape";
        // Refused before the model exists, where the step would have asked for more than the
        // machine has and been ended by the kernel (over 800 GiB at the least: no machine has it).
        QTest::newRow("a batch beyond memory")
            << QStringList{"train", "--data", laWeek, "--out", "/tmp/never-written.h5", "--batch-size", "100000000", "--hidden", "2048"}
            << "a training step of 1395 windows of 207 sensors with hidden size 2048 needs at least";
        // Ours needs 183 GiB at the least, the naive formulation 2.6 TiB: one of them is refused.
        QTest::newRow("a bench beyond memory") << QStringList{"bench", "--batch-size", "10000"} << "of 10000 windows";
        QTest::newRow("a network beyond any machine")
            << QStringList{"train", "--data", laWeek, "--out", "/tmp/never-written.h5", "--hidden", "100000"}
            << "GiB of weights) is beyond the 2147483648 that HimNet Studio builds";
        QTest::newRow("an infinite weight decay")
            << QStringList{"train", "--data", laWeek, "--out", "/tmp/never-written.h5", "--weight-decay", "inf"}
            << "training options: weight decay must be a number of at least 0";
        QTest::newRow("rank without processes")
            << QStringList{"train", "--data", laWeek, "--out", "/tmp/never-written.h5", "--rank", "1"} << "--rank needs --processes";
        QTest::newRow("rank without rendezvous")
            << QStringList{"train", "--data", laWeek, "--out", "/tmp/never-written.h5", "--processes", "2", "--rank", "1"}
            << "training over 2 processes needs a rendezvous address";
        QTest::newRow("malformed rendezvous")
            << QStringList{"train", "--data", laWeek, "--out", "/tmp/never-written.h5", "--processes", "2", "--rank", "0", "--rendezvous", "tcp://node7"}
            << "rendezvous 'tcp://node7': expected tcp://HOST:PORT or file:///PATH";
        QTest::newRow("unknown aggregation") << QStringList{"info", laWeek, "--interval", "15min", "--aggregate", "median"}
                                             << "cannot read 'median' as a way to combine readings (expected mean";
        QTest::newRow("unknown date order") << QStringList{"info", laWeek, "--date-order", "ymd"}
                                            << "cannot read 'ymd' as a date order (expected mdy";
        QTest::newRow("a period after the data")
            << QStringList{"info", laWeek, "--from", "2013-01-01"}
            << "metr-la-week1.h5: has no step from 2013-01-01 00:00:00 on: its steps run from 2012-03-01 00:00:00 to 2012-03-07 23:55:00";
        QTest::newRow("a time that is none") << QStringList{"train", "--data", laWeek, "--out", "/tmp/never-written.h5", "--until", "soon"}
                                             << "--until: cannot read 'soon' as a time";
        const QString golden = QString::fromStdString(himnet::testing::sharedPath("golden/himnet_small_state_dict.pt"));
        QTest::newRow("import for another network")
            << QStringList{"import", "--state-dict", golden, "--data", laWeek, "--out", "/tmp/never-written.h5"}
            << golden + ": is a network of 7 sensors; la-week has 207";
        QTest::newRow("export, missing checkpoint") << QStringList{"export", "--checkpoint", "/tmp/none.h5", "--out", "/tmp/never-written.pt"}
                                                   << "/tmp/none.h5: file not found";
        // Where a file cannot be written is told before the work that fills it, not after it.
        QTest::newRow("a checkpoint in no folder") << QStringList{"train", "--data", laWeek, "--out", "/tmp/no-such-folder/model.h5"}
                                                   << "/tmp/no-such-folder/model.h5: cannot be written: its folder /tmp/no-such-folder does not exist";
        QTest::newRow("a checkpoint that is a folder") << QStringList{"train", "--data", laWeek, "--out", "/tmp"} << "/tmp: is a folder: name a file in it";
        QTest::newRow("forecasts named as JSON")
            << QStringList{"forecast", "--data", laWeek, "--checkpoint", "/tmp/none.h5", "--out", "/tmp/never-written.json"}
            << "/tmp/never-written.json: must end in .csv, .h5 or .xlsx";
        QTest::newRow("forecasts in no folder")
            << QStringList{"forecast", "--data", laWeek, "--checkpoint", "/tmp/none.h5", "--out", "/tmp/no-such-folder/f.csv"}
            << "/tmp/no-such-folder/f.csv: cannot be written: its folder /tmp/no-such-folder does not exist";
        QTest::newRow("sensor metrics in no folder")
            << QStringList{"evaluate", "--data", laWeek, "--checkpoint", "/tmp/none.h5", "--sensors", "/tmp/no-such-folder/s.csv"}
            << "/tmp/no-such-folder/s.csv: cannot be written: its folder /tmp/no-such-folder does not exist";
        QTest::newRow("embeddings in no folder")
            << QStringList{"embed", "--checkpoint", "/tmp/none.h5", "--what", "node", "--out", "/tmp/no-such-folder/e.csv"}
            << "/tmp/no-such-folder/e.csv: cannot be written: its folder /tmp/no-such-folder does not exist";
        QTest::newRow("no subcommand") << QStringList{} << "subcommand";
        QTest::newRow("unknown option") << QStringList{"inspect", "model.pt", "--frobnicate"} << "frobnicate";
    }

    void badInputExitsWithTwoAndNamesTheFile()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const CliRun r = runCli(arguments);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }
};

QTEST_MAIN(TestCliRefusals)
#include "test_cli_refusals.moc"
