// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/MainWindow.h"

#include "models/core/RequestTracker.h"
#include "models/table/TokenTableModel.h"
#include "ui/ActionCollection.h"
#include "ui/store/AuditHeadWatch.h"
#include "ui/store/OpenDatabaseDialog.h"
#include "ui/store/RecentStores.h"
#include "ui/store/RecentStoresMenu.h"
#include "ui/store/ServerConnector.h"
#include "ui/store/ServerCredentials.h"
#include "ui/store/StoreFileDialogs.h"
#include "ui/store/StoreSession.h"
#include "ui/store/StoreSettingsDialog.h"
#include "ui/tokens/BulkOperations.h"
#include "ui/tokens/EmptyStatePanel.h"
#include "ui/tokens/ExpiryReminder.h"
#include "ui/tokens/InactiveTokensDialog.h"
#include "ui/tokens/TokenDetailsPanel.h"
#include "ui/tokens/TokenExportFlow.h"
#include "ui/tokens/TokenFilterBar.h"
#include "ui/tokens/TokenOperations.h"
#include "ui/tokens/TokenTableView.h"
#include "ui/users/UsersDialog.h"
#include "ui/widgets/Banner.h"
#include "ui/widgets/BusyIndicator.h"
#include "ui/widgets/Clipboard.h"
#include "ui/widgets/Icons.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>

namespace tokendesk::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(Icons::appIcon());

    m_session = new StoreSession(this);
    m_auditWatch = new AuditHeadWatch(this);
    m_model = new TokenTableModel(this);
    m_actions = new ActionCollection(this);
    m_recent = new RecentStores(this);
    m_recentMenu = new RecentStoresMenu(m_recent, this);
    m_credentials = new ServerCredentials(this);
    m_connector = new ServerConnector(m_session, m_credentials, this);

    auto* central = new QWidget(this);
    m_banner = new Banner(central);
    m_filterBar = new TokenFilterBar(m_model, central);
    m_table = new TokenTableView(central);
    m_table->setTokenModel(m_model);
    m_table->addActions({m_actions->details(), m_actions->revoke(), m_actions->selectAll()});
    m_details = new TokenDetailsPanel(central);
    m_emptyState = new EmptyStatePanel(m_actions->generate(), central);
    m_operations = new TokenOperations(m_model, m_banner, Clipboard::instance(), this);
    m_bulk = new BulkOperations(m_model, m_banner, this);
    m_exportFlow = new TokenExportFlow(m_banner, this);
    m_expiryReminder = new ExpiryReminder(m_model, m_filterBar, m_banner, this);

    m_splitter = new QSplitter(central);
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setCollapsible(0, false);
    m_pages = new QStackedWidget(central);
    m_pages->addWidget(m_splitter);
    m_pages->addWidget(m_emptyState);

    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(8, 8, 8, 0);
    layout->addWidget(m_banner);
    layout->addWidget(m_filterBar);
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);

    m_busy = new BusyIndicator(this);
    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("tokenCount"));
    m_userLabel = new QLabel(this);
    m_userLabel->setObjectName(QStringLiteral("sessionLabel"));
    m_storeLabel = new QLabel(this);
    m_storeLabel->setObjectName(QStringLiteral("storeLabel"));
    statusBar()->addWidget(m_storeLabel);
    statusBar()->addWidget(m_countLabel);
    statusBar()->addWidget(m_userLabel);
    statusBar()->addPermanentWidget(m_busy);
    // Any source that is working shows the busy indicator.
    for (const RequestTracker* requests :
         {m_model->requests(), m_session->requests(), m_operations->requests(), m_bulk->requests(),
          m_details->requests()})
        m_busy->watch(requests);
    connect(m_connector, &ServerConnector::busyChanged, m_busy,
            [this](bool busy) { m_busy->setBusy(m_connector, busy); });

    buildMenus();
    buildToolBar();

    // Store and session.
    connect(m_session, &StoreSession::backendChanged, this, [this] {
        m_model->setBackend(m_session->backend());
        m_details->setBackend(m_session->backend());
        m_operations->setBackend(m_session->backend());
        m_bulk->setBackend(m_session->backend());
        m_expiryReminder->setBackend(m_session->backend(), m_session->path());
        // Only a store that opened goes on the list; a failed open never gets here.
        if (m_session->backend() && !m_session->path().isEmpty())
            m_recent->add(m_session->path());
        updateTitle();
    });
    connect(m_session, &StoreSession::sessionChanged, this, [this] {
        updateActions();
        updateStatus();
        // After every open and refresh: has the store's audit log lost entries this console saw?
        if (m_session->info()) {
            m_auditWatch->check(m_session->backend(), m_session->path());
            m_expiryReminder->refresh();
        }
    });
    connect(m_auditWatch, &AuditHeadWatch::headMissing, this,
            [this](const QString& message) { m_banner->showMessage(Banner::Kind::Error, message); });
    connect(m_session, &StoreSession::openFailed, this, &MainWindow::onOpenFailed);
    connect(m_session, &StoreSession::offlineChanged, this, [this] {
        updateActions();
        updateStatus();
        if (m_session->offlineReason().isEmpty()) {
            m_banner->showMessage(Banner::Kind::Success, tr("Connected to the server again."));
            m_model->reload();
            return;
        }
        m_banner->showMessage(
            Banner::Kind::Error,
            tr("The server does not answer, so the tokens shown are those loaded before and "
               "nothing can be changed. %1")
                .arg(m_session->offlineReason()));
        m_banner->setAction(tr("Try Again"), [this] { m_session->refresh(); });
    });
    connect(m_connector, &ServerConnector::failed, this,
            [this](const QString& message) { m_banner->showMessage(Banner::Kind::Error, message); });
    connect(m_connector, &ServerConnector::notice, this,
            [this](const QString& message) { m_banner->showMessage(Banner::Kind::Info, message); });

    // Table, selection and panels.
    connect(m_table, &TokenTableView::currentTokenChanged, this, [this] {
        updateActions();
        updatePages();
        if (const qsizetype selected = m_table->selectedCount(); selected > 1)
            m_details->showSelectedCount(selected);
        else
            m_details->showToken(m_table->currentToken());
    });
    connect(m_table, &TokenTableView::rowMenuRequested, this,
            [this](const QModelIndex&, const QPoint& pos) { showRowMenu(pos); });
    connect(m_table, &QAbstractItemView::doubleClicked, m_actions->details(), &QAction::trigger);
    connect(m_model, &TokenTableModel::loaded, this, &MainWindow::updatePages);
    connect(m_model, &TokenTableModel::loaded, this, &MainWindow::updateActions);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updatePages);
    connect(m_model, &TokenTableModel::errorOccurred, this, [this](const Error& error) {
        m_banner->showMessage(Banner::Kind::Error, error.message);
        noteFailure(error);
    });
    connect(m_operations, &TokenOperations::failed, this, &MainWindow::noteFailure);

    connect(m_operations, &TokenOperations::tokensChanged, m_session, &StoreSession::refresh);
    connect(m_bulk, &BulkOperations::failed, this, &MainWindow::noteFailure);
    connect(m_bulk, &BulkOperations::tokensChanged, m_session, &StoreSession::refresh);
    connect(m_operations, &TokenOperations::tokenUpdated, this,
            [this] { m_details->showToken(m_table->currentToken()); });

    // Actions.
    connect(m_actions->quit(), &QAction::triggered, qApp, &QApplication::quit, Qt::QueuedConnection);
    connect(m_actions->openStore(), &QAction::triggered, this, [this] {
        StoreFileDialogs::chooseExisting(this,
                                         m_session->isServer() || RecentStores::isDatabase(m_session->path())
                                             ? QString()
                                             : QFileInfo(m_session->path()).absolutePath(),
                                         [this](const QString& path) { openStore(path); });
    });
    connect(m_recentMenu, &RecentStoresMenu::openRequested, this, &MainWindow::openRecent);
    connect(m_actions->openDatabase(), &QAction::triggered, this, [this] {
        auto* dialog = new OpenDatabaseDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QDialog::accepted, this, [this, dialog] { openStore(dialog->url()); });
        dialog->open();
    });
    connect(m_actions->connectServer(), &QAction::triggered, this,
            [this] { m_connector->showDialog(m_session->isServer() ? QUrl(m_session->path()) : QUrl()); });
    connect(m_actions->newStore(), &QAction::triggered, this, [this] {
        StoreFileDialogs::chooseNew(this, QFileInfo(m_session->path()).absolutePath(),
                                    [this](const QString& path) { m_session->create(path); });
    });
    connect(m_actions->usersAndNotices(), &QAction::triggered, this, &MainWindow::showUsersDialog);
    connect(m_actions->inactiveTokens(), &QAction::triggered, this, &MainWindow::showInactiveTokens);
    connect(m_actions->storeSettings(), &QAction::triggered, this, &MainWindow::showStoreSettings);
    connect(m_actions->exportInventory(), &QAction::triggered, this,
            [this] { m_exportFlow->chooseAndExport(m_session->backend(), m_model->query()); });
    connect(m_actions->generate(), &QAction::triggered, m_operations, &TokenOperations::generate);
    connect(m_actions->rename(), &QAction::triggered, this,
            [this] { withCurrent(&TokenOperations::rename); });
    connect(m_actions->editDetails(), &QAction::triggered, this,
            [this] { withCurrent(&TokenOperations::editDetails); });
    connect(m_actions->changeExpiry(), &QAction::triggered, this,
            [this] { withCurrent(&TokenOperations::changeExpiry); });
    connect(m_actions->toggleEnabled(), &QAction::triggered, this,
            [this] { withCurrent(&TokenOperations::toggleEnabled); });
    connect(m_actions->rotate(), &QAction::triggered, this,
            [this] { withCurrent(&TokenOperations::rotate); });
    connect(m_actions->revoke(), &QAction::triggered, this,
            [this] { withCurrent(&TokenOperations::revoke); });
    connect(m_actions->copyMaskedId(), &QAction::triggered, this,
            [this] { withCurrent(&TokenOperations::copyMaskedId); });
    connect(m_actions->selectAll(), &QAction::triggered, this, [this] {
        m_table->setFocus();
        m_table->selectAll();
    });
    for (const auto& actionAndKind : {std::pair{m_actions->bulkDisable(), BulkActionKind::Disable},
                                      {m_actions->bulkEnable(), BulkActionKind::Enable},
                                      {m_actions->bulkExtend(), BulkActionKind::Extend},
                                      {m_actions->bulkAddTag(), BulkActionKind::AddTag},
                                      {m_actions->bulkRemoveTag(), BulkActionKind::RemoveTag},
                                      {m_actions->bulkRevoke(), BulkActionKind::Revoke}}) {
        const BulkActionKind kind = actionAndKind.second;
        connect(actionAndKind.first, &QAction::triggered, this,
                [this, kind] { m_bulk->start(kind, m_table->selection()); });
    }
    connect(m_actions->details(), &QAction::triggered, this, [this] {
        m_splitter->setSizes({m_splitter->width() * 2 / 3, m_splitter->width() / 3});
        m_details->setFocus();
    });
    connect(m_actions->reload(), &QAction::triggered, this, [this] {
        m_model->reload();
        m_session->refresh();
    });

    updateTitle();
    updateActions();
    updatePages();
    updateStatus();
    resize(1100, 680);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("fileMenu"));
    file->addAction(m_actions->newStore());
    file->addAction(m_actions->openStore());
    file->addAction(m_actions->openDatabase());
    file->addAction(m_actions->connectServer());
    file->addMenu(m_recentMenu);
    file->addSeparator();
    file->addAction(m_actions->usersAndNotices());
    file->addAction(m_actions->storeSettings());
    file->addAction(m_actions->exportInventory());
    file->addSeparator();
    file->addAction(m_actions->quit());

    QMenu* token = menuBar()->addMenu(tr("&Token"));
    token->setObjectName(QStringLiteral("tokenMenu"));
    token->setToolTipsVisible(true);
    token->addAction(m_actions->generate());
    token->addSeparator();
    m_actions->fillRowMenu(token);

    QMenu* selection = menuBar()->addMenu(tr("&Selection"));
    selection->setObjectName(QStringLiteral("selectionMenu"));
    m_actions->fillSelectionMenu(selection);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    view->addAction(m_actions->inactiveTokens());
    view->addSeparator();
    view->addAction(m_actions->reload());
}

void MainWindow::buildToolBar()
{
    QToolBar* bar = addToolBar(tr("Tokens"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(m_actions->generate());
    bar->addSeparator();
    bar->addAction(m_actions->rename());
    bar->addAction(m_actions->toggleEnabled());
    bar->addAction(m_actions->rotate());
    bar->addAction(m_actions->revoke());
    bar->addSeparator();
    bar->addAction(m_actions->copyMaskedId());
}

void MainWindow::openStore(const QString& path, bool createIfMissing)
{
    m_session->open(path, createIfMissing);
}

void MainWindow::setBackend(std::shared_ptr<Backend> backend, const QString& path)
{
    m_session->setBackend(std::move(backend), path);
}

void MainWindow::withCurrent(void (TokenOperations::*operation)(const Token&))
{
    if (const std::optional<Token> token = m_table->currentToken())
        (m_operations->*operation)(*token);
}

void MainWindow::showRowMenu(const QPoint& globalPos)
{
    auto* menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    // On one of several selected rows, the menu is about all of them.
    if (m_table->selectedCount() > 1) {
        menu->setObjectName(QStringLiteral("selectionRowMenu"));
        m_actions->fillSelectionMenu(menu);
    } else {
        menu->setObjectName(QStringLiteral("rowMenu"));
        m_actions->fillRowMenu(menu);
    }
    menu->popup(globalPos);
}

// Window-modal and opened with open(), not exec(): the main window waits, the backend and the
// event loop do not. Window-modal also means the store cannot be switched under the dialog.
void MainWindow::showUsersDialog()
{
    if (m_usersDialog) {
        m_usersDialog->raise();
        m_usersDialog->activateWindow();
        return;
    }
    const std::shared_ptr<Backend> backend = m_session->backend();
    if (!backend)
        return;
    auto* dialog = new UsersDialog(backend, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    // Users decide who may do what: re-read our own permissions and the token limit after any
    // change and once more when the dialog closes.
    connect(dialog, &UsersDialog::usersChanged, m_session, &StoreSession::refresh);
    connect(dialog, &QDialog::finished, m_session, &StoreSession::refresh);
    m_usersDialog = dialog;
    dialog->open();
}

// Window-modal and opened with open(), as the users dialog. A new token limit changes what
// Generate allows: the session is read again once saved.
void MainWindow::showStoreSettings()
{
    const std::shared_ptr<Backend> backend = m_session->backend();
    if (!backend)
        return;
    const bool admin = m_session->info() && m_session->info()->user.admin;
    auto* dialog = new StoreSettingsDialog(backend, admin, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    connect(dialog, &StoreSettingsDialog::saved, this, [this](const QString& summary) {
        m_banner->showMessage(Banner::Kind::Success, summary);
        m_session->refresh();
    });
    dialog->open();
}

// Window-modal and opened with open(), as the users dialog: the store cannot change under it.
void MainWindow::showInactiveTokens()
{
    const std::shared_ptr<Backend> backend = m_session->backend();
    if (!backend)
        return;
    auto* dialog = new InactiveTokensDialog(backend, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->open();
}

void MainWindow::updateActions()
{
    ActionContext context;
    context.storeOpen = m_session->backend() != nullptr;
    context.session = m_session->info();
    context.sessionError = m_session->sessionError();
    context.current = m_table->currentToken();
    context.selectedCount = m_table->selectedCount();
    context.rowCount = m_model->rowCount();
    context.offlineReason = m_session->offlineReason();
    m_actions->update(context);
}

void MainWindow::updateTitle()
{
    const std::shared_ptr<Backend> backend = m_session->backend();
    if (!backend)
        setWindowTitle(tr("No store — TokenDesk"));
    else if (m_session->isServer())
        setWindowTitle(tr("%1 (server) — TokenDesk").arg(backend->displayName()));
    else
        setWindowTitle(tr("%1 — TokenDesk").arg(backend->displayName()));
}

void MainWindow::updatePages()
{
    const bool empty = m_model->isLoaded() && m_model->rowCount() == 0 && !m_model->hasFilter();
    m_pages->setCurrentWidget(empty ? static_cast<QWidget*>(m_emptyState) : m_splitter);
    m_filterBar->setEnabled(m_session->backend() != nullptr);
    const int count = m_model->rowCount();
    if (!m_model->isLoaded())
        m_countLabel->clear();
    else if (const qsizetype selected = m_table->selectedCount(); selected > 1)
        m_countLabel->setText(tr("%n token(s)", "", count) + QStringLiteral(" · ") +
                              tr("%1 selected").arg(QLocale().toString(selected)));
    else
        m_countLabel->setText(tr("%n token(s)", "", count));
}

void MainWindow::updateStatus()
{
    // Always visible: which store file or which server this window is working on.
    const QString where = m_session->path();
    if (!m_session->backend())
        m_storeLabel->setText(tr("No store open"));
    else if (m_session->isServer())
        m_storeLabel->setText(m_session->offlineReason().isEmpty()
                                  ? tr("Server %1").arg(where)
                                  : tr("Server %1 (not answering)").arg(where));
    else if (RecentStores::isDatabase(where))
        m_storeLabel->setText(tr("Database %1").arg(where));
    else
        m_storeLabel->setText(tr("Store %1").arg(QDir::toNativeSeparators(where)));
    m_storeLabel->setToolTip(m_storeLabel->text());
    const auto& info = m_session->info();
    if (!info) {
        m_userLabel->setText(m_session->sessionError());
        return;
    }
    // The noun agrees with the limit: "1 of 1 token used", "2 of 3 tokens used".
    m_userLabel->setText(tr("Signed in as %1 · %2 of %n token(s) used", "", info->tokenLimit)
                             .arg(info->user.name, QString::number(info->tokensUsed)));
}

void MainWindow::noteFailure(const Error& error)
{
    if (error.code == ErrorCode::StoreUnavailable && m_session->isServer())
        m_session->setOffline(error.message);
}

void MainWindow::openRecent(const QString& entry)
{
    if (RecentStores::isServer(entry))
        m_connector->reconnect(QUrl(entry));
    else
        openStore(entry);
}

void MainWindow::onOpenFailed(const QString& path, const Error& error)
{
    m_banner->showMessage(Banner::Kind::Error, StoreSession::describeOpenError(path, error));
    m_banner->setAction(tr("Open Another Store…"), [this] { m_actions->openStore()->trigger(); });
    updatePages();
}

} // namespace tokendesk::ui
