// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/gui/GuiTestSupport.h"

#include "models/backend/sql/SqlWorker.h"
#include "models/core/StorePaths.h"
#include "models/table/TokenTableModel.h"
#include "ui/store/StoreSession.h"
#include "ui/tokens/TokenTableView.h"
#include "ui/widgets/Banner.h"

#include <QDialog>
#include <QSettings>
#include <QTest>

namespace tokendesk::test {

bool waitUntil(const std::function<bool()>& done, int timeoutMs)
{
    return QTest::qWaitFor(done, timeoutMs);
}

void useTemporarySettings(const QString& folder)
{
    for (const QSettings::Format format : {QSettings::NativeFormat, QSettings::IniFormat}) {
        QSettings::setPath(format, QSettings::UserScope, folder);
        QSettings::setPath(format, QSettings::SystemScope, folder + QStringLiteral("/system"));
    }
}

void GuiTest::SetUp()
{
    // Settings (recent stores…) go to this test's own folder, never the user's config.
    useTemporarySettings(m_dir.file(QStringLiteral("settings")));
    m_window = std::make_unique<ui::MainWindow>();
}

void GuiTest::TearDown()
{
    // A fresh set of windows for every test: close whatever a failing test left open.
    for (QWidget* widget : QApplication::topLevelWidgets()) {
        if (auto* dialog = qobject_cast<QDialog*>(widget); dialog && dialog->isVisible())
            dialog->hide();
    }
    m_window.reset();
    m_backend.reset();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    // Requests the window sent last (a reload, a token's history) still hold the store; they run
    // and release it before the test's folder goes. Otherwise the store would see its file
    // vanish under a queued job, which is a test of its own (StorageFaultsTest), not of this one.
    SqlWorker::instance().post<bool>([] { return true; }).waitForFinished();
}

void GuiTest::openWindow(int tokenLimit)
{
    m_backend =
        awaitOk(SqlBackend::create(storePath(), StoreCreateOptions{StorePaths::osLoginName(), tokenLimit}));
    m_window->setBackend(m_backend, storePath());
    m_window->show();
    ASSERT_TRUE(
        waitUntil([this] { return m_window->tokenModel()->isLoaded() && m_window->session()->info(); }));
}

GeneratedToken GuiTest::generateDirect(const QString& label, Role role)
{
    return awaitOk(m_backend->generate(TokenSpec{label, role, {}}));
}

int GuiTest::rowOf(const QString& label) const
{
    const TokenTableModel* model = m_window->tokenModel();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, TokenTableModel::Label).data().toString() == label)
            return row;
    }
    return -1;
}

QStringList GuiTest::labels() const
{
    QStringList result;
    const TokenTableModel* model = m_window->tokenModel();
    for (int row = 0; row < model->rowCount(); ++row)
        result.append(model->index(row, TokenTableModel::Label).data().toString());
    return result;
}

bool GuiTest::selectToken(const QString& label)
{
    if (!waitUntil([&] { return rowOf(label) >= 0; }))
        return false;
    auto* table = m_window->findChild<ui::TokenTableView*>(QStringLiteral("tokenTable"));
    table->setFocus();
    // As a plain click would: selectRow() reads the keyboard modifiers Qt last saw, which an
    // earlier test's Shift+F10 or Ctrl+click may have left behind, and would extend the selection.
    const QModelIndex index = table->model()->index(rowOf(label), 0);
    table->selectionModel()->setCurrentIndex(index,
                                             QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    return table->currentToken().has_value() && table->currentToken()->label == label;
}

QString GuiTest::bannerText() const
{
    auto* banner = m_window->findChild<ui::Banner*>(QStringLiteral("banner"));
    return banner && banner->isVisible() ? banner->text() : QString();
}

bool GuiTest::waitForBanner(const QString& containing)
{
    return waitUntil([&] { return bannerText().contains(containing); });
}

bool GuiTest::waitIdle()
{
    return waitUntil([this] { return !m_window->tokenModel()->isBusy(); });
}

} // namespace tokendesk::test
