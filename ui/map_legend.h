#pragma once
// The map's legend: a colour scale with its range and unit, or the list of categories.
#include <QStringList>
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
    /// Zone names or "cluster 1" .. in the categorical modes.
    QStringList categoryNames() const;

    StudioSession* m_session;
};
