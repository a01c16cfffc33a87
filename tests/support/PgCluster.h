// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QTemporaryDir>

namespace tokendesk::test {

// A throwaway PostgreSQL cluster for one test run: initdb in a temporary directory, the server
// started with pg_ctl on a free port on 127.0.0.1 (trust authentication, fsync off: it is thrown
// away), stopped and deleted by the destructor. No pre-configured server is assumed.
//
// PostgreSQL refuses to run as root, so when the tests run as root the cluster belongs to the
// unprivileged `postgres` account that Debian's postgresql package creates, and its commands run
// through runuser.
class PgCluster
{
public:
    // Empty when a cluster can be made here, else why not (tests then skip, saying so).
    static QString unavailableReason();

    PgCluster() = default;
    ~PgCluster();
    PgCluster(const PgCluster&) = delete;
    PgCluster& operator=(const PgCluster&) = delete;

    // initdb + start; false with the reason (and the server log) in `error`.
    bool start(QString* error);
    void stop();
    // The same cluster, data kept: `pg_ctl restart -m fast` (every connection dropped), or a
    // fast stop and a later start (the database out of reach in between). False with the reason.
    bool restart(QString* error);
    bool pause(QString* error);
    bool resume(QString* error);
    bool isRunning() const { return m_running; }
    quint16 port() const { return m_port; }
    QString superuser() const { return QStringLiteral("tokendesk"); }
    // postgresql://tokendesk@127.0.0.1:PORT/<database>
    QString url(const QString& database) const;
    // CREATE DATABASE (owned by superuser()); false with the error in `error`.
    bool createDatabase(const QString& name, QString* error);

    static QString binDir(); // the newest /usr/lib/postgresql/<version>/bin, or empty

private:
    bool run(const QString& program, const QStringList& arguments, QString* output);

    QTemporaryDir m_base;
    QString m_data;
    QString m_log;
    QString m_options; // the server's -o options, for a start after pause()
    quint16 m_port = 0;
    bool m_running = false;
};

// A new, empty database on a cluster shared by the whole test process (started on first use,
// stopped at exit): its postgresql:// URL, or empty when no cluster can run here (then
// PgCluster::unavailableReason() says why) or it failed to start (then the test fails loudly).
QString freshPostgresDatabase();

} // namespace tokendesk::test
