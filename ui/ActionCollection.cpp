// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ActionCollection.h"

#include "ui/widgets/Icons.h"

#include <QAction>
#include <QMenu>
#include <QWidget>

namespace tokendesk::ui {

ActionCollection::ActionCollection(QWidget* window) : QObject(window)
{
    m_newStore = make(QStringLiteral("action_newStore"), tr("&New Store…"), {});
    m_openStore = make(QStringLiteral("action_openStore"), tr("&Open Store…"), {});
    m_connectServer = make(QStringLiteral("action_connectServer"), tr("&Connect to Server…"), {});
    m_openDatabase = make(QStringLiteral("action_openDatabase"), tr("Open &PostgreSQL Store…"), {});
    m_quit = make(QStringLiteral("action_quit"), tr("&Quit"), {});
    m_usersAndNotices = make(QStringLiteral("action_usersAndNotices"), tr("&Users && Notices…"), {});
    m_storeSettings = make(QStringLiteral("action_storeSettings"), tr("Store &Settings…"), {});
    m_exportInventory = make(QStringLiteral("action_exportInventory"), tr("&Export Tokens…"), {});
    m_inactiveTokens = make(QStringLiteral("action_inactiveTokens"), tr("&Inactive Tokens…"), {});
    m_generate = make(QStringLiteral("action_generate"), tr("&Generate Token…"), QStringLiteral("generate"));
    m_rename = make(QStringLiteral("action_rename"), tr("&Rename…"), QStringLiteral("rename"));
    m_editDetails = make(QStringLiteral("action_editDetails"), tr("Edit Description and &Tags…"), {});
    m_changeExpiry = make(QStringLiteral("action_changeExpiry"), tr("Change E&xpiry…"), {});
    m_toggleEnabled = make(QStringLiteral("action_toggleEnabled"), tr("&Disable"), QStringLiteral("disable"));
    m_rotate = make(QStringLiteral("action_rotate"), tr("R&evoke && Regenerate…"), QStringLiteral("rotate"));
    m_revoke = make(QStringLiteral("action_revoke"), tr("Re&voke…"), QStringLiteral("revoke"));
    m_copyMaskedId =
        make(QStringLiteral("action_copyMaskedId"), tr("&Copy Masked Token"), QStringLiteral("copy"));
    m_details = make(QStringLiteral("action_details"), tr("Show &Details"), QStringLiteral("details"));
    m_reload = make(QStringLiteral("action_reload"), tr("Re&load"), {});
    m_selectAll = make(QStringLiteral("action_selectAll"), tr("Select &All Matching"), {});
    m_bulkDisable =
        make(QStringLiteral("action_bulkDisable"), tr("&Disable Selected"), QStringLiteral("disable"));
    m_bulkEnable =
        make(QStringLiteral("action_bulkEnable"), tr("&Enable Selected"), QStringLiteral("enable"));
    m_bulkExtend = make(QStringLiteral("action_bulkExtend"), tr("E&xtend Expiry of Selected…"), {});
    m_bulkAddTag = make(QStringLiteral("action_bulkAddTag"), tr("Add &Tag to Selected…"), {});
    m_bulkRemoveTag = make(QStringLiteral("action_bulkRemoveTag"), tr("Re&move Tag from Selected…"), {});
    m_bulkRevoke =
        make(QStringLiteral("action_bulkRevoke"), tr("Re&voke Selected…"), QStringLiteral("revoke"));

    m_newStore->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    m_openStore->setShortcut(QKeySequence::Open);
    m_connectServer->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_quit->setShortcut(QKeySequence::Quit);
    m_quit->setMenuRole(QAction::QuitRole);
    m_usersAndNotices->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_U));
    m_exportInventory->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_inactiveTokens->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    m_generate->setShortcut(QKeySequence::New);
    m_rename->setShortcut(QKeySequence(Qt::Key_F2));
    m_toggleEnabled->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_editDetails->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    m_changeExpiry->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_rotate->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_revoke->setShortcut(QKeySequence::Delete);
    m_copyMaskedId->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_details->setShortcut(QKeySequence(Qt::Key_Return));
    m_reload->setShortcut(QKeySequence::Refresh);
    m_selectAll->setShortcut(QKeySequence::SelectAll);
    // Enter and Delete mean something else in the search field; they act on tokens only when
    // the table (which adds these actions to itself) has focus.
    m_details->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_revoke->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    // Ctrl+A selects the text in the search field and the rows in the table.
    m_selectAll->setShortcutContext(Qt::WidgetWithChildrenShortcut);

    for (QAction* action :
         {m_newStore, m_openStore, m_connectServer, m_quit, m_usersAndNotices, m_storeSettings,
          m_exportInventory, m_inactiveTokens, m_generate, m_rename, m_editDetails, m_changeExpiry,
          m_toggleEnabled, m_rotate, m_revoke, m_copyMaskedId, m_details, m_reload, m_selectAll})
        action->setShortcutVisibleInContextMenu(true);

    update({});
}

QAction* ActionCollection::make(const QString& objectName, const QString& text, const QString& icon)
{
    auto* action = new QAction(text, this);
    action->setObjectName(objectName);
    if (!icon.isEmpty())
        action->setIcon(Icons::icon(icon));
    return action;
}

QList<QAction*> ActionCollection::rowActions() const
{
    return {m_details,      m_copyMaskedId,  nullptr,  m_rename, m_editDetails,
            m_changeExpiry, m_toggleEnabled, m_rotate, nullptr,  m_revoke};
}

QList<QAction*> ActionCollection::selectionActions() const
{
    return {m_selectAll,  nullptr,         m_bulkDisable, m_bulkEnable, m_bulkExtend,
            m_bulkAddTag, m_bulkRemoveTag, nullptr,       m_bulkRevoke};
}

void ActionCollection::fillRowMenu(QMenu* menu) const
{
    fillMenu(menu, rowActions());
}

void ActionCollection::fillSelectionMenu(QMenu* menu) const
{
    fillMenu(menu, selectionActions());
}

void ActionCollection::fillMenu(QMenu* menu, const QList<QAction*>& actions)
{
    menu->setToolTipsVisible(true);
    for (QAction* action : actions) {
        if (action)
            menu->addAction(action);
        else
            menu->addSeparator();
    }
}

// The tooltip is the help text while the action is available and the reason while it is not,
// so hovering a greyed-out button always answers "why can't I?".
void ActionCollection::setAvailable(QAction* action, const QString& reasonWhenNot, const QString& help)
{
    action->setEnabled(reasonWhenNot.isEmpty());
    action->setToolTip(reasonWhenNot.isEmpty() ? help : reasonWhenNot);
    action->setStatusTip(action->toolTip());
}

void ActionCollection::update(const ActionContext& context)
{
    QString manageReason;
    if (!context.storeOpen) {
        manageReason = tr("Open a store first.");
    } else if (!context.offlineReason.isEmpty()) {
        manageReason =
            tr("The server cannot be reached, so nothing can be changed: %1").arg(context.offlineReason);
    } else if (!context.session) {
        manageReason =
            context.sessionError.isEmpty() ? tr("Loading your permissions…") : context.sessionError;
    } else if (!context.session->user.admin) {
        manageReason = tr("Only admins can manage tokens.");
    } else if (!context.session->user.apiAccess) {
        manageReason = tr("You do not have API access in this store, so you cannot manage tokens.");
    }

    QString generateReason = manageReason;
    if (generateReason.isEmpty() && context.session->limitReached()) {
        generateReason =
            tr("%1 of %n token(s) used — revoke one to free a slot.", "", context.session->tokenLimit)
                .arg(context.session->tokensUsed);
    }
    setAvailable(m_generate, generateReason, tr("Generate a new API token"));

    QString noSelection = context.storeOpen ? tr("Select a token first.") : tr("Open a store first.");
    if (context.selectedCount > 1)
        noSelection = tr("%n token(s) are selected: the Selection menu changes them all.", "",
                         int(context.selectedCount));
    const QString rowReason = context.current ? QString() : noSelection;
    const QString changeReason = !rowReason.isEmpty() ? rowReason : manageReason;

    setAvailable(m_details, rowReason, tr("Show all fields and the history of the selected token"));
    setAvailable(m_copyMaskedId, rowReason, tr("Copy the masked form of the token, which is safe to share"));
    setAvailable(m_rename, changeReason, tr("Give the selected token a new label"));
    setAvailable(m_editDetails, changeReason,
                 tr("Change what the selected token is for and how it is tagged"));
    QString expiryReason = changeReason;
    if (expiryReason.isEmpty() && context.current->status == TokenStatus::Expired)
        expiryReason = tr("This token has expired; rotate it to give it a new secret.");
    setAvailable(m_changeExpiry, expiryReason,
                 tr("Move the selected token's expiry, within the store's lifetime policy"));
    setAvailable(m_rotate, changeReason, tr("Revoke the selected token and generate a replacement"));
    setAvailable(m_revoke, changeReason, tr("Revoke the selected token permanently"));

    const bool disabled = context.current && context.current->status == TokenStatus::Disabled;
    m_toggleEnabled->setText(disabled ? tr("&Enable") : tr("&Disable"));
    m_toggleEnabled->setIcon(Icons::icon(disabled ? QStringLiteral("enable") : QStringLiteral("disable")));
    setAvailable(m_toggleEnabled, changeReason,
                 disabled ? tr("Let the selected token be used again")
                          : tr("Stop the selected token from working until it is enabled again"));

    updateSelectionActions(context, manageReason);

    const QString needsStore = context.storeOpen ? QString() : tr("Open a store first.");
    setAvailable(m_reload, needsStore, tr("Load the tokens again"));
    // Open to everyone with a store: the dialog itself shows non-admins the list read-only.
    setAvailable(m_usersAndNotices, needsStore,
                 tr("See who can use this store, add or remove users and read the creation notices"));
    // Open to everyone with a store: non-admins see the settings read-only.
    setAvailable(m_storeSettings, needsStore,
                 tr("Set how many tokens each user may create and how long tokens of each role may live"));
    setAvailable(m_exportInventory, needsStore,
                 tr("Save the tokens the table lists, with every column but never a secret, as CSV or JSON"));
    setAvailable(m_inactiveTokens, needsStore,
                 tr("See the revoked and rotated-out tokens: who ended each and when"));
    m_newStore->setToolTip(tr("Create a new, empty store file"));
    m_openStore->setToolTip(tr("Open another store file"));
    m_connectServer->setToolTip(tr("Manage the tokens of a TokenDesk server"));
    m_openDatabase->setToolTip(tr("Open a store kept in a PostgreSQL database"));
}

void ActionCollection::updateSelectionActions(const ActionContext& context, const QString& manageReason)
{
    const QString noRows = !context.storeOpen ? tr("Open a store first.") : tr("The table lists no tokens.");
    setAvailable(m_selectAll, context.rowCount > 0 ? QString() : noRows,
                 tr("Select every token the filter matches, also those the table has not loaded yet"));
    QString reason = manageReason;
    if (reason.isEmpty() && context.selectedCount == 0)
        reason = tr("Select tokens first: Shift or Ctrl with a click, or Ctrl+A for all.");
    const int count = int(context.selectedCount);
    setAvailable(m_bulkDisable, reason,
                 tr("Stop the %n selected token(s) from working until they are enabled again", "", count));
    setAvailable(m_bulkEnable, reason, tr("Let the %n selected token(s) be used again", "", count));
    setAvailable(m_bulkExtend, reason,
                 tr("Move the expiry of the %n selected token(s), within the lifetime policy", "", count));
    setAvailable(m_bulkAddTag, reason, tr("Give the %n selected token(s) one more tag", "", count));
    setAvailable(m_bulkRemoveTag, reason, tr("Take a tag off the %n selected token(s)", "", count));
    setAvailable(m_bulkRevoke, reason, tr("Revoke the %n selected token(s) permanently", "", count));
}

} // namespace tokendesk::ui
