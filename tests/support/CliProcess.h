// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QProcessEnvironment>
#include <QStringList>

#include <functional>
#include <string>
#include <utility>

namespace tokendesk::test {

// One finished run of a command-line executable (tokendesk-cli in the CLI suites).
struct CliRun
{
    int exitCode = -1;    // -1 when it did not exit normally
    bool crashed = false; // killed by a signal, or never finished within the minute
    QByteArray out;
    QByteArray err;

    // What gtest prints when an expectation on the run fails.
    std::string describe() const;
};

struct CliInvocation
{
    CliInvocation(QString program, QStringList arguments, QByteArray input = {})
        : program(std::move(program)), arguments(std::move(arguments)), input(std::move(input))
    {}

    QString program;
    QStringList arguments;
    QByteArray input; // written to standard input, which is then closed
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    std::function<void()> inChild; // runs in the child before exec (limits, for instance)
};

// An invocation whose arguments are raw bytes. Valid UTF-8 is passed as it is; anything else
// goes through bash's $'\xNN' quoting, since QProcess can pass only valid text. (An argument
// cannot hold a NUL byte: execve would end it there.)
CliInvocation rawInvocation(const QString& program, const QList<QByteArray>& arguments,
                            QByteArray input = {});

// Runs it to the end (at most a minute; a run still going then is killed and counts as crashed).
CliRun runCli(const CliInvocation& invocation);

} // namespace tokendesk::test
