// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/backend/sql/SqlBackend.h"
#include "tests/support/TestSupport.h"
#include "ui/MainWindow.h"

#include <QApplication>
#include <QWidget>

#include <gtest/gtest.h>

#include <functional>
#include <memory>

namespace tokendesk::test {

// Processes events until `done` holds or the timeout passes; never blocks the event loop.
bool waitUntil(const std::function<bool()>& done, int timeoutMs = 5000);

// Points every QSettings (user and system scope) at `folder`, so tests never read or write the
// user's real configuration.
void useTemporarySettings(const QString& folder);

// A visible top-level window (dialog, menu) with this objectName, or nullptr.
template <typename T = QWidget> T* findTopLevel(const QString& objectName)
{
    for (QWidget* widget : QApplication::topLevelWidgets()) {
        if (widget->isVisible() && widget->objectName() == objectName)
            if (auto* typed = qobject_cast<T*>(widget))
                return typed;
    }
    return nullptr;
}

template <typename T = QWidget> T* waitForTopLevel(const QString& objectName, int timeoutMs = 5000)
{
    T* found = nullptr;
    waitUntil([&] { return (found = findTopLevel<T>(objectName)) != nullptr; }, timeoutMs);
    return found;
}

template <typename T> T* childOf(QObject* parent, const QString& objectName)
{
    return parent ? parent->findChild<T*>(objectName) : nullptr;
}

// One temporary store per test, its first admin being the OS user (whom the window acts as),
// and a main window on it.
class GuiTest : public ::testing::Test
{
protected:
    void SetUp() override;
    void TearDown() override;

    // Creates the store (and opens the window on it).
    void openWindow(int tokenLimit = 3);
    std::shared_ptr<SqlBackend> backend() const { return m_backend; }
    ui::MainWindow& window() { return *m_window; }
    QString storePath() const { return m_dir.file(QStringLiteral("test.tokendesk")); }

    GeneratedToken generateDirect(const QString& label, Role role = Role::Developer);
    // Selects the row with this label; false if it is not in the table.
    bool selectToken(const QString& label);
    int rowOf(const QString& label) const;
    QStringList labels() const;
    QString bannerText() const;
    bool waitForBanner(const QString& containing);
    // Waits until the model has finished the reload that an action started.
    bool waitIdle();

    TempDir m_dir;
    std::shared_ptr<SqlBackend> m_backend;
    std::unique_ptr<ui::MainWindow> m_window;
};

} // namespace tokendesk::test
