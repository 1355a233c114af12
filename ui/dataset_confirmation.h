#pragma once
// Before a dataset replaces the one shown: what was read (sensors, steps, interval, span,
// missing share, coordinates, format and the reader's notes), and the choice to open it,
// keep the current one, or change how its files are read; where its readings change level
// part-way and stay there, to read it from the change on. And, before it can be read at all,
// the order of dates that the files themselves do not settle.
#include "himnet/dataset.h"

#include <QString>

#include <optional>

class QWidget;
struct LoadedDataset;

enum class DatasetChoice {
    Open,
    Cancel,
    ChangeReadingOptions,
    ReadFromLevelChange, ///< read it again from DatasetSummary::levelChangedOn on
};

/// Asks in a modal message box; the full summary is in its details.
DatasetChoice askToOpenDataset(const LoadedDataset& dataset, QWidget* parent);

/// `date` ("12/4/2026") read in `order`, as a person says it: "4 December 2026"; empty when
/// it is no date in that order.
QString readingOfDate(const QString& date, himnet::DateOrder order);

/// Asks whether the slashed dates of the dataset at `path` (such as `date`) put the month or
/// the day first, each button saying the date it makes of `date`; nothing when cancelled.
std::optional<himnet::DateOrder> askDateOrder(const QString& path, const QString& date, QWidget* parent);
