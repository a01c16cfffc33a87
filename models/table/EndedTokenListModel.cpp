// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/table/EndedTokenListModel.h"

#include "models/backend/Backend.h"
#include "models/core/Continuation.h"
#include "models/core/Formatting.h"

#include <QLocale>

namespace tokendesk {

EndedTokenListModel::EndedTokenListModel(QObject* parent) : QAbstractTableModel(parent) {}

void EndedTokenListModel::setBackend(std::shared_ptr<Backend> backend)
{
    m_backend = std::move(backend);
    reload();
}

void EndedTokenListModel::setFilter(const QString& filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    reload();
}

void EndedTokenListModel::reload()
{
    beginResetModel();
    m_tokens.clear();
    m_complete = m_backend == nullptr;
    m_loading = false;
    ++m_generation;
    endResetModel();
    if (m_backend)
        requestPage();
}

void EndedTokenListModel::requestPage()
{
    if (m_loading || m_complete || !m_backend)
        return;
    m_loading = true;
    InactiveQuery query;
    query.filter = m_filter;
    query.offset = int(m_tokens.size());
    query.limit = kPageSize;
    whenDone(m_backend->inactive(query), this,
             [this, generation = m_generation](const Result<QList<EndedToken>>& page) {
                 if (generation != m_generation)
                     return;
                 m_loading = false;
                 if (!page) {
                     m_complete = true; // no retry loop on a failing store; reload() tries again
                     Q_EMIT errorOccurred(page.error());
                     Q_EMIT loaded();
                     return;
                 }
                 m_complete = page.value().size() < kPageSize;
                 if (!page.value().isEmpty()) {
                     const int first = int(m_tokens.size());
                     beginInsertRows({}, first, first + int(page.value().size()) - 1);
                     m_tokens << page.value();
                     endInsertRows();
                 }
                 Q_EMIT loaded();
             });
}

int EndedTokenListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_tokens.size());
}

int EndedTokenListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

Qt::ItemFlags EndedTokenListModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

bool EndedTokenListModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && !m_complete && !m_loading;
}

void EndedTokenListModel::fetchMore(const QModelIndex& parent)
{
    if (!parent.isValid())
        requestPage();
}

QString EndedTokenListModel::reasonText(const QString& reason)
{
    if (reason == QStringLiteral("revoked"))
        return tr("Revoked");
    if (reason == QStringLiteral("rotated"))
        return tr("Rotated out");
    return reason;
}

QVariant EndedTokenListModel::displayData(const EndedToken& token, int column) const
{
    switch (column) {
    case Label:
        return Formatting::escapeForDisplay(token.label);
    case Masked:
        return token.masked;
    case Role:
        return Formatting::roleText(token.role);
    case CreatedBy:
        return Formatting::escapeForDisplay(token.createdBy);
    case Ended:
        return QLocale().toString(token.endedAt.toLocalTime(), QLocale::ShortFormat);
    case EndedBy:
        return Formatting::escapeForDisplay(token.endedBy);
    case Reason:
        return reasonText(token.reason);
    default:
        return {};
    }
}

QVariant EndedTokenListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const EndedToken& token = m_tokens.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        return displayData(token, index.column());
    case Qt::ToolTipRole:
        if (index.column() == Ended)
            return QLocale().toString(token.endedAt.toLocalTime(), QLocale::LongFormat);
        if (index.column() == Label)
            return tr("Created by %1 on %2")
                .arg(Formatting::escapeForDisplay(token.createdBy),
                     QLocale().toString(token.createdAt.toLocalTime(), QLocale::ShortFormat));
        return {};
    default:
        return {};
    }
}

QVariant EndedTokenListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Label:
        return tr("Label");
    case Masked:
        return tr("Token");
    case Role:
        return tr("Role");
    case CreatedBy:
        return tr("Created By");
    case Ended:
        return tr("Ended");
    case EndedBy:
        return tr("Ended By");
    case Reason:
        return tr("Reason");
    default:
        return {};
    }
}

} // namespace tokendesk
