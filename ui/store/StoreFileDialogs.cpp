// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/store/StoreFileDialogs.h"

#include <QCoreApplication>
#include <QFileDialog>

namespace tokendesk::ui::StoreFileDialogs {

namespace {

// A namespace of free functions, no class: Q_DECLARE_TR_FUNCTIONS gives them tr() under the
// context lupdate files these strings in.
struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(tokendesk::ui::StoreFileDialogs)
};

QFileDialog* makeDialog(QWidget* parent, const QString& startDir, const QString& title)
{
    auto* dialog = new QFileDialog(parent, title, startDir);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setNameFilters({Texts::tr("TokenDesk stores (*.tokendesk)"), Texts::tr("All files (*)")});
    dialog->setDefaultSuffix(QStringLiteral("tokendesk"));
    return dialog;
}

} // namespace

void chooseExisting(QWidget* parent, const QString& startDir, std::function<void(const QString&)> chosen)
{
    QFileDialog* dialog = makeDialog(parent, startDir, Texts::tr("Open Store"));
    dialog->setObjectName(QStringLiteral("openStoreDialog"));
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setAcceptMode(QFileDialog::AcceptOpen);
    QObject::connect(dialog, &QFileDialog::fileSelected, dialog, std::move(chosen));
    dialog->open();
}

void chooseNew(QWidget* parent, const QString& startDir, std::function<void(const QString&)> chosen)
{
    QFileDialog* dialog = makeDialog(parent, startDir, Texts::tr("New Store"));
    dialog->setObjectName(QStringLiteral("newStoreDialog"));
    dialog->setFileMode(QFileDialog::AnyFile);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    // The backend refuses to overwrite an existing file; asking "replace?" here would promise
    // something it will not do.
    dialog->setOption(QFileDialog::DontConfirmOverwrite);
    QObject::connect(dialog, &QFileDialog::fileSelected, dialog, std::move(chosen));
    dialog->open();
}

} // namespace tokendesk::ui::StoreFileDialogs
