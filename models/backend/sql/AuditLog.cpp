// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/backend/sql/AuditLog.h"

#include "models/backend/sql/AuditChain.h"
#include "models/backend/sql/SqlStore.h"
#include "models/backend/sql/SqlUtil.h"
#include "models/crypto/Crypto.h"

#include <QSqlError>
#include <QSqlQuery>

namespace tokendesk {

namespace {

constexpr int kVerifyBatch = 5000;

const QString& selectColumns()
{
    static const QString columns = QStringLiteral(
        "SELECT seq, at, actor, action, token_id, label, masked, detail, prev_hash, hash FROM audit ");
    return columns;
}

AuditEntry readEntry(const QSqlQuery& query)
{
    AuditEntry entry;
    entry.sequence = query.value(0).toLongLong();
    entry.at = SqlUtil::toDateTime(query.value(1));
    entry.actor = query.value(2).toString();
    entry.action = query.value(3).toString();
    entry.tokenId = query.value(4).toLongLong();
    entry.label = query.value(5).toString();
    entry.masked = query.value(6).toString();
    entry.detail = query.value(7).toString();
    entry.previousHash = query.value(8).toByteArray();
    entry.hash = query.value(9).toByteArray();
    return entry;
}

} // namespace

Result<AuditEntry> AuditLog::append(const AuditRecord& record)
{
    auto appended = appendAll({record});
    if (!appended.ok())
        return appended.error();
    return appended->constFirst();
}

Result<QList<AuditEntry>> AuditLog::appendAll(const QList<AuditRecord>& records)
{
    QList<AuditEntry> entries;
    if (records.isEmpty())
        return entries;
    const QSqlDatabase db = m_store.database();
    auto last = SqlUtil::exec(db, QStringLiteral("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"));
    if (!last.ok())
        return last.error();
    qint64 sequence = 1;
    QByteArray previousHash = AuditChain::genesisHash();
    if (last.value().next()) {
        sequence = last.value().value(0).toLongLong() + 1;
        previousHash = last.value().value(1).toByteArray();
    }
    last.value().finish();

    QSqlQuery insert(db);
    if (!insert.prepare(QStringLiteral("INSERT INTO audit (seq, at, actor, action, token_id, label, masked, "
                                       "detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")))
        return SqlUtil::fromSqlError(insert.lastError());
    const QDateTime at = m_store.now();
    entries.reserve(records.size());
    for (const AuditRecord& record : records) {
        AuditEntry entry;
        entry.sequence = sequence++;
        entry.previousHash = previousHash;
        entry.at = at;
        entry.actor = record.actor;
        entry.action = record.action;
        entry.tokenId = record.tokenId;
        entry.label = record.label;
        entry.masked = record.masked;
        entry.detail = record.detail;
        entry.hash = AuditChain::entryHash(m_store.crypto(), entry);
        const QVariantList values{entry.sequence,
                                  entry.at.toMSecsSinceEpoch(),
                                  SqlUtil::notNull(entry.actor),
                                  entry.action,
                                  entry.tokenId,
                                  SqlUtil::notNull(entry.label),
                                  SqlUtil::notNull(entry.masked),
                                  SqlUtil::notNull(entry.detail),
                                  entry.previousHash,
                                  entry.hash};
        for (int i = 0; i < values.size(); ++i)
            insert.bindValue(i, values.at(i));
        if (!insert.exec())
            return SqlUtil::fromSqlError(insert.lastError());
        previousHash = entry.hash;
        entries.append(std::move(entry));
    }
    auto head = SqlUtil::exec(db,
                              QStringLiteral("INSERT INTO settings (key, value) VALUES ('audit_head', :head)"
                                             " ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
                              {{"head", previousHash}});
    if (!head.ok())
        return head.error();
    return entries;
}

Result<QList<AuditEntry>> AuditLog::entries(const AuditQuery& query)
{
    const QString sql = selectColumns() +
                        (query.tokenId ? QStringLiteral("WHERE token_id = :token ") : QString()) +
                        QStringLiteral("ORDER BY seq DESC LIMIT :limit OFFSET :offset");
    QVariantMap bindings{{QStringLiteral("limit"), std::clamp(query.limit, 1, 100000)},
                         {QStringLiteral("offset"), std::max(query.offset, 0)}};
    if (query.tokenId)
        bindings.insert(QStringLiteral("token"), *query.tokenId);
    auto result = SqlUtil::exec(m_store.database(), sql, bindings);
    if (!result.ok())
        return result.error();
    QList<AuditEntry> list;
    while (result.value().next())
        list.append(readEntry(result.value()));
    return list;
}

Result<ChainReport> AuditLog::verifyChain()
{
    const QSqlDatabase db = m_store.database();
    ChainReport total;
    QByteArray previous = AuditChain::genesisHash();
    qint64 after = 0;
    qint64 expectedSequence = 1;
    for (;;) {
        auto batch = SqlUtil::exec(
            db, selectColumns() + QStringLiteral("WHERE seq > :after ORDER BY seq LIMIT :limit"),
            {{"after", after}, {"limit", kVerifyBatch}});
        if (!batch.ok())
            return batch.error();
        QList<AuditEntry> entries;
        while (batch.value().next())
            entries.append(readEntry(batch.value()));
        if (entries.isEmpty())
            break;
        for (const AuditEntry& entry : entries) {
            // A gap in the sequence means an entry was removed even if the hashes were re-forged.
            if (entry.sequence != expectedSequence++) {
                total.firstBrokenSequence = entry.sequence;
                return total;
            }
        }
        const ChainReport part = AuditChain::verify(m_store.crypto(), entries, previous);
        total.entriesChecked += part.entriesChecked;
        if (!part.intact()) {
            total.firstBrokenSequence = part.firstBrokenSequence;
            return total;
        }
        previous = entries.constLast().hash;
        after = entries.constLast().sequence;
    }
    auto head = SqlUtil::exec(db, QStringLiteral("SELECT value FROM settings WHERE key = 'audit_head'"));
    if (!head.ok())
        return head.error();
    const QByteArray recordedHead = head.value().next() ? head.value().value(0).toByteArray() : QByteArray();
    if (!recordedHead.isEmpty() && !m_store.crypto().constantTimeEquals(recordedHead, previous)) {
        total.firstBrokenSequence = after + 1; // entries after `after` were cut off
        return total;
    }
    if (after > 0) {
        total.headSequence = after;
        total.headHash = previous;
    }
    return total;
}

} // namespace tokendesk
