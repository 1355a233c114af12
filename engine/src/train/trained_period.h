#pragma once
// The period of the series a model was trained on (DatasetStamp::firstTime, lastTime) against
// the data it meets later: a resume goes on over the same period, the reference's windows
// number its steps, and a split by time of another period may test it on steps it trained on.
#include "data/windowed_data.h"
#include "train/checkpoint.h"
#include "himnet/forecasting.h"

#include <optional>
#include <string>

namespace himnet {

struct TrainedModel;

/// Whether `data` spans the period `trainedOn` was trained on (also when the stamp does not say).
bool readOverTrainedPeriod(const DatasetStamp& trainedOn, const Dataset& data);

/// Whether the series `data` was read from (all of it, also where a period of it was read)
/// holds every step of the period `trainedOn` was trained on; false when the stamp does not say.
bool holdsTrainedPeriod(const DatasetStamp& trainedOn, const Dataset& data);

/// The period `trainedOn` was trained on as reading options read it (LoadOptions::from,
/// until: its first step, and the step after its last); unset when the stamp does not say.
std::optional<TrainedPeriod> readingPeriodOf(const DatasetStamp& trainedOn, int64_t intervalSeconds);

/// The reading options that read `data`'s series over the period `trainedOn` was trained on,
/// as a command line gives them: "--from 2015-01-11 --until 2015-02-01".
std::string periodArguments(const DatasetStamp& trainedOn, int64_t intervalSeconds);

/// Throws InputError naming `checkpointPath` when `data` spans another period than the series
/// `trainedOn` was trained on: a training resumes over the windows it began with.
void requireSamePeriodAsTrained(const std::string& checkpointPath, const std::optional<DatasetStamp>& trainedOn, const Dataset& data);

/// Throws InputError naming the checkpoint when the model keeps the reference's windows
/// (a split file's) and `data` does not begin where the series they number began: the first
/// step it was trained on, or for a checkpoint that does not keep it (from before a period
/// could be read alone), the whole series' first.
void requireSplitWindowsFit(const TrainedModel& trained, const Dataset& data);

/// When `windows`' data spans another period than the model's training did, and some windows
/// of `split` forecast steps its training windows held: a note that says how many, and how
/// to read the data as for its training. Empty otherwise.
std::string trainedStepsNote(const TrainedModel& trained, const WindowedData& windows, Split split);

} // namespace himnet
