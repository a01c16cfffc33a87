// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/StorePaths.h"

#include <QDir>
#include <QStandardPaths>

#include <pwd.h>
#include <unistd.h>

namespace tokendesk::StorePaths {

QString defaultStorePath()
{
    QString fromEnv = qEnvironmentVariable("TOKENDESK_STORE");
    if (!fromEnv.isEmpty())
        return fromEnv;
    // GenericDataLocation, not AppDataLocation: the GUI, CLI and server have different
    // application names but must agree on one default store.
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return QDir(base).filePath(QStringLiteral("tokendesk/default.tokendesk"));
}

QString osLoginName()
{
    if (const passwd* entry = ::getpwuid(::geteuid()); entry && entry->pw_name && *entry->pw_name)
        return QString::fromLocal8Bit(entry->pw_name);
    const QString fromEnv = qEnvironmentVariable("USER");
    return fromEnv.isEmpty() ? QStringLiteral("admin") : fromEnv;
}

} // namespace tokendesk::StorePaths
