// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/table/TokenTableModel.h"

#include "models/core/Formatting.h"

#include <QLocale>
#include <QScopeGuard>

#include <algorithm>
#include <limits>
#include <utility>

namespace tokendesk {

TokenTableModel::TokenTableModel(QObject* parent)
    : QAbstractTableModel(parent), m_requests(new RequestTracker(this))
{
    m_query.limit = kPageSize;
}

TokenTableModel::~TokenTableModel() = default;

void TokenTableModel::setBackend(std::shared_ptr<Backend> backend)
{
    m_backend = std::move(backend);
    reload();
}

void TokenTableModel::setFilterText(const QString& text)
{
    if (m_query.filter == text)
        return;
    m_query.filter = text;
    scheduleReload();
}

void TokenTableModel::setRoleFilter(std::optional<tokendesk::Role> role)
{
    if (m_query.role == role)
        return;
    m_query.role = role;
    scheduleReload();
}

void TokenTableModel::setStatusFilter(std::optional<TokenStatus> status)
{
    if (m_query.status == status)
        return;
    m_query.status = status;
    scheduleReload();
}

void TokenTableModel::setUnusedForDaysFilter(std::optional<int> days)
{
    if (m_query.unusedForDays == days)
        return;
    m_query.unusedForDays = days;
    scheduleReload();
}

void TokenTableModel::setExpiresWithinDaysFilter(std::optional<int> days)
{
    if (m_query.expiresWithinDays == days)
        return;
    m_query.expiresWithinDays = days;
    scheduleReload();
}

void TokenTableModel::setExpiryWarningDays(std::optional<int> days)
{
    if (m_expiryWarningDays == days)
        return;
    m_expiryWarningDays = days;
    // Only the Expires cells change: one signal for all rows, however many.
    if (m_rowCount > 0)
        Q_EMIT dataChanged(index(0, Expires), index(m_rowCount - 1, Expires));
}

bool TokenTableModel::expiresSoon(const tokendesk::Token& token) const
{
    if (!m_expiryWarningDays || !token.expiresAt.isValid())
        return false;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    return token.expiresAt > now && token.expiresAt <= now.addDays(*m_expiryWarningDays);
}

void TokenTableModel::setBreaksPolicyFilter(bool breaksPolicy)
{
    if (m_query.breaksPolicy == breaksPolicy)
        return;
    m_query.breaksPolicy = breaksPolicy;
    scheduleReload();
}

void TokenTableModel::scheduleReload(bool recount)
{
    // Answers for the old query are stale from now on, even before the new one is sent.
    m_requests->invalidate();
    m_recountScheduled = m_recountScheduled || recount;
    if (m_scheduledReload)
        return;
    // Busy from the change on, so nobody mistakes the old rows for the answer.
    m_scheduledReload = m_requests->start();
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_scheduledReload)
                reloadNow(m_recountScheduled);
        },
        Qt::QueuedConnection);
}

int TokenTableModel::cachedRowCount() const
{
    int rows = 0;
    for (const Page& page : m_pages)
        rows += int(page.rows.size());
    return rows;
}

bool TokenTableModel::hasFilter() const
{
    return !m_query.filter.isEmpty() || m_query.role.has_value() || m_query.status.has_value() ||
           m_query.unusedForDays.has_value() || m_query.expiresWithinDays.has_value() || m_query.breaksPolicy;
}

void TokenTableModel::reload()
{
    reloadNow(/*recount=*/true);
}

void TokenTableModel::reloadNow(bool recount)
{
    // A scheduled reload is done by this one; its share of the busy count ends once this
    // reload's own work has begun, so busy never flickers off in between.
    const std::optional<RequestTracker::Ticket> scheduled = std::exchange(m_scheduledReload, std::nullopt);
    m_recountScheduled = false;
    auto endScheduled = qScopeGuard([scheduled] {
        if (scheduled)
            scheduled->finish();
    });
    m_requests->invalidate();
    m_pending.clear();
    if (!m_backend) {
        beginResetModel();
        m_pages.clear();
        m_rowCount = 0;
        m_loaded = false;
        endResetModel();
        return;
    }
    // The count (unless only the order changed) and the first page are asked for together, and
    // the model resets only once both are here: the view swaps from the old rows to the new ones
    // in one step instead of flashing placeholders. Both answers are current or neither is: only
    // a later reload or a removed row makes them stale, and then whenCurrent() drops them.
    struct Answer
    {
        std::optional<int> total;
        std::optional<QList<tokendesk::Token>> rows;
        bool failed = false;
    };
    auto answer = std::make_shared<Answer>();
    if (!recount && m_loaded)
        answer->total = m_rowCount;
    auto finish = [this, answer] {
        if (answer->failed || !answer->total || !answer->rows)
            return;
        beginResetModel();
        m_pages.clear();
        m_rowCount = *answer->total;
        m_loaded = true;
        m_pages.insert(0, Page{std::move(*answer->rows), ++m_useCounter});
        endResetModel();
        Q_EMIT loaded(m_rowCount);
    };
    auto fail = [this, answer](const Error& error) {
        const bool first = !answer->failed;
        answer->failed = true;
        if (first)
            Q_EMIT errorOccurred(error);
    };
    if (!answer->total) {
        whenCurrent(m_backend->count(m_query), this, m_requests->start(),
                    [answer, finish, fail](Result<qint64> counted) {
                        if (!counted.ok())
                            return fail(counted.error());
                        answer->total =
                            int(std::min<qint64>(counted.value(), std::numeric_limits<int>::max()));
                        finish();
                    });
    }
    TokenQuery pageQuery = m_query;
    pageQuery.offset = 0;
    pageQuery.limit = kPageSize;
    whenCurrent(m_backend->list(pageQuery), this, m_requests->start(),
                [answer, finish, fail](Result<QList<tokendesk::Token>> page) {
                    if (!page.ok())
                        return fail(page.error());
                    answer->rows = std::move(page).value();
                    finish();
                });
}

void TokenTableModel::fetchPage(int page) const
{
    if (!m_backend || m_pending.contains(page))
        return;
    auto* self = const_cast<TokenTableModel*>(this);
    m_pending.insert(page);
    TokenQuery query = m_query;
    query.offset = page * kPageSize;
    query.limit = kPageSize;
    // Scrolling on from a page we hold: ask for the rows after its last one (keyset paging, an
    // index seek at any depth) rather than for an offset the backend would have to count to.
    if (auto previous = m_pages.constFind(page - 1);
        previous != m_pages.cend() && previous->rows.size() == kPageSize)
        query.after = m_query.anchorAfter(previous->rows.last());
    whenCurrent(m_backend->list(query), self, m_requests->start(),
                [self, page](Result<QList<tokendesk::Token>> rows) {
                    self->m_pending.remove(page);
                    if (!rows.ok()) {
                        Q_EMIT self->errorOccurred(rows.error());
                        return;
                    }
                    self->storePage(page, std::move(rows).value());
                });
}

void TokenTableModel::storePage(int page, QList<tokendesk::Token> rows)
{
    m_pages.insert(page, Page{std::move(rows), ++m_useCounter});
    // Bounded cache: forget the least recently used pages beyond the limit.
    while (m_pages.size() > kMaxCachedPages) {
        auto oldest = std::min_element(m_pages.begin(), m_pages.end(),
                                       [](const Page& a, const Page& b) { return a.lastUse < b.lastUse; });
        m_pages.erase(oldest);
    }
    const int first = page * kPageSize;
    const int last = std::min(m_rowCount, first + kPageSize) - 1;
    if (last >= first)
        Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
}

std::optional<tokendesk::Token> TokenTableModel::tokenAt(int row) const
{
    if (row < 0 || row >= m_rowCount)
        return std::nullopt;
    auto it = m_pages.find(row / kPageSize);
    if (it == m_pages.end() || row % kPageSize >= it->rows.size())
        return std::nullopt;
    return it->rows.at(row % kPageSize);
}

int TokenTableModel::rowOf(TokenId id) const
{
    for (auto it = m_pages.cbegin(); it != m_pages.cend(); ++it) {
        for (int i = 0; i < it->rows.size(); ++i) {
            if (it->rows.at(i).id == id)
                return it.key() * kPageSize + i;
        }
    }
    return -1;
}

void TokenTableModel::updateToken(const tokendesk::Token& token)
{
    for (auto it = m_pages.begin(); it != m_pages.end(); ++it) {
        for (int i = 0; i < it->rows.size(); ++i) {
            if (it->rows.at(i).id == token.id) {
                it->rows[i] = token;
                const int row = it.key() * kPageSize + i;
                Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
                return;
            }
        }
    }
}

void TokenTableModel::removeToken(TokenId id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    const int page = row / kPageSize;
    beginRemoveRows({}, row, row);
    m_pages[page].rows.removeAt(row % kPageSize);
    // Every later page has shifted by one row; fetch them again when a view asks.
    for (auto it = m_pages.begin(); it != m_pages.end();) {
        if (it.key() > page)
            it = m_pages.erase(it);
        else
            ++it;
    }
    m_pending.clear();
    m_requests->invalidate(); // answers for pages asked before the removal are now off by one
    --m_rowCount;
    endRemoveRows();
}

std::optional<SortKey> TokenTableModel::sortKeyFor(int column)
{
    switch (column) {
    case Label:
        return SortKey::Label;
    case LastUsed:
        return SortKey::LastUsed;
    case CreatedBy:
        return SortKey::CreatedBy;
    case Role:
        return SortKey::Role;
    case Status:
        return SortKey::Status;
    case Expires:
        return SortKey::Expires;
    default:
        return std::nullopt;
    }
}

int TokenTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_rowCount;
}

int TokenTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

Qt::ItemFlags TokenTableModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant TokenTableModel::displayData(const tokendesk::Token& token, int column) const
{
    switch (column) {
    case Label:
        return token.label;
    case Token:
        return token.masked;
    case LastUsed:
        return Formatting::relativeTime(token.lastUsedAt, QDateTime::currentDateTimeUtc());
    case CreatedBy:
        return token.createdBy;
    case Role:
        return Formatting::roleText(token.role);
    case Status:
        return Formatting::statusText(token.status);
    case Expires:
        return token.expiresAt.isValid()
                   ? QLocale().toString(token.expiresAt.toLocalTime().date(), QLocale::ShortFormat)
                   : tr("Never");
    case Tags:
        return token.tags.join(QStringLiteral(", "));
    default:
        return {};
    }
}

QVariant TokenTableModel::sortData(const tokendesk::Token& token, int column) const
{
    switch (column) {
    case Label:
        return token.label;
    case Token:
        return token.masked;
    case LastUsed:
        return token.lastUsedAt;
    case CreatedBy:
        return token.createdBy;
    case Role:
        return int(token.role);
    case Status:
        return int(token.status);
    case Expires:
        return token.expiresAt;
    case Tags:
        return token.tags.join(u',');
    default:
        return {};
    }
}

QVariant TokenTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const std::optional<tokendesk::Token> token = tokenAt(index.row());
    if (!token) {
        fetchPage(index.row() / kPageSize);
        if (role == LoadedRole)
            return false;
        if (role == Qt::DisplayRole && index.column() == Label)
            return tr("Loading…");
        return {};
    }
    m_pages[index.row() / kPageSize].lastUse = ++m_useCounter;

    switch (role) {
    case Qt::DisplayRole:
        return displayData(*token, index.column());
    case Qt::ToolTipRole:
        switch (index.column()) {
        case LastUsed:
            return token->lastUsedAt.isValid()
                       ? QLocale().toString(token->lastUsedAt.toLocalTime(), QLocale::LongFormat)
                       : tr("This token has never been used.");
        case Expires:
            if (!token->expiresAt.isValid())
                return tr("This token does not expire.");
            if (expiresSoon(*token))
                return tr("%1: within the store's first expiry warning (%n day(s) ahead).", "",
                          *m_expiryWarningDays)
                    .arg(QLocale().toString(token->expiresAt.toLocalTime(), QLocale::LongFormat));
            return QLocale().toString(token->expiresAt.toLocalTime(), QLocale::LongFormat);
        case Label:
            return token->description.isEmpty() ? QVariant() : QVariant(token->description);
        case Tags: // the whole list, where the cell elides it
            return token->tags.isEmpty() ? QVariant() : QVariant(token->tags.join(QStringLiteral(", ")));
        case Token:
            return tr("Only the prefix and the last four characters are kept; the full token was "
                      "shown once, when it was created.");
        default:
            return {};
        }
    case Qt::AccessibleTextRole:
        if (index.column() == Expires && expiresSoon(*token))
            return tr("%1, expires soon").arg(displayData(*token, index.column()).toString());
        return displayData(*token, index.column());
    case ExpiresSoonRole:
        return expiresSoon(*token);
    case TokenIdRole:
        return token->id;
    case TokenRole:
        return QVariant::fromValue(*token);
    case SortRole:
        return sortData(*token, index.column());
    case StatusRole:
        return int(token->status);
    case VersionRole:
        return token->version;
    case LoadedRole:
        return true;
    default:
        return {};
    }
}

QVariant TokenTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole || role == Qt::AccessibleTextRole) {
        switch (section) {
        case Label:
            return tr("Label");
        case Token:
            return tr("Token");
        case LastUsed:
            return tr("Last used");
        case CreatedBy:
            return tr("Created by");
        case Role:
            return tr("Role");
        case Status:
            return tr("Status");
        case Expires:
            return tr("Expires");
        case Tags:
            return tr("Tags");
        case Actions:
            return role == Qt::AccessibleTextRole ? tr("Actions") : QString();
        default:
            return {};
        }
    }
    return QAbstractTableModel::headerData(section, orientation, role);
}

void TokenTableModel::sort(int column, Qt::SortOrder order)
{
    const std::optional<SortKey> key = sortKeyFor(column);
    const SortKey sortKey = key.value_or(SortKey::Created);
    const bool descending = order == Qt::DescendingOrder;
    if (m_query.sort == sortKey && m_query.descending == descending && m_loaded)
        return;
    m_query.sort = sortKey;
    m_query.descending = descending;
    scheduleReload(/*recount=*/false); // the same rows in another order: the count stands
}

} // namespace tokendesk
