#pragma once
// The application's icon, drawn in code: one source for the window icon and for the PNGs
// that the installer puts into the desktop's icon theme (installer/write_icons.cpp).
#include <QIcon>
#include <QImage>

#include <vector>

/// The icon at size × size pixels (transparent outside its rounded square). Below 40 pixels
/// it is a simpler drawing with fewer, bolder marks, so that it still reads at 16 and 32.
QImage paintStudioIcon(int size);

/// The icon at the sizes desktops ask for (16 to 256 pixels).
QIcon studioIcon();

/// Those sizes, for the icon theme's folders (hicolor/NxN/apps).
std::vector<int> studioIconSizes();
