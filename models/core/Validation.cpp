// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/Validation.h"

#include "models/core/Formatting.h"

#include <QCoreApplication>

#include <algorithm>
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

namespace {

// The messages of one kind of free text, so each reads naturally in its own words.
struct TextRules
{
    int maxLength;
    bool mayBeEmpty;
    const char* empty;
    const char* notUnicode;
    const char* tooLong;
    const char* controls;
    const char* bidi;
    const char* notText;
};

constexpr TextRules kLabelRules{
    kMaxLabelLength,
    false,
    QT_TRANSLATE_NOOP("Validation", "The label must not be empty."),
    QT_TRANSLATE_NOOP("Validation", "The label is not valid Unicode text."),
    QT_TRANSLATE_NOOP("Validation", "The label must be at most %1 characters long."),
    QT_TRANSLATE_NOOP("Validation", "The label must not contain control characters or line breaks."),
    QT_TRANSLATE_NOOP("Validation", "The label must not contain text-direction control characters."),
    QT_TRANSLATE_NOOP("Validation", "The label contains a character that is not text (U+%1), as damaged "
                                    "input leaves behind."),
};

constexpr TextRules kDescriptionRules{
    kMaxDescriptionLength,
    true,
    "",
    QT_TRANSLATE_NOOP("Validation", "The description is not valid Unicode text."),
    QT_TRANSLATE_NOOP("Validation", "The description must be at most %1 characters long."),
    QT_TRANSLATE_NOOP("Validation", "The description must not contain control characters or line breaks."),
    QT_TRANSLATE_NOOP("Validation", "The description must not contain text-direction control characters."),
    QT_TRANSLATE_NOOP("Validation", "The description contains a character that is not text (U+%1), as "
                                    "damaged input leaves behind."),
};

QString say(const char* message)
{
    return QCoreApplication::translate("Validation", message);
}

Result<QString> displayText(const QString& raw, const TextRules& rules)
{
    const QString trimmed = raw.trimmed();
    if (trimmed.isEmpty()) {
        if (rules.mayBeEmpty)
            return trimmed;
        return invalidInput(say(rules.empty));
    }
    const std::optional<QList<char32_t>> points = codePoints(trimmed);
    if (!points)
        return invalidInput(say(rules.notUnicode));
    // Counted in code points, so an emoji is one character as the user sees it, not two UTF-16 units.
    if (points->size() > rules.maxLength)
        return invalidInput(say(rules.tooLong).arg(rules.maxLength));
    for (const char32_t c : *points) {
        const QChar::Category category = QChar::category(c);
        // Line breaks and control characters would let the text forge extra rows in the CLI's
        // output and the audit trail.
        if (category == QChar::Other_Control || category == QChar::Separator_Line ||
            category == QChar::Separator_Paragraph)
            return invalidInput(say(rules.controls));
        if (isBidiControl(c))
            return invalidInput(say(rules.bidi));
        // U+FFFD is what a decoder leaves where the bytes were not valid text: text holding
        // one was damaged on its way in, not chosen.
        if (isNoncharacter(c) || c == 0xFFFD)
            return invalidInput(
                say(rules.notText).arg(QString::number(quint32(c), 16).toUpper().rightJustified(4, u'0')));
    }
    return trimmed;
}

bool isTagNameCharacter(QChar c)
{
    return (c >= u'a' && c <= u'z') || isAsciiDigit(c) || c == u'.' || c == u'_' || c == u'/' || c == u'-';
}

bool isTagValueCharacter(char32_t c)
{
    return QChar::isLetter(c) || QChar::isDigit(c) || c == U'.' || c == U'_' || c == U'/' || c == U'-' ||
           c == U':' || c == U'@' || c == U'+';
}

} // namespace

Result<QString> label(const QString& raw)
{
    return displayText(raw, kLabelRules);
}

Result<QString> description(const QString& raw)
{
    return displayText(raw, kDescriptionRules);
}

TagParts splitTag(const QString& tag)
{
    const qsizetype equals = tag.indexOf(u'=');
    if (equals < 0)
        return {tag, QStringLiteral("")};
    return {tag.left(equals), tag.mid(equals + 1)};
}

Result<QString> tag(const QString& raw)
{
    const QString trimmed = raw.trimmed();
    const bool hasValue = trimmed.contains(u'=');
    const TagParts parts = splitTag(trimmed);
    // Only ASCII letters are lowered: a name is ASCII, so nothing else could pass anyway.
    QString name = parts.name;
    for (QChar& c : name) {
        if (c >= u'A' && c <= u'Z')
            c = QChar(c.unicode() + (u'a' - u'A'));
    }
    const Error badName = invalidInput(
        QCoreApplication::translate("Validation",
                                    "A tag is a name of 1 to %1 characters (a-z, 0-9 and . _ / -, starting "
                                    "with a letter or digit), optionally followed by = and a value: "
                                    "'%2' is not one.")
            .arg(kMaxTagNameLength)
            .arg(Formatting::escapeForDisplay(trimmed.left(80), false)));
    if (name.isEmpty() || name.size() > kMaxTagNameLength || !(name.front().isLetterOrNumber()))
        return badName;
    if (!std::all_of(name.cbegin(), name.cend(), isTagNameCharacter))
        return badName;
    if (!hasValue)
        return name;
    const QString& value = parts.value;
    const std::optional<QList<char32_t>> points = codePoints(value);
    if (!points || points->isEmpty() || points->size() > kMaxTagValueLength ||
        !std::all_of(points->cbegin(), points->cend(), isTagValueCharacter))
        return invalidInput(
            QCoreApplication::translate(
                "Validation", "The value of tag '%1' must be 1 to %2 letters, digits or . _ / - : @ +.")
                .arg(name)
                .arg(kMaxTagValueLength));
    return name + u'=' + value;
}

Result<QStringList> tags(const QStringList& raw)
{
    QStringList normalised;
    normalised.reserve(raw.size());
    for (const QString& each : raw) {
        auto valid = tag(each);
        if (!valid.ok())
            return valid.error();
        normalised.append(valid.value());
    }
    normalised.sort();
    normalised.erase(std::unique(normalised.begin(), normalised.end()), normalised.end());
    if (normalised.size() > kMaxTags)
        return invalidInput(
            QCoreApplication::translate("Validation", "A token can have at most %1 tags.").arg(kMaxTags));
    return normalised;
}

Result<QString> mailAddress(const QString& raw)
{
    const QString address = raw.trimmed();
    if (address.isEmpty())
        return address;
    const auto refuse = [] {
        return invalidInput(QCoreApplication::translate(
            "Validation", "The mail address must look like name@example.org (ASCII letters, digits and "
                          "punctuation, no spaces)."));
    };
    if (address.size() > 254)
        return invalidInput(QCoreApplication::translate(
            "Validation", "The mail address must be at most 254 characters long."));
    const qsizetype at = address.indexOf(u'@');
    if (at <= 0 || at > 64 || address.indexOf(u'@', at + 1) >= 0)
        return refuse();
    for (const QChar c : QStringView(address).first(at)) {
        if (c.unicode() <= 0x20 || c.unicode() >= 0x7f || QStringView(u"<>()[],;:\\\"").contains(c))
            return refuse();
    }
    const QStringList labels = address.mid(at + 1).split(u'.');
    for (const QString& label : labels) {
        if (label.isEmpty() || label.size() > 63 || label.startsWith(u'-') || label.endsWith(u'-'))
            return refuse();
        for (const QChar c : label) {
            if (c.unicode() >= 0x80 || !(c.isLetterOrNumber() || c == u'-'))
                return refuse();
        }
    }
    return address;
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
