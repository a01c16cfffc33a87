// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/ExportCommand.h"

#include "app/cli/CliContext.h"
#include "app/cli/TokenCommands.h"
#include "models/api/TokenExport.h"

#include <QFile>

namespace tokendesk::cli {

namespace {

const QString kFormat = QStringLiteral("format");

// Pages of this size keep memory flat however large the store; the writer streams each one out.
constexpr int kExportPageSize = 2000;

} // namespace

int ExportCommand::exportTokens(CliContext& ctx)
{
    const std::optional<ExportFormat> format = exportFormatFromName(ctx.value(kFormat));
    if (!format)
        return ctx.usageError(tr("--format needs csv or json, not '%1'").arg(ctx.value(kFormat)));
    const std::optional<TokenQuery> wanted = TokenCommands::listQuery(ctx);
    if (!wanted)
        return ExitUsage;
    const Result<std::shared_ptr<SqlBackend>> backend = ctx.openBackend();
    if (!backend)
        return ctx.fail(backend.error());

    QFile out;
    if (!out.open(ctx.out().resultStream(), QIODevice::WriteOnly))
        return ctx.fail(makeError(ErrorCode::Internal, tr("cannot write to standard output")));
    const auto failedWrite = [&] {
        return ctx.fail(makeError(ErrorCode::Internal,
                                  tr("standard output did not take the export: %1").arg(out.errorString())));
    };
    TokenExportWriter writer(*format, out);
    if (!writer.begin())
        return failedWrite();
    TokenQuery page = *wanted;
    qint64 written = 0;
    for (;;) {
        const qint64 remaining = wanted->limit > 0 ? wanted->limit - written : kExportPageSize;
        page.limit = int(std::min<qint64>(kExportPageSize, remaining));
        if (page.limit <= 0)
            break;
        const Result<QList<Token>> rows = await(backend.value()->list(page));
        if (!rows)
            return ctx.fail(rows.error());
        if (!writer.write(rows.value()) || !out.flush())
            return failedWrite();
        written += rows.value().size();
        if (rows.value().size() < page.limit)
            break;
        page = page.nextPage(rows.value());
    }
    if (!writer.finish() || !out.flush())
        return failedWrite();
    return ExitOk;
}

QList<CliCommand> ExportCommand::all()
{
    QList<QCommandLineOption> options{
        QCommandLineOption(kFormat, tr("csv or json."), tr("FORMAT"), QStringLiteral("csv"))};
    options << TokenCommands::listOptions();
    return {
        CliCommand{{QStringLiteral("export")},
                   QStringLiteral("[--format csv|json] [--filter TEXT] [--sort KEY] [--desc] [--limit N] "
                                  "[--role ROLE] [--status STATUS] [--unused-days N] [--expiring-days N]"),
                   tr("Write the token inventory (never a secret) to standard output."),
                   {},
                   options,
                   exportTokens},
    };
}

} // namespace tokendesk::cli
