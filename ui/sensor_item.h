#pragma once
// One sensor on the map: a dot of constant screen size that knows its sensor index.
#include <QGraphicsEllipseItem>

class SensorItem : public QGraphicsEllipseItem {
public:
    enum { Type = UserType + 1 };
    SensorItem(int sensor, const QPointF& position, double radiusPixels);
    int type() const override { return Type; }
    int sensor() const { return m_sensor; }

protected:
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    int m_sensor;
};
