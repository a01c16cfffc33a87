// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"

#include <QCoreApplication>
#include <QFuture>
#include <QMap>
#include <QString>

namespace tokendesk {

struct MigrationReport
{
    QMap<QString, qint64> rows; // table -> rows copied
    qint64 auditEntriesChecked = 0;
};

// Moves a whole store between engines (a SQLite file and a PostgreSQL database, either way):
// settings with the pepper, users, tokens with their ids and secret hashes, the audit log and
// the notices outbox, row for row. Tokens keep working (same hashes, same pepper) and the audit
// chain stays intact (checked on the copy before it is reported done).
//
// The source is read in one transaction and never changed; the target must be new (no file) or
// an empty database, and is written in one transaction, so a failure leaves it empty.
class StoreMigrator
{
    Q_DECLARE_TR_FUNCTIONS(StoreMigrator)

public:
    // `from` and `to`: a file path, "sqlite:PATH" or a postgresql:// URL.
    static QFuture<Result<MigrationReport>> migrate(const QString& from, const QString& to);
    // "sqlite:PATH" -> PATH; anything else unchanged.
    static QString locationText(const QString& argument);
};

} // namespace tokendesk
