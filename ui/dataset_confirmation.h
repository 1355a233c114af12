#pragma once
// Before a dataset replaces the one shown: what was read (sensors, steps, interval, span,
// missing share, coordinates, format and the reader's notes), and the choice to open it,
// keep the current one, or change how its files are read.
class QWidget;
struct LoadedDataset;

enum class DatasetChoice { Open, Cancel, ChangeReadingOptions };

/// Asks in a modal message box; the full summary is in its details.
DatasetChoice askToOpenDataset(const LoadedDataset& dataset, QWidget* parent);
