// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Types.h"

#include <QAbstractTableModel>
#include <QList>

#include <optional>

namespace tokendesk {

// The users of a store and their privileges, as a small table. The list is short (people, not
// tokens), so it is held whole and replaced in one step whenever the backend answers.
class UserListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Name,
        Admin,
        ApiAccess,
        Email,
        ColumnCount
    };
    Q_ENUM(Column)

    enum ItemRole
    {
        NameRole = Qt::UserRole + 1, // the user name, whatever the column
        SortRole,                    // raw values: QString for names, bool for privileges
    };
    Q_ENUM(ItemRole)

    explicit UserListModel(QObject* parent = nullptr);

    void setUsers(QList<User> users);
    const QList<User>& users() const { return m_users; }
    std::optional<User> userAt(int row) const;
    int rowOf(const QString& name) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

private:
    QVariant displayData(const User& user, int column) const;
    QVariant toolTipData(const User& user, int column) const;

    QList<User> m_users;
};

} // namespace tokendesk
