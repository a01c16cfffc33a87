// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/store/StoreSession.h"

#include "models/backend/sql/SqlBackend.h"
#include "models/core/RequestTracker.h"
#include "models/core/StorePaths.h"
#include "models/notices/ExpiryWarnings.h"
#include "ui/store/RecentStores.h"

#include <QDir>
#include <QFileInfo>

namespace tokendesk::ui {

StoreSession::StoreSession(QObject* parent) : QObject(parent), m_requests(new RequestTracker(this)) {}

bool StoreSession::isBusy() const
{
    return m_requests->isBusy();
}

void StoreSession::open(const QString& path, bool createIfMissing)
{
    if (createIfMissing && !QFileInfo::exists(path)) {
        create(path);
        return;
    }
    whenDone(SqlBackend::open(path, StorePaths::osLoginName()), this, m_requests->start(),
             [this, path](Result<std::shared_ptr<SqlBackend>> opened) {
                 if (!opened.ok()) {
                     Q_EMIT openFailed(path, opened.error());
                     return;
                 }
                 // Opening a store file is when its expiry warnings are due (a server checks
                 // its own every hour). Queued before the window's first requests, so the
                 // notices it lists include them; a store that cannot be written gets none.
                 ExpiryWarnings(opened.value()->store()).queueDue();
                 setBackend(std::move(opened).value(), path);
             });
}

void StoreSession::create(const QString& path)
{
    StoreCreateOptions options;
    options.firstAdmin = StorePaths::osLoginName();
    whenDone(SqlBackend::create(path, options), this, m_requests->start(),
             [this, path](Result<std::shared_ptr<SqlBackend>> created) {
                 if (!created.ok()) {
                     Q_EMIT openFailed(path, created.error());
                     return;
                 }
                 setBackend(std::move(created).value(), path);
             });
}

void StoreSession::setBackend(std::shared_ptr<Backend> backend, const QString& path)
{
    m_backend = std::move(backend);
    m_path = path;
    m_info.reset();
    m_sessionError.clear();
    m_offlineReason.clear();
    Q_EMIT backendChanged();
    Q_EMIT sessionChanged();
    refresh();
}

void StoreSession::refresh()
{
    if (!m_backend)
        return;
    auto backend = m_backend;
    // Only the latest refresh speaks; opening and creating always do (they use whenDone).
    whenCurrent(backend->session(), this, m_requests->startLatest(),
                [this, backend](Result<SessionInfo> session) {
                    if (backend != m_backend)
                        return;
                    if (session.ok()) {
                        m_info = session.value();
                        m_sessionError.clear();
                        setOffline(QString()); // the server answered again
                    } else if (session.code() == ErrorCode::StoreUnavailable && isServer()) {
                        setOffline(session.error().message); // keep the last session: the rows stay readable
                    } else {
                        m_info.reset();
                        m_sessionError = session.error().message;
                    }
                    Q_EMIT sessionChanged();
                });
}

bool StoreSession::isServer() const
{
    return RecentStores::isServer(m_path);
}

void StoreSession::setOffline(const QString& reason)
{
    if (reason == m_offlineReason || (!reason.isEmpty() && !isServer()))
        return;
    m_offlineReason = reason;
    Q_EMIT offlineChanged();
}

QString StoreSession::describeOpenError(const QString& path, const Error& error)
{
    const QString file = QDir::toNativeSeparators(path);
    switch (error.code) {
    case ErrorCode::StoreCorrupt:
        return tr("%1 is damaged or is not a TokenDesk store, so it was not opened. Details: %2")
            .arg(file, error.message);
    case ErrorCode::StoreTooNew:
        return tr("%1 was written by a newer version of TokenDesk. Update TokenDesk to open it. Details: %2")
            .arg(file, error.message);
    case ErrorCode::StoreUnavailable:
        return tr("%1 could not be opened (missing, locked or unreadable). Details: %2")
            .arg(file, error.message);
    case ErrorCode::AlreadyExists:
        return tr("A file already exists at %1; choose another name for the new store.").arg(file);
    default:
        return tr("%1 could not be opened. Details: %2").arg(file, error.message);
    }
}

} // namespace tokendesk::ui
