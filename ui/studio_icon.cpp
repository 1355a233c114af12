#include "studio_icon.h"

#include <QLinearGradient>
#include <QPainter>
#include <QPainterPath>

namespace {

// Drawn on a 256 × 256 canvas and scaled. A road network whose sensors carry different
// colours (the zones HimNet tells apart) above a series that turns into its forecast.
constexpr double kCanvas = 256;

struct Sensor {
    QPointF at;
    QColor colour;
};

void drawBackground(QPainter& p)
{
    QLinearGradient shade(0, 0, 0, kCanvas);
    shade.setColorAt(0, QColor(0x21, 0x42, 0x63));
    shade.setColorAt(1, QColor(0x0d, 0x1d, 0x30));
    p.setPen(Qt::NoPen);
    p.setBrush(shade);
    p.drawRoundedRect(QRectF(8, 8, kCanvas - 16, kCanvas - 16), 52, 52);
}

void drawNetwork(QPainter& p, const std::vector<Sensor>& sensors, const std::vector<std::pair<int, int>>& roads,
                 double roadWidth, double radius, double ring)
{
    p.setPen(QPen(QColor(0x9f, 0xb6, 0xcc), roadWidth, Qt::SolidLine, Qt::RoundCap));
    for (const auto& [from, to] : roads)
        p.drawLine(sensors[static_cast<size_t>(from)].at, sensors[static_cast<size_t>(to)].at);
    for (const Sensor& s : sensors) {
        p.setPen(QPen(Qt::white, ring));
        p.setBrush(s.colour);
        p.drawEllipse(s.at, radius, radius);
    }
}

void drawSeries(QPainter& p, const std::vector<QPointF>& observed, const std::vector<QPointF>& forecast, double width)
{
    const auto polyline = [](const std::vector<QPointF>& points) {
        QPainterPath path(points.front());
        for (size_t i = 1; i < points.size(); ++i) path.lineTo(points[i]);
        return path;
    };
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(QColor(0xe8, 0xee, 0xf4), width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.drawPath(polyline(observed));
    p.setPen(QPen(QColor(0xf5, 0xa6, 0x23), width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.drawPath(polyline(forecast));
}

const QColor kBlue(0x4a, 0xa3, 0xe8), kRed(0xe5, 0x4b, 0x3c), kGreen(0x3c, 0xb4, 0x4b), kPurple(0xa5, 0x7a, 0xd6),
    kTeal(0x2c, 0xc4, 0xc4);

void drawDetailed(QPainter& p)
{
    const std::vector<Sensor> sensors = {{{66, 86}, kBlue},     {{130, 58}, kRed},  {{194, 96}, kGreen},
                                         {{96, 148}, kPurple}, {{172, 154}, kTeal}};
    drawNetwork(p, sensors, {{0, 1}, {1, 2}, {0, 3}, {1, 3}, {2, 4}, {3, 4}}, 9, 19, 5);
    drawSeries(p, {{38, 214}, {64, 198}, {92, 212}, {124, 192}}, {{124, 192}, {152, 178}, {184, 196}, {218, 174}}, 10);
}

void drawSimple(QPainter& p)
{
    const std::vector<Sensor> sensors = {{{72, 88}, kBlue}, {{184, 72}, kRed}, {{132, 150}, kGreen}};
    drawNetwork(p, sensors, {{0, 1}, {0, 2}, {1, 2}}, 16, 30, 9);
    drawSeries(p, {{40, 216}, {84, 198}, {128, 212}}, {{128, 212}, {172, 190}, {216, 204}}, 20);
}

} // namespace

QImage paintStudioIcon(int size)
{
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.scale(size / kCanvas, size / kCanvas);
    drawBackground(p);
    if (size < 40) drawSimple(p);
    else drawDetailed(p);
    return image;
}

std::vector<int> studioIconSizes()
{
    return {16, 24, 32, 48, 64, 128, 256};
}

QIcon studioIcon()
{
    QIcon icon;
    for (const int size : studioIconSizes()) icon.addPixmap(QPixmap::fromImage(paintStudioIcon(size)));
    return icon;
}
