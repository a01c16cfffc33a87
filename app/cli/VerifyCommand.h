// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/CliCommand.h"

#include <QCoreApplication>
#include <QList>

namespace tokendesk::cli {

// verify: what an organisation's scripts call to check a token read from standard input.
class VerifyCommand
{
    Q_DECLARE_TR_FUNCTIONS(VerifyCommand)

public:
    static QList<CliCommand> all();

private:
    static int verify(CliContext& ctx);
};

} // namespace tokendesk::cli
