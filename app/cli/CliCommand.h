// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCommandLineOption>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace tokendesk::cli {

class CliContext;

// Exit statuses are part of the contract with scripts: never renumber one.
enum ExitStatus : int
{
    ExitOk = 0,
    ExitError = 1,    // one "error: CODE: message" line on stderr
    ExitUsage = 2,    // the command line itself is wrong; a usage hint on stderr
    ExitRejected = 3, // verify: the token is not valid (its code on stdout)
};

struct CliArgument
{
    QString name;        // "ID", shown in usage and help
    QString description; // translated
};

// One command word (or two: "user add") with its own options, positional arguments and handler.
struct CliCommand
{
    QStringList words;
    QString synopsis;    // what follows the words in a usage line: "ID --confirm LABEL"
    QString description; // translated one-liner
    QList<CliArgument> arguments;
    QList<QCommandLineOption> options;
    std::function<int(CliContext&)> run;

    QString name() const { return words.join(QLatin1Char(' ')); }
    QString usageLine() const { return synopsis.isEmpty() ? name() : name() + QLatin1Char(' ') + synopsis; }
};

} // namespace tokendesk::cli
