// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"
#include "models/core/Types.h"

namespace tokendesk {

class SqlStore;

// What an operation tells the audit log; sequence, time and hashes are filled in by append().
struct AuditRecord
{
    QString actor;
    QString action;
    TokenId tokenId = 0;
    QString label;
    QString masked;
    QString detail;
};

// The store's append-only, hash-chained audit log. Worker thread only; append() must run inside
// the caller's write transaction so the entry commits or rolls back with the change it records.
class AuditLog
{
public:
    explicit AuditLog(SqlStore& store) : m_store(store) {}

    Result<AuditEntry> append(const AuditRecord& record);
    // The records in order, as append() would chain them one by one, with one read of the head, one
    // prepared insert and one head update: a bulk change of 1,000 tokens writes 1,000 entries.
    Result<QList<AuditEntry>> appendAll(const QList<AuditRecord>& records);
    Result<QList<AuditEntry>> entries(const AuditQuery& query);
    // Recomputes every link in sequence order (in batches, so memory stays flat) and checks the
    // recorded head, which also catches entries cut off the end.
    Result<ChainReport> verifyChain();

private:
    SqlStore& m_store;
};

} // namespace tokendesk
