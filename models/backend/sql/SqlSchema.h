// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"

class QSqlDatabase;

namespace tokendesk {
class SqlDialect;
}

namespace tokendesk::SqlSchema {

// Marks a database (SQLite file: application_id; PostgreSQL: schema_meta) as a TokenDesk store ("TDK1"), so a
// random database is not mistaken for one.
inline constexpr qint64 kApplicationId = 0x54444B31;
// Each migration moves the schema up by one version; never edit a released one, add a new one.
inline constexpr int kLatestVersion = 11;

Result<int> currentVersion(QSqlDatabase& db, const SqlDialect& dialect);
Result<int> currentVersion(QSqlDatabase& db); // SQLite

// Applies every migration from the current version up to targetVersion, each in its own
// transaction together with the version bump, so a crash leaves the store at a whole version.
// Refuses (STORE_TOO_NEW) a store whose schema is newer than this build understands.
Result<Unit> migrate(QSqlDatabase& db, const SqlDialect& dialect, int targetVersion = kLatestVersion);
Result<Unit> migrate(QSqlDatabase& db, int targetVersion = kLatestVersion); // SQLite

} // namespace tokendesk::SqlSchema
