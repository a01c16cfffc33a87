// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/UserCommands.h"

#include "app/cli/CliContext.h"

namespace tokendesk::cli {

namespace {

const QString kAdmin = QStringLiteral("admin");
const QString kApiAccess = QStringLiteral("api-access");

} // namespace

int UserCommands::add(CliContext& ctx)
{
    User user;
    user.name = ctx.arguments().at(0);
    user.admin = ctx.isSet(kAdmin);
    user.apiAccess = ctx.isSet(kApiAccess);
    const Result<std::shared_ptr<SqlBackend>> backend = ctx.openBackend();
    if (!backend)
        return ctx.fail(backend.error());
    const Result<User> added = await(backend.value()->addUser(user));
    if (!added)
        return ctx.fail(added.error());
    if (ctx.json()) {
        ctx.out().json(CliOutput::userJson(added.value()));
        return ExitOk;
    }
    const User& result = added.value();
    const QString kind =
        result.admin ? (result.apiAccess ? tr("admin with API access") : tr("admin without API access"))
                     : (result.apiAccess ? tr("user with API access") : tr("user"));
    ctx.out().line(tr("Added %1 %2.").arg(kind, result.name));
    return ExitOk;
}

int UserCommands::remove(CliContext& ctx)
{
    const QString name = ctx.arguments().at(0);
    const Result<std::shared_ptr<SqlBackend>> backend = ctx.openBackend();
    if (!backend)
        return ctx.fail(backend.error());
    const Result<Unit> removed = await(backend.value()->removeUser(name));
    if (!removed)
        return ctx.fail(removed.error());
    if (ctx.json()) {
        ctx.out().json(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("removed"), true}});
        return ExitOk;
    }
    ctx.out().line(tr("Removed user %1.").arg(name));
    ctx.out().note(
        tr("note: the tokens %1 created stay with the organisation; revoke them if needed.").arg(name));
    return ExitOk;
}

int UserCommands::list(CliContext& ctx)
{
    const Result<std::shared_ptr<SqlBackend>> backend = ctx.openBackend();
    if (!backend)
        return ctx.fail(backend.error());
    const Result<QList<User>> users = await(backend.value()->users());
    if (!users)
        return ctx.fail(users.error());
    if (ctx.json()) {
        QJsonArray array;
        for (const User& user : users.value())
            array.append(CliOutput::userJson(user));
        ctx.out().json(array);
        return ExitOk;
    }
    auto yesNo = [](bool value) {
        return value ? tr("yes") : tr("no");
    };
    QList<QStringList> rows;
    for (const User& user : users.value())
        rows << QStringList{user.name, yesNo(user.admin), yesNo(user.apiAccess)};
    ctx.out().table({tr("NAME"), tr("ADMIN"), tr("API ACCESS")}, rows);
    return ExitOk;
}

QList<CliCommand> UserCommands::all()
{
    const CliArgument name{QStringLiteral("NAME"), tr("The user's login name.")};
    return {
        CliCommand{{QStringLiteral("user"), QStringLiteral("add")},
                   QStringLiteral("NAME [--admin] [--api-access]"),
                   tr("Add a user."),
                   {name},
                   {QCommandLineOption(kAdmin, tr("The user is an admin.")),
                    QCommandLineOption(kApiAccess, tr("The user may manage tokens (admins need this too)."))},
                   add},
        CliCommand{{QStringLiteral("user"), QStringLiteral("remove")},
                   QStringLiteral("NAME"),
                   tr("Remove a user; the tokens they created stay."),
                   {name},
                   {},
                   remove},
        CliCommand{
            {QStringLiteral("user"), QStringLiteral("list")}, QString(), tr("List the users."), {}, {}, list},
    };
}

} // namespace tokendesk::cli
