#pragma once
// Where the Studio keeps its settings and its data, under the names it gives itself:
//   settings     ~/.config/HimNet/HimNet Studio.conf
//   checkpoints  ~/.local/share/HimNet/HimNet Studio/checkpoints
// (the same organization/application pair on Windows and macOS, in their own places).
// Version 0.1 called the organization "HimNet Studio" as well, which put the data in
// ".../HimNet Studio/HimNet Studio"; its data folder, and on Linux its settings file, are
// moved here on first start (Windows keeps settings in the registry, macOS in a property list:
// those start afresh).

#include <QString>

/// Names the application and its organization (which Qt turns into the folders above), then
/// moves the settings and data of earlier versions where they now belong, unless something is
/// already there. Call once, right after the QApplication is made and before anything reads a
/// QSettings or a QStandardPaths location. Returns a line for each folder or file moved, or
/// why it could not be, for the log.
QStringList useStudioFolders();
