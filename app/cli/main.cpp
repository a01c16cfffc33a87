// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/CliApplication.h"
#include "models/core/FileSizeLimit.h"

#include <QCoreApplication>

int main(int argc, char** argv)
{
    tokendesk::reportFileSizeLimitAsAnError();
    // QtSql and the backend's worker thread need an application object, not an event loop.
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tokendesk-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TOKENDESK_VERSION));

    tokendesk::cli::CliApplication cli;
    return cli.run(QCoreApplication::arguments());
}
