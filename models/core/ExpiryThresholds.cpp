// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/ExpiryThresholds.h"

#include <QCoreApplication>
#include <QStringList>

#include <algorithm>
#include <functional>

namespace tokendesk::ExpiryThresholds {

QList<int> defaults()
{
    return {30, 7, 1};
}

Result<QList<int>> normalised(QList<int> days)
{
    for (int value : days) {
        if (value < 1 || value > kLongestDays)
            return makeError(
                ErrorCode::InvalidInput,
                QCoreApplication::translate("ExpiryThresholds",
                                            "An expiry warning comes 1 to %1 days before the expiry, not %2.")
                    .arg(kLongestDays)
                    .arg(value));
    }
    std::sort(days.begin(), days.end(), std::greater<>());
    days.erase(std::unique(days.begin(), days.end()), days.end());
    if (days.size() > kMost)
        return makeError(
            ErrorCode::InvalidInput,
            QCoreApplication::translate("ExpiryThresholds", "At most %1 expiry warnings, not %2.")
                .arg(kMost)
                .arg(days.size()));
    return days;
}

QString text(const QList<int>& days)
{
    if (days.isEmpty())
        return QCoreApplication::translate("ExpiryThresholds", "none");
    QStringList numbers;
    for (int value : days)
        numbers << QString::number(value);
    // The list's words are the catalogue's, not the locale's: the C locale of a script would
    // otherwise read "30, 7, 1 days".
    const QString last = numbers.takeLast();
    const QString list = numbers.isEmpty() ? last
                                           : QCoreApplication::translate("ExpiryThresholds", "%1 and %2")
                                                 .arg(numbers.join(QStringLiteral(", ")), last);
    // English plurals written out: "%n day(s)" reads badly without a catalogue, and the count is
    // the last number's, not the list's.
    return days.size() == 1 && days.first() == 1
               ? QCoreApplication::translate("ExpiryThresholds", "1 day")
               : QCoreApplication::translate("ExpiryThresholds", "%1 days").arg(list);
}

QString compact(const QList<int>& days)
{
    if (days.isEmpty())
        return QStringLiteral("none");
    QStringList numbers;
    for (int value : days)
        numbers << QString::number(value);
    return numbers.join(u',');
}

Result<QList<int>> parse(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == QLatin1String("none"))
        return QList<int>{};
    QList<int> days;
    for (const QString& part : trimmed.split(u',')) {
        bool number = false;
        const int value = part.trimmed().toInt(&number);
        if (!number)
            return makeError(ErrorCode::InvalidInput,
                             QCoreApplication::translate("ExpiryThresholds",
                                                         "'%1' is no list of days such as 30,7,1, nor none.")
                                 .arg(text));
        days.append(value);
    }
    return normalised(days);
}

} // namespace tokendesk::ExpiryThresholds
