// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/TokenCommands.h"

#include "app/cli/CliContext.h"
#include "app/cli/TokenDetailOptions.h"
#include "models/api/ApiJson.h"
#include "models/core/Validation.h"

#include <limits>
#include <unistd.h>

namespace tokendesk::cli {

namespace {

const QString kLabel = QStringLiteral("label");
const QString kRole = QStringLiteral("role");
const QString& kExpires = TokenDetailOptions::expires;
const QString kGrace = QStringLiteral("grace");
const QString kFilter = QStringLiteral("filter");
const QString kStatus = QStringLiteral("status");
const QString kSort = QStringLiteral("sort");
const QString kUnusedDays = QStringLiteral("unused-days");
const QString kExpiringDays = QStringLiteral("expiring-days");
const QString kBreaksPolicy = QStringLiteral("breaks-policy");
const QString kDesc = QStringLiteral("desc");
const QString kLimit = QStringLiteral("limit");
const QString kInactive = QStringLiteral("inactive");

constexpr int kPageSize = 1000;

} // namespace

int TokenCommands::printGenerated(CliContext& ctx, const GeneratedToken& generated)
{
    // Only now, after the backend committed, may the plaintext appear.
    if (!ctx.out().printGenerated(generated, ctx.json())) {
        return ctx.fail(makeError(ErrorCode::Internal,
                                  tr("token %1 was created but could not be written to standard output; "
                                     "rotate or revoke it")
                                      .arg(generated.token.id)));
    }
    if (::isatty(STDOUT_FILENO) && !ctx.json())
        ctx.out().note(tr("Copy the token now: it cannot be shown again."));
    return ExitOk;
}

int TokenCommands::generate(CliContext& ctx)
{
    if (!ctx.isSet(kLabel))
        return ctx.usageError(tr("--label is required"));
    TokenSpec spec;
    spec.label = ctx.value(kLabel);
    if (ctx.isSet(kRole)) {
        const std::optional<Role> role = roleFromName(ctx.value(kRole));
        if (!role)
            return ctx.usageError(tr("unknown role '%1'; expected developer or admin").arg(ctx.value(kRole)));
        spec.role = *role;
    }
    // Left out, the store's lifetime policy chooses (see `settings`).
    spec.expiryFromPolicy = !ctx.isSet(kExpires);
    if (ctx.isSet(kExpires)) {
        const Result<QDateTime> expiry = TokenDetailOptions::expiryFromOption(ctx.value(kExpires));
        if (!expiry)
            return ctx.fail(expiry.error());
        spec.expiresAt = expiry.value();
    }
    spec.description = ctx.value(TokenDetailOptions::description);
    spec.tags = ctx.values(TokenDetailOptions::tag);
    const Result<std::shared_ptr<SqlBackend>> backend = ctx.openBackend();
    if (!backend)
        return ctx.fail(backend.error());
    const Result<GeneratedToken> generated = await(backend.value()->generate(spec));
    if (!generated)
        return ctx.fail(generated.error());
    return printGenerated(ctx, generated.value());
}

int TokenCommands::rotate(CliContext& ctx)
{
    const std::optional<TokenId> id = ctx.tokenIdArgument(0);
    if (!id)
        return ExitUsage;
    std::chrono::seconds grace{0};
    if (ctx.isSet(kGrace)) {
        const Result<std::chrono::seconds> duration = Validation::duration(ctx.value(kGrace));
        if (!duration)
            return ctx.fail(duration.error());
        grace = duration.value();
    }
    const Result<Token> current = ctx.currentToken(*id);
    if (!current)
        return ctx.fail(current.error());
    const Result<GeneratedToken> rotated = await(ctx.backend().rotate(*id, current.value().version, grace));
    if (!rotated)
        return ctx.fail(rotated.error());
    return printGenerated(ctx, rotated.value());
}

std::optional<TokenQuery> TokenCommands::filterQuery(CliContext& ctx)
{
    TokenQuery query;
    query.filter = ctx.value(kFilter);
    if (ctx.isSet(kRole)) {
        query.role = roleFromName(ctx.value(kRole));
        if (!query.role) {
            ctx.usageError(tr("unknown role '%1'; expected developer or admin").arg(ctx.value(kRole)));
            return std::nullopt;
        }
    }
    if (ctx.isSet(kStatus)) {
        query.status = statusFromName(ctx.value(kStatus));
        if (!query.status) {
            ctx.usageError(
                tr("unknown status '%1'; expected active, disabled or expired").arg(ctx.value(kStatus)));
            return std::nullopt;
        }
    }
    for (const auto& [option, field] : {std::pair{kUnusedDays, &TokenQuery::unusedForDays},
                                        std::pair{kExpiringDays, &TokenQuery::expiresWithinDays}}) {
        if (!ctx.isSet(option))
            continue;
        const std::optional<qint64> days = CliContext::parsePositive(ctx.value(option));
        if (!days || *days > TokenQuery::kMaxFilterDays) {
            ctx.usageError(tr("--%1 needs a number of days from 1 to %2, not '%3'")
                               .arg(option)
                               .arg(TokenQuery::kMaxFilterDays)
                               .arg(ctx.value(option)));
            return std::nullopt;
        }
        query.*field = int(*days);
    }
    query.breaksPolicy = ctx.isSet(kBreaksPolicy);
    return query;
}

std::optional<TokenQuery> TokenCommands::listQuery(CliContext& ctx)
{
    std::optional<TokenQuery> filtered = filterQuery(ctx);
    if (!filtered)
        return std::nullopt;
    TokenQuery query = *filtered;
    if (ctx.isSet(kSort)) {
        const std::optional<SortKey> sort = sortKeyFromName(ctx.value(kSort));
        if (!sort) {
            ctx.usageError(tr("unknown sort key '%1'; expected label, created, last-used, role, status, "
                              "created-by or expires")
                               .arg(ctx.value(kSort)));
            return std::nullopt;
        }
        query.sort = *sort;
    }
    query.descending = ctx.isSet(kDesc);
    query.limit = 0; // all
    if (ctx.isSet(kLimit)) {
        const std::optional<qint64> limit = CliContext::parsePositive(ctx.value(kLimit));
        if (!limit || *limit > std::numeric_limits<int>::max()) {
            ctx.usageError(tr("--limit needs a positive number, not '%1'").arg(ctx.value(kLimit)));
            return std::nullopt;
        }
        query.limit = static_cast<int>(*limit);
    }
    return query;
}

int TokenCommands::listInactive(CliContext& ctx)
{
    for (const QString& option : {kSort, kDesc, kRole, kStatus, kUnusedDays, kExpiringDays, kBreaksPolicy}) {
        if (ctx.isSet(option))
            return ctx.usageError(
                tr("--%1 does not apply to --inactive, which lists the newest ends first").arg(option));
    }
    InactiveQuery page;
    page.filter = ctx.value(kFilter);
    qint64 wanted = 0; // all
    if (ctx.isSet(kLimit)) {
        const std::optional<qint64> limit = CliContext::parsePositive(ctx.value(kLimit));
        if (!limit)
            return ctx.usageError(tr("--limit needs a positive number, not '%1'").arg(ctx.value(kLimit)));
        wanted = *limit;
    }
    const Result<std::shared_ptr<SqlBackend>> backend = ctx.openBackend();
    if (!backend)
        return ctx.fail(backend.error());
    QList<EndedToken> ended;
    for (;;) {
        page.limit = int(std::min<qint64>(kPageSize, wanted > 0 ? wanted - ended.size() : kPageSize));
        if (page.limit <= 0)
            break;
        const Result<QList<EndedToken>> rows = await(backend.value()->inactive(page));
        if (!rows)
            return ctx.fail(rows.error());
        ended << rows.value();
        if (rows.value().size() < page.limit)
            break;
        page.offset += int(rows.value().size());
    }
    if (ctx.json()) {
        QJsonArray array;
        for (const EndedToken& token : ended)
            array.append(ApiJson::toJson(token));
        ctx.out().json(array);
        return ExitOk;
    }
    if (ended.isEmpty()) {
        ctx.out().note(tr("No revoked or rotated tokens."));
        return ExitOk;
    }
    QList<QStringList> rows;
    for (const EndedToken& token : ended) {
        rows << QStringList{QString::number(token.id),
                            token.label,
                            token.masked,
                            roleName(token.role),
                            token.createdBy,
                            CliOutput::displayTime(token.endedAt, {}),
                            token.endedBy,
                            token.reason};
    }
    ctx.out().table({tr("ID"), tr("LABEL"), tr("TOKEN"), tr("ROLE"), tr("CREATED BY"), tr("ENDED"),
                     tr("ENDED BY"), tr("REASON")},
                    rows);
    return ExitOk;
}

int TokenCommands::list(CliContext& ctx)
{
    if (ctx.isSet(kInactive))
        return listInactive(ctx);
    const std::optional<TokenQuery> wanted = listQuery(ctx);
    if (!wanted)
        return ExitUsage;
    const Result<std::shared_ptr<SqlBackend>> backend = ctx.openBackend();
    if (!backend)
        return ctx.fail(backend.error());

    // Page through the backend so a large store never needs one huge query.
    QList<Token> tokens;
    TokenQuery page = *wanted;
    for (;;) {
        const int remaining = wanted->limit > 0 ? wanted->limit - int(tokens.size()) : kPageSize;
        page.limit = std::min(kPageSize, remaining);
        if (page.limit <= 0)
            break;
        const Result<QList<Token>> rows = await(backend.value()->list(page));
        if (!rows)
            return ctx.fail(rows.error());
        tokens << rows.value();
        if (rows.value().size() < page.limit)
            break;
        page = page.nextPage(rows.value());
    }

    if (ctx.json()) {
        QJsonArray array;
        for (const Token& token : tokens)
            array.append(CliOutput::tokenJson(token));
        ctx.out().json(array);
        return ExitOk;
    }
    if (tokens.isEmpty()) {
        ctx.out().note(tr("No tokens."));
        return ExitOk;
    }
    QList<QStringList> rows;
    for (const Token& token : tokens) {
        rows << QStringList{QString::number(token.id),
                            token.label,
                            token.masked,
                            roleName(token.role),
                            statusName(token.status),
                            token.createdBy,
                            CliOutput::displayTime(token.lastUsedAt, tr("never")),
                            CliOutput::displayTime(token.expiresAt, tr("never"))};
    }
    ctx.out().table({tr("ID"), tr("LABEL"), tr("TOKEN"), tr("ROLE"), tr("STATUS"), tr("CREATED BY"),
                     tr("LAST USED"), tr("EXPIRES")},
                    rows);
    return ExitOk;
}

QList<QCommandLineOption> TokenCommands::listOptions()
{
    QList<QCommandLineOption> options{
        QCommandLineOption(kSort, tr("label, created (default), last-used, role or status."), tr("KEY")),
        QCommandLineOption(kDesc, tr("Sort in descending order.")),
        QCommandLineOption(kLimit, tr("At most N tokens (default: all)."), tr("N"))};
    return options << filterOptions();
}

QList<QCommandLineOption> TokenCommands::filterOptions()
{
    return {
        QCommandLineOption(kFilter,
                           tr("Only tokens whose label, creator or description contains TEXT; words "
                              "tag:NAME or tag:NAME=VALUE require that tag."),
                           tr("TEXT")),
        QCommandLineOption(kRole, tr("Only tokens with this role."), tr("ROLE")),
        QCommandLineOption(kStatus, tr("Only active, disabled or expired tokens."), tr("STATUS")),
        QCommandLineOption(kUnusedDays, tr("Only tokens not used in the last N days (or never)."), tr("N")),
        QCommandLineOption(kExpiringDays, tr("Only valid tokens that expire within N days."), tr("N")),
        QCommandLineOption(kBreaksPolicy,
                           tr("Only tokens whose expiry lies beyond the lifetime policy's maximum (made "
                              "before it was tightened)."))};
}

QList<QCommandLineOption> TokenCommands::listCommandOptions()
{
    QList<QCommandLineOption> options = listOptions();
    options << QCommandLineOption(kInactive,
                                  tr("List revoked and rotated-out tokens instead, newest first."));
    return options;
}

QList<CliCommand> TokenCommands::all()
{
    const CliArgument id{QStringLiteral("ID"), tr("The token's id, as shown by 'list'.")};
    return {
        CliCommand{
            {QStringLiteral("generate")},
            QStringLiteral(
                "--label LABEL [--role developer|admin] [--expires DURATION|never] [--description TEXT] "
                "[--tag TAG]..."),
            tr("Create a token and print it (once) on standard output."),
            {},
            {QCommandLineOption(kLabel, tr("What the token is for."), tr("LABEL")),
             QCommandLineOption(kRole, tr("developer (default) or admin."), tr("ROLE")),
             QCommandLineOption(kExpires,
                                tr("Lifetime such as 90s, 15m, 12h, 30d or 2w, or never (default: the "
                                   "store's lifetime policy, see settings)."),
                                tr("DURATION")),
             QCommandLineOption(TokenDetailOptions::description,
                                tr("A longer note on the token (at most 500 characters)."), tr("TEXT")),
             QCommandLineOption(TokenDetailOptions::tag,
                                tr("A tag such as ci or env=prod; repeat for several."), tr("TAG"))},
            generate},
        CliCommand{{QStringLiteral("list")},
                   QStringLiteral(
                       "[--filter TEXT] [--sort KEY] [--desc] [--limit N] [--role ROLE] [--status STATUS] "
                       "[--unused-days N] [--expiring-days N] [--breaks-policy] | --inactive [--filter TEXT] "
                       "[--limit N]"),
                   tr("List tokens (masked); with --inactive, the revoked and rotated-out ones."),
                   {},
                   listCommandOptions(),
                   list},
        CliCommand{
            {QStringLiteral("rotate")},
            QStringLiteral("ID [--grace DURATION]"),
            tr("Replace a token's secret and print the new one."),
            {id},
            {QCommandLineOption(kGrace, tr("Keep the old secret working this long (default: stop now)."),
                                tr("DURATION"))},
            rotate},
    };
}

Result<QDateTime> TokenDetailOptions::expiryFromOption(const QString& value)
{
    if (value.trimmed() == QLatin1String("never"))
        return QDateTime();
    const Result<std::chrono::seconds> duration = Validation::duration(value);
    if (!duration)
        return duration.error();
    return QDateTime::currentDateTimeUtc().addSecs(duration.value().count());
}

} // namespace tokendesk::cli
