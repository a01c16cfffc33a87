// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/UserCommands.h"

#include "app/cli/CliContext.h"

namespace tokendesk::cli {

namespace {

const QString kAdmin = QStringLiteral("admin");
const QString kApiAccess = QStringLiteral("api-access");
const QString kEmail = QStringLiteral("email");
// What `user set-email` takes for "no address".
const QString kNoEmail = QStringLiteral("none");

} // namespace

int UserCommands::add(CliContext& ctx)
{
    User user;
    user.name = ctx.arguments().at(0);
    user.admin = ctx.isSet(kAdmin);
    user.apiAccess = ctx.isSet(kApiAccess);
    user.email = ctx.value(kEmail);
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

int UserCommands::setEmail(CliContext& ctx)
{
    const QString name = ctx.arguments().at(0);
    const QString address = ctx.arguments().at(1);
    const Result<std::shared_ptr<SqlBackend>> backend = ctx.openBackend();
    if (!backend)
        return ctx.fail(backend.error());
    const Result<User> changed =
        await(backend.value()->setUserEmail(name, address == kNoEmail ? QString() : address));
    if (!changed)
        return ctx.fail(changed.error());
    if (ctx.json()) {
        ctx.out().json(CliOutput::userJson(changed.value()));
        return ExitOk;
    }
    ctx.out().line(changed->email.isEmpty()
                       ? tr("Notices for %1 now go to the address made from the name.").arg(changed->name)
                       : tr("Notices for %1 now go to %2.").arg(changed->name, changed->email));
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
        rows << QStringList{user.name, yesNo(user.admin), yesNo(user.apiAccess), user.email};
    ctx.out().table({tr("NAME"), tr("ADMIN"), tr("API ACCESS"), tr("EMAIL")}, rows);
    return ExitOk;
}

QList<CliCommand> UserCommands::all()
{
    const CliArgument name{QStringLiteral("NAME"), tr("The user's login name.")};
    return {
        CliCommand{{QStringLiteral("user"), QStringLiteral("add")},
                   QStringLiteral("NAME [--admin] [--api-access] [--email ADDRESS]"),
                   tr("Add a user."),
                   {name},
                   {QCommandLineOption(kAdmin, tr("The user is an admin.")),
                    QCommandLineOption(kApiAccess, tr("The user may manage tokens (admins need this too).")),
                    QCommandLineOption(kEmail, tr("Where the user's notices are mailed."), tr("ADDRESS"))},
                   add},
        CliCommand{{QStringLiteral("user"), QStringLiteral("set-email")},
                   QStringLiteral("NAME ADDRESS|none"),
                   tr("Set where a user's notices are mailed (none: the address made from the name)."),
                   {name, CliArgument{QStringLiteral("ADDRESS"), tr("A mail address, or none.")}},
                   {},
                   setEmail},
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
