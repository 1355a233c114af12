#include "shared_path.h"
#include "test_paths.h"

#include <QFileInfo>
#include <QString>
#include <QtGlobal>

namespace himnet::testing {

std::string sharedPath(const std::string& relative)
{
    const QString path = QStringLiteral(HIMNET_SHARED_DIR "/") + QString::fromStdString(relative);
    if (!QFileInfo::exists(path))
        qWarning("missing shared fixture %s (set -DHIMNET_SHARED_DIR=...)", qPrintable(path));
    return path.toStdString();
}

} // namespace himnet::testing
