// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/cli/CliCommand.h"
#include "app/cli/CliOutput.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QList>
#include <QStringList>

namespace tokendesk::cli {

struct GlobalOptions;

// Finds the command in the arguments, parses its options (the global ones are accepted before
// or after the command word) and runs its handler. Returns the process exit status.
class CliApplication
{
    Q_DECLARE_TR_FUNCTIONS(CliApplication)

public:
    CliApplication();
    int run(const QStringList& arguments);

private:
    // The command named by the leading positional arguments; nullptr if there is none.
    const CliCommand* findCommand(const QStringList& positionals) const;
    void addGlobalOptions(QCommandLineParser& parser) const;
    GlobalOptions globalOptions(const QCommandLineParser& parser) const;
    QString generalHelp() const;
    static QString quoted(const QString& argument);
    static QString withUsageLine(const QString& helpText, const QString& usageLine);
    int unknownCommand(const QStringList& positionals);

    QList<CliCommand> m_commands;
    CliOutput m_output;
};

} // namespace tokendesk::cli
