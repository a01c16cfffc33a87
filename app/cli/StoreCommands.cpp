// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/StoreCommands.h"

#include "app/cli/CliContext.h"
#include "models/api/LifetimePolicyJson.h"
#include "models/backend/sql/StoreMigrator.h"
#include "models/core/ExpiryThresholds.h"
#include "models/core/Formatting.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

#include <limits>

namespace tokendesk::cli {

namespace {

const QString kAdmin = QStringLiteral("admin");
const QString kTokenLimit = QStringLiteral("token-limit");
const QString kCount = QStringLiteral("count");
const QString kFrom = QStringLiteral("from");
const QString kTo = QStringLiteral("to");
const QString kMaxLifetime = QStringLiteral("max-lifetime");
const QString kDefaultLifetime = QStringLiteral("default-lifetime");
const QString kKeepInactive = QStringLiteral("keep-inactive");
const QString kExpiryWarnings = QStringLiteral("expiry-warnings");

// --keep-inactive DAYS|forever into `days` (nullopt: for ever); false, after a usage error, for
// anything else. (No optional of an optional: GCC 12 at -O2 warns it may be used uninitialised.)
bool keepInactiveOption(CliContext& ctx, std::optional<int>& days)
{
    const QString text = ctx.value(kKeepInactive).trimmed();
    days.reset();
    if (text == QStringLiteral("forever"))
        return true;
    bool number = false;
    const int value = text.toInt(&number);
    if (!number || value < 1 || value > 3650) {
        ctx.usageError(
            StoreCommands::tr("--keep-inactive takes a number of days from 1 to 3650, or forever."));
        return false;
    }
    days = value;
    return true;
}

QString keptText(std::optional<int> days)
{
    return days ? StoreCommands::tr("%1 days").arg(*days) : StoreCommands::tr("for ever");
}

// Every --max-lifetime and --default-lifetime ROLE=DURATION applied over `policy`; a usage error
// names the first value that is no role and lifetime.
Result<LifetimePolicy> policyOptions(CliContext& ctx, LifetimePolicy policy)
{
    for (const auto& [option, limit] : {std::pair{kDefaultLifetime, &RoleLifetime::defaultLifetime},
                                        std::pair{kMaxLifetime, &RoleLifetime::maximum}}) {
        for (const QString& value : ctx.values(option)) {
            const qsizetype equals = value.indexOf(u'=');
            const std::optional<Role> role = roleFromName(value.left(equals));
            const auto lifetime = LifetimeText::parse(equals < 0 ? QString() : value.mid(equals + 1));
            if (equals < 0 || !role || !lifetime.ok())
                return makeError(ErrorCode::InvalidInput,
                                 StoreCommands::tr("--%1 needs ROLE=DURATION, such as admin=90d or "
                                                   "developer=never, not '%2'")
                                     .arg(option, Formatting::quotedInput(value)));
            policy.forRole(*role).*limit = lifetime.value();
        }
    }
    return policy;
}

} // namespace

// --token-limit as a number; nullopt after reporting a usage error.
std::optional<int> StoreCommands::tokenLimitOption(CliContext& ctx)
{
    const std::optional<qint64> limit = CliContext::parseNumber(ctx.value(kTokenLimit));
    if (!limit || *limit > std::numeric_limits<int>::max()) {
        ctx.usageError(tr("--token-limit needs a number, not '%1'").arg(ctx.value(kTokenLimit)));
        return std::nullopt;
    }
    return static_cast<int>(*limit);
}

int StoreCommands::init(CliContext& ctx)
{
    if (!ctx.isSet(kAdmin))
        return ctx.usageError(tr("--admin NAME is required: the store's first admin"));
    StoreCreateOptions options;
    options.firstAdmin = ctx.value(kAdmin);
    if (ctx.isSet(kTokenLimit)) {
        const std::optional<int> limit = tokenLimitOption(ctx);
        if (!limit)
            return ExitUsage;
        options.tokenLimit = *limit;
    }
    const QString& path = ctx.globals().storePath;
    if (!ctx.globals().database) {
        if (QFileInfo::exists(path))
            return ctx.fail(makeError(ErrorCode::AlreadyExists, tr("store %1 already exists").arg(path)));
        const QString parent = QFileInfo(path).absolutePath();
        if (!QDir().mkpath(parent))
            return ctx.fail(
                makeError(ErrorCode::StoreUnavailable, tr("cannot create the directory %1").arg(parent)));
    }

    const Result<std::shared_ptr<SqlBackend>> created = await(SqlBackend::create(path, options));
    if (!created)
        return ctx.fail(created.error());
    if (ctx.json()) {
        ctx.out().json(QJsonObject{{QStringLiteral("store"), path},
                                   {QStringLiteral("admin"), options.firstAdmin},
                                   {QStringLiteral("token_limit"), options.tokenLimit}});
    } else {
        ctx.out().line(tr("Created store %1 with %2 as its first admin.").arg(path, options.firstAdmin));
    }
    return ExitOk;
}

int StoreCommands::settings(CliContext& ctx)
{
    std::optional<int> newLimit;
    if (ctx.isSet(kTokenLimit)) {
        newLimit = tokenLimitOption(ctx);
        if (!newLimit)
            return ExitUsage;
    }
    const bool policyChange = ctx.isSet(kMaxLifetime) || ctx.isSet(kDefaultLifetime);
    if (auto parsed = policyOptions(ctx, {}); !parsed.ok()) {
        ctx.usageError(parsed.error().message);
        return ExitUsage;
    }
    const bool retentionChange = ctx.isSet(kKeepInactive);
    std::optional<int> newRetention;
    if (retentionChange && !keepInactiveOption(ctx, newRetention))
        return ExitUsage;
    std::optional<QList<int>> newWarnings;
    if (ctx.isSet(kExpiryWarnings)) {
        auto parsed = ExpiryThresholds::parse(ctx.value(kExpiryWarnings));
        if (!parsed.ok()) {
            ctx.usageError(parsed.error().message);
            return ExitUsage;
        }
        newWarnings = parsed.value();
    }
    const Result<std::shared_ptr<SqlBackend>> backend = ctx.openBackend();
    if (!backend)
        return ctx.fail(backend.error());
    Result<LifetimePolicy> policy = await(backend.value()->lifetimePolicy());
    if (!policy)
        return ctx.fail(policy.error());
    if (policyChange) {
        // Checked whole (a default within its maximum) before the limit is touched.
        auto wanted = policyOptions(ctx, policy.value());
        if (auto valid = wanted.ok() ? wanted->validate() : wanted.error(); !valid.ok())
            return ctx.fail(valid.error());
    }
    const Result<int> limit =
        newLimit ? await(backend.value()->setTokenLimit(*newLimit)) : await(backend.value()->tokenLimit());
    if (!limit)
        return ctx.fail(limit.error());
    if (policyChange) {
        policy = await(backend.value()->setLifetimePolicy(policyOptions(ctx, policy.value()).value()));
        if (!policy)
            return ctx.fail(policy.error());
    }
    const Result<std::optional<int>> retention =
        retentionChange ? await(backend.value()->setInactiveRetention(newRetention))
                        : await(backend.value()->inactiveRetention());
    if (!retention)
        return ctx.fail(retention.error());
    const Result<QList<int>> warnings = newWarnings
                                            ? await(backend.value()->setExpiryWarningDays(*newWarnings))
                                            : await(backend.value()->expiryWarningDays());
    if (!warnings)
        return ctx.fail(warnings.error());
    if (ctx.json()) {
        ctx.out().json(
            QJsonObject{{QStringLiteral("store"), ctx.globals().storePath},
                        {QStringLiteral("token_limit"), limit.value()},
                        {QStringLiteral("lifetime_policy"), ApiJson::toJson(policy.value())},
                        {QStringLiteral("inactive_retention_days"),
                         retention.value() ? QJsonValue(*retention.value()) : QJsonValue(QJsonValue::Null)},
                        {QStringLiteral("expiry_warning_days"),
                         QJsonArray::fromVariantList(QVariantList(warnings->begin(), warnings->end()))}});
        return ExitOk;
    }
    if (newLimit)
        ctx.out().line(tr("Token limit set to %1 per user.").arg(limit.value()));
    if (policyChange)
        ctx.out().line(tr("Lifetime policy set."));
    if (retentionChange)
        ctx.out().line(tr("Inactive tokens are kept %1.").arg(keptText(retention.value())));
    if (newWarnings)
        ctx.out().line(warnings->isEmpty() ? tr("Expiry warnings are off.")
                                           : tr("Expiry warnings go out %1 before a token expires.")
                                                 .arg(ExpiryThresholds::text(warnings.value())));
    if (newLimit || policyChange || retentionChange || newWarnings)
        return ExitOk;
    ctx.out().table(
        {tr("SETTING"), tr("VALUE")},
        {{tr("store"), ctx.globals().storePath},
         {tr("token limit"), QString::number(limit.value())},
         {tr("admin token lifetime"), LifetimeText::role(policy->admin)},
         {tr("developer token lifetime"), LifetimeText::role(policy->developer)},
         {tr("inactive tokens kept"), keptText(retention.value())},
         {tr("expiry warnings"),
          warnings->isEmpty() ? tr("off") : tr("%1 before").arg(ExpiryThresholds::text(warnings.value()))}});
    return ExitOk;
}

int StoreCommands::seed(CliContext& ctx)
{
    const std::optional<qint64> parsedCount = CliContext::parseNumber(ctx.value(kCount));
    if (!ctx.isSet(kCount) || !parsedCount)
        return ctx.usageError(tr("--count N is required: how many tokens to generate"));
    const Result<std::shared_ptr<SqlBackend>> backend = ctx.openBackend();
    if (!backend)
        return ctx.fail(backend.error());
    const Result<SeedReport> report = await(backend.value()->seed(*parsedCount));
    if (!report)
        return ctx.fail(report.error());
    const double seconds = static_cast<double>(std::max<qint64>(report->elapsedMs, 1)) / 1000.0;
    const double perSecond = static_cast<double>(report->inserted) / seconds;
    if (ctx.json()) {
        ctx.out().json(QJsonObject{{QStringLiteral("inserted"), report->inserted},
                                   {QStringLiteral("seconds"), seconds},
                                   {QStringLiteral("tokens_per_second"), perSecond}});
    } else {
        ctx.out().line(tr("Seeded %L1 tokens in %2 s (%L3 tokens/s).")
                           .arg(report->inserted)
                           .arg(seconds, 0, 'f', 2)
                           .arg(perSecond, 0, 'f', 0));
    }
    return ExitOk;
}

int StoreCommands::migrate(CliContext& ctx)
{
    if (!ctx.isSet(kFrom) || !ctx.isSet(kTo))
        return ctx.usageError(
            tr("--from and --to are required: sqlite:PATH or postgresql://user@host:port/db"));
    const Result<MigrationReport> report = await(StoreMigrator::migrate(ctx.value(kFrom), ctx.value(kTo)));
    if (!report)
        return ctx.fail(report.error());
    if (ctx.json()) {
        QJsonObject rows;
        for (auto it = report->rows.cbegin(); it != report->rows.cend(); ++it)
            rows.insert(it.key(), it.value());
        ctx.out().json(QJsonObject{{QStringLiteral("rows"), rows},
                                   {QStringLiteral("audit_entries_checked"), report->auditEntriesChecked}});
    } else {
        ctx.out().line(tr("Moved %L1 tokens, %L2 users and %L3 audit entries (chain intact) to %4.")
                           .arg(report->rows.value(QStringLiteral("tokens")))
                           .arg(report->rows.value(QStringLiteral("users")))
                           .arg(report->auditEntriesChecked)
                           .arg(StoreMigrator::locationText(ctx.value(kTo))));
    }
    return ExitOk;
}

QList<CliCommand> StoreCommands::all()
{
    return {
        CliCommand{{QStringLiteral("init")},
                   QStringLiteral("--admin NAME [--token-limit N]"),
                   tr("Create a new store with its first admin."),
                   {},
                   {QCommandLineOption(kAdmin, tr("The first admin (also given API access)."), tr("NAME")),
                    QCommandLineOption(kTokenLimit, tr("Tokens each user may create (default 3)."), tr("N"))},
                   init},
        CliCommand{
            {QStringLiteral("settings")},
            QStringLiteral(
                "[--token-limit N] [--default-lifetime ROLE=DURATION]... [--max-lifetime ROLE=DURATION]... "
                "[--keep-inactive DAYS|forever] [--expiry-warnings DAYS,...|none]"),
            tr("Show the store's settings and lifetime policy, or change them."),
            {},
            {QCommandLineOption(kTokenLimit, tr("Set the number of tokens each user may create."), tr("N")),
             QCommandLineOption(kDefaultLifetime,
                                tr("The lifetime a ROLE's new tokens get unless their creator chooses: a "
                                   "duration such as 90d, or never (only without a maximum)."),
                                tr("ROLE=DURATION")),
             QCommandLineOption(kMaxLifetime,
                                tr("The furthest from now a ROLE's tokens may expire, such as 365d; never "
                                   "removes the maximum."),
                                tr("ROLE=DURATION")),
             QCommandLineOption(kKeepInactive,
                                tr("How many days the inactive list keeps a revoked or rotated-out token "
                                   "(older entries are purged at once), or forever."),
                                tr("DAYS")),
             QCommandLineOption(kExpiryWarnings,
                                tr("The days before a token's expiry at which every admin and its creator "
                                   "are warned, such as 30,7,1 (at most 5), or none."),
                                tr("DAYS,..."))},
            settings},
        CliCommand{{QStringLiteral("seed")},
                   QStringLiteral("--count N"),
                   tr("Fill the store with N realistic tokens for demos and benchmarks (admins only)."),
                   {},
                   {QCommandLineOption(kCount, tr("How many tokens to generate."), tr("N"))},
                   seed},
        CliCommand{
            {QStringLiteral("migrate")},
            QStringLiteral("--from STORE --to STORE"),
            tr("Move a whole store into a new file or an empty PostgreSQL database (tokens keep working)."),
            {},
            {QCommandLineOption(kFrom, tr("The store to read: sqlite:PATH, a path or a postgresql:// URL."),
                                tr("STORE")),
             QCommandLineOption(kTo,
                                tr("The new store: sqlite:PATH (must not exist) or an empty "
                                   "postgresql:// database."),
                                tr("STORE"))},
            migrate},
    };
}

} // namespace tokendesk::cli
