// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <optional>

namespace tokendesk {

// One entry of the hash-chained audit log, named by its sequence and hash: what `tokendesk-cli
// audit --head` prints, what the server mails every admin each day and what the console
// remembers. Kept outside the store, it shows entries cut off the end or rewritten by someone
// who could write the store and recompute the head the store keeps of itself (issue 14).
struct AuditHead
{
    qint64 sequence = 0;
    QByteArray hash; // 32 bytes

    // "SEQ:HASH": a positive sequence and 64 hex digits (blanks around are ignored).
    static std::optional<AuditHead> parse(const QString& text);
    QString text() const;
    bool operator==(const AuditHead&) const = default;
};

// Does the log still hold a head exported earlier? An intact chain numbers its entries 1..head
// without a gap, so the exported entry is either past the end (cut off) or at a known offset
// from the newest one. The caller reads that one entry (newestFirstOffset) and hands it in.
class AuditHeadCheck
{
    Q_DECLARE_TR_FUNCTIONS(AuditHeadCheck)

public:
    enum class Outcome
    {
        Holds,     // the entry at the exported sequence has the exported hash
        CutOff,    // the log ends before the exported sequence
        Rewritten, // the entry at the exported sequence is another one (or gone)
    };

    // Where the exported entry is among the entries newest first (AuditQuery::offset), or
    // nullopt when the log ends before it and there is nothing to read.
    static std::optional<qint64> newestFirstOffset(qint64 headSequence, const AuditHead& expected);
    // `found`: the entry read at that offset, nullopt when there was none.
    static AuditHeadCheck of(qint64 headSequence, const AuditHead& expected,
                             const std::optional<AuditHead>& found);

    Outcome outcome() const { return m_outcome; }
    bool holds() const { return m_outcome == Outcome::Holds; }
    qint64 headSequence() const { return m_headSequence; }
    const AuditHead& expected() const { return m_expected; }
    // CutOff: the entries missing, firstMissing() to expected().sequence.
    qint64 firstMissing() const { return m_headSequence + 1; }
    // Rewritten: what the log holds at the exported place now, if anything.
    const std::optional<AuditHead>& found() const { return m_found; }
    // One sentence naming what is missing or rewritten; empty when the head holds.
    QString describe() const;

private:
    Outcome m_outcome = Outcome::Holds;
    qint64 m_headSequence = 0;
    AuditHead m_expected;
    std::optional<AuditHead> m_found;
};

} // namespace tokendesk
