// himnet-studio: the desktop application.
#include "main_window.h"

#include "himnet/runtime.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("HimNet Studio"));
    QApplication::setOrganizationName(QStringLiteral("HimNet Studio"));
    QApplication::setApplicationVersion(QString::fromStdString(himnet::versionString()));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Spatiotemporal traffic forecasting with HimNet"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption threads(QStringLiteral("threads"), QStringLiteral("CPU threads for LibTorch (0: one per core)."),
                               QStringLiteral("count"), QStringLiteral("0"));
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QStringLiteral("Save a PNG of the window after start-up and exit (for docs and checks)."),
                                  QStringLiteral("file"));
    parser.addOption(threads);
    parser.addOption(screenshot);
    parser.addPositionalArgument(QStringLiteral("model"), QStringLiteral("Checkpoint (.h5) or state dict (.pt) to open."),
                                 QStringLiteral("[model]"));
    parser.process(app);

    himnet::configureThreads(parser.value(threads).toInt());
    MainWindow window;
    window.show();
    if (!parser.positionalArguments().isEmpty()) window.openModelFile(parser.positionalArguments().first());
    if (parser.isSet(screenshot)) {
        const QString target = parser.value(screenshot);
        QTimer::singleShot(1500, &window, [&window, target] {
            window.grab().save(target);
            QApplication::quit();
        });
    }
    return QApplication::exec();
}
