// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"

#include <QMutex>
#include <QSqlDatabase>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>
#include <unordered_map>

namespace tokendesk {

namespace detail {

// What a thread's end releases: its entries in every registry it used that still exists.
class ThreadEndListener
{
public:
    virtual ~ThreadEndListener() = default;
    virtual void threadEnded(Qt::HANDLE thread) = 0;
};

// Calls `listener` when the calling thread ends, unless the listener is gone by then.
void notifyAtThreadEnd(std::weak_ptr<ThreadEndListener> listener);

quint64 nextRegistrySerial();

} // namespace detail

// Releases the calling thread's readers in every registry now. A QThread that may have verified
// tokens calls it as its last act, beside releaseCryptoThreadState(): QThread::wait() returns
// before the thread's thread_local destructors run, so without it the readers would be released
// while the waiting side already tears down the store, or the process exits.
void releaseVerifierThreadState();

// The QSqlDatabase connection of a reader, removed when this goes. A reader declares it as its
// first member, so it is destroyed after the statements and queries that use the connection.
class ReaderConnection
{
public:
    ReaderConnection() = default;
    ~ReaderConnection()
    {
        if (!m_name.isEmpty())
            QSqlDatabase::removeDatabase(m_name);
    }
    ReaderConnection(const ReaderConnection&) = delete;
    ReaderConnection& operator=(const ReaderConnection&) = delete;

    QSqlDatabase add(const QString& driver, const QString& name)
    {
        m_name = name;
        return QSqlDatabase::addDatabase(driver, name);
    }

private:
    QString m_name;
};

// One reader per calling thread for a TokenVerifier: a reader is a connection with the lookup
// prepared once and the thread's own keyed HMAC, made on the thread's first verify and used by
// that thread alone, so verifying threads share no lock on the hot path.
//
// A reader is released when its thread ends (a server's worker threads come and go; their
// connections must not pile up until the store closes) or calls releaseVerifierThreadState(),
// when dropForThisThread() is called (a
// broken connection), or when the registry goes, whichever comes first. Readers may be destroyed
// on any thread: both engines' connections may be closed from any thread.
template <typename Reader> class VerifierRegistry
{
public:
    // Makes the calling thread's reader; `serial` tells this registry's connections apart.
    using Factory = std::function<Result<std::unique_ptr<Reader>>(quint64 serial)>;

    explicit VerifierRegistry(Factory factory)
        : m_factory(std::move(factory)), m_serial(detail::nextRegistrySerial()),
          m_readers(std::make_shared<Readers>())
    {}
    ~VerifierRegistry() { m_readers->releaseAll(); } // nobody verifies through a registry that goes
    VerifierRegistry(const VerifierRegistry&) = delete;
    VerifierRegistry& operator=(const VerifierRegistry&) = delete;

    // The calling thread's reader, made on first use. Valid on this thread until it ends, calls
    // releaseVerifierThreadState() or dropForThisThread().
    Result<Reader*> forThisThread()
    {
        if (t_cached.serial == m_serial)
            return t_cached.reader;
        const Qt::HANDLE thread = QThread::currentThreadId();
        Reader* reader = m_readers->find(thread);
        if (reader == nullptr) {
            auto made = m_factory(m_serial);
            if (!made.ok())
                return made.error();
            reader = m_readers->insert(thread, std::move(made).value());
            detail::notifyAtThreadEnd(m_readers);
        }
        t_cached = Cached{m_serial, reader};
        return reader;
    }

    void dropForThisThread() { m_readers->threadEnded(QThread::currentThreadId()); }

    qsizetype readerCount() const { return m_readers->count(); } // for tests

private:
    // Shared with the thread-end notifications, which may outlive the registry.
    class Readers final : public detail::ThreadEndListener
    {
    public:
        Reader* find(Qt::HANDLE thread)
        {
            QMutexLocker locker(&m_mutex);
            const auto found = m_byThread.find(thread);
            return found == m_byThread.end() ? nullptr : found->second.get();
        }
        Reader* insert(Qt::HANDLE thread, std::unique_ptr<Reader> reader)
        {
            QMutexLocker locker(&m_mutex);
            Reader* raw = reader.get();
            m_byThread.insert_or_assign(thread, std::move(reader));
            return raw;
        }
        // Runs on `thread` itself (its end, releaseVerifierThreadState, dropForThisThread).
        void threadEnded(Qt::HANDLE thread) override
        {
            t_cached = Cached{}; // it may point at the reader released here
            std::unique_ptr<Reader> reader;
            {
                QMutexLocker locker(&m_mutex);
                if (auto found = m_byThread.find(thread); found != m_byThread.end()) {
                    reader = std::move(found->second);
                    m_byThread.erase(found);
                }
            }
            // Destroyed outside the lock: closing a connection may take a moment.
        }
        void releaseAll()
        {
            std::unordered_map<Qt::HANDLE, std::unique_ptr<Reader>> all;
            {
                QMutexLocker locker(&m_mutex);
                all.swap(m_byThread);
            }
        }
        qsizetype count() const
        {
            QMutexLocker locker(&m_mutex);
            return m_byThread.size();
        }

    private:
        mutable QMutex m_mutex;
        std::unordered_map<Qt::HANDLE, std::unique_ptr<Reader>> m_byThread;
    };

    // The last reader this thread used: skips the shared map (and its lock) on the hot path.
    // A serial is never reused, so a cache entry of a registry that is gone never matches.
    struct Cached
    {
        quint64 serial = 0;
        Reader* reader = nullptr;
    };
    static inline thread_local Cached t_cached;

    const Factory m_factory;
    const quint64 m_serial;
    const std::shared_ptr<Readers> m_readers;
};

} // namespace tokendesk
