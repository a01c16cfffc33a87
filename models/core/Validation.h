// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"

#include <QDateTime>
#include <QString>

#include <chrono>

namespace tokendesk::Validation {

inline constexpr int kMaxLabelLength = 64;
inline constexpr int kMaxUserNameLength = 64;
inline constexpr int kMaxDescriptionLength = 500;
inline constexpr int kMaxTags = 20;
inline constexpr int kMaxTagNameLength = 32;
inline constexpr int kMaxTagValueLength = 64;

// The explicit directional formatting characters (Unicode's Bidi_Control property). They can
// reorder what follows them, so "abc\u202Eexe.txt" would display as something else entirely.
bool isBidiControl(char32_t c);
// The 66 code points Unicode reserves as never being characters (U+FDD0..U+FDEF and the last
// two of every plane).
bool isNoncharacter(char32_t c);

// Trims, then requires 1–64 characters and no control, line-separator or bidi-override
// characters (those let a label spoof what an admin sees), no noncharacter and no U+FFFD.
// Returns the normalised label.
Result<QString> label(const QString& raw);

// Trims, then requires at most 500 characters under the label's rules (one line, no control or
// bidi-override characters); empty is allowed and means no description.
Result<QString> description(const QString& raw);

// A tag is NAME or NAME=VALUE. NAME: 1–32 of a-z 0-9 . _ / - (ASCII letters are lowered, so CI
// and ci are one tag), starting with a letter or digit. VALUE: 1–64 letters or digits of any
// script and . _ / - : @ +, case kept. No spaces or commas, so a tag list prints and parses
// unambiguously in a table cell, a CSV field and a filter.
Result<QString> tag(const QString& raw);
// A tag's two parts: {"env", "prod"} for env=prod, {"ci", ""} for ci (no validation).
struct TagParts
{
    QString name;
    QString value;
};
TagParts splitTag(const QString& tag);
// At most 20 tags, each as tag(); returns them sorted with duplicates dropped.
Result<QStringList> tags(const QStringList& raw);

// A user name: 1–64 characters of letters, digits and . _ - @, starting with a letter or digit.
Result<QString> userName(const QString& raw);

// A user's optional mail address: empty (none), or local@domain in ASCII — at most 254
// characters, a local part of at most 64 without spaces, controls or any of <>()[],;:\" and a
// domain of dot-separated labels of letters, digits and inner hyphens. Anything that could break
// out of an SMTP envelope or header is refused here.
Result<QString> mailAddress(const QString& raw);

// "90s", "15m", "12h", "30d", "2w": a positive duration. Used by --expires and --grace.
Result<std::chrono::seconds> duration(const QString& text);

// An expiry must lie in the future (relative to now) and within 10 years.
Result<QDateTime> expiry(const QDateTime& expiresAt, const QDateTime& now);

} // namespace tokendesk::Validation
