// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/tokens/TokenTableView.h"

#include "models/core/Formatting.h"
#include "models/table/TokenTableModel.h"
#include "ui/tokens/TokenItemDelegate.h"

#include <QContextMenuEvent>
#include <QHeaderView>
#include <QLocale>
#include <QMenu>
#include <QShortcut>
#include <QStyle>

namespace tokendesk::ui {

TokenTableView::TokenTableView(QWidget* parent) : QTableView(parent), m_delegate(new TokenItemDelegate(this))
{
    setObjectName(QStringLiteral("tokenTable"));
    setAccessibleName(tr("Tokens"));
    setItemDelegate(m_delegate);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setShowGrid(false);
    setAlternatingRowColors(true);
    setWordWrap(false);
    setMouseTracking(true); // hover highlight for the "⋯" button
    verticalHeader()->hide();
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 14);
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    horizontalHeader()->setStretchLastSection(false);

    connect(horizontalHeader(), &QHeaderView::customContextMenuRequested, this,
            &TokenTableView::showColumnChooser);
    connect(m_delegate, &TokenItemDelegate::moreClicked, this,
            [this](const QModelIndex& index, const QPoint& pos) {
                makeCurrentKeepingSelection(index);
                Q_EMIT rowMenuRequested(index, pos);
            });
    auto* shiftF10 = new QShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F10), this, this,
                                   &TokenTableView::openMenuForCurrent, Qt::WidgetShortcut);
    shiftF10->setObjectName(QStringLiteral("rowMenuShortcut"));
}

void TokenTableView::setTokenModel(TokenTableModel* model)
{
    m_model = model;
    setModel(model);
    QHeaderView* header = horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(TokenTableModel::Label, QHeaderView::Stretch);
    header->setSectionResizeMode(TokenTableModel::Actions, QHeaderView::Fixed);
    header->resizeSection(TokenTableModel::Actions, 36);
    // Wide enough for the longest usual value, measured in the current font (so it scales).
    const QFontMetrics metrics = fontMetrics();
    const int padding = 2 * style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, this) + 16;
    const auto fit = [&](const QString& sample) {
        return metrics.horizontalAdvance(sample) + padding;
    };
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    header->resizeSection(TokenTableModel::Token,
                          QFontMetrics(mono).horizontalAdvance(QStringLiteral("tdk_\u2026WWWW")) + padding);
    header->resizeSection(TokenTableModel::LastUsed, fit(tr("10 minutes ago")));
    header->resizeSection(TokenTableModel::CreatedBy, fit(QStringLiteral("WWWWWWWW")));
    header->resizeSection(TokenTableModel::Role, fit(Formatting::roleText(Role::Developer)));
    header->resizeSection(TokenTableModel::Status,
                          fit(Formatting::statusText(TokenStatus::Disabled)) + metrics.height());
    // Room for the warning sign of an expiry within the store's first warning, too.
    header->resizeSection(TokenTableModel::Expires,
                          fit(QLocale().toString(QDate(2000, 12, 28), QLocale::ShortFormat)) +
                              style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this) + 4);
    header->resizeSection(TokenTableModel::Tags, fit(QStringLiteral("ci, env=production")));
    // Tags are for the admin who uses them: the column chooser shows it.
    setColumnHidden(TokenTableModel::Tags, true);
    header->setMinimumSectionSize(32);
    header->setSortIndicator(TokenTableModel::Label, Qt::AscendingOrder);
    setSortingEnabled(true);

    connect(selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &TokenTableView::currentTokenChanged);
    connect(selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &TokenTableView::currentTokenChanged);
    connect(model, &QAbstractItemModel::dataChanged, this, &TokenTableView::currentTokenChanged);
    connect(model, &QAbstractItemModel::modelReset, this, &TokenTableView::currentTokenChanged);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &TokenTableView::currentTokenChanged);
}

std::optional<Token> TokenTableView::currentToken() const
{
    const QModelIndex current = currentIndex();
    if (!m_model || !current.isValid() || !selectionModel()->isRowSelected(current.row(), {}) ||
        selectedCount() != 1)
        return std::nullopt;
    return m_model->tokenAt(current.row());
}

TokenSelection TokenTableView::selection() const
{
    if (!m_model)
        return {};
    QList<RowSpan> spans;
    // Ranges, not selectedRows(): Ctrl+A on a million rows is one range, not a million indexes.
    for (const QItemSelectionRange& range : selectionModel()->selection())
        spans.append({range.top(), range.bottom()});
    return TokenSelection(m_model->query(), m_model->rowCount(), std::move(spans));
}

qsizetype TokenTableView::selectedCount() const
{
    return selection().count();
}

void TokenTableView::makeCurrentKeepingSelection(const QModelIndex& index)
{
    if (selectionModel()->isRowSelected(index.row(), {}))
        selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
    else
        setCurrentIndex(index);
}

void TokenTableView::contextMenuEvent(QContextMenuEvent* event)
{
    if (event->reason() == QContextMenuEvent::Keyboard) {
        openMenuForCurrent();
        return;
    }
    const QModelIndex index = indexAt(event->pos());
    if (!index.isValid())
        return;
    makeCurrentKeepingSelection(index);
    Q_EMIT rowMenuRequested(index, event->globalPos());
}

void TokenTableView::openMenuForCurrent()
{
    const QModelIndex current = currentIndex();
    if (!current.isValid())
        return;
    makeCurrentKeepingSelection(current);
    const QRect rect = visualRect(current.siblingAtColumn(TokenTableModel::Label));
    Q_EMIT rowMenuRequested(current, viewport()->mapToGlobal(rect.bottomLeft()));
}

void TokenTableView::showColumnChooser(const QPoint& pos)
{
    auto* menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("columnChooser"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    for (int column = 0; column < TokenTableModel::ColumnCount; ++column) {
        // The label names the row and the actions column holds its menu: neither can be hidden.
        if (column == TokenTableModel::Label || column == TokenTableModel::Actions)
            continue;
        QAction* toggle = menu->addAction(model()->headerData(column, Qt::Horizontal).toString());
        toggle->setCheckable(true);
        toggle->setChecked(!isColumnHidden(column));
        connect(toggle, &QAction::toggled, this,
                [this, column](bool shown) { setColumnHidden(column, !shown); });
    }
    menu->popup(horizontalHeader()->viewport()->mapToGlobal(pos));
}

} // namespace tokendesk::ui
