// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/CliCommand.h"
#include "models/core/BulkAction.h"

#include <QCoreApplication>
#include <QList>

namespace tokendesk::cli {

// bulk disable|enable|revoke|extend|tag: one change to every token list's filters match, refused
// unless --confirm-count names how many that is.
class BulkCommand
{
    Q_DECLARE_TR_FUNCTIONS(BulkCommand)

public:
    static QList<CliCommand> all();

private:
    static int run(CliContext& ctx, BulkActionKind kind);
};

} // namespace tokendesk::cli
