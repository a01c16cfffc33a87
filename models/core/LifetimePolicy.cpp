// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/LifetimePolicy.h"

#include "models/core/Formatting.h"
#include "models/core/Validation.h"

#include <QCoreApplication>

namespace tokendesk {

using namespace std::chrono_literals;

namespace {

Error invalid(const QString& message)
{
    return makeError(ErrorCode::InvalidInput, message);
}

// "Admin tokens" / "Developer tokens": the subject of every policy message.
QString roleTokens(Role role)
{
    return role == Role::Admin ? QCoreApplication::translate("LifetimePolicy", "Admin tokens")
                               : QCoreApplication::translate("LifetimePolicy", "Developer tokens");
}

} // namespace

LifetimePolicy LifetimePolicy::unrestricted()
{
    return {};
}

LifetimePolicy LifetimePolicy::newStoreDefault()
{
    // GitHub and GitLab both steer away from tokens that never expire; 90 days is their default.
    const RoleLifetime ninetyDays{std::chrono::days(90), std::nullopt};
    return {ninetyDays, ninetyDays};
}

const RoleLifetime& LifetimePolicy::forRole(Role role) const
{
    return role == Role::Admin ? admin : developer;
}

RoleLifetime& LifetimePolicy::forRole(Role role)
{
    return role == Role::Admin ? admin : developer;
}

Result<Unit> LifetimePolicy::validate() const
{
    for (const Role role : {Role::Admin, Role::Developer}) {
        const RoleLifetime& lifetime = forRole(role);
        for (const std::optional<std::chrono::seconds>& length :
             {lifetime.defaultLifetime, lifetime.maximum}) {
            if (length && (*length < kShortest || *length > kLongest))
                return invalid(
                    QCoreApplication::translate(
                        "LifetimePolicy", "%1: a lifetime must lie between 1 minute and 3650 days, not %2.")
                        .arg(roleTokens(role), LifetimeText::duration(length)));
        }
        if (!lifetime.maximum)
            continue;
        if (!lifetime.defaultLifetime)
            return invalid(QCoreApplication::translate(
                               "LifetimePolicy",
                               "%1 may live at most %2, so their default cannot be 'never'; choose a default "
                               "lifetime too.")
                               .arg(roleTokens(role), LifetimeText::duration(lifetime.maximum)));
        if (*lifetime.defaultLifetime > *lifetime.maximum)
            return invalid(QCoreApplication::translate(
                               "LifetimePolicy",
                               "%1: the default lifetime (%2) is longer than the maximum (%3); choose a "
                               "shorter default too.")
                               .arg(roleTokens(role), LifetimeText::duration(lifetime.defaultLifetime),
                                    LifetimeText::duration(lifetime.maximum)));
    }
    return Unit{};
}

QDateTime LifetimePolicy::defaultExpiry(Role role, const QDateTime& now) const
{
    const std::optional<std::chrono::seconds>& length = forRole(role).defaultLifetime;
    return length ? now.addSecs(length->count()) : QDateTime();
}

std::optional<QDateTime> LifetimePolicy::latestExpiry(Role role, const QDateTime& now) const
{
    const std::optional<std::chrono::seconds>& maximum = forRole(role).maximum;
    if (!maximum)
        return std::nullopt;
    return now.addSecs(maximum->count());
}

bool LifetimePolicy::breaks(Role role, const QDateTime& expiresAt, const QDateTime& now) const
{
    const std::optional<QDateTime> latest = latestExpiry(role, now);
    if (!latest)
        return false;
    return !expiresAt.isValid() || expiresAt > latest->addSecs(kClockSlack.count());
}

Result<Unit> LifetimePolicy::check(Role role, const QDateTime& expiresAt, const QDateTime& now) const
{
    if (!breaks(role, expiresAt, now))
        return Unit{};
    const QString maximum = LifetimeText::duration(forRole(role).maximum);
    if (!expiresAt.isValid())
        return invalid(QCoreApplication::translate(
                           "LifetimePolicy",
                           "%1 may live at most %2 under this store's policy; 'never expires' is not "
                           "allowed.")
                           .arg(roleTokens(role), maximum));
    return invalid(
        QCoreApplication::translate(
            "LifetimePolicy",
            "%1 may live at most %2 under this store's policy; choose an expiry no later than "
            "%3.")
            .arg(roleTokens(role), maximum, latestExpiry(role, now)->toUTC().toString(Qt::ISODate)));
}

namespace LifetimeText {

QString duration(std::optional<std::chrono::seconds> lifetime)
{
    if (!lifetime)
        return QCoreApplication::translate("LifetimePolicy", "never");
    const qint64 seconds = lifetime->count();
    // English plurals written out: "%n day(s)" reads badly without a catalogue.
    auto counted = [](qint64 n, const char* one, const char* many) {
        if (n == 1)
            return QCoreApplication::translate("LifetimePolicy", one);
        return QCoreApplication::translate("LifetimePolicy", many).arg(n);
    };
    if (seconds % 86400 == 0)
        return counted(seconds / 86400, QT_TRANSLATE_NOOP("LifetimePolicy", "1 day"),
                       QT_TRANSLATE_NOOP("LifetimePolicy", "%1 days"));
    if (seconds % 3600 == 0)
        return counted(seconds / 3600, QT_TRANSLATE_NOOP("LifetimePolicy", "1 hour"),
                       QT_TRANSLATE_NOOP("LifetimePolicy", "%1 hours"));
    if (seconds % 60 == 0)
        return counted(seconds / 60, QT_TRANSLATE_NOOP("LifetimePolicy", "1 minute"),
                       QT_TRANSLATE_NOOP("LifetimePolicy", "%1 minutes"));
    return counted(seconds, QT_TRANSLATE_NOOP("LifetimePolicy", "1 second"),
                   QT_TRANSLATE_NOOP("LifetimePolicy", "%1 seconds"));
}

QString role(const RoleLifetime& lifetime)
{
    const QString defaultText =
        QCoreApplication::translate("LifetimePolicy", "default %1").arg(duration(lifetime.defaultLifetime));
    if (!lifetime.maximum)
        return QCoreApplication::translate("LifetimePolicy", "%1, no maximum").arg(defaultText);
    return QCoreApplication::translate("LifetimePolicy", "%1, at most %2")
        .arg(defaultText, duration(lifetime.maximum));
}

QString compact(std::optional<std::chrono::seconds> lifetime)
{
    if (!lifetime)
        return QStringLiteral("never");
    const qint64 seconds = lifetime->count();
    for (const auto& [unit, suffix] : {std::pair{86400, 'd'}, std::pair{3600, 'h'}, std::pair{60, 'm'}}) {
        if (seconds % unit == 0)
            return QString::number(seconds / unit) + QLatin1Char(suffix);
    }
    return QString::number(seconds) + u's';
}

Result<std::optional<std::chrono::seconds>> parse(const QString& text)
{
    if (text.trimmed() == QLatin1String("never"))
        return std::optional<std::chrono::seconds>{};
    auto length = Validation::duration(text);
    if (!length.ok())
        return invalid(
            QCoreApplication::translate(
                "LifetimePolicy", "A lifetime is 'never' or a duration such as 12h, 30d or 2w, not '%1'.")
                .arg(Formatting::quotedInput(text)));
    return std::optional<std::chrono::seconds>{length.value()};
}

} // namespace LifetimeText
} // namespace tokendesk
