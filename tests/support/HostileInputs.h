// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace tokendesk::test {

// One hostile value for a boundary's table-driven test (issue 14, "Bad input, everywhere").
// Kept as bytes, since some are not UTF-8 at all: a boundary that takes text (a command-line
// argument, a JSON string, a header) is fed exactly these bytes.
struct HostileInput
{
    QString name;     // what gtest prints, e.g. "bidi_override"
    QByteArray bytes; // the raw value

    bool isUtf8() const;
    bool hasNul() const { return bytes.contains('\0'); }
    // The value as text (invalid sequences become U+FFFD, as a lenient decoder would make them).
    QString text() const { return QString::fromUtf8(bytes); }
};

// Text for fields such as labels, user names, filters, ids and options: empty, huge, control
// characters, invalid UTF-8, bidi overrides, emoji and combining marks, noncharacters,
// SQL/JSON/HTML/shell/format-string injection, paths and option look-alikes.
const QList<HostileInput>& hostileText();

// Numbers as text for counts, limits, days and ids: negative, zero, overflowing, fractions,
// other bases, signs, spaces and digits of other scripts.
const QList<HostileInput>& hostileNumbers();

// Both lists, for fields where any of them may arrive.
QList<HostileInput> allHostileInputs();

// Whether the table slot `slot` is fed the value at `index` of allHostileInputs() (an index < 0,
// a value of the table's own, always is). The dev build feeds every value to every slot. A
// sanitizer build (TOKENDESK_SANITIZE, where the CLI and REST tables took minutes) feeds each slot
// a deterministic third: the values whose index % 3 is the slot's offset (from its name), so every
// value still meets about a third of a table's slots, plus, in every slot, the values that found
// bugs. TOKENDESK_HOSTILE_ALL=1 in the environment feeds every value in any build.
bool hostileValueInSlot(const QString& slot, qsizetype index);

// True when `bytes` is well-formed UTF-8 without C0/C1 control characters other than a line
// feed and a tab: what a clear error message on a terminal or in a log may contain.
bool isPrintableText(const QByteArray& bytes);

} // namespace tokendesk::test
