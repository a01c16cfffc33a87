// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/notices/NoticeListModel.h"

#include <QLocale>

namespace tokendesk {

NoticeListModel::NoticeListModel(QObject* parent) : QAbstractTableModel(parent) {}

void NoticeListModel::setNotices(QList<Notice> notices)
{
    beginResetModel();
    m_notices = std::move(notices);
    endResetModel();
}

std::optional<Notice> NoticeListModel::noticeAt(int row) const
{
    if (row < 0 || row >= m_notices.size())
        return std::nullopt;
    return m_notices.at(row);
}

QString NoticeListModel::kindText(const QString& kind)
{
    if (kind == QLatin1String("token.generate"))
        return tr("Generated");
    if (kind == QLatin1String("token.rotate"))
        return tr("Rotated");
    if (kind == QLatin1String("audit.head"))
        return tr("Audit head"); // the label holds the head, the token column its signature
    if (kind == QLatin1String("token.expiring"))
        return tr("Expires soon"); // the time column holds the expiry (ExpiryWarnings)
    return kind;
}

QString NoticeListModel::exactUtc(const QDateTime& at)
{
    if (!at.isValid())
        return {};
    return tr("%1 UTC").arg(at.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
}

int NoticeListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_notices.size());
}

int NoticeListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

Qt::ItemFlags NoticeListModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant NoticeListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Notice& notice = m_notices.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayData(notice, index.column());
    case Qt::ToolTipRole:
        return toolTipData(notice, index.column());
    case NoticeIdRole:
        return notice.id;
    case SortRole:
        return sortData(notice, index.column());
    case DeliveredRole:
        return notice.delivered;
    default:
        return {};
    }
}

QVariant NoticeListModel::displayData(const Notice& notice, int column) const
{
    switch (column) {
    case Recipient:
        return notice.recipient;
    case Kind:
        return kindText(notice.kind);
    case Label:
        return notice.label;
    case Token:
        return notice.masked;
    case CreatedBy:
        return notice.createdBy;
    case Time:
        return notice.createdAt.isValid()
                   ? QLocale().toString(notice.createdAt.toLocalTime(), QLocale::ShortFormat)
                   : QString();
    case Delivery:
        return notice.delivered ? tr("Delivered") : tr("Queued");
    default:
        return {};
    }
}

QVariant NoticeListModel::toolTipData(const Notice& notice, int column) const
{
    switch (column) {
    case Time:
        if (notice.kind == QLatin1String("token.expiring"))
            return tr("Expires %1").arg(exactUtc(notice.createdAt));
        return exactUtc(notice.createdAt);
    case Delivery:
        if (notice.delivered)
            return tr("Delivered to %1").arg(notice.recipient);
        return tr("Waiting to be delivered; %n attempt(s) so far", "", notice.attempts);
    default:
        return {};
    }
}

QVariant NoticeListModel::sortData(const Notice& notice, int column) const
{
    switch (column) {
    case Time:
        return notice.createdAt;
    case Delivery:
        return notice.delivered;
    case Kind:
        return notice.kind;
    default:
        return displayData(notice, column);
    }
}

QVariant NoticeListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Recipient:
        return tr("Recipient");
    case Kind:
        return tr("Kind");
    case Label:
        return tr("Token label");
    case Token:
        return tr("Token");
    case CreatedBy:
        return tr("Created by");
    case Time:
        return tr("Time");
    case Delivery:
        return tr("Delivery");
    default:
        return {};
    }
}

} // namespace tokendesk
