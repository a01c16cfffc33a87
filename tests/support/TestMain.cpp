// SPDX-License-Identifier: GPL-3.0-or-later
#include <QCoreApplication>
#include <QLocale>

#include <gtest/gtest.h>

// One QCoreApplication for the whole run: QtSql, QtConcurrent and QFuture continuations need it.
int main(int argc, char** argv)
{
    QLocale::setDefault(QLocale::c());
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tokendesk-tests"));
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
