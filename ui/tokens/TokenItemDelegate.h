// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStyledItemDelegate>

namespace tokendesk::ui {

// Greys out tokens that cannot be used (disabled, expired), marks an expiry within the store's
// first warning, draws the status as a badge and the per-row "⋯" button in the Actions column.
class TokenItemDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    bool editorEvent(QEvent* event, QAbstractItemModel* model, const QStyleOptionViewItem& option,
                     const QModelIndex& index) override;

    // Where the "⋯" button sits inside a cell of the Actions column.
    static QRect moreButtonRect(const QRect& cell);

Q_SIGNALS:
    void moreClicked(const QModelIndex& index, const QPoint& globalPos);

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;

private:
    void paintStatusBadge(QPainter* painter, const QStyleOptionViewItem& option,
                          const QModelIndex& index) const;
    void paintMoreButton(QPainter* painter, const QStyleOptionViewItem& option) const;
};

} // namespace tokendesk::ui
