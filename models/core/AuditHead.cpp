// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/AuditHead.h"

#include <QRegularExpression>

namespace tokendesk {

std::optional<AuditHead> AuditHead::parse(const QString& text)
{
    // At most 18 digits, so the sequence fits a qint64 without overflow.
    static const QRegularExpression form(QStringLiteral("^([1-9][0-9]{0,17}):([0-9a-fA-F]{64})$"));
    const QRegularExpressionMatch match = form.match(text.trimmed());
    if (!match.hasMatch())
        return std::nullopt;
    return AuditHead{match.captured(1).toLongLong(), QByteArray::fromHex(match.captured(2).toLatin1())};
}

QString AuditHead::text() const
{
    return QString::number(sequence) + u':' + QString::fromLatin1(hash.toHex());
}

std::optional<qint64> AuditHeadCheck::newestFirstOffset(qint64 headSequence, const AuditHead& expected)
{
    if (expected.sequence > headSequence)
        return std::nullopt;
    return headSequence - expected.sequence;
}

AuditHeadCheck AuditHeadCheck::of(qint64 headSequence, const AuditHead& expected,
                                  const std::optional<AuditHead>& found)
{
    AuditHeadCheck check;
    check.m_headSequence = headSequence;
    check.m_expected = expected;
    check.m_found = found;
    if (expected.sequence > headSequence)
        check.m_outcome = Outcome::CutOff;
    else if (!found || *found != expected)
        check.m_outcome = Outcome::Rewritten;
    return check;
}

QString AuditHeadCheck::describe() const
{
    switch (m_outcome) {
    case Outcome::Holds:
        return {};
    case Outcome::CutOff:
        return tr("the audit log ends at entry %1, but entry %2 was exported earlier: entries %3 to %2 are "
                  "missing (cut off the end)")
            .arg(m_headSequence)
            .arg(m_expected.sequence)
            .arg(firstMissing());
    case Outcome::Rewritten:
        return tr("entry %1 is not the one exported earlier: the audit log was rewritten from there on (now "
                  "%2)")
            .arg(m_expected.sequence)
            .arg(m_found ? m_found->text() : tr("missing"));
    }
    return {};
}

} // namespace tokendesk
