// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/TokenChangeCommands.h"

#include "app/cli/CliContext.h"
#include "app/cli/TokenDetailOptions.h"

namespace tokendesk::cli {

namespace {

const QString kConfirm = QStringLiteral("confirm");
const QString kNoTags = QStringLiteral("no-tags");

} // namespace

int TokenChangeCommands::printChanged(CliContext& ctx, const Token& token, const QString& message)
{
    if (ctx.json())
        ctx.out().json(CliOutput::tokenJson(token));
    else
        ctx.out().line(message);
    return ExitOk;
}

int TokenChangeCommands::rename(CliContext& ctx)
{
    const std::optional<TokenId> id = ctx.tokenIdArgument(0);
    if (!id)
        return ExitUsage;
    const Result<Token> current = ctx.currentToken(*id);
    if (!current)
        return ctx.fail(current.error());
    const Result<Token> renamed =
        await(ctx.backend().rename(*id, current.value().version, ctx.arguments().at(1)));
    if (!renamed)
        return ctx.fail(renamed.error());
    return printChanged(ctx, renamed.value(),
                        tr("Renamed token %1 from \"%2\" to \"%3\".")
                            .arg(QString::number(*id), current.value().label, renamed.value().label));
}

int TokenChangeCommands::setEnabled(CliContext& ctx, bool enabled)
{
    const std::optional<TokenId> id = ctx.tokenIdArgument(0);
    if (!id)
        return ExitUsage;
    const Result<Token> current = ctx.currentToken(*id);
    if (!current)
        return ctx.fail(current.error());
    const Result<Token> changed = await(ctx.backend().setEnabled(*id, current.value().version, enabled));
    if (!changed)
        return ctx.fail(changed.error());
    const QString message = enabled ? tr("Enabled token %1 \"%2\".") : tr("Disabled token %1 \"%2\".");
    return printChanged(ctx, changed.value(), message.arg(QString::number(*id), changed.value().label));
}

int TokenChangeCommands::describe(CliContext& ctx)
{
    const std::optional<TokenId> id = ctx.tokenIdArgument(0);
    if (!id)
        return ExitUsage;
    if (!ctx.isSet(TokenDetailOptions::description) && !ctx.isSet(TokenDetailOptions::tag) &&
        !ctx.isSet(kNoTags))
        return ctx.usageError(tr("say what to change: --description TEXT, --tag TAG... or --no-tags"));
    if (ctx.isSet(TokenDetailOptions::tag) && ctx.isSet(kNoTags))
        return ctx.usageError(tr("--tag and --no-tags cannot be used together"));
    const Result<Token> current = ctx.currentToken(*id);
    if (!current)
        return ctx.fail(current.error());
    // What is not named on the command line stays as it is.
    TokenDetails details{current.value().description, current.value().tags};
    if (ctx.isSet(TokenDetailOptions::description))
        details.description = ctx.value(TokenDetailOptions::description);
    if (ctx.isSet(TokenDetailOptions::tag) || ctx.isSet(kNoTags))
        details.tags = ctx.values(TokenDetailOptions::tag);
    const Result<Token> changed = await(ctx.backend().setDetails(*id, current.value().version, details));
    if (!changed)
        return ctx.fail(changed.error());
    return printChanged(ctx, changed.value(),
                        tr("Updated the description and tags of token %1 \"%2\".")
                            .arg(QString::number(*id), changed.value().label));
}

int TokenChangeCommands::revoke(CliContext& ctx)
{
    const std::optional<TokenId> id = ctx.tokenIdArgument(0);
    if (!id)
        return ExitUsage;
    if (!ctx.isSet(kConfirm))
        return ctx.usageError(tr("revoke is permanent: repeat the token's label with --confirm LABEL"));
    const Result<Token> current = ctx.currentToken(*id);
    if (!current)
        return ctx.fail(current.error());
    const Token& token = current.value();
    if (ctx.value(kConfirm) != token.label) {
        return ctx.fail(
            makeError(ErrorCode::InvalidInput,
                      tr("--confirm \"%1\" does not match the label of token %2 (\"%3\"); nothing revoked")
                          .arg(ctx.value(kConfirm), QString::number(*id), token.label)));
    }
    const Result<Unit> revoked = await(ctx.backend().revoke(*id, token.version));
    if (!revoked)
        return ctx.fail(revoked.error());
    if (ctx.json()) {
        QJsonObject object = CliOutput::tokenJson(token);
        object.insert(QStringLiteral("revoked"), true);
        ctx.out().json(object);
    } else {
        ctx.out().line(tr("Revoked token %1 \"%2\" (%3); it no longer verifies.")
                           .arg(QString::number(*id), token.label, token.masked));
    }
    return ExitOk;
}

int TokenChangeCommands::extend(CliContext& ctx)
{
    const std::optional<TokenId> id = ctx.tokenIdArgument(0);
    if (!id)
        return ExitUsage;
    if (!ctx.isSet(TokenDetailOptions::expires))
        return ctx.usageError(tr("--expires is required"));
    const Result<QDateTime> expiry =
        TokenDetailOptions::expiryFromOption(ctx.value(TokenDetailOptions::expires));
    if (!expiry)
        return ctx.fail(expiry.error());
    const Result<Token> current = ctx.currentToken(*id);
    if (!current)
        return ctx.fail(current.error());
    const Result<Token> changed =
        await(ctx.backend().setExpiry(*id, current.value().version, expiry.value()));
    if (!changed)
        return ctx.fail(changed.error());
    const Token& token = changed.value();
    const QString message =
        token.expiresAt.isValid()
            ? tr("Token %1 \"%2\" now expires %3.")
                  .arg(QString::number(*id), token.label, CliOutput::displayTime(token.expiresAt, QString()))
            : tr("Token %1 \"%2\" now never expires.").arg(QString::number(*id), token.label);
    return printChanged(ctx, token, message);
}

QList<CliCommand> TokenChangeCommands::all()
{
    const CliArgument id{QStringLiteral("ID"), tr("The token's id, as shown by 'list'.")};
    return {
        CliCommand{{QStringLiteral("rename")},
                   QStringLiteral("ID LABEL"),
                   tr("Change a token's label."),
                   {id, {QStringLiteral("LABEL"), tr("The new label.")}},
                   {},
                   rename},
        CliCommand{{QStringLiteral("describe")},
                   QStringLiteral("ID [--description TEXT] [--tag TAG]... [--no-tags]"),
                   tr("Change a token's description or replace its tags."),
                   {id},
                   {QCommandLineOption(TokenDetailOptions::description,
                                       tr("The new description (empty: none)."), tr("TEXT")),
                    QCommandLineOption(TokenDetailOptions::tag,
                                       tr("A tag such as ci or env=prod; the tags given replace all "
                                          "the token's tags. Repeat for several."),
                                       tr("TAG")),
                    QCommandLineOption(kNoTags, tr("Remove all the token's tags."))},
                   describe},
        CliCommand{{QStringLiteral("extend")},
                   QStringLiteral("ID --expires DURATION|never"),
                   tr("Move a token's expiry, within the store's lifetime policy."),
                   {id},
                   {QCommandLineOption(TokenDetailOptions::expires,
                                       tr("The new lifetime from now, such as 30d or 2w, or never (where the "
                                          "policy allows it)."),
                                       tr("DURATION"))},
                   extend},
        CliCommand{{QStringLiteral("disable")},
                   QStringLiteral("ID"),
                   tr("Stop a token from verifying until it is enabled again."),
                   {id},
                   {},
                   [](CliContext& ctx) {
                       return setEnabled(ctx, false);
                   }},
        CliCommand{{QStringLiteral("enable")},
                   QStringLiteral("ID"),
                   tr("Let a disabled token verify again."),
                   {id},
                   {},
                   [](CliContext& ctx) {
                       return setEnabled(ctx, true);
                   }},
        CliCommand{{QStringLiteral("revoke")},
                   QStringLiteral("ID --confirm LABEL"),
                   tr("Delete a token for good; it stops verifying at once."),
                   {id},
                   {QCommandLineOption(kConfirm, tr("The token's exact label, to confirm."), tr("LABEL"))},
                   revoke},
    };
}

} // namespace tokendesk::cli
