// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/Formatting.h"

#include "models/core/Validation.h"

#include <QCoreApplication>

namespace tokendesk::Formatting {

namespace {
// These strings were first written in TokenTableModel and keep its translation context, so the
// English catalogue's plural forms ("1 day ago" / "3 days ago") and any translation still apply.
class Texts
{
    Q_DECLARE_TR_FUNCTIONS(tokendesk::TokenTableModel)
};
} // namespace

QString relativeTime(const QDateTime& at, const QDateTime& now)
{
    if (!at.isValid())
        return Texts::tr("Never");
    const qint64 seconds = at.secsTo(now);
    if (seconds < 0)
        return Texts::tr("just now"); // clocks disagree by a little; never show "in the future"
    if (seconds < 60)
        return Texts::tr("just now");
    const qint64 minutes = seconds / 60;
    if (minutes < 60)
        return Texts::tr("%n minute(s) ago", "", int(minutes));
    const qint64 hours = minutes / 60;
    if (hours < 24)
        return Texts::tr("%n hour(s) ago", "", int(hours));
    const qint64 days = hours / 24;
    if (days < 31)
        return Texts::tr("%n day(s) ago", "", int(days));
    // Months until a whole year has passed: 360-364 days read "12 months ago", never "0 years ago".
    if (days < 365)
        return Texts::tr("%n month(s) ago", "", int(days / 30));
    return Texts::tr("%n year(s) ago", "", int(days / 365));
}

QString roleText(Role role)
{
    switch (role) {
    case Role::Developer:
        return Texts::tr("Developer");
    case Role::Admin:
        return Texts::tr("Admin");
    }
    return {};
}

QString statusText(TokenStatus status)
{
    switch (status) {
    case TokenStatus::Active:
        return Texts::tr("Active");
    case TokenStatus::Disabled:
        return Texts::tr("Disabled");
    case TokenStatus::Expired:
        return Texts::tr("Expired");
    }
    return {};
}

QString fingerprint(const QByteArray& sha256)
{
    return QString::fromLatin1(sha256.toHex(':').toUpper());
}

QString escapeForDisplay(const QString& text, bool keepLineFeeds, qsizetype maxCharacters)
{
    const auto actsInsteadOfShowing = [](char32_t c) {
        const QChar::Category category = QChar::category(c);
        return category == QChar::Other_Control || category == QChar::Separator_Line ||
               category == QChar::Separator_Paragraph || category == QChar::Other_Surrogate ||
               Validation::isBidiControl(c) || Validation::isNoncharacter(c);
    };
    QString shown;
    shown.reserve(text.size());
    qsizetype characters = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (characters == maxCharacters) {
            shown += QChar(0x2026);
            break;
        }
        char32_t c = text.at(i).unicode();
        qsizetype units = 1;
        if (text.at(i).isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(text.at(i), text.at(i + 1));
            units = 2;
        }
        if ((c == u'\n' && keepLineFeeds) || !actsInsteadOfShowing(c))
            shown += QStringView(text).sliced(i, units);
        else
            shown += QStringLiteral("\\u{") + QString::number(uint(c), 16).toUpper().rightJustified(4, u'0') +
                     u'}';
        i += units - 1;
        ++characters;
    }
    return shown;
}

QString quotedInput(const QString& text, qsizetype maxLength)
{
    return escapeForDisplay(text, false, maxLength);
}

} // namespace tokendesk::Formatting
