// SPDX-License-Identifier: GPL-3.0-or-later
// tokendesk-server's SMTP login: the password comes from a private file or the environment, never
// from the command line or the URL, never shows up in an error or the log, and is only ever sent
// over TLS (a relay without STARTTLS gets nothing).
#include "models/backend/sql/SqlBackend.h"
#include "models/remote/RemoteBackend.h"
#include "models/server/ServerOptions.h"
#include "tests/support/LiveServer.h"
#include "tests/support/LocalSmtpServer.h"
#include "tests/support/TestSupport.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QThread>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;

namespace tokendesk::test {
namespace {

const QString kPassword = u"hunter2-smtp-pw"_s;

// Sets an environment variable for one scope; the server process started meanwhile inherits it.
class ScopedEnv
{
public:
    ScopedEnv(const char* name, const QString& value) : m_name(name) { qputenv(name, value.toUtf8()); }
    ~ScopedEnv() { qunsetenv(m_name); }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    const char* m_name;
};

QString writeFile(const TempDir& dir, const QString& name, const QByteArray& content,
                  QFileDevice::Permissions permissions)
{
    QFile file(dir.file(name));
    EXPECT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    EXPECT_TRUE(file.setPermissions(permissions));
    return file.fileName();
}

Result<ServerOptions> parse(const TempDir& dir, const QStringList& smtpArguments)
{
    return ServerOptions::parse(QStringList{u"tokendesk-server"_s, u"--store"_s, dir.file(u"s.tokendesk"_s)} +
                                smtpArguments);
}

TEST(SmtpCredentialsOptions, PasswordFromAPrivateFileOrTheEnvironment)
{
    TempDir dir;
    const auto owner = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    const QString file = writeFile(dir, u"smtp-password"_s, kPassword.toUtf8() + '\n', owner);
    const QStringList relay{u"--smtp"_s, u"smtp://bot@mail.example.org:587"_s, u"--smtp-from"_s,
                            u"bot@example.org"_s};

    const auto fromFile = parse(dir, relay + QStringList{u"--smtp-password-file"_s, file});
    ASSERT_TRUE(fromFile.ok()) << qPrintable(fromFile.error().toString());
    EXPECT_EQ(fromFile->smtpPassword, kPassword);
    {
        const ScopedEnv env("TOKENDESK_SMTP_PASSWORD", kPassword);
        const auto fromEnvironment = parse(dir, relay);
        ASSERT_TRUE(fromEnvironment.ok()) << qPrintable(fromEnvironment.error().toString());
        EXPECT_EQ(fromEnvironment->smtpPassword, kPassword);
        const auto both = parse(dir, relay + QStringList{u"--smtp-password-file"_s, file});
        ASSERT_FALSE(both.ok()) << "two sources of one password is a mistake";
    }

    const QString shared = writeFile(dir, u"shared"_s, kPassword.toUtf8(), owner | QFileDevice::ReadGroup);
    const auto groupReadable = parse(dir, relay + QStringList{u"--smtp-password-file"_s, shared});
    ASSERT_FALSE(groupReadable.ok());
    EXPECT_EQ(groupReadable.code(), ErrorCode::InvalidInput);
    EXPECT_TRUE(groupReadable.error().message.contains(shared)) << qPrintable(groupReadable.error().message);
    EXPECT_FALSE(groupReadable.error().message.contains(kPassword));

    const auto withoutRelay = parse(dir, {u"--smtp-password-file"_s, file});
    ASSERT_FALSE(withoutRelay.ok());
    EXPECT_TRUE(withoutRelay.error().message.contains(u"--smtp"_s));
}

TEST(SmtpCredentialsOptions, PasswordOnTheCommandLineOrInTheUrlIsRefusedWithoutEchoingIt)
{
    TempDir dir;
    for (const QStringList& arguments :
         {QStringList{u"--smtp"_s, u"smtps://bot:"_s + kPassword + u"@mail.example.org"_s, u"--smtp-from"_s,
                      u"bot@example.org"_s},
          QStringList{u"--smtp"_s, u"smtps://bot@mail.example.org"_s, u"--smtp-from"_s, u"bot@example.org"_s,
                      u"--smtp-password"_s, kPassword},
          QStringList{u"--smtp"_s, u"smtps://bot@mail.example.org"_s, u"--smtp-from"_s, u"bot@example.org"_s,
                      u"--smtp-password="_s + kPassword}}) {
        SCOPED_TRACE(arguments.join(u' ').toStdString());
        const auto parsed = parse(dir, arguments);
        ASSERT_FALSE(parsed.ok());
        EXPECT_FALSE(parsed.error().toString().contains(kPassword)) << qPrintable(parsed.error().toString());
    }

    // The real executable: exit code 2, one error line, the password nowhere in its output.
    QProcess process;
    process.start(QStringLiteral(TOKENDESK_SERVER_PATH),
                  {u"--store"_s, dir.file(u"s.tokendesk"_s), u"--listen"_s, u"127.0.0.1:0"_s, u"--smtp"_s,
                   u"smtp://bot:"_s + kPassword + u"@127.0.0.1:25"_s, u"--smtp-from"_s,
                   u"bot@example.org"_s});
    ASSERT_TRUE(process.waitForFinished(15000));
    EXPECT_EQ(process.exitCode(), 2);
    const QString output = QString::fromUtf8(process.readAllStandardError()) +
                           QString::fromUtf8(process.readAllStandardOutput());
    EXPECT_FALSE(output.contains(kPassword)) << qPrintable(output);
    const QStringList errors = output.split(u'\n').filter(u"error:"_s);
    ASSERT_EQ(errors.size(), 1) << qPrintable(output);
    EXPECT_TRUE(errors.first().contains(u"TOKENDESK_SMTP_PASSWORD"_s)) << qPrintable(errors.first());
}

// End to end: a server given credentials and a relay that offers no STARTTLS (aiosmtpd as is)
// sends nothing; the notice stays in the outbox and the log never shows the password.
TEST(SmtpCredentialsServer, CredentialsOverPlainSmtpAreNotSent)
{
    if (const QString why = LocalSmtpServer::unavailableReason(); !why.isEmpty())
        GTEST_SKIP() << why.toStdString();
    TempDir dir;
    const QString path = dir.file(u"mail.tokendesk"_s);
    auto store = awaitOk(SqlBackend::create(path, StoreCreateOptions{u"alice"_s, 5}));
    const GeneratedToken admin = awaitOk(store->generate({u"console"_s, Role::Admin, {}}));
    LocalSmtpServer smtp;
    QString error;
    ASSERT_TRUE(smtp.start(0, &error)) << error.toStdString();

    std::unique_ptr<ServerProcess> server;
    {
        const ScopedEnv env("TOKENDESK_SMTP_PASSWORD", kPassword);
        server = std::make_unique<ServerProcess>(QStringList{u"--store"_s, path, u"--smtp"_s,
                                                             u"smtp://bot@127.0.0.1:%1"_s.arg(smtp.port()),
                                                             u"--smtp-from"_s, u"bot@example.org"_s});
    }
    ASSERT_TRUE(server->started()) << qPrintable(server->output());
    RemoteOptions options;
    options.server = server->url();
    options.token = admin.secret;
    const GeneratedToken made = awaitOk(RemoteBackend(options).generate({u"billing"_s, Role::Developer, {}}));

    const QDeadlineTimer deadline(15000);
    bool attempted = false;
    while (!attempted && !deadline.hasExpired()) {
        for (const Notice& notice : awaitOk(store->notices()))
            attempted = attempted || (notice.tokenId == made.token.id && notice.attempts >= 1);
        QThread::msleep(100);
    }
    ASSERT_TRUE(attempted) << qPrintable(server->output());
    for (const Notice& notice : awaitOk(store->notices()))
        EXPECT_FALSE(notice.delivered) << "nothing may be sent without TLS";
    EXPECT_TRUE(smtp.messages().isEmpty());
    server->stop();
    EXPECT_FALSE(server->output().contains(kPassword)) << qPrintable(server->output());
}

} // namespace
} // namespace tokendesk::test
