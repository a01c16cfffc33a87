// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Types.h"

#include <QAbstractTableModel>
#include <QList>

#include <optional>

namespace tokendesk {

// The creation notices the store queues for admins (one per admin for every generated or
// rotated token), newest first as the backend returns them. Carries only the masked token.
class NoticeListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Recipient,
        Kind,
        Label,
        Token,
        CreatedBy,
        Time,
        Delivery,
        ColumnCount
    };
    Q_ENUM(Column)

    enum ItemRole
    {
        NoticeIdRole = Qt::UserRole + 1,
        SortRole,      // raw values: QDateTime for Time, bool for Delivery, QString otherwise
        DeliveredRole, // bool, whatever the column
    };
    Q_ENUM(ItemRole)

    explicit NoticeListModel(QObject* parent = nullptr);

    void setNotices(QList<Notice> notices);
    const QList<Notice>& notices() const { return m_notices; }
    std::optional<Notice> noticeAt(int row) const;

    // "Generated" for token.generate, "Rotated" for token.rotate; unknown kinds as they are.
    static QString kindText(const QString& kind);
    // The exact instant, for tooltips: "2024-05-01 13:45:07 UTC".
    static QString exactUtc(const QDateTime& at);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

private:
    QVariant displayData(const Notice& notice, int column) const;
    QVariant toolTipData(const Notice& notice, int column) const;
    QVariant sortData(const Notice& notice, int column) const;

    QList<Notice> m_notices;
};

} // namespace tokendesk
