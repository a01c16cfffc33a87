// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/CliCommand.h"

#include <QCoreApplication>
#include <QList>

namespace tokendesk::cli {

// export: the token inventory as CSV or JSON on standard output, with list's filters.
class ExportCommand
{
    Q_DECLARE_TR_FUNCTIONS(ExportCommand)

public:
    static QList<CliCommand> all();

private:
    static int exportTokens(CliContext& ctx);
};

} // namespace tokendesk::cli
