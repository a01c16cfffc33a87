// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/CliCommand.h"

#include <QCoreApplication>
#include <QList>

namespace tokendesk {
class Backend;
struct ChainReport;
} // namespace tokendesk

namespace tokendesk::cli {

// audit: the history, the check of its hash chain, and its head. The head (sequence:hash of the
// newest entry) is what an admin keeps outside the store: someone who can write the store file
// can cut entries off the end and rewrite the head recorded inside it, but not make an exported
// head reappear (--expect-head).
class AuditCommand
{
    Q_DECLARE_TR_FUNCTIONS(AuditCommand)

public:
    static QList<CliCommand> all();

private:
    static int audit(CliContext& ctx);
    static int verifyChain(CliContext& ctx, Backend& backend);
    static int checkExpectedHead(CliContext& ctx, Backend& backend, const ChainReport& chain);
};

} // namespace tokendesk::cli
