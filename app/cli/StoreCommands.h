// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/CliCommand.h"

#include <QCoreApplication>
#include <QList>

#include <optional>

namespace tokendesk::cli {

// The store as a whole: init, settings, seed, migrate.
class StoreCommands
{
    Q_DECLARE_TR_FUNCTIONS(StoreCommands)

public:
    static QList<CliCommand> all();

private:
    static int init(CliContext& ctx);
    static int settings(CliContext& ctx);
    static int seed(CliContext& ctx);
    static int migrate(CliContext& ctx);
    static std::optional<int> tokenLimitOption(CliContext& ctx);
};

} // namespace tokendesk::cli
