// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/notices/SmtpMailer.h"

#include "tests/support/LocalSmtpServer.h"
#include "tests/support/TestSupport.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>

using namespace tokendesk;
using namespace std::chrono_literals;

namespace {

SmtpMailer mailerFor(quint16 port, std::chrono::milliseconds timeout = 10s)
{
    auto config = SmtpMailer::parseConfig(QStringLiteral("smtp://127.0.0.1:%1").arg(port),
                                          QStringLiteral("tokendesk@example.org"));
    EXPECT_TRUE(config.ok()) << qPrintable(config.error().toString());
    SmtpConfig value = config.value();
    value.timeout = timeout;
    return SmtpMailer(value);
}

void expectInvalid(const Result<SmtpConfig>& result, const char* input)
{
    ASSERT_FALSE(result.ok()) << "accepted: " << input;
    EXPECT_EQ(result.code(), ErrorCode::InvalidInput) << input;
}

// --- the few MIME decoders the assertions need ---------------------------------------------

// Headers unfolded, CR dropped; the body as stored.
struct StoredMail
{
    QStringList headers;
    QByteArray body;

    QString header(const QString& name) const
    {
        const QString prefix = name + u':';
        for (const QString& line : headers) {
            if (line.startsWith(prefix, Qt::CaseInsensitive))
                return line.mid(prefix.size()).trimmed();
        }
        return {};
    }
};

StoredMail parseMail(QByteArray raw)
{
    raw.replace("\r", "");
    const qsizetype split = raw.indexOf("\n\n");
    StoredMail mail;
    mail.body = split < 0 ? QByteArray() : raw.mid(split + 2);
    for (const QByteArray& line : raw.left(split).split('\n')) {
        if ((line.startsWith(' ') || line.startsWith('\t')) && !mail.headers.isEmpty())
            mail.headers.last() += QString::fromLatin1(line);
        else
            mail.headers.append(QString::fromLatin1(line));
    }
    return mail;
}

// RFC 2047 B words; the blanks between adjacent encoded words are not part of the text.
QString decodeHeader(const QString& value)
{
    static const QRegularExpression word(QStringLiteral(R"(=\?UTF-8\?B\?([^?]*)\?=)"),
                                         QRegularExpression::CaseInsensitiveOption);
    if (!value.contains(QStringLiteral("=?")))
        return value;
    QByteArray bytes;
    auto it = word.globalMatch(value);
    while (it.hasNext())
        bytes += QByteArray::fromBase64(it.next().captured(1).toLatin1());
    return QString::fromUtf8(bytes);
}

QString decodeQuotedPrintable(const QByteArray& encoded)
{
    QByteArray out;
    for (qsizetype i = 0; i < encoded.size(); ++i) {
        if (encoded.at(i) != '=') {
            out += encoded.at(i);
        } else if (i + 1 < encoded.size() && encoded.at(i + 1) == '\n') {
            ++i; // soft line break
        } else if (i + 2 < encoded.size()) {
            out += QByteArray::fromHex(encoded.mid(i + 1, 2));
            i += 2;
        }
    }
    return QString::fromUtf8(out);
}

// --- configuration and validation (no server needed) ---------------------------------------

TEST(SmtpMailerConfig, AcceptsSmtpAndSmtpsWithCredentials)
{
    const auto plain = SmtpMailer::parseConfig(QStringLiteral("smtp://mail.example.org:587"),
                                               QStringLiteral("tokendesk@example.org"));
    ASSERT_TRUE(plain.ok()) << qPrintable(plain.error().toString());
    EXPECT_EQ(plain->url.host(), QStringLiteral("mail.example.org"));
    EXPECT_EQ(plain->url.port(), 587);
    EXPECT_EQ(plain->timeout, 10s);
    // Surrounding blanks from a settings field are trimmed, not treated as part of the address.
    const auto padded = SmtpMailer::parseConfig(QStringLiteral(" smtp://mail.example.org "),
                                                QStringLiteral(" tokendesk@example.org\n"));
    ASSERT_TRUE(padded.ok()) << qPrintable(padded.error().toString());
    EXPECT_EQ(padded->from, QStringLiteral("tokendesk@example.org"));

    const auto tls = SmtpMailer::parseConfig(QStringLiteral("SMTPS://bot@mail.example.org"),
                                             QStringLiteral("bot@example.org"), QStringLiteral("p@ss"));
    ASSERT_TRUE(tls.ok()) << qPrintable(tls.error().toString());
    EXPECT_EQ(tls->url.scheme(), QStringLiteral("smtps"));
    EXPECT_EQ(tls->url.userName(), QStringLiteral("bot"));
    EXPECT_EQ(tls->password, QStringLiteral("p@ss"));
}

TEST(SmtpMailerConfig, PasswordInTheUrlIsRefusedWithoutEchoingIt)
{
    for (const char* url :
         {"smtps://bot:hunter2-secret@mail.example.org", "smtp://bot:hunter2-secret@127.0.0.1:25",
          "smtp://:hunter2-secret@127.0.0.1:25"}) {
        const auto result =
            SmtpMailer::parseConfig(QString::fromLatin1(url), QStringLiteral("bot@example.org"));
        ASSERT_FALSE(result.ok()) << url;
        EXPECT_EQ(result.code(), ErrorCode::InvalidInput);
        EXPECT_FALSE(result.error().toString().contains(QStringLiteral("hunter2")))
            << qPrintable(result.error().toString());
        EXPECT_FALSE(result.error().toString().contains(u'\n')) << "one line";
        EXPECT_TRUE(result.error().message.contains(QStringLiteral("TOKENDESK_SMTP_PASSWORD")));
    }
    // A password with nobody to log in as is a mistake, not something to drop silently.
    const auto noUser = SmtpMailer::parseConfig(QStringLiteral("smtps://mail.example.org"),
                                                QStringLiteral("bot@example.org"), QStringLiteral("pw"));
    ASSERT_FALSE(noUser.ok());
    EXPECT_EQ(noUser.code(), ErrorCode::InvalidInput);
}

TEST(SmtpMailerConfig, PasswordComesFromAPrivateFileOrTheEnvironment)
{
    test::TempDir dir;
    const auto write = [&](const QString& name, const QByteArray& content,
                           QFileDevice::Permissions permissions) {
        QFile file(dir.file(name));
        EXPECT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(content);
        file.close();
        EXPECT_TRUE(file.setPermissions(permissions));
        return file.fileName();
    };
    const auto owner = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    const QString privateFile = write(QStringLiteral("private"), "s3cret pw\n", owner);
    const auto fromFile = SmtpMailer::loadPassword(privateFile, {});
    ASSERT_TRUE(fromFile.ok()) << qPrintable(fromFile.error().toString());
    EXPECT_EQ(fromFile.value(), QStringLiteral("s3cret pw")) << "the final line break is not part of it";

    const auto fromEnvironment = SmtpMailer::loadPassword({}, QStringLiteral("env-pw"));
    ASSERT_TRUE(fromEnvironment.ok());
    EXPECT_EQ(fromEnvironment.value(), QStringLiteral("env-pw"));
    EXPECT_TRUE(SmtpMailer::loadPassword({}, {}).value().isEmpty());

    const auto refused = [](const Result<QString>& result, const char* why) {
        ASSERT_FALSE(result.ok()) << why;
        EXPECT_EQ(result.code(), ErrorCode::InvalidInput) << why;
        EXPECT_FALSE(result.error().message.contains(QStringLiteral("s3cret"))) << why;
    };
    refused(SmtpMailer::loadPassword(
                write(QStringLiteral("group"), "s3cret\n", owner | QFileDevice::ReadGroup), {}),
            "group-readable");
    refused(SmtpMailer::loadPassword(
                write(QStringLiteral("world"), "s3cret\n", owner | QFileDevice::ReadOther), {}),
            "world-readable");
    refused(SmtpMailer::loadPassword(dir.file(QStringLiteral("absent")), {}), "missing");
    refused(SmtpMailer::loadPassword(write(QStringLiteral("empty"), "\n", owner), {}), "empty");
    refused(SmtpMailer::loadPassword(privateFile, QStringLiteral("env-pw")), "both");
    const auto group = SmtpMailer::loadPassword(dir.file(QStringLiteral("group")), {});
    ASSERT_FALSE(group.ok());
    EXPECT_TRUE(group.error().message.contains(QStringLiteral("chmod 600")))
        << qPrintable(group.error().message);
}

TEST(SmtpMailerConfig, RejectsBadSchemeAndMissingHost)
{
    const QString from = QStringLiteral("tokendesk@example.org");
    expectInvalid(SmtpMailer::parseConfig(QStringLiteral("http://mail.example.org"), from), "http");
    expectInvalid(SmtpMailer::parseConfig(QStringLiteral("imap://mail.example.org"), from), "imap");
    expectInvalid(SmtpMailer::parseConfig(QStringLiteral("mail.example.org:25"), from), "no scheme");
    expectInvalid(SmtpMailer::parseConfig(QStringLiteral("smtp://"), from), "smtp://");
    expectInvalid(SmtpMailer::parseConfig(QStringLiteral("smtp:///path"), from), "smtp:///path");
    expectInvalid(SmtpMailer::parseConfig(QString(), from), "empty");
    expectInvalid(SmtpMailer::parseConfig(QStringLiteral("smtp://host:99999"), from), "port out of range");
}

TEST(SmtpMailerConfig, RejectsMalformedAndInjectedSender)
{
    const QString url = QStringLiteral("smtp://127.0.0.1:25");
    for (const char* bad : {"", "tokendesk", "a@b@c", "@example.org", "tokendesk@", "token desk@example.org",
                            "Token Desk <tokendesk@example.org>", "a@example.org,b@example.org",
                            "tokendesk@example.org\r\nBcc: victim@example.org",
                            "tokendesk@example.org\nBcc:victim@example.org", "tokendesk@example.org\rX"}) {
        expectInvalid(SmtpMailer::parseConfig(url, QString::fromUtf8(bad)), bad);
    }
    // A CR/LF is reported without echoing the injected text.
    const auto injected = SmtpMailer::parseConfig(url, QStringLiteral("a@b.org\r\nBcc: victim@example.org"));
    ASSERT_FALSE(injected.ok());
    EXPECT_FALSE(injected.error().message.contains(QStringLiteral("victim")));
}

TEST(SmtpMailerValidation, RejectsBadRecipientAndSubjectBeforeConnecting)
{
    // Nothing listens on the port: had validation let these through, the error would be
    // STORE_UNAVAILABLE rather than INVALID_INPUT.
    const SmtpMailer mailer = mailerFor(test::freeLoopbackPort());
    const auto send = [&](const char* to, const char* subject) {
        return mailer.send(
            MailMessage{QString::fromUtf8(to), QString::fromUtf8(subject), QStringLiteral("x")});
    };
    for (const auto& [to, subject] : std::initializer_list<std::pair<const char*, const char*>>{
             {"admin@example.org\r\nBcc: victim@example.org", "ok"},
             {"admin@example.org\n", "ok"},
             {"not-an-address", "ok"},
             {"two@@example.org", "ok"},
             {"sp ace@example.org", "ok"},
             {"admin@example.org", "Hello\r\nBcc: victim@example.org"},
             {"admin@example.org", "Hello\nX-Injected: 1"},
             {"admin@example.org", "trailing CR\r"}}) {
        const auto result = send(to, subject);
        ASSERT_FALSE(result.ok()) << to << " / " << subject;
        EXPECT_EQ(result.code(), ErrorCode::InvalidInput) << to << " / " << subject;
    }
}

TEST(SmtpMailerValidation, RejectsHandBuiltConfigThatParseConfigWouldReject)
{
    const SmtpMailer mailer(
        SmtpConfig{QUrl(QStringLiteral("http://127.0.0.1:1")), QStringLiteral("tokendesk@example.org")});
    const auto result =
        mailer.send(MailMessage{QStringLiteral("admin@example.org"), QStringLiteral("s"), {}});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.code(), ErrorCode::InvalidInput);
}

// --- delivery failures -----------------------------------------------------------------------

TEST(SmtpMailerDelivery, ClosedPortFailsNamingTheRecipient)
{
    const quint16 port = test::freeLoopbackPort();
    ASSERT_NE(port, 0);
    const auto result = mailerFor(port).send(MailMessage{
        QStringLiteral("admin@example.org"), QStringLiteral("Token expiring"), QStringLiteral("x")});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.code(), ErrorCode::StoreUnavailable);
    EXPECT_EQ(result.error().codeName(), QStringLiteral("STORE_UNAVAILABLE"));
    EXPECT_TRUE(result.error().message.contains(QStringLiteral("admin@example.org")))
        << qPrintable(result.error().message);
    std::cout << "closed-port error: " << qPrintable(result.error().toString()) << '\n';
}

TEST(SmtpMailerDelivery, ErrorNeverContainsThePassword)
{
    const quint16 port = test::freeLoopbackPort();
    const auto config =
        SmtpMailer::parseConfig(QStringLiteral("smtp://alice@127.0.0.1:%1").arg(port),
                                QStringLiteral("alice@example.org"), QString::fromUtf8("s3cr\u00e9t-pw"));
    ASSERT_TRUE(config.ok()) << qPrintable(config.error().toString());
    const auto result = SmtpMailer(config.value())
                            .send(MailMessage{QStringLiteral("admin@example.org"), QStringLiteral("s"), {}});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.code(), ErrorCode::StoreUnavailable);
    EXPECT_FALSE(result.error().message.contains(QStringLiteral("s3cr")))
        << qPrintable(result.error().message);
}

TEST(SmtpMailerDelivery, SilentServerTimesOut)
{
    // The kernel completes the handshake for a listening socket even though nobody accepts or
    // writes, so curl connects and then waits in vain for the 220 greeting.
    QTcpServer silent;
    ASSERT_TRUE(silent.listen(QHostAddress::LocalHost, 0));
    QElapsedTimer clock;
    clock.start();
    const auto result = mailerFor(silent.serverPort(), 700ms)
                            .send(MailMessage{QStringLiteral("admin@example.org"), QStringLiteral("s"), {}});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.code(), ErrorCode::StoreUnavailable);
    EXPECT_TRUE(result.error().message.contains(QStringLiteral("admin@example.org")));
    EXPECT_LT(clock.elapsed(), 5000) << "the timeout was not applied";
}

// --- against a real SMTP server (aiosmtpd, storing into a maildir) ---------------------------

class SmtpMailerServer : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (const QString why = test::LocalSmtpServer::unavailableReason(); !why.isEmpty())
            GTEST_SKIP() << why.toStdString();
        QString error;
        ASSERT_TRUE(m_server.start(0, &error)) << error.toStdString();
        m_port = m_server.port();
    }

    // The one message in the maildir (fails the test if there is not exactly one).
    StoredMail deliveredMail() const
    {
        const QByteArrayList messages = m_server.messages();
        EXPECT_EQ(messages.size(), 1);
        if (messages.isEmpty())
            return {};
        return parseMail(messages.first());
    }

    test::LocalSmtpServer m_server;
    quint16 m_port = 0;
};

TEST_F(SmtpMailerServer, DeliversHeadersAndBody)
{
    const QString body = QStringLiteral("Hello admin,\n\nthe token \"ci deploy\" expires in 3 days.\r\n"
                                        "Grüße from Zürich – 🚀\rA long line: ") +
                         QString(120, u'x') + QStringLiteral(" end.  \n");
    const auto sent = mailerFor(m_port).send(
        MailMessage{QStringLiteral("admin@example.org"), QStringLiteral("Token expiring soon"), body});
    ASSERT_TRUE(sent.ok()) << qPrintable(sent.error().toString());

    const StoredMail mail = deliveredMail();
    EXPECT_EQ(mail.header(QStringLiteral("X-RcptTo")), QStringLiteral("admin@example.org"));
    EXPECT_EQ(mail.header(QStringLiteral("To")), QStringLiteral("admin@example.org"));
    EXPECT_EQ(mail.header(QStringLiteral("From")), QStringLiteral("tokendesk@example.org"));
    EXPECT_EQ(decodeHeader(mail.header(QStringLiteral("Subject"))), QStringLiteral("Token expiring soon"));
    EXPECT_EQ(mail.header(QStringLiteral("MIME-Version")), QStringLiteral("1.0"));
    EXPECT_EQ(mail.header(QStringLiteral("Content-Type")), QStringLiteral("text/plain; charset=UTF-8"));
    EXPECT_TRUE(QRegularExpression(QStringLiteral(R"(^<[0-9a-f-]{36}@tokendesk>$)"))
                    .match(mail.header(QStringLiteral("Message-ID")))
                    .hasMatch())
        << mail.header(QStringLiteral("Message-ID")).toStdString();
    // RFC 2822 date in UTC, e.g. "Tue, 02 Jan 2024 10:00:00 +0000".
    const QString date = mail.header(QStringLiteral("Date"));
    EXPECT_TRUE(date.endsWith(QStringLiteral("+0000"))) << date.toStdString();
    EXPECT_TRUE(QDateTime::fromString(date, Qt::RFC2822Date).isValid()) << date.toStdString();

    // Every encoded line fits SMTP's and QP's limits; decoded, the text is intact with LF endings
    // (the maildir stores LF).
    for (const QByteArray& line : mail.body.split('\n'))
        EXPECT_LE(line.size(), 76) << line.toStdString();
    QString expected = body;
    expected.replace(QStringLiteral("\r\n"), QStringLiteral("\n")).replace(u'\r', u'\n');
    EXPECT_EQ(decodeQuotedPrintable(mail.body), expected);
}

TEST_F(SmtpMailerServer, EncodesNonAsciiSubject)
{
    const QString subject = QStringLiteral("Neues Token für Jörg");
    const auto sent = mailerFor(m_port).send(
        MailMessage{QStringLiteral("joerg@example.org"), subject, QStringLiteral("Ein neues Token.")});
    ASSERT_TRUE(sent.ok()) << qPrintable(sent.error().toString());

    const StoredMail mail = deliveredMail();
    const QString raw = mail.header(QStringLiteral("Subject"));
    EXPECT_TRUE(raw.startsWith(QStringLiteral("=?UTF-8?B?"))) << raw.toStdString();
    EXPECT_EQ(decodeHeader(raw), subject);
    EXPECT_EQ(mail.header(QStringLiteral("X-RcptTo")), QStringLiteral("joerg@example.org"));
    EXPECT_EQ(decodeQuotedPrintable(mail.body), QStringLiteral("Ein neues Token.\n"));
}

TEST_F(SmtpMailerServer, LongSubjectIsSplitBetweenCharacters)
{
    // 60 two-byte characters and an emoji: several encoded words, none cut inside a character.
    const QString subject = QString(60, u'ü') + QStringLiteral(" 🚀 ") + QString(30, u'a');
    const auto sent = mailerFor(m_port).send(MailMessage{QStringLiteral("admin@example.org"), subject, {}});
    ASSERT_TRUE(sent.ok()) << qPrintable(sent.error().toString());
    EXPECT_EQ(decodeHeader(deliveredMail().header(QStringLiteral("Subject"))), subject);
}

TEST_F(SmtpMailerServer, LinesStartingWithDotArriveIntact)
{
    // A lone "." would end the DATA phase early and ".." would lose a dot without dot-stuffing.
    const QString body =
        QStringLiteral(".hidden first line\nbefore\n.\nafter\n..two dots\n. dot space\nlast");
    const auto sent = mailerFor(m_port).send(
        MailMessage{QStringLiteral("admin@example.org"), QStringLiteral("dots"), body});
    ASSERT_TRUE(sent.ok()) << qPrintable(sent.error().toString());
    EXPECT_EQ(decodeQuotedPrintable(deliveredMail().body), body + u'\n');
}

} // namespace

namespace {

// With credentials, plain smtp:// is no longer "STARTTLS if offered": aiosmtpd here offers no
// STARTTLS, so the login and the notice must not be sent at all.
TEST_F(SmtpMailerServer, CredentialsOverPlainSmtpWithoutStartTlsAreRefusedNotSent)
{
    const auto config =
        SmtpMailer::parseConfig(QStringLiteral("smtp://bot@127.0.0.1:%1").arg(m_port),
                                QStringLiteral("bot@example.org"), QStringLiteral("hunter2-pw"));
    ASSERT_TRUE(config.ok()) << qPrintable(config.error().toString());
    const auto result = SmtpMailer(config.value())
                            .send(MailMessage{QStringLiteral("admin@example.org"),
                                              QStringLiteral("new token"), QStringLiteral("body")});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.code(), ErrorCode::StoreUnavailable);
    EXPECT_FALSE(result.error().message.contains(QStringLiteral("hunter2")))
        << qPrintable(result.error().message);
    std::cout << "credentials over plain smtp: " << qPrintable(result.error().toString()) << '\n';
    EXPECT_TRUE(m_server.messages().isEmpty()) << "nothing was delivered";

    // The same relay without credentials still gets the mail (STARTTLS only when offered).
    const auto anonymous = mailerFor(m_port).send(MailMessage{
        QStringLiteral("admin@example.org"), QStringLiteral("new token"), QStringLiteral("body")});
    EXPECT_TRUE(anonymous.ok()) << qPrintable(anonymous.error().toString());
    EXPECT_EQ(m_server.messages().size(), 1);
}

} // namespace
