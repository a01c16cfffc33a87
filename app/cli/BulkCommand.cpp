// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/BulkCommand.h"

#include "app/cli/CliContext.h"
#include "app/cli/TokenCommands.h"
#include "app/cli/TokenDetailOptions.h"
#include "models/api/BulkJson.h"
#include "models/table/BulkRun.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QTimer>

namespace tokendesk::cli {

namespace {

const QString kConfirmCount = QStringLiteral("confirm-count");
const QString kRemove = QStringLiteral("remove");

// The action the command line asks for, its --expires or TAG read; or, once the problem has
// been reported, the exit status that says what kind it was.
struct ActionFromArguments
{
    BulkAction action;
    int failedWith = 0; // 0: `action` is what to do
};

ActionFromArguments actionFrom(CliContext& ctx, BulkActionKind kind)
{
    ActionFromArguments parsed{BulkAction{kind, {}, {}}, 0};
    if (kind == BulkActionKind::Extend) {
        if (!ctx.isSet(TokenDetailOptions::expires))
            return {{}, ctx.usageError(BulkCommand::tr("--expires is required"))};
        const Result<QDateTime> expiry =
            TokenDetailOptions::expiryFromOption(ctx.value(TokenDetailOptions::expires));
        if (!expiry)
            return {{}, ctx.fail(expiry.error())};
        parsed.action.expiresAt = expiry.value();
    }
    if (kind == BulkActionKind::AddTag) {
        if (ctx.arguments().size() != 1)
            return {{}, ctx.usageError(BulkCommand::tr("name exactly one TAG"))};
        parsed.action.tag = ctx.arguments().constFirst();
        if (ctx.isSet(kRemove))
            parsed.action.kind = BulkActionKind::RemoveTag;
    } else if (!ctx.arguments().isEmpty()) {
        return {{},
                ctx.usageError(
                    BulkCommand::tr("bulk %1 takes no arguments; choose tokens with the filter options")
                        .arg(bulkActionName(kind)))};
    }
    return parsed;
}

// "Disabled 12 tokens." and the like, with what was already so and what failed.
QString summary(BulkActionKind kind, const BulkRun::Report& report)
{
    const int changed = report.outcome.changed;
    QString text;
    switch (kind) {
    case BulkActionKind::Disable:
        text = BulkCommand::tr("Disabled %n token(s).", nullptr, changed);
        break;
    case BulkActionKind::Enable:
        text = BulkCommand::tr("Enabled %n token(s).", nullptr, changed);
        break;
    case BulkActionKind::Revoke:
        text = BulkCommand::tr("Revoked %n token(s); they no longer verify.", nullptr, changed);
        break;
    case BulkActionKind::Extend:
        text = BulkCommand::tr("Moved the expiry of %n token(s).", nullptr, changed);
        break;
    case BulkActionKind::AddTag:
    case BulkActionKind::RemoveTag:
        text = BulkCommand::tr("Changed the tags of %n token(s).", nullptr, changed);
        break;
    }
    if (report.outcome.unchanged > 0)
        text += QLatin1Char(' ') +
                BulkCommand::tr("%n already were as asked.", nullptr, report.outcome.unchanged);
    return text;
}

BulkRun::Report runToTheEnd(const std::shared_ptr<Backend>& backend, const BulkAction& action,
                            const QList<BulkItem>& items)
{
    BulkRun run(backend, action, items);
    BulkRun::Report report;
    QEventLoop loop;
    QObject::connect(&run, &BulkRun::finished, &loop, [&](const BulkRun::Report& finished) {
        report = finished;
        loop.quit();
    });
    QTimer::singleShot(0, &run, &BulkRun::start);
    loop.exec();
    return report;
}

} // namespace

int BulkCommand::run(CliContext& ctx, BulkActionKind kind)
{
    const ActionFromArguments parsed = actionFrom(ctx, kind);
    if (parsed.failedWith != 0)
        return parsed.failedWith;
    const BulkAction& action = parsed.action;
    const std::optional<TokenQuery> query = TokenCommands::filterQuery(ctx);
    if (!query)
        return ExitUsage;
    const bool confirmed = ctx.isSet(kConfirmCount);
    const qint64 confirmCount = CliContext::parseNumber(ctx.value(kConfirmCount)).value_or(-1);
    if (confirmed && confirmCount < 0)
        return ctx.usageError(tr("--confirm-count needs a number, not '%1'").arg(ctx.value(kConfirmCount)));
    const Result<std::shared_ptr<SqlBackend>> backend = ctx.openBackend();
    if (!backend)
        return ctx.fail(backend.error());
    const Result<QList<TokenId>> ids = await(backend.value()->matchingIds(*query));
    if (!ids)
        return ctx.fail(ids.error());
    const qint64 matched = ids.value().size();
    // Without the count nothing happens: the command says how many tokens it would change, so
    // the number a script confirms is one a person has seen.
    if (!confirmed)
        return ctx.usageError(
            tr("--confirm-count is required: these filters match %n token(s)", nullptr, int(matched)));
    if (confirmCount != matched)
        return ctx.fail(
            makeError(ErrorCode::Conflict, tr("these filters match %n token(s), not %1; nothing was changed",
                                              nullptr, int(matched))
                                               .arg(confirmCount)));
    const BulkRun::Report report = runToTheEnd(backend.value(), action, BulkItem::anyVersionOf(ids.value()));

    if (ctx.json()) {
        QJsonObject object = ApiJson::toJson(report.outcome);
        object.insert(QStringLiteral("action"), bulkActionName(action.kind));
        object.insert(QStringLiteral("matched"), matched);
        object.insert(QStringLiteral("not_attempted"), qint64(report.notAttempted));
        ctx.out().json(object);
    } else {
        ctx.out().line(summary(action.kind, report));
        for (const BulkFailure& failure : report.outcome.failures)
            ctx.out().line(tr("  token %1 \"%2\": %3")
                               .arg(QString::number(failure.id), failure.label, failure.error.toString()));
    }
    if (report.stopped)
        return ctx.fail(Error{report.stoppedBy.code, tr("stopped with %n token(s) not attempted: %1", nullptr,
                                                        int(report.notAttempted))
                                                         .arg(report.stoppedBy.message)});
    if (!report.outcome.failures.isEmpty())
        return ctx.fail(makeError(ErrorCode::Conflict, tr("%n token(s) could not be changed", nullptr,
                                                          int(report.outcome.failures.size()))));
    return ExitOk;
}

QList<CliCommand> BulkCommand::all()
{
    const QString filters = QStringLiteral("[--filter TEXT] [--role ROLE] [--status STATUS] [--unused-days "
                                           "N] [--expiring-days N] [--breaks-policy] "
                                           "--confirm-count N");
    QList<QCommandLineOption> options{QCommandLineOption(
        kConfirmCount,
        tr("The number of tokens the filters match; the change is refused unless it is exact. Run without it "
           "to be told the number."),
        tr("N"))};
    options << TokenCommands::filterOptions();
    QList<QCommandLineOption> extendOptions = options;
    extendOptions << QCommandLineOption(
        TokenDetailOptions::expires,
        tr("The new lifetime from now, such as 30d, or never (where the policy "
           "allows it)."),
        tr("DURATION"));
    QList<QCommandLineOption> tagOptions = options;
    tagOptions << QCommandLineOption(kRemove, tr("Remove the tag instead of adding it."));
    const auto command = [&](BulkActionKind kind, const QString& synopsis, const QString& description,
                             const QList<QCommandLineOption>& own, QList<CliArgument> arguments = {}) {
        return CliCommand{{QStringLiteral("bulk"), bulkActionName(kind)},
                          synopsis,
                          description,
                          std::move(arguments),
                          own,
                          [kind](CliContext& ctx) {
                              return run(ctx, kind);
                          }};
    };
    return {
        command(BulkActionKind::Disable, filters, tr("Disable every token the filters match."), options),
        command(BulkActionKind::Enable, filters, tr("Enable every token the filters match."), options),
        command(BulkActionKind::Revoke, filters, tr("Revoke every token the filters match, for good."),
                options),
        command(BulkActionKind::Extend, QStringLiteral("--expires DURATION|never ") + filters,
                tr("Move the expiry of every token the filters match, within the lifetime policy."),
                extendOptions),
        command(BulkActionKind::AddTag, QStringLiteral("TAG [--remove] ") + filters,
                tr("Add a tag to (or with --remove take it from) every token the filters match."), tagOptions,
                {{QStringLiteral("TAG"), tr("A tag such as ci or env=prod.")}}),
    };
}

} // namespace tokendesk::cli
