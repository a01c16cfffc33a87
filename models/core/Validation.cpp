// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/Validation.h"

#include <QCoreApplication>

#include <limits>
#include <optional>

namespace tokendesk::Validation {

namespace {

using namespace std::chrono_literals;

// Ten 365-day years. Shorter than any ten calendar years, so a duration accepted here never
// produces an expiry that expiry() rejects as too far away.
constexpr std::chrono::seconds kMaxDuration = std::chrono::days(3650);
constexpr int kMaxYears = 10;

Error invalidInput(QString message)
{
    return makeError(ErrorCode::InvalidInput, std::move(message));
}

// Splits a string into code points; empty when it holds an unpaired surrogate, which is not text.
std::optional<QList<char32_t>> codePoints(const QString& text)
{
    QList<char32_t> points;
    points.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            points.append(QChar::surrogateToUcs4(c, text.at(i + 1)));
            ++i;
        } else if (c.isSurrogate()) {
            return std::nullopt;
        } else {
            points.append(c.unicode());
        }
    }
    return points;
}

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

} // namespace

bool isBidiControl(char32_t c)
{
    return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069);
}

bool isNoncharacter(char32_t c)
{
    return (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
}

Result<QString> label(const QString& raw)
{
    const QString trimmed = raw.trimmed();
    if (trimmed.isEmpty())
        return invalidInput(QCoreApplication::translate("Validation", "The label must not be empty."));
    const std::optional<QList<char32_t>> points = codePoints(trimmed);
    if (!points)
        return invalidInput(
            QCoreApplication::translate("Validation", "The label is not valid Unicode text."));
    // Counted in code points, so an emoji is one character as the user sees it, not two UTF-16 units.
    if (points->size() > kMaxLabelLength)
        return invalidInput(
            QCoreApplication::translate("Validation", "The label must be at most %1 characters long.")
                .arg(kMaxLabelLength));
    for (const char32_t c : *points) {
        const QChar::Category category = QChar::category(c);
        // Line breaks and control characters would let a label forge extra rows in the CLI's
        // output and the audit trail.
        if (category == QChar::Other_Control || category == QChar::Separator_Line ||
            category == QChar::Separator_Paragraph)
            return invalidInput(QCoreApplication::translate(
                "Validation", "The label must not contain control characters or line breaks."));
        if (isBidiControl(c))
            return invalidInput(QCoreApplication::translate(
                "Validation", "The label must not contain text-direction control characters."));
        // U+FFFD is what a decoder leaves where the bytes were not valid text: a label holding
        // one was damaged on its way in, not chosen.
        if (isNoncharacter(c) || c == 0xFFFD)
            return invalidInput(
                QCoreApplication::translate(
                    "Validation", "The label contains a character that is not text (U+%1), as damaged input "
                                  "leaves behind.")
                    .arg(QString::number(quint32(c), 16).toUpper().rightJustified(4, u'0')));
    }
    return trimmed;
}

Result<QString> userName(const QString& raw)
{
    const QString name = raw.trimmed();
    if (name.isEmpty())
        return invalidInput(QCoreApplication::translate("Validation", "The user name must not be empty."));
    const std::optional<QList<char32_t>> points = codePoints(name);
    if (!points)
        return invalidInput(
            QCoreApplication::translate("Validation", "The user name is not valid Unicode text."));
    if (points->size() > kMaxUserNameLength)
        return invalidInput(
            QCoreApplication::translate("Validation", "The user name must be at most %1 characters long.")
                .arg(kMaxUserNameLength));
    // Letters in any script, as OS login names (the default user) need not be ASCII.
    const auto isLetterOrDigit = [](char32_t c) {
        return QChar::isLetter(c) || QChar::isDigit(c);
    };
    if (!isLetterOrDigit(points->first()))
        return invalidInput(
            QCoreApplication::translate("Validation", "The user name must start with a letter or a digit."));
    for (const char32_t c : *points) {
        if (!isLetterOrDigit(c) && c != U'.' && c != U'_' && c != U'-' && c != U'@')
            return invalidInput(QCoreApplication::translate(
                "Validation", "The user name may contain only letters, digits and the characters . _ - @"));
    }
    return name;
}

Result<std::chrono::seconds> duration(const QString& text)
{
    const QString trimmed = text.trimmed();
    const Error malformed = invalidInput(QCoreApplication::translate(
        "Validation", "A duration is a whole number followed by s, m, h, d or w, for example 90s, 15m, "
                      "12h, 30d or 2w."));
    if (trimmed.size() < 2)
        return malformed;
    const QStringView digits = QStringView(trimmed).chopped(1);
    for (const QChar c : digits) {
        // ASCII only: toLongLong would also accept a sign, and a lenient parser hides typos.
        if (!isAsciiDigit(c))
            return malformed;
    }
    std::chrono::seconds unit{};
    switch (trimmed.back().unicode()) {
    case u's':
        unit = 1s;
        break;
    case u'm':
        unit = 1min;
        break;
    case u'h':
        unit = 1h;
        break;
    case u'd':
        unit = std::chrono::days(1);
        break;
    case u'w':
        unit = std::chrono::weeks(1);
        break;
    default:
        return malformed;
    }
    const Error tooLong = invalidInput(
        QCoreApplication::translate("Validation", "A duration must not exceed %1 years.").arg(kMaxYears));
    bool ok = false;
    const qlonglong count = digits.toLongLong(&ok);
    if (!ok) // all digits, so the only way to fail is overflow
        return tooLong;
    if (count == 0)
        return invalidInput(
            QCoreApplication::translate("Validation", "A duration must be greater than zero."));
    // Compared by division so that the multiplication below cannot overflow.
    if (count > kMaxDuration.count() / unit.count())
        return tooLong;
    return std::chrono::seconds(count * unit.count());
}

Result<QDateTime> expiry(const QDateTime& expiresAt, const QDateTime& now)
{
    // A null date is how TokenSpec says "never expires"; it is a valid choice, not an error.
    if (expiresAt.isNull())
        return expiresAt;
    if (!expiresAt.isValid())
        return invalidInput(
            QCoreApplication::translate("Validation", "The expiry date is not a valid date."));
    if (expiresAt <= now)
        return invalidInput(
            QCoreApplication::translate("Validation", "The expiry date must be in the future."));
    if (expiresAt > now.addYears(kMaxYears))
        return invalidInput(
            QCoreApplication::translate("Validation", "The expiry date must be at most %1 years from now.")
                .arg(kMaxYears));
    return expiresAt;
}

} // namespace tokendesk::Validation
