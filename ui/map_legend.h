#pragma once
// The map's legend: a colour scale with its range and unit, or the list of categories.
#include <QWidget>

class StudioSession;

class MapLegend : public QWidget {
    Q_OBJECT
public:
    MapLegend(StudioSession* session, QWidget* parent);
    QSize sizeHint() const override;
    /// The text the legend shows, e.g. "Observed speed" (for tests).
    QString title() const;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    StudioSession* m_session;
};
