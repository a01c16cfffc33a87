// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/CliProcess.h"

#include <QProcess>

namespace tokendesk::test {

std::string CliRun::describe() const
{
    return "exit " + std::to_string(exitCode) + (crashed ? " (killed by a signal)" : "") +
           "\nstdout: " + out.toStdString() + "\nstderr: " + err.toStdString();
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
