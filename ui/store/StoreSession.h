// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/backend/Backend.h"

#include <QObject>

#include <memory>
#include <optional>

namespace tokendesk {
class RequestTracker;
}

namespace tokendesk::ui {

// The open store and who we are in it. Opening and creating run on the backend's thread; the
// answers arrive through continuations guarded by this object. A failed open keeps whatever
// store was open before, so the window stays usable.
class StoreSession : public QObject
{
    Q_OBJECT

public:
    explicit StoreSession(QObject* parent = nullptr);

    // Opens `path`; when `createIfMissing` and there is no file, creates it with the OS user as
    // its first admin (what the default store does on first start).
    void open(const QString& path, bool createIfMissing = false);
    void create(const QString& path);
    // Uses an already open backend (tests, or a future server connection).
    void setBackend(std::shared_ptr<Backend> backend, const QString& path = {});
    void refresh();

    std::shared_ptr<Backend> backend() const { return m_backend; }
    QString path() const { return m_path; }
    const std::optional<SessionInfo>& info() const { return m_info; }
    QString sessionError() const { return m_sessionError; }
    bool isBusy() const;
    // Opening, creating and asking who we are.
    RequestTracker* requests() const { return m_requests; }
    // A server that stopped answering: the console keeps what it loaded and allows no changes
    // until a refresh reaches the server again. Empty when online (and always for store files).
    QString offlineReason() const { return m_offlineReason; }
    void setOffline(const QString& reason);
    bool isServer() const;

    // "The store is damaged…": one sentence about a failed open, for the banner.
    static QString describeOpenError(const QString& path, const Error& error);

Q_SIGNALS:
    void backendChanged();
    void sessionChanged();
    void openFailed(const QString& path, const tokendesk::Error& error);
    void offlineChanged();

private:
    std::shared_ptr<Backend> m_backend;
    QString m_path;
    std::optional<SessionInfo> m_info;
    QString m_sessionError;
    QString m_offlineReason;
    RequestTracker* m_requests;
};

} // namespace tokendesk::ui
