// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/tokens/InactiveTokensDialog.h"

#include "models/table/EndedTokenListModel.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace tokendesk::ui {

InactiveTokensDialog::InactiveTokensDialog(std::shared_ptr<Backend> backend, QWidget* parent)
    : QDialog(parent), m_model(new EndedTokenListModel(this))
{
    setObjectName(QStringLiteral("inactiveDialog"));
    setWindowTitle(tr("Inactive Tokens"));
    setAccessibleName(tr("Inactive tokens"));

    auto* intro = new QLabel(tr("Tokens that were revoked or rotated out. They no longer work and "
                                "their secrets are gone; what is shown here is what the store kept."),
                             this);
    intro->setObjectName(QStringLiteral("inactiveIntro"));
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::PlainText);

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("inactiveSearch"));
    m_search->setAccessibleName(tr("Search inactive tokens"));
    m_search->setPlaceholderText(tr("Search label or creator…"));
    m_search->setClearButtonEnabled(true);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("inactiveTable"));
    m_table->setAccessibleName(tr("Inactive tokens"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTabKeyNavigation(false); // Tab moves on to Close rather than through the cells
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("inactiveSummary"));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("closeInactiveButton"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_search);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_summary);
    layout->addWidget(buttons);

    // Typing pauses before the store is asked, as in the main window's search.
    auto* debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(250);
    connect(m_search, &QLineEdit::textChanged, debounce, qOverload<>(&QTimer::start));
    connect(debounce, &QTimer::timeout, this, [this] { m_model->setFilter(m_search->text().trimmed()); });
    connect(m_model, &EndedTokenListModel::loaded, this, &InactiveTokensDialog::updateSummary);
    connect(m_model, &EndedTokenListModel::errorOccurred, this,
            [this](const Error& error) { m_summary->setText(error.message); });

    m_model->setBackend(std::move(backend));
    resize(900, 480);
    m_table->setColumnWidth(EndedTokenListModel::Label, 200);
    m_table->setColumnWidth(EndedTokenListModel::Ended, 150);
}

void InactiveTokensDialog::updateSummary()
{
    if (m_model->isLoading())
        return;
    const int shown = m_model->rowCount();
    if (shown == 0)
        m_summary->setText(m_search->text().trimmed().isEmpty()
                               ? tr("No token has been revoked or rotated yet.")
                               : tr("No inactive token matches."));
    else if (m_model->canFetchMore({}))
        m_summary->setText(tr("The %n most recent shown; scroll for more.", "", shown));
    else
        m_summary->setText(tr("%n inactive token(s).", "", shown));
}

} // namespace tokendesk::ui
