// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/CliApplication.h"
#include "app/cli/CliCommand.h"
#include "models/core/FileSizeLimit.h"
#include "models/core/SecureMemory.h"
#include "models/core/Translations.h"

#include <QByteArrayView>
#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>

namespace {

// Qt decodes argv leniently, so bytes that are not UTF-8 would reach a label or a store path as
// U+FFFD: refused here, before anything runs, with the argument's position (not its bytes).
int firstArgumentNotUtf8(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        if (!QByteArrayView(argv[i]).isValidUtf8())
            return i;
    }
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    // First, before any token can exist: secrets live in the locked arena core dumps leave out.
    tokendesk::SecureMemory::start();
    tokendesk::reportFileSizeLimitAsAnError();
    // QtSql and the backend's worker thread need an application object, not an event loop.
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tokendesk-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TOKENDESK_VERSION));
    // The CLI's contract is one "error:" line per failure: the library's own diagnostics (which
    // repeat the error, and may quote what was typed) stay off unless QT_LOGGING_RULES asks.
    QLoggingCategory::setFilterRules(QStringLiteral("tokendesk.*=false"));
    // "Disabled 1 token." / "Disabled 3 tokens.": the plural forms live in the English catalogue.
    tokendesk::Translations::install();

    if (const int bad = firstArgumentNotUtf8(argc, argv)) {
        const QString message =
            QCoreApplication::translate("CliApplication", "%1: argument %2 is not valid UTF-8 text\n")
                .arg(QCoreApplication::applicationName())
                .arg(bad);
        std::fputs(message.toUtf8().constData(), stderr);
        return tokendesk::cli::ExitUsage;
    }

    tokendesk::cli::CliApplication cli;
    return cli.run(QCoreApplication::arguments());
}
