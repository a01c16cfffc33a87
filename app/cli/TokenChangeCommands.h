// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/CliCommand.h"
#include "models/core/Result.h"
#include "models/core/Types.h"

#include <QCoreApplication>
#include <QList>

#include <memory>

namespace tokendesk {
class SqlBackend;
}

namespace tokendesk::cli {

// Changing an existing token: rename, disable, enable, revoke. Each reads the token first and
// passes on the version it saw, so a concurrent change by another admin fails with CONFLICT.
class TokenChangeCommands
{
    Q_DECLARE_TR_FUNCTIONS(TokenChangeCommands)

public:
    static QList<CliCommand> all();

private:
    static int rename(CliContext& ctx);
    static int setEnabled(CliContext& ctx, bool enabled);
    static int describe(CliContext& ctx);
    static int extend(CliContext& ctx);
    static int revoke(CliContext& ctx);
    static int printChanged(CliContext& ctx, const Token& token, const QString& message);
};

} // namespace tokendesk::cli
