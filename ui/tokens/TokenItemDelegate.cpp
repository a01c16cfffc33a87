// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/tokens/TokenItemDelegate.h"

#include "models/table/TokenTableModel.h"
#include "ui/widgets/Icons.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QMouseEvent>
#include <QPainter>
#include <QStyle>

namespace tokendesk::ui {

namespace {

bool isUsable(const QModelIndex& index)
{
    const QVariant status = index.data(TokenTableModel::StatusRole);
    return !status.isValid() || status.toInt() == int(TokenStatus::Active);
}

bool isDark(const QPalette& palette)
{
    return palette.color(QPalette::Base).lightnessF() < 0.5;
}

QColor mix(const QColor& a, const QColor& b, float bWeight)
{
    QColor mixed;
    mixed.setRgbF(a.redF() * (1 - bWeight) + b.redF() * bWeight,
                  a.greenF() * (1 - bWeight) + b.greenF() * bWeight,
                  a.blueF() * (1 - bWeight) + b.blueF() * bWeight);
    return mixed;
}

// Green and amber carry meaning the palette has no role for; each has a lighter shade for dark
// backgrounds, where the light-theme shades are too dim to read as an outline. "Disabled" is no
// signal colour at all: half-way between the palette's text and base.
QColor badgeColour(TokenStatus status, const QPalette& palette)
{
    const bool dark = isDark(palette);
    switch (status) {
    case TokenStatus::Active:
        return dark ? QColor(0x5c, 0xc9, 0x8a) : QColor(0x2e, 0x9d, 0x5b);
    case TokenStatus::Disabled:
        return mix(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.5f);
    case TokenStatus::Expired:
        return dark ? QColor(0xe8, 0xa5, 0x4a) : QColor(0xc7, 0x7c, 0x1e);
    }
    return {};
}

} // namespace

void TokenItemDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (!isUsable(index)) {
        // Greyed, not hidden: a disabled token is still there and can be enabled again.
        option->palette.setColor(QPalette::Text, option->palette.color(QPalette::Disabled, QPalette::Text));
        option->font.setItalic(index.column() == TokenTableModel::Label);
    }
    if (index.column() == TokenTableModel::Token)
        option->font.setFamilies({QStringLiteral("monospace")});
    if (index.column() == TokenTableModel::Expires && index.data(TokenTableModel::ExpiresSoonRole).toBool()) {
        // Within the store's first expiry warning: the amber of "Expired" and a warning sign, so
        // the mark does not rest on colour alone.
        if (isUsable(index))
            option->palette.setColor(QPalette::Text, badgeColour(TokenStatus::Expired, option->palette));
        const QStyle* style = option->widget ? option->widget->style() : QApplication::style();
        option->icon = style->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, option->widget);
        option->features |= QStyleOptionViewItem::HasDecoration;
    }
}

QRect TokenItemDelegate::moreButtonRect(const QRect& cell)
{
    const int side = std::min(cell.height() - 4, 24);
    return QRect(cell.center().x() - side / 2, cell.center().y() - side / 2 + 1, side, side);
}

void TokenItemDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                              const QModelIndex& index) const
{
    if (index.column() == TokenTableModel::Status && index.data(TokenTableModel::LoadedRole).toBool()) {
        paintStatusBadge(painter, option, index);
        return;
    }
    if (index.column() == TokenTableModel::Actions) {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        QStyle* style = opt.widget ? opt.widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
        if (index.data(TokenTableModel::LoadedRole).toBool())
            paintMoreButton(painter, opt);
        return;
    }
    QStyledItemDelegate::paint(painter, option, index);
}

void TokenItemDelegate::paintStatusBadge(QPainter* painter, const QStyleOptionViewItem& option,
                                         const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    QStyle* style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

    const auto status = TokenStatus(index.data(TokenTableModel::StatusRole).toInt());
    const QColor colour = badgeColour(status, opt.palette);
    const QFontMetrics metrics(opt.font);
    const int padding = metrics.height() / 2;
    QRect badge(0, 0, metrics.horizontalAdvance(text) + 2 * padding, metrics.height() + 2);
    badge.moveCenter(opt.rect.center());
    badge.moveLeft(opt.rect.left() + metrics.height() / 3);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QColor fill = colour;
    fill.setAlphaF(isDark(opt.palette) ? 0.24f : 0.18f);
    painter->setPen(QPen(colour, 1));
    painter->setBrush(fill);
    painter->drawRoundedRect(QRectF(badge).adjusted(0.5, 0.5, -0.5, -0.5), badge.height() / 2.0,
                             badge.height() / 2.0);
    painter->setFont(opt.font);
    painter->setPen(opt.state & QStyle::State_Selected ? opt.palette.color(QPalette::HighlightedText)
                                                       : opt.palette.color(QPalette::Text));
    painter->drawText(badge, Qt::AlignCenter, text);
    painter->restore();
}

void TokenItemDelegate::paintMoreButton(QPainter* painter, const QStyleOptionViewItem& option) const
{
    const QRect button = moreButtonRect(option.rect);
    painter->save();
    if (option.state & QStyle::State_MouseOver) {
        painter->setRenderHint(QPainter::Antialiasing);
        QColor hover = option.palette.color(QPalette::Text);
        hover.setAlphaF(0.12f);
        painter->setPen(Qt::NoPen);
        painter->setBrush(hover);
        painter->drawRoundedRect(button, 4, 4);
    }
    const QIcon icon = Icons::icon(QStringLiteral("more"));
    const int side = button.height() - 6;
    icon.paint(painter,
               button.adjusted(3, 3, -3, -3)
                   .intersected(QRect(button.center() - QPoint(side / 2, side / 2), QSize(side, side))));
    painter->restore();
}

QSize TokenItemDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    // In units of the font's line height, so rows and the "⋯" column grow with a larger font
    // (device scaling, such as 200%, is applied by Qt on top of these logical sizes).
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    const int line = option.fontMetrics.height();
    if (index.column() == TokenTableModel::Actions)
        size.setWidth(std::max(32, line * 2));
    else if (index.column() == TokenTableModel::Status)
        size.rwidth() += line;
    size.setHeight(std::max(size.height(), line * 7 / 4));
    return size;
}

bool TokenItemDelegate::editorEvent(QEvent* event, QAbstractItemModel* model,
                                    const QStyleOptionViewItem& option, const QModelIndex& index)
{
    if (index.column() == TokenTableModel::Actions && event->type() == QEvent::MouseButtonRelease) {
        auto* mouse = static_cast<QMouseEvent*>(event);
        const QRect button = moreButtonRect(option.rect);
        if (mouse->button() == Qt::LeftButton && button.contains(mouse->position().toPoint())) {
            const QWidget* view = option.widget;
            const QPoint below =
                view ? view->mapToGlobal(button.bottomLeft()) : mouse->globalPosition().toPoint();
            Q_EMIT moreClicked(index, below);
            return true;
        }
    }
    return QStyledItemDelegate::editorEvent(event, model, option, index);
}

} // namespace tokendesk::ui
