// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/backend/Backend.h"
#include "models/core/RequestTracker.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QSet>

#include <memory>
#include <optional>

namespace tokendesk {

// The token listing as a table. It never loads the whole store: it holds the row count and a
// bounded cache of pages that it asks the backend for as views need rows. Sorting and filtering
// are pushed to the backend through TokenQuery, so no proxy model ever sees every row.
//
// The model only ever carries the masked form of a token; the plaintext never reaches it.
class TokenTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Label,
        Token,
        LastUsed,
        CreatedBy,
        Role,
        Status,
        Expires,
        Tags, // hidden until chosen in the column chooser
        // Left empty for the view's per-row "⋯" action button.
        Actions,
        ColumnCount
    };
    Q_ENUM(Column)

    enum ItemRole
    {
        TokenIdRole = Qt::UserRole + 1,
        TokenRole,       // the whole tokendesk::Token
        SortRole,        // raw values: QDateTime, QString, int
        StatusRole,      // TokenStatus as int
        VersionRole,     // for optimistic concurrency
        LoadedRole,      // false while the row's page is still on its way
        ExpiresSoonRole, // true: not yet expired, but within the store's first expiry warning
    };
    Q_ENUM(ItemRole)

    static constexpr int kPageSize = 100;
    static constexpr int kMaxCachedPages = 16;

    explicit TokenTableModel(QObject* parent = nullptr);
    ~TokenTableModel() override;

    // Replaces the backend (or clears it with nullptr) and reloads.
    void setBackend(std::shared_ptr<Backend> backend);
    std::shared_ptr<Backend> backend() const { return m_backend; }

    void setFilterText(const QString& text);
    void setRoleFilter(std::optional<tokendesk::Role> role);
    void setStatusFilter(std::optional<TokenStatus> status);
    void setUnusedForDaysFilter(std::optional<int> days);
    void setExpiresWithinDaysFilter(std::optional<int> days);
    // Only tokens whose expiry lies beyond the store's lifetime policy (made before it tightened).
    void setBreaksPolicyFilter(bool breaksPolicy);
    const TokenQuery& query() const { return m_query; }
    // Rows that expire within this many days are marked (ExpiresSoonRole, the Expires column's
    // tooltip and accessible text): the store's first expiry warning, nullopt for none.
    void setExpiryWarningDays(std::optional<int> days);
    bool hasFilter() const;

    // Drops the cache and asks the backend for the count and the first page again.
    void reload();
    // Rows held in the page cache (bounded by kMaxCachedPages * kPageSize, whatever the store size).
    int cachedRowCount() const;
    bool isBusy() const { return m_requests->isBusy(); }
    // The count and page requests in flight; busy from a filter change until its answer is here.
    RequestTracker* requests() const { return m_requests; }
    // True once the first answer for the current query has arrived.
    bool isLoaded() const { return m_loaded; }

    // In-place refresh of one row after a change the caller already has the result of.
    void updateToken(const tokendesk::Token& token);
    void removeToken(TokenId id);
    // The cached token at `row`, if its page is loaded.
    std::optional<tokendesk::Token> tokenAt(int row) const;
    // The row of a cached token, or -1.
    int rowOf(TokenId id) const;

    static std::optional<SortKey> sortKeyFor(int column);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    // After every reload that reached the backend, with the row count for the current query.
    void loaded(int rowCount);
    void errorOccurred(const tokendesk::Error& error);

private:
    struct Page
    {
        QList<tokendesk::Token> rows;
        quint64 lastUse = 0;
    };

    // Filter changes made in one go (several combo boxes reset at once) cause one query.
    void scheduleReload(bool recount = true);
    void reloadNow(bool recount);
    void fetchPage(int page) const;
    void storePage(int page, QList<tokendesk::Token> rows);
    QVariant displayData(const tokendesk::Token& token, int column) const;
    QVariant sortData(const tokendesk::Token& token, int column) const;
    bool expiresSoon(const tokendesk::Token& token) const;

    std::shared_ptr<Backend> m_backend;
    TokenQuery m_query;
    int m_rowCount = 0;
    std::optional<int> m_expiryWarningDays;
    bool m_loaded = false;
    // Answers for an older query, or for pages asked before a row was removed, are stale.
    RequestTracker* m_requests;
    // Set while a reload waits for the event loop; it keeps the model busy until the reload's
    // own requests have started.
    std::optional<RequestTracker::Ticket> m_scheduledReload;
    bool m_recountScheduled = false;
    mutable quint64 m_useCounter = 0;
    mutable QHash<int, Page> m_pages;
    mutable QSet<int> m_pending;
};

} // namespace tokendesk
