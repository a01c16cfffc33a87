// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Error.h"
#include "models/core/Types.h"

#include <QAbstractTableModel>
#include <QList>

#include <memory>

namespace tokendesk {

class Backend;

// The Inactive view's rows: revoked and rotated-out tokens, newest first, fetched a page at a
// time as the view scrolls (canFetchMore/fetchMore), so a store with years of ended tokens opens
// as fast as one with none. A filter reloads from the first page.
class EndedTokenListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    static constexpr int kPageSize = 200;

    enum Column
    {
        Label,
        Masked,
        Role,
        CreatedBy,
        Ended,
        EndedBy,
        Reason,
        ColumnCount
    };
    Q_ENUM(Column)

    explicit EndedTokenListModel(QObject* parent = nullptr);

    void setBackend(std::shared_ptr<Backend> backend);
    void setFilter(const QString& filter);
    void reload();
    bool isLoading() const { return m_loading; }
    const QList<EndedToken>& tokens() const { return m_tokens; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    // "Revoked", "Rotated out": the reason as people read it.
    static QString reasonText(const QString& reason);

Q_SIGNALS:
    // After every page that arrived (or failed), so a view can show the count or the error.
    void loaded();
    void errorOccurred(const tokendesk::Error& error);

private:
    void requestPage();
    QVariant displayData(const EndedToken& token, int column) const;

    std::shared_ptr<Backend> m_backend;
    QString m_filter;
    QList<EndedToken> m_tokens;
    quint64 m_generation = 0; // a page asked for before the last reload is dropped
    bool m_loading = false;
    bool m_complete = false;
};

} // namespace tokendesk
