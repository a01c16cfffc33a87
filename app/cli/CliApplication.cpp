// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/CliApplication.h"

#include "app/cli/AuditCommand.h"
#include "app/cli/BulkCommand.h"
#include "app/cli/CliContext.h"
#include "app/cli/ExportCommand.h"
#include "app/cli/StoreCommands.h"
#include "app/cli/TokenChangeCommands.h"
#include "app/cli/TokenCommands.h"
#include "app/cli/UserCommands.h"
#include "app/cli/VerifyCommand.h"
#include "models/core/StorePaths.h"
#include "models/core/TokenFormat.h"

namespace tokendesk::cli {

namespace {

const QString kStore = QStringLiteral("store");
const QString kDb = QStringLiteral("db");
const QString kAs = QStringLiteral("as");
const QString kJson = QStringLiteral("json");
const QString kHelp = QStringLiteral("help");
const QString kVersion = QStringLiteral("version");

} // namespace

CliApplication::CliApplication()
{
    m_commands << StoreCommands::all() << AuditCommand::all() << UserCommands::all() << TokenCommands::all()
               << TokenChangeCommands::all() << VerifyCommand::all() << ExportCommand::all()
               << BulkCommand::all();
}

void CliApplication::addGlobalOptions(QCommandLineParser& parser) const
{
    parser.addOption(QCommandLineOption(kStore,
                                        tr("The store file (default: $TOKENDESK_STORE, else %1).")
                                            .arg(QStringLiteral("<data dir>/tokendesk/default.tokendesk")),
                                        tr("PATH")));
    parser.addOption(QCommandLineOption(
        kDb,
        tr("A PostgreSQL store instead of a file: postgresql://user@host:port/database (the password comes "
           "from PGPASSFILE / ~/.pgpass, never the command line)."),
        tr("URL")));
    parser.addOption(QCommandLineOption(kAs, tr("Act as this user (default: your login name)."), tr("USER")));
    parser.addOption(QCommandLineOption(kJson, tr("Print machine-readable JSON.")));
    parser.addOption(QCommandLineOption({QStringLiteral("h"), kHelp}, tr("Show help and exit.")));
    parser.addOption(QCommandLineOption(kVersion, tr("Show the version and exit.")));
}

GlobalOptions CliApplication::globalOptions(const QCommandLineParser& parser) const
{
    GlobalOptions globals;
    globals.storeExplicit =
        parser.isSet(kStore) || parser.isSet(kDb) || !qEnvironmentVariableIsEmpty("TOKENDESK_STORE");
    globals.storePath = parser.isSet(kDb)      ? parser.value(kDb)
                        : parser.isSet(kStore) ? parser.value(kStore)
                                               : StorePaths::defaultStorePath();
    globals.database = parser.isSet(kDb);
    globals.actor = parser.isSet(kAs) ? parser.value(kAs) : StorePaths::osLoginName();
    globals.json = parser.isSet(kJson);
    return globals;
}

const CliCommand* CliApplication::findCommand(const QStringList& positionals) const
{
    for (const CliCommand& command : m_commands) {
        if (positionals.size() >= command.words.size() &&
            positionals.mid(0, command.words.size()) == command.words)
            return &command;
    }
    return nullptr;
}

int CliApplication::run(const QStringList& arguments)
{
    // First pass: only the global options are known, so a command's options are skipped as
    // unknown; what matters here is where the command word is, and --help / --version.
    QCommandLineParser first;
    addGlobalOptions(first);
    (void)first.parse(arguments);
    const QStringList positionals = first.positionalArguments();
    if (first.isSet(kVersion)) {
        m_output.line(QCoreApplication::applicationName() + QLatin1Char(' ') +
                      QCoreApplication::applicationVersion());
        return ExitOk;
    }
    const CliCommand* command = findCommand(positionals);
    if (!command) {
        if (first.isSet(kHelp)) {
            m_output.line(generalHelp());
            return ExitOk;
        }
        return unknownCommand(positionals);
    }

    // Second pass: the command's own options and the global ones, strictly.
    QCommandLineParser parser;
    parser.setApplicationDescription(command->description);
    parser.addOptions(command->options);
    addGlobalOptions(parser);
    for (const CliArgument& argument : command->arguments)
        parser.addPositionalArgument(argument.name, argument.description, QString());
    const bool parsed = parser.parse(arguments);
    if (first.isSet(kHelp)) {
        m_output.line(withUsageLine(parser.helpText(), command->usageLine()));
        return ExitOk;
    }
    const QString helpCommand = command->name() + QStringLiteral(" --help");
    if (!parsed) {
        m_output.usageError(parser.errorText(), command->usageLine(), helpCommand);
        return ExitUsage;
    }

    QStringList rest = parser.positionalArguments();
    if (rest.mid(0, command->words.size()) != command->words) {
        m_output.usageError(tr("options must not come before the command word"), command->usageLine(),
                            helpCommand);
        return ExitUsage;
    }
    rest = rest.mid(command->words.size());
    if (rest.size() < command->arguments.size()) {
        m_output.usageError(tr("missing argument %1").arg(command->arguments.at(rest.size()).name),
                            command->usageLine(), helpCommand);
        return ExitUsage;
    }
    if (rest.size() > command->arguments.size()) {
        m_output.usageError(tr("unexpected argument %1").arg(quoted(rest.at(command->arguments.size()))),
                            command->usageLine(), helpCommand);
        return ExitUsage;
    }

    if (parser.isSet(kStore) && parser.isSet(kDb)) {
        m_output.usageError(tr("--store and --db name two different stores; give one of them"),
                            command->usageLine(), helpCommand);
        return ExitUsage;
    }

    CliContext context(*command, parser, rest, globalOptions(parser), m_output);
    return command->run(context);
}

int CliApplication::unknownCommand(const QStringList& positionals)
{
    QString message;
    if (positionals.isEmpty()) {
        message = tr("no command given");
    } else {
        // "user" alone or "user frobnicate": name the group's commands.
        QStringList sub;
        for (const CliCommand& command : m_commands) {
            if (command.words.size() > 1 && command.words.first() == positionals.first())
                sub << command.words.at(1);
        }
        if (!sub.isEmpty() && positionals.size() == 1)
            message =
                tr("'%1' needs a subcommand: %2").arg(positionals.first(), sub.join(QStringLiteral(", ")));
        else if (!sub.isEmpty())
            message = tr("unknown command %1; expected one of: %2")
                          .arg(quoted(positionals.first() + QLatin1Char(' ') + positionals.at(1)),
                               sub.join(QStringLiteral(", ")));
        else
            message = tr("unknown command %1").arg(quoted(positionals.first()));
    }
    m_output.usageError(message, tr("[--store PATH | --db URL] [--as USER] [--json] COMMAND [ARGS...]"),
                        QStringLiteral("--help"));
    return ExitUsage;
}

QString CliApplication::quoted(const QString& argument)
{
    // Someone who typed a token where it does not belong must not find it echoed into a log.
    if (argument.contains(TokenFormat::kPrefix))
        return tr("(a token, not shown: pass tokens on standard input, never as arguments)");
    return QLatin1Char('\'') + argument + QLatin1Char('\'');
}

QString CliApplication::withUsageLine(const QString& helpText, const QString& usageLine)
{
    // QCommandLineParser's own usage line shows argv[0] and knows nothing of command words.
    QString rest = helpText.trimmed();
    rest.remove(0, rest.indexOf(QLatin1Char('\n')) + 1);
    return tr("Usage: %1 %2").arg(QCoreApplication::applicationName(), usageLine) + QLatin1Char('\n') + rest;
}

QString CliApplication::generalHelp() const
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Manage an organisation's API tokens in a TokenDesk store.\n"
           "Global options may come before or after the command. Exit status: 0 success, 1 error,\n"
           "2 usage error, 3 token rejected by 'verify'."));
    addGlobalOptions(parser);

    QString commands;
    for (const CliCommand& command : m_commands) {
        commands += QStringLiteral("  ") + command.usageLine() + QLatin1Char('\n');
        commands += QStringLiteral("      ") + command.description + QLatin1Char('\n');
    }
    return withUsageLine(parser.helpText(),
                         tr("[--store PATH | --db URL] [--as USER] [--json] COMMAND [ARGS...]")) +
           QStringLiteral("\n\n") + tr("Commands:") + QLatin1Char('\n') + commands + QLatin1Char('\n') +
           tr("Run '%1 COMMAND --help' for a command's options.").arg(QCoreApplication::applicationName());
}

} // namespace tokendesk::cli
