#pragma once
// What a model must beat, in words, as the Training tab's plan and the Metrics panel say it
// before there is a model.
#include "himnet/baseline_errors.h"

#include <QString>

/// "on the test period, the last value's MAE is 4.39 mph and the historical average's 4.65 mph
/// (60 min ahead: 5.73 and 4.63)". `unitSuffix`: StudioSession::unitSuffix.
QString baselinesText(const himnet::BaselineErrors& errors, const QString& unitSuffix);
