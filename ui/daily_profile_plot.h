#pragma once
// The mean daily profile (value against hour of day) of every sensor, drawn dashed, and of
// the sensors selected in the session; with nothing selected, one curve per embedding
// cluster when the explorer has clustered the sensors. Reads everything from the session.
#include "qcustomplot_include.h"

class StudioSession;

class DailyProfilePlot : public QCustomPlot {
    Q_OBJECT
public:
    explicit DailyProfilePlot(StudioSession* session, QWidget* parent = nullptr);

private:
    void redraw();
    void addProfile(const std::vector<double>& profile, const QString& name, const QPen& pen);
    std::vector<double> profileOf(const std::vector<int64_t>& sensors) const;

    StudioSession* m_session;
    std::vector<double> m_network; ///< every sensor's mean profile, computed once per dataset
};
