// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/CliCommand.h"

#include <QCoreApplication>
#include <QList>

namespace tokendesk::cli {

// user add / remove / list.
class UserCommands
{
    Q_DECLARE_TR_FUNCTIONS(UserCommands)

public:
    static QList<CliCommand> all();

private:
    static int add(CliContext& ctx);
    static int remove(CliContext& ctx);
    static int setEmail(CliContext& ctx);
    static int list(CliContext& ctx);
};

} // namespace tokendesk::cli
