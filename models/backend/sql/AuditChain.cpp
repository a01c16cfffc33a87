// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/backend/sql/AuditChain.h"

#include "models/crypto/Crypto.h"

#include <QtEndian>

namespace tokendesk::AuditChain {

namespace {

void appendInt(QByteArray& out, qint64 value)
{
    char buffer[8];
    qToBigEndian(value, buffer);
    out.append(buffer, sizeof buffer);
}

void appendText(QByteArray& out, const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    appendInt(out, utf8.size());
    out.append(utf8);
}

} // namespace

QByteArray genesisHash()
{
    return QByteArray(kHashSize, '\0');
}

QByteArray entryHash(const Crypto& crypto, const AuditEntry& entry)
{
    QByteArray encoded;
    encoded.reserve(256);
    encoded.append("tokendesk-audit-v1");
    appendInt(encoded, entry.previousHash.size());
    encoded.append(entry.previousHash);
    appendInt(encoded, entry.sequence);
    appendInt(encoded, entry.at.toMSecsSinceEpoch());
    appendText(encoded, entry.actor);
    appendText(encoded, entry.action);
    appendInt(encoded, entry.tokenId);
    appendText(encoded, entry.label);
    appendText(encoded, entry.masked);
    appendText(encoded, entry.detail);
    return crypto.sha256(encoded);
}

ChainReport verify(const Crypto& crypto, const QList<AuditEntry>& entries,
                   const QByteArray& expectedFirstPrevious)
{
    ChainReport report;
    QByteArray previous = expectedFirstPrevious;
    for (const AuditEntry& entry : entries) {
        ++report.entriesChecked;
        const bool linked = crypto.constantTimeEquals(entry.previousHash, previous);
        const bool intact = crypto.constantTimeEquals(entry.hash, entryHash(crypto, entry));
        if (!linked || !intact) {
            report.firstBrokenSequence = entry.sequence;
            return report;
        }
        previous = entry.hash;
    }
    return report;
}

} // namespace tokendesk::AuditChain
