// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/CliCommand.h"

#include <QCoreApplication>
#include <QList>

#include <optional>

namespace tokendesk {
class Backend;
struct ChainReport;
struct AuditHead;
} // namespace tokendesk

namespace tokendesk::cli {

// audit: the history, the check of its hash chain, and its head. The head (sequence:hash of the
// newest entry) is what an admin keeps outside the store: someone who can write the store file
// can cut entries off the end and rewrite the head recorded inside it, but not make an exported
// head reappear (--expect-head), nor forge the daily head the server mails signed with a key
// outside the store (--signed-head with --key).
class AuditCommand
{
    Q_DECLARE_TR_FUNCTIONS(AuditCommand)

public:
    static QList<CliCommand> all();

private:
    static int audit(CliContext& ctx);
    static int verifyChain(CliContext& ctx, Backend& backend);
    // Exit status; *expected is the head asked for (--expect-head or --signed-head).
    static int readExpectedHead(CliContext& ctx, std::optional<AuditHead>& expected, QString& source);
    static int checkHoldsHead(CliContext& ctx, Backend& backend, const ChainReport& chain,
                              const AuditHead& expected);
};

} // namespace tokendesk::cli
