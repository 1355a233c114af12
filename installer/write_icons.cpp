// Writes the application's icon into an icon-theme tree, OUT/hicolor/NxN/apps/himnet-studio.png,
// at every size the desktop asks for. Run by the build; the install step copies the tree.
#include "studio_icon.h"

#include <QDir>
#include <QString>

#include <cstdio>

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
        return 2;
    }
    const QString root = QString::fromLocal8Bit(argv[1]);
    for (const int size : studioIconSizes()) {
        const QString folder = QStringLiteral("%1/hicolor/%2x%2/apps").arg(root).arg(size);
        const QString file = folder + QStringLiteral("/himnet-studio.png");
        if (!QDir().mkpath(folder) || !paintStudioIcon(size).save(file, "PNG")) {
            std::fprintf(stderr, "write_icons: cannot write %s\n", qPrintable(file));
            return 1;
        }
    }
    return 0;
}
