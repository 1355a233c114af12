#include "sensor_item.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

SensorItem::SensorItem(int sensor, const QPointF& position, double radius)
    : QGraphicsEllipseItem(-radius, -radius, 2 * radius, 2 * radius), m_sensor(sensor)
{
    setPos(position);
    setFlag(ItemIgnoresTransformations); // dots keep their size when zooming
    setFlag(ItemIsSelectable);
    setAcceptHoverEvents(true);
    setPen(QPen(QColor(40, 40, 40), 0.8));
    setZValue(2);
}

void SensorItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setBrush(brush());
    const bool selected = option->state & QStyle::State_Selected;
    painter->setPen(selected ? QPen(QColor(0, 90, 255), 2.5) : pen());
    const QRectF r = selected ? rect().adjusted(-2, -2, 2, 2) : rect();
    painter->drawEllipse(r);
}
