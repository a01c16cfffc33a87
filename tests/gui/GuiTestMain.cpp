// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/SecureMemory.h"
#include "models/core/Translations.h"
#include "tests/gui/GuiTestSupport.h"

#include <QApplication>
#include <QLocale>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <gtest/gtest.h>

// GUI suites need a QApplication (widgets, clipboard); the shared TestMain only makes a
// QCoreApplication. Runs on the offscreen platform (set by CMake) in the C locale.
int main(int argc, char** argv)
{
    // As the console's own main() does: its tokens live in the locked arena (ConsoleDumpTest).
    tokendesk::SecureMemory::start();
    // CTest's test discovery runs this binary without the suite's environment; without a display
    // a QApplication would abort, so default to offscreen unless told otherwise.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QLocale::setDefault(QLocale::c());
    QStandardPaths::setTestModeEnabled(true);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("tokendesk-gui-tests"));
    // Suites that do not set their own (GuiTest does, per test) still keep off the real config.
    const QTemporaryDir settings;
    tokendesk::test::useTemporarySettings(settings.path());
    // The same strings as the application: the plural forms come from the English catalogue.
    if (!tokendesk::Translations::install()) {
        qCritical("gui_tests: :/i18n/tokendesk_en.qm is missing");
        return 1;
    }
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
