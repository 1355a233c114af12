#pragma once
// Numbers and dates as the whole window writes them: 64.5 and "Tue 08:00", whatever the user's
// locale. The app's words are English and the engine's numbers (in notes, messages and files)
// are C's; Qt would otherwise take the C library's numeric locale and its own default QLocale
// from the environment, and a German desktop would show "64,5" and "Di." beside the engine's
// 64.5.

/// Puts LC_NUMERIC back to "C" and makes the C locale QLocale's default. Call once, after the
/// QApplication is made (which sets both from the environment) and before any widget is.
void useOneNumberFormat();

#include <QString>

/// "Tue 6 Mar 12:50", or with `withYear` "Tue 6 Mar 2012 12:50": a time of the data (UTC seconds).
QString timeText(qint64 utcSeconds, bool withYear);

/// An interval's level as a percentage: "90" of 0.9, "97.5" of 0.975 (himnet::levelPercent).
QString levelText(double level);
