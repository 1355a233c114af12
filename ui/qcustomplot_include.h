#pragma once
// QCustomPlot's header uses Qt's keyword macros (signals, foreach), which QT_NO_KEYWORDS
// removes — and we need QT_NO_KEYWORDS because LibTorch's headers use `slots` as a name.
// Define the keywords only around QCustomPlot.
#include <QtGlobal>
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef emit
#undef foreach
