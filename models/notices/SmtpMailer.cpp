// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/notices/SmtpMailer.h"

#include "models/core/Secret.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QList>
#include <QUuid>

#include <algorithm>
#include <cstring>
#include <curl/curl.h>
#include <memory>
#include <mutex>
#include <optional>

namespace tokendesk {

namespace {

// curl_global_init is not thread-safe and must run before the first easy handle. We never call
// curl_global_cleanup: another thread may still be sending, and the process exit frees it anyway.
CURLcode ensureCurlInitialised()
{
    static std::once_flag once;
    static CURLcode result = CURLE_OK;
    std::call_once(once, [] { result = curl_global_init(CURL_GLOBAL_DEFAULT); });
    return result;
}

struct CurlEasyDeleter
{
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;

struct CurlSlistDeleter
{
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlSlist = std::unique_ptr<curl_slist, CurlSlistDeleter>;

Error invalidInput(QString message)
{
    return makeError(ErrorCode::InvalidInput, std::move(message));
}

bool hasLineBreak(const QString& text)
{
    return text.contains(u'\r') || text.contains(u'\n');
}

// A deliberately plain check: one @, something on both sides, printable ASCII without blanks or the
// characters that would let one header value turn into several addresses or a display name.
// Non-ASCII addresses would need SMTPUTF8, which we do not negotiate.
std::optional<Error> checkAddress(const QString& address, const QString& role)
{
    // Checked first and reported without echoing the value: a CR/LF in an address is a header
    // injection attempt, and the message may end up in a log.
    if (hasLineBreak(address)) {
        return invalidInput(
            QCoreApplication::translate("SmtpMailer", "The %1 address must not contain line breaks.")
                .arg(role));
    }
    for (const QChar c : address) {
        if (c.unicode() < 0x21 || c.unicode() > 0x7e) {
            return invalidInput(
                QCoreApplication::translate(
                    "SmtpMailer", "The %1 address must not contain spaces, control or non-ASCII characters.")
                    .arg(role));
        }
    }
    static const QString kForbidden = QStringLiteral("<>(),;\"\\");
    const bool hasForbidden =
        std::any_of(address.cbegin(), address.cend(), [](QChar c) { return kForbidden.contains(c); });
    const qsizetype at = address.indexOf(u'@');
    if (hasForbidden || address.count(u'@') != 1 || at == 0 || at == address.size() - 1) {
        return invalidInput(
            QCoreApplication::translate("SmtpMailer", "'%1' is not a valid %2 address.").arg(address, role));
    }
    return std::nullopt;
}

QString senderRole()
{
    return QCoreApplication::translate("SmtpMailer", "sender");
}

QString recipientRole()
{
    return QCoreApplication::translate("SmtpMailer", "recipient");
}

// The same rules parseConfig applies; send() re-checks because a SmtpConfig can be built by hand.
std::optional<Error> checkConfig(const SmtpConfig& config)
{
    // Never quote the URL back: it may carry the password.
    if (!config.url.isValid()) {
        return invalidInput(QCoreApplication::translate("SmtpMailer", "The SMTP server URL is not valid."));
    }
    const QString scheme = config.url.scheme().toLower();
    if (scheme != u"smtp" && scheme != u"smtps") {
        return invalidInput(QCoreApplication::translate(
            "SmtpMailer", "The SMTP server URL must start with smtp:// or smtps://."));
    }
    if (config.url.host().isEmpty()) {
        return invalidInput(QCoreApplication::translate("SmtpMailer", "The SMTP server URL has no host."));
    }
    if (!config.url.password().isEmpty()) {
        return invalidInput(QCoreApplication::translate(
            "SmtpMailer", "The SMTP server URL must not hold a password: give it in a file "
                          "(--smtp-password-file) or in TOKENDESK_SMTP_PASSWORD."));
    }
    if (!config.password.isEmpty() && config.url.userName().isEmpty()) {
        return invalidInput(QCoreApplication::translate(
            "SmtpMailer", "An SMTP password needs a user name in the URL (smtp://user@host:587)."));
    }
    if (config.url.hasQuery() || config.url.hasFragment()) {
        return invalidInput(QCoreApplication::translate(
            "SmtpMailer", "The SMTP server URL must not have a query or a fragment."));
    }
    if (config.timeout.count() <= 0) {
        return invalidInput(QCoreApplication::translate("SmtpMailer", "The SMTP timeout must be positive."));
    }
    return checkAddress(config.from, senderRole());
}

// RFC 2047 encoded words when the subject is not plain printable ASCII. Plain text containing "=?"
// is encoded too, or a reader would try to decode it. Each word carries at most 39 bytes (52 base64
// characters, 64 with the wrapper), so even the first line, after "Subject: ", stays within the
// 76 characters RFC 2047 allows; words are cut only between UTF-8 sequences.
QByteArray encodeSubject(const QString& subject)
{
    const bool plain = subject.size() <= 900 && !subject.contains(QStringLiteral("=?")) &&
                       std::all_of(subject.cbegin(), subject.cend(),
                                   [](QChar c) { return c.unicode() >= 0x20 && c.unicode() <= 0x7e; });
    if (plain)
        return subject.toLatin1();

    constexpr qsizetype kBytesPerWord = 39;
    const QByteArray utf8 = subject.toUtf8();
    QByteArray encoded;
    for (qsizetype start = 0; start < utf8.size();) {
        qsizetype end = std::min(start + kBytesPerWord, utf8.size());
        while (end < utf8.size() && (static_cast<unsigned char>(utf8.at(end)) & 0xC0) == 0x80)
            --end;
        if (!encoded.isEmpty())
            encoded += "\r\n "; // folding whitespace between encoded words is not part of the text
        encoded += "=?UTF-8?B?" + utf8.mid(start, end - start).toBase64() + "?=";
        start = end;
    }
    return encoded;
}

// Quoted-printable rather than 8bit: curl does not ask for 8BITMIME, so an 8-bit body would break
// RFC 5321 on relays that do not offer it, and QP also keeps every line under SMTP's 998-octet limit.
// A leading "." is left alone: dot-stuffing is the transport's job, and curl does it.
QByteArray encodeBody(const QString& body)
{
    QString text = body;
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    text.replace(u'\r', u'\n');
    QList<QByteArray> lines = text.toUtf8().split('\n');
    if (lines.size() > 1 && lines.constLast().isEmpty())
        lines.removeLast(); // a final newline ends the last line; it does not start another

    constexpr int kMaxLineLength = 75; // plus the "=" of a soft line break makes RFC 2045's 76
    static constexpr char kHex[] = "0123456789ABCDEF";
    QByteArray encoded;
    for (const QByteArray& line : std::as_const(lines)) {
        int lineLength = 0;
        for (qsizetype i = 0; i < line.size(); ++i) {
            const auto c = static_cast<unsigned char>(line.at(i));
            const bool isLast = i == line.size() - 1;
            QByteArray piece;
            // Blanks are literal except at the end of a line, where relays may strip them.
            if ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !isLast)) {
                piece = QByteArray(1, static_cast<char>(c));
            } else {
                piece = QByteArray("=") + kHex[c >> 4] + kHex[c & 0x0F];
            }
            if (lineLength + piece.size() > kMaxLineLength) {
                encoded += "=\r\n";
                lineLength = 0;
            }
            encoded += piece;
            lineLength += static_cast<int>(piece.size());
        }
        encoded += "\r\n";
    }
    return encoded;
}

QByteArray buildMessage(const QString& from, const MailMessage& message)
{
    QByteArray out;
    const auto header = [&out](const char* name, const QByteArray& value) {
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    };
    // Addresses are printable ASCII by now (checkAddress), so Latin-1 is exact.
    header("Date", QDateTime::currentDateTimeUtc().toString(Qt::RFC2822Date).toLatin1());
    header("From", from.toLatin1());
    header("To", message.to.toLatin1());
    header("Subject", encodeSubject(message.subject));
    header("Message-ID", "<" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + "@tokendesk>");
    header("MIME-Version", "1.0");
    header("Content-Type", "text/plain; charset=UTF-8");
    header("Content-Transfer-Encoding", "quoted-printable");
    out += "\r\n";
    out += encodeBody(message.body);
    return out;
}

struct UploadSource
{
    QByteArray data;
    qsizetype offset = 0;
};

size_t readPayload(char* buffer, size_t size, size_t count, void* userdata)
{
    auto* source = static_cast<UploadSource*>(userdata);
    const auto left = static_cast<size_t>(source->data.size() - source->offset);
    const size_t n = std::min(size * count, left);
    std::memcpy(buffer, source->data.constData() + source->offset, n);
    source->offset += static_cast<qsizetype>(n);
    return n;
}

// Keeps the server's last reply line so a failure can say what the relay objected to. Only
// CURLINFO_HEADER_IN is read: our own lines (HEADER_OUT) include AUTH, which encodes the password.
int recordServerReply(CURL*, curl_infotype type, char* data, size_t size, void* userdata)
{
    if (type == CURLINFO_HEADER_IN) {
        QByteArray line = QByteArray(data, static_cast<qsizetype>(size)).trimmed();
        for (char& c : line) {
            if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e)
                c = '?';
        }
        *static_cast<QByteArray*>(userdata) = line.left(200);
    }
    return 0;
}

} // namespace

SmtpMailer::SmtpMailer(SmtpConfig config) : m_config(std::move(config)) {}

Result<SmtpConfig> SmtpMailer::parseConfig(const QString& url, const QString& from, const QString& password)
{
    SmtpConfig config;
    config.password = password;
    config.url = QUrl(url.trimmed(), QUrl::StrictMode);
    config.url.setScheme(config.url.scheme().toLower());
    config.from = from.trimmed();
    if (const auto error = checkConfig(config))
        return *error;
    return config;
}

Result<QString> SmtpMailer::loadPassword(const QString& file, const QString& environment)
{
    if (file.isEmpty())
        return environment;
    if (!environment.isEmpty()) {
        return invalidInput(QCoreApplication::translate(
            "SmtpMailer", "Give the SMTP password either in --smtp-password-file or in "
                          "TOKENDESK_SMTP_PASSWORD, not both."));
    }
    const QFileInfo info(file);
    if (!info.isFile()) {
        return invalidInput(
            QCoreApplication::translate("SmtpMailer", "The SMTP password file %1 does not exist.").arg(file));
    }
    // Like libpq with ~/.pgpass: a password others can read is no longer a secret.
    constexpr auto kOthers = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                             QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    if (info.permissions() & kOthers) {
        return invalidInput(QCoreApplication::translate("SmtpMailer",
                                                        "The SMTP password file %1 may be read or changed "
                                                        "by other users; make it private (chmod 600 %1).")
                                .arg(file));
    }
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly)) {
        return invalidInput(
            QCoreApplication::translate("SmtpMailer", "Cannot read the SMTP password file %1: %2")
                .arg(file, in.errorString()));
    }
    QByteArray bytes = in.readAll();
    while (bytes.endsWith('\n') || bytes.endsWith('\r'))
        bytes.chop(1);
    QString password = QString::fromUtf8(bytes);
    secureWipe(bytes);
    if (password.isEmpty()) {
        return invalidInput(
            QCoreApplication::translate("SmtpMailer", "The SMTP password file %1 is empty.").arg(file));
    }
    return password;
}

Result<Unit> SmtpMailer::send(const MailMessage& message) const
{
    if (const auto error = checkConfig(m_config))
        return *error;
    if (const auto error = checkAddress(message.to, recipientRole()))
        return *error;
    if (hasLineBreak(message.subject)) {
        return invalidInput(
            QCoreApplication::translate("SmtpMailer", "The subject must not contain line breaks."));
    }

    const auto deliveryFailed = [&message](const QString& detail) {
        return makeError(ErrorCode::StoreUnavailable,
                         QCoreApplication::translate("SmtpMailer", "SMTP delivery to %1 failed: %2")
                             .arg(message.to, detail));
    };

    if (const CURLcode init = ensureCurlInitialised(); init != CURLE_OK)
        return deliveryFailed(QString::fromUtf8(curl_easy_strerror(init)));
    const CurlEasy curl(curl_easy_init());
    if (!curl)
        return deliveryFailed(QCoreApplication::translate("SmtpMailer", "libcurl could not start."));

    // The credentials go to curl separately, so the URL curl sees (and may quote in its error
    // buffer) has no password in it.
    const QByteArray url = m_config.url.adjusted(QUrl::RemoveUserInfo).toEncoded();
    const QString& password = m_config.password;
    const QByteArray userBytes = m_config.url.userName(QUrl::FullyDecoded).toUtf8();
    QByteArray passwordBytes = password.toUtf8();
    const QByteArray mailFrom = "<" + m_config.from.toLatin1() + ">";
    const CurlSlist recipients(curl_slist_append(nullptr, ("<" + message.to.toLatin1() + ">").constData()));
    if (!recipients)
        return deliveryFailed(QCoreApplication::translate("SmtpMailer", "out of memory."));
    UploadSource source{buildMessage(m_config.from, message)};
    QByteArray lastReply;
    char errorBuffer[CURL_ERROR_SIZE] = {};
    const long timeoutMs = static_cast<long>(m_config.timeout.count());
    const bool implicitTls = m_config.url.scheme() == u"smtps";

    CURL* h = curl.get();
    curl_easy_setopt(h, CURLOPT_URL, url.constData());
#if LIBCURL_VERSION_NUM >= 0x075500
    // A URL from the settings must not make us speak anything but SMTP.
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#endif
    if (!userBytes.isEmpty()) {
        curl_easy_setopt(h, CURLOPT_USERNAME, userBytes.constData());
        curl_easy_setopt(h, CURLOPT_PASSWORD, passwordBytes.constData());
    }
    // smtps://: TLS is implicit and required. smtp:// with credentials: STARTTLS must succeed, or
    // the login (and the notices) would cross the network in clear; without credentials STARTTLS
    // when the server offers it, plain otherwise.
    const bool tlsRequired = implicitTls || !userBytes.isEmpty();
    curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(tlsRequired ? CURLUSESSL_ALL : CURLUSESSL_TRY));
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, mailFrom.constData());
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
    curl_easy_setopt(h, CURLOPT_READFUNCTION, readPayload);
    curl_easy_setopt(h, CURLOPT_READDATA, &source);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeoutMs);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeoutMs);
    // Signals for DNS timeouts are not thread-safe, and send() runs on worker threads.
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errorBuffer);
    // The debug callback only sees traffic when VERBOSE is on; it prints nothing itself.
    curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, recordServerReply);
    curl_easy_setopt(h, CURLOPT_DEBUGDATA, &lastReply);
    curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);

    const CURLcode rc = curl_easy_perform(h);
    secureWipe(passwordBytes);
    if (rc == CURLE_OK)
        return Unit{};

    QString detail = QString::fromUtf8(curl_easy_strerror(rc));
    const QString extra = QString::fromUtf8(errorBuffer).trimmed();
    if (!extra.isEmpty() && extra != detail)
        detail += QStringLiteral(" (%1)").arg(extra);
    if (lastReply.startsWith('4') || lastReply.startsWith('5'))
        detail += QCoreApplication::translate("SmtpMailer", "; the server replied: %1")
                      .arg(QString::fromLatin1(lastReply));
    // Belt and braces: nothing above should contain the password, but a server may echo input.
    if (!password.isEmpty())
        detail.replace(password, QStringLiteral("****"));
    return deliveryFailed(detail);
}

} // namespace tokendesk
