// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/PgCluster.h"

#include "tests/support/TestSupport.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <atomic>
#include <memory>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tokendesk::test {

namespace {

const char* const kServiceAccount = "postgres";

bool runningAsRoot()
{
    return ::geteuid() == 0;
}

// Hands `path` to the service account (root only); PostgreSQL insists on owning its data.
bool giveToServiceAccount(const QString& path)
{
    const passwd* account = ::getpwnam(kServiceAccount);
    return account && ::chown(QFile::encodeName(path).constData(), account->pw_uid, account->pw_gid) == 0;
}

} // namespace

QString PgCluster::binDir()
{
    const QDir versions(QStringLiteral("/usr/lib/postgresql"));
    QStringList found = versions.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(found.begin(), found.end(),
              [](const QString& a, const QString& b) { return a.toInt() > b.toInt(); });
    for (const QString& version : found) {
        QString bin = versions.filePath(version + QStringLiteral("/bin"));
        if (QFile::exists(bin + QStringLiteral("/initdb")))
            return bin;
    }
    return {};
}

QString PgCluster::unavailableReason()
{
    if (binDir().isEmpty())
        return QStringLiteral(
            "no PostgreSQL server binaries under /usr/lib/postgresql (install postgresql-15)");
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
        return QStringLiteral("Qt's QPSQL driver is missing (install libqt6sql6-psql)");
    if (runningAsRoot() && !::getpwnam(kServiceAccount))
        return QStringLiteral(
            "running as root and there is no unprivileged 'postgres' account to run the cluster");
    return {};
}

PgCluster::~PgCluster()
{
    stop();
}

bool PgCluster::run(const QString& program, const QStringList& arguments, QString* output)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    const QString executable = binDir() + QLatin1Char('/') + program;
    if (runningAsRoot())
        process.start(QStringLiteral("runuser"),
                      QStringList{QStringLiteral("-u"), QString::fromLatin1(kServiceAccount),
                                  QStringLiteral("--"), executable} +
                          arguments);
    else
        process.start(executable, arguments);
    const bool finished = process.waitForFinished(120000);
    if (output)
        *output = QString::fromLocal8Bit(process.readAll());
    return finished && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

bool PgCluster::start(QString* error)
{
    auto fail = [&](const QString& why) {
        if (error)
            *error = why;
        return false;
    };
    if (const QString why = unavailableReason(); !why.isEmpty())
        return fail(why);
    if (!m_base.isValid())
        return fail(QStringLiteral("cannot make a temporary directory"));
    // The service account must be able to reach its data directory through the base.
    ::chmod(QFile::encodeName(m_base.path()).constData(), 0755);
    m_data = m_base.filePath(QStringLiteral("data"));
    m_log = m_base.filePath(QStringLiteral("server.log"));
    const QString sockets = m_base.filePath(QStringLiteral("sockets"));
    for (const QString& dir : {m_data, sockets}) {
        QDir().mkpath(dir);
        if (runningAsRoot() && !giveToServiceAccount(dir))
            return fail(QStringLiteral("cannot hand %1 to the postgres account").arg(dir));
    }
    QFile(m_log).open(QIODevice::WriteOnly);
    if (runningAsRoot())
        giveToServiceAccount(m_log);

    QString output;
    if (!run(QStringLiteral("initdb"),
             {QStringLiteral("-D"), m_data, QStringLiteral("-U"), superuser(), QStringLiteral("-A"),
              QStringLiteral("trust"), QStringLiteral("-E"), QStringLiteral("UTF8"),
              QStringLiteral("--locale=C"), QStringLiteral("--no-sync")},
             &output))
        return fail(QStringLiteral("initdb failed: ") + output);
    m_port = freeLoopbackPort();
    m_options = QStringLiteral("-p %1 -k %2 -c listen_addresses=127.0.0.1 -c fsync=off "
                               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
                    .arg(m_port)
                    .arg(sockets);
    if (!run(QStringLiteral("pg_ctl"),
             {QStringLiteral("-D"), m_data, QStringLiteral("-l"), m_log, QStringLiteral("-o"), m_options,
              QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("start")},
             &output)) {
        QFile log(m_log);
        log.open(QIODevice::ReadOnly);
        return fail(QStringLiteral("pg_ctl start failed: ") + output + QString::fromLocal8Bit(log.readAll()));
    }
    m_running = true;
    return true;
}

void PgCluster::stop()
{
    if (!m_running)
        return;
    run(QStringLiteral("pg_ctl"),
        {QStringLiteral("-D"), m_data, QStringLiteral("-m"), QStringLiteral("immediate"),
         QStringLiteral("-w"), QStringLiteral("stop")},
        nullptr);
    m_running = false;
}

bool PgCluster::restart(QString* error)
{
    QString output;
    const bool done = run(QStringLiteral("pg_ctl"),
                          {QStringLiteral("-D"), m_data, QStringLiteral("-l"), m_log, QStringLiteral("-o"),
                           m_options, QStringLiteral("-m"), QStringLiteral("fast"), QStringLiteral("-w"),
                           QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("restart")},
                          &output);
    if (!done && error)
        *error = QStringLiteral("pg_ctl restart failed: ") + output;
    return done;
}

bool PgCluster::pause(QString* error)
{
    QString output;
    const bool done = run(QStringLiteral("pg_ctl"),
                          {QStringLiteral("-D"), m_data, QStringLiteral("-m"), QStringLiteral("fast"),
                           QStringLiteral("-w"), QStringLiteral("stop")},
                          &output);
    if (!done && error)
        *error = QStringLiteral("pg_ctl stop failed: ") + output;
    return done;
}

bool PgCluster::resume(QString* error)
{
    QString output;
    const bool done =
        run(QStringLiteral("pg_ctl"),
            {QStringLiteral("-D"), m_data, QStringLiteral("-l"), m_log, QStringLiteral("-o"), m_options,
             QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("start")},
            &output);
    if (!done && error)
        *error = QStringLiteral("pg_ctl start failed: ") + output;
    return done;
}

QString PgCluster::url(const QString& database) const
{
    return QStringLiteral("postgresql://%1@127.0.0.1:%2/%3").arg(superuser()).arg(m_port).arg(database);
}

bool PgCluster::createDatabase(const QString& name, QString* error)
{
    const QString connection =
        QStringLiteral("pgcluster-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(m_port);
        db.setUserName(superuser());
        db.setDatabaseName(QStringLiteral("postgres"));
        if (db.open()) {
            QSqlQuery query(db);
            // An identifier cannot be a bound parameter; test code names its databases itself.
            ok = query.exec(QStringLiteral("CREATE DATABASE \"%1\"").arg(name));
            if (!ok && error)
                *error = query.lastError().text();
        } else if (error) {
            *error = db.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return ok;
}

QString freshPostgresDatabase()
{
    if (!PgCluster::unavailableReason().isEmpty())
        return {};
    static QString startError;
    static std::unique_ptr<PgCluster> cluster = [] {
        auto made = std::make_unique<PgCluster>();
        if (!made->start(&startError))
            made.reset();
        return made;
    }();
    if (!cluster)
        qFatal("cannot start the test PostgreSQL cluster: %s", qPrintable(startError));
    static std::atomic<int> databases{0};
    const QString name = QStringLiteral("test_%1").arg(++databases);
    QString error;
    if (!cluster->createDatabase(name, &error))
        qFatal("cannot create database %s: %s", qPrintable(name), qPrintable(error));
    return cluster->url(name);
}

} // namespace tokendesk::test
