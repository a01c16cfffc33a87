// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/CliProcess.h"

#include <QProcess>

namespace tokendesk::test {

std::string CliRun::describe() const
{
    return "exit " + std::to_string(exitCode) + (crashed ? " (killed by a signal)" : "") +
           "\nstdout: " + out.toStdString() + "\nstderr: " + err.toStdString();
}

CliInvocation rawInvocation(const QString& program, const QList<QByteArray>& arguments, QByteArray input)
{
    bool allText = true;
    for (const QByteArray& argument : arguments)
        allText = allText && argument.isValidUtf8();
    CliInvocation invocation(program, {}, std::move(input));
    if (allText) {
        for (const QByteArray& argument : arguments)
            invocation.arguments << QString::fromUtf8(argument);
        return invocation;
    }
    QString script = QStringLiteral("exec \"$0\"");
    for (const QByteArray& argument : arguments) {
        script += QStringLiteral(" $'");
        for (const char c : argument)
            script += QStringLiteral("\\x%1").arg(quint8(c), 2, 16, QLatin1Char('0'));
        script += QLatin1Char('\'');
    }
    invocation.program = QStringLiteral("/bin/bash");
    invocation.arguments = {QStringLiteral("-c"), script, program};
    return invocation;
}

CliRun runCli(const CliInvocation& invocation)
{
    QProcess process;
    process.setProcessEnvironment(invocation.environment);
    if (invocation.inChild)
        process.setChildProcessModifier(invocation.inChild);
    process.start(invocation.program, invocation.arguments);
    CliRun run;
    if (!process.waitForStarted(10000)) {
        run.crashed = true;
        run.err = "cannot start " + invocation.program.toUtf8();
        return run;
    }
    process.write(invocation.input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
    }
    run.crashed = process.exitStatus() != QProcess::NormalExit;
    run.exitCode = run.crashed ? -1 : process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

} // namespace tokendesk::test
