// SPDX-License-Identifier: GPL-3.0-or-later
// The console: parse options, open the store, show the window.
#include "models/core/FileSizeLimit.h"
#include "models/core/SecureMemory.h"
#include "models/core/StorePaths.h"
#include "models/core/Translations.h"
#include "ui/MainWindow.h"
#include "ui/widgets/Icons.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

int main(int argc, char** argv)
{
    // First, before any token can exist: secrets live in the locked arena core dumps leave out.
    tokendesk::SecureMemory::start();
    tokendesk::reportFileSizeLimitAsAnError();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("tokendesk"));
    QApplication::setApplicationDisplayName(QStringLiteral("TokenDesk"));
    QApplication::setApplicationVersion(QStringLiteral(TOKENDESK_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("tokendesk"));
    QApplication::setWindowIcon(tokendesk::ui::Icons::appIcon());
    if (!tokendesk::Translations::install())
        qWarning("TokenDesk: the built-in English strings are missing; plurals will read \"(s)\"");

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Admin console for API tokens"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption storeOption(
        QStringLiteral("store"),
        QApplication::translate("main", "Open the store at <path> instead of the default one."),
        QApplication::translate("main", "path"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QApplication::translate("main",
                                "Save a picture of the main window to <file> once loaded, then quit."),
        QApplication::translate("main", "file"));
    parser.addOption(storeOption);
    parser.addOption(screenshotOption);
    parser.process(app);

    tokendesk::ui::MainWindow window;
    if (parser.isSet(storeOption))
        window.openStore(parser.value(storeOption));
    else
        window.openStore(tokendesk::StorePaths::defaultStorePath(), /*createIfMissing=*/true);
    window.show();

    if (parser.isSet(screenshotOption)) {
        // Give the store time to open and the first page to arrive; for the README picture.
        const QString file = parser.value(screenshotOption);
        QTimer::singleShot(1500, &window, [&window, file] {
            window.grab().save(file);
            QApplication::quit();
        });
    }
    return app.exec();
}
