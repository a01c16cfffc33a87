// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/users/UserListModel.h"

namespace tokendesk {

UserListModel::UserListModel(QObject* parent) : QAbstractTableModel(parent) {}

void UserListModel::setUsers(QList<User> users)
{
    beginResetModel();
    m_users = std::move(users);
    endResetModel();
}

std::optional<User> UserListModel::userAt(int row) const
{
    if (row < 0 || row >= m_users.size())
        return std::nullopt;
    return m_users.at(row);
}

int UserListModel::rowOf(const QString& name) const
{
    for (int row = 0; row < m_users.size(); ++row) {
        if (m_users.at(row).name == name)
            return row;
    }
    return -1;
}

int UserListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_users.size());
}

int UserListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

Qt::ItemFlags UserListModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant UserListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const User& user = m_users.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        return displayData(user, index.column());
    case Qt::ToolTipRole:
        return toolTipData(user, index.column());
    case NameRole:
        return user.name;
    case SortRole:
        switch (index.column()) {
        case Name:
            return user.name;
        case Admin:
            return user.admin;
        case ApiAccess:
            return user.apiAccess;
        case Email:
            return user.email;
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant UserListModel::displayData(const User& user, int column) const
{
    switch (column) {
    case Name:
        return user.name;
    case Admin:
        return user.admin ? tr("Yes") : tr("No");
    case ApiAccess:
        return user.apiAccess ? tr("Yes") : tr("No");
    case Email:
        return user.email;
    default:
        return {};
    }
}

QVariant UserListModel::toolTipData(const User& user, int column) const
{
    switch (column) {
    case Admin:
        return user.admin ? tr("Can add and remove users and sees every notice")
                          : tr("Cannot change users; sees only their own notices");
    case ApiAccess:
        if (user.admin && user.apiAccess)
            return tr("Can generate and manage tokens");
        return user.apiAccess ? tr("Needs the Admin privilege as well to manage tokens")
                              : tr("Cannot generate or manage tokens");
    case Email:
        return user.email.isEmpty() ? tr("No address given: notices go to the name if it is an address, "
                                         "else to the name at the server's mail domain")
                                    : tr("Notices are mailed to %1").arg(user.email);
    default:
        return {};
    }
}

QVariant UserListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name:
        return tr("Name");
    case Admin:
        return tr("Admin");
    case ApiAccess:
        return tr("API access");
    case Email:
        return tr("Mail address");
    default:
        return {};
    }
}

} // namespace tokendesk
