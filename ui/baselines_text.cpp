#include "baselines_text.h"

#include <QObject>

QString baselinesText(const himnet::BaselineErrors& errors, const QString& unitSuffix)
{
    const auto figure = [](double mae) { return QString::number(mae, 'f', 2); };
    QString text = QObject::tr("on the test period, the last value's MAE is %1%3 and the historical average's %2%3")
                       .arg(figure(errors.lastValue.mae), figure(errors.historicalAverage.mae), unitSuffix);
    if (!errors.steps.empty()) {
        const himnet::BaselineErrors::Step& last = errors.steps.back();
        text += QObject::tr(" (%1 min ahead: %2 and %3)")
                    .arg(last.step * errors.intervalSeconds / 60)
                    .arg(figure(last.lastValue.mae), figure(last.historicalAverage.mae));
    }
    return text;
}
