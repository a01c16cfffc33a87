// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/VerifyCommand.h"

#include "app/cli/CliContext.h"
#include "app/cli/SecretInput.h"

namespace tokendesk::cli {

namespace {

bool isRejection(ErrorCode code)
{
    return code == ErrorCode::ApiKeyInvalid || code == ErrorCode::ApiKeyDisabled ||
           code == ErrorCode::ApiKeyExpired;
}

} // namespace

int VerifyCommand::verify(CliContext& ctx)
{
    const Result<std::shared_ptr<SqlBackend>> backend = ctx.openBackend();
    if (!backend)
        return ctx.fail(backend.error());

    Result<VerifiedToken> verified = makeError(ErrorCode::ApiKeyInvalid, tr("no token on standard input"));
    {
        Secret secret = SecretInput::readLine(tr("Token: "));
        if (!secret.isEmpty())
            verified = await(backend.value()->verify(secret));
    } // the secret is wiped here

    // A successful verify records last-used; make sure it reaches the disk before we exit.
    const Result<Unit> flushed = await(backend.value()->flushLastUsed());
    if (!flushed)
        ctx.out().note(tr("warning: the last-used time was not saved: %1").arg(flushed.error().toString()));

    if (!verified) {
        const Error& error = verified.error();
        if (!isRejection(error.code))
            return ctx.fail(error);
        if (ctx.json()) {
            ctx.out().json(QJsonObject{{QStringLiteral("valid"), false},
                                       {QStringLiteral("error"), error.codeName()},
                                       {QStringLiteral("message"), error.message}});
        } else {
            ctx.out().line(error.codeName());
        }
        ctx.out().error(error);
        return ExitRejected;
    }
    const VerifiedToken& token = verified.value();
    if (ctx.json()) {
        ctx.out().json(QJsonObject{{QStringLiteral("valid"), true},
                                   {QStringLiteral("id"), token.id},
                                   {QStringLiteral("role"), roleName(token.role)},
                                   {QStringLiteral("label"), token.label}});
    } else {
        ctx.out().line(QString::number(token.id) + QLatin1Char(' ') + roleName(token.role));
    }
    return ExitOk;
}

QList<CliCommand> VerifyCommand::all()
{
    return {
        CliCommand{{QStringLiteral("verify")},
                   QString(),
                   tr("Check a token read from standard input (first line); exit 3 if it is not valid."),
                   {},
                   {},
                   verify},
    };
}

} // namespace tokendesk::cli
