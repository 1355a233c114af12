#include "refusals.h"

namespace himnet::testing {

QString mismatchOfMessage(const std::optional<QString>& message, const QStringList& parts)
{
    if (!message) return QStringLiteral("the input was accepted");
    for (const QString& part : parts)
        if (!message->contains(part)) return QStringLiteral("'%1' does not say '%2'").arg(*message, part);
    return {};
}

} // namespace himnet::testing
