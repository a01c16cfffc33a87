// SPDX-License-Identifier: GPL-3.0-or-later
// Addresses and URLs fed hostile values (issue 14): store addresses (StoreLocation: a path or a
// postgresql:// URL), the server address the console and the CLI's remote backend take
// (RemoteBackend::parseServerUrl) and tokendesk-server's --listen. Each component of each kind of
// address gets every value of support/HostileInputs, and each kind gets URL-specific hostiles (no
// host, port 0, 65536 and -1, a password, an IPv6 zone, file:// and javascript:, CRLF, spaces,
// unicode hosts, very long ones). Each case ends in a clear error or a correct parse:
//   - an error is INVALID_INPUT with a message that is printable, without direction controls,
//     short enough to read, and never holding the password the address carried;
//   - an accepted address holds exactly what was given (host, port 1-65535, database, option).
#include "models/backend/sql/StoreLocation.h"
#include "models/remote/RemoteBackend.h"
#include "models/server/ServerOptions.h"
#include "tests/support/HostileInputs.h"

#include <QHostAddress>
#include <QRegularExpression>
#include <QUrl>

#include <gtest/gtest.h>

#include <functional>
#include <iostream>

using namespace Qt::StringLiterals;

namespace tokendesk::test {
namespace {

const QString kPassword = u"hunter2-secret"_s; // what an address with a password carries

struct AddressValue
{
    QString name;
    QString text; // the whole address given
    QString part; // the component under test, as given
};

// A parse's outcome: an error, or how the parse reads back (compared with what was asked).
struct AddressOutcome
{
    std::optional<Error> error;
    std::string wrongParse; // empty when the accepted parse holds what was given
};

struct AddressSlot
{
    QString name;
    QList<AddressValue> values;
    std::function<AddressOutcome(const AddressValue&)> parse;
};

bool addressDisplaySafe(const QString& text)
{
    if (!isPrintableText(text.toUtf8()) || text.contains(u'\n'))
        return false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        const char16_t u = c.unicode();
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            ++i;
            continue;
        }
        if (c.isSurrogate() || u == 0x2028 || u == 0x2029 || u == 0x061C || u == 0x200E || u == 0x200F ||
            (u >= 0x202A && u <= 0x202E) || (u >= 0x2066 && u <= 0x2069))
            return false;
    }
    return true;
}

std::string addressJudge(const AddressValue& value, const AddressOutcome& outcome)
{
    if (!outcome.error)
        return outcome.wrongParse;
    const Error& error = *outcome.error;
    if (error.code != ErrorCode::InvalidInput)
        return "error code " + error.codeName().toStdString();
    if (error.message.trimmed().isEmpty())
        return "refused without a word";
    if (!addressDisplaySafe(error.message))
        return "the message holds control or direction characters";
    if (error.message.size() > 600)
        return "the message is " + std::to_string(error.message.size()) + " characters long";
    if (value.text.contains(kPassword) && error.message.contains(kPassword))
        return "the message echoes the password";
    return {};
}

// Every hostile text as the component, placed into `around` at %1.
QList<AddressValue> addressValues(const QString& around)
{
    QList<AddressValue> values;
    for (const HostileInput& input : allHostileInputs()) {
        QString text = around;
        text.replace(u"%1"_s, input.text());
        values.append({input.name, text, input.text()});
    }
    return values;
}

QList<AddressValue> addressWhole(const QList<std::pair<QString, QString>>& specials)
{
    QList<AddressValue> values;
    for (const auto& [name, text] : specials)
        values.append({name, text, text});
    return values;
}

// Hostiles every kind of address gets whole.
QList<std::pair<QString, QString>> addressCommonSpecials(const QString& scheme, const QString& tail)
{
    const QString& s = scheme;
    return {
        {u"no_host"_s, s + u"://"_s + tail},
        {u"no_host_with_port"_s, s + u"://:8443"_s + tail},
        {u"port_zero"_s, s + u"://db.example:0"_s + tail},
        {u"port_65536"_s, s + u"://db.example:65536"_s + tail},
        {u"port_minus_one"_s, s + u"://db.example:-1"_s + tail},
        {u"port_huge"_s, s + u"://db.example:99999999999999999999"_s + tail},
        {u"port_empty"_s, s + u"://db.example:"_s + tail},
        {u"port_letters"_s, s + u"://db.example:https"_s + tail},
        {u"password"_s, s + u"://alice:"_s + kPassword + u"@db.example"_s + tail},
        {u"password_and_bad_host"_s, s + u"://alice:"_s + kPassword + u"@db example"_s + tail},
        {u"password_and_bad_port"_s, s + u"://alice:"_s + kPassword + u"@db.example:0x1"_s + tail},
        {u"empty_password"_s, s + u"://alice:@db.example"_s + tail},
        {u"ipv6_zone"_s, s + u"://[fe80::1%25eth0]:8443"_s + tail},
        {u"ipv6_unbracketed"_s, s + u"://::1:8443"_s + tail},
        {u"ipv6_bad"_s, s + u"://[::g]"_s + tail},
        {u"file_scheme"_s, u"file:///etc/passwd"_s},
        {u"javascript_scheme"_s, u"javascript:alert(1)"_s},
        {u"data_scheme"_s, u"data:text/plain,hi"_s},
        {u"crlf_in_host"_s, s + u"://db.example\r\nHost: evil"_s + tail},
        {u"space_in_host"_s, s + u"://db .example"_s + tail},
        {u"tab_in_host"_s, s + u"://db\t.example"_s + tail},
        {u"unicode_host"_s, s + u"://b\u00FCcher.example"_s + tail},
        {u"unicode_dots"_s, s + u"://db\u3002example"_s + tail},
        {u"bidi_host"_s, s + u"://db\u202Eelpmaxe"_s + tail},
        {u"zero_width_host"_s, s + u"://d\u200Bb.example"_s + tail},
        {u"very_long_host"_s, s + u"://"_s + QString(300, u'a') + u".example"_s + tail},
        {u"very_long_label"_s, s + u"://"_s + QString(64, u'a') + u".example"_s + tail},
        {u"very_long_address"_s, s + u"://db.example/"_s + QString(100'000, u'x')},
        {u"at_sign_in_host"_s, s + u"://alice@evil@db.example"_s + tail},
        {u"percent_in_host"_s, s + u"://db%2eexample"_s + tail},
        {u"backslash"_s, s + u":\\\\db.example"_s + tail},
        {u"scheme_only"_s, s + u":"_s},
        {u"triple_slash"_s, s + u":///db.example"_s + tail},
    };
}

// ---- store addresses ---------------------------------------------------------------------------

// What the display name of a parsed database address must show: "DB on HOST:PORT".
AddressOutcome storeOutcome(const QString& text,
                            const std::function<std::string(const StoreLocation&)>& check)
{
    auto parsed = StoreLocation::parse(text);
    if (!parsed.ok())
        return {parsed.error(), {}};
    if (!addressDisplaySafe(parsed->displayName()))
        return {std::nullopt, "the display name is not printable"};
    return {std::nullopt, check(parsed.value())};
}

bool isPlainHostText(const QString& host)
{
    // RFC 3986's reg-name: unreserved characters and sub-delims (DNS is asked only later).
    static const QRegularExpression plain(u"^[A-Za-z0-9._~!$&'()*+,;=-]+$"_s);
    return plain.match(host).hasMatch() && host.size() <= 253;
}

// The host an accepted address must hold: what IDNA (UTS 46, as QUrl applies it) makes of the
// text given, when that is a plain DNS name; nullopt when no host may be accepted.
std::optional<QString> idnaHost(const QString& given)
{
    // Numbers are IPv4 addresses as the URL standard reads them ("1.5" is 1.0.0.5, "0x10" 0.0.0.16).
    const QByteArray ace = QUrl::toAce(given);
    static const QRegularExpression numeric(u"^[0-9A-Fa-fxX.]+$"_s);
    if (numeric.match(QString::fromLatin1(ace)).hasMatch()) {
        const QHostAddress address(QUrl(u"https://"_s + QString::fromLatin1(ace)).host());
        if (address.protocol() == QAbstractSocket::IPv4Protocol)
            return address.toString();
    }
    if (ace.isEmpty() || !isPlainHostText(QString::fromLatin1(ace)))
        return std::nullopt;
    return QUrl::fromAce(ace);
}

bool isPortText(const QString& port)
{
    static const QRegularExpression digits(u"^[0-9]{1,5}$"_s);
    return digits.match(port).hasMatch() && port.toInt() >= 1 && port.toInt() <= 65535;
}

QList<AddressSlot> storeSlots()
{
    const auto slot = [](QString name, const QString& around,
                         std::function<std::string(const AddressValue&, const StoreLocation&)> check,
                         const QList<AddressValue>& extra = {}) {
        QList<AddressValue> values = around.isEmpty() ? QList<AddressValue>() : addressValues(around);
        return AddressSlot{std::move(name), values + extra, [check](const AddressValue& value) {
                               return storeOutcome(value.text, [&](const StoreLocation& location) {
                                   return check(value, location);
                               });
                           }};
    };
    const QString url = u"postgresql://alice@db.example:5432/tokens"_s;
    return {
        // A path is taken as given (checked when the file is opened): only one that cannot name a
        // file (empty, or cut short by a NUL) is refused here.
        slot(u"store_path"_s, u"%1"_s,
             [](const AddressValue& value, const StoreLocation& location) {
                 if (value.text.isEmpty() || value.text.contains(QChar(0)))
                     return std::string("accepted a path that names no file");
                 return !location.isPostgres() && location.text() == value.text ? std::string()
                                                                                : "not the path given";
             }),
        slot(u"store_url_host"_s, u"postgresql://alice@%1:5432/tokens"_s,
             [](const AddressValue& value, const StoreLocation& location) {
                 const std::optional<QString> host = idnaHost(value.part);
                 if (!host)
                     return "accepted the host '" + value.part.toStdString() + "'";
                 return location.displayName() == u"tokens on "_s + *host + u":5432"_s
                            ? std::string()
                            : "another host: " + location.displayName().toStdString();
             }),
        slot(u"store_url_port"_s, u"postgresql://alice@db.example:%1/tokens"_s,
             [](const AddressValue& value, const StoreLocation& location) {
                 if (!isPortText(value.part) && !value.part.isEmpty()) // empty: the default, 5432
                     return "accepted the port '" + value.part.toStdString() + "'";
                 const int port = value.part.isEmpty() ? 5432 : value.part.toInt();
                 return location.displayName().endsWith(u':' + QString::number(port)) ? std::string()
                                                                                      : "another port";
             }),
        slot(u"store_url_user"_s, u"postgresql://%1@db.example/tokens"_s,
             [](const AddressValue& value, const StoreLocation&) {
                 // Any role name PostgreSQL takes, but nothing that controls the display.
                 return addressDisplaySafe(QUrl::fromPercentEncoding(value.part.toUtf8()))
                            ? std::string()
                            : "accepted the user '" + value.part.toStdString() + "'";
             }),
        slot(u"store_url_database"_s, u"postgresql://alice@db.example/%1"_s,
             [](const AddressValue& value, const StoreLocation& location) {
                 const QString database = QUrl::fromPercentEncoding(value.part.toUtf8());
                 if (!addressDisplaySafe(database) || database.isEmpty())
                     return "accepted the database '" + value.part.toStdString() + "'";
                 return location.displayName().startsWith(database + u" on "_s) ? std::string()
                                                                                : "another database";
             }),
        slot(u"store_url_option_value"_s, u"postgresql://alice@db.example/tokens?application_name=%1"_s,
             [](const AddressValue& value, const StoreLocation& location) {
                 // Percent-decoded, then quoted: exactly the value, and no other keyword.
                 const QString decoded = QUrl::fromPercentEncoding(value.part.toUtf8());
                 const bool clean = std::none_of(decoded.begin(), decoded.end(), [](QChar c) {
                     return c == u';' || c.category() == QChar::Other_Control;
                 });
                 if (!clean)
                     return std::string("accepted a control character or ';' in an option");
                 return location.connectOptions().contains(u"application_name="_s +
                                                           StoreLocation::quoteConninfoValue(decoded))
                            ? std::string()
                            : "the option was altered: " + location.connectOptions().toStdString();
             }),
        slot(u"store_url_option_name"_s, u"postgresql://alice@db.example/tokens?%1=1"_s,
             [](const AddressValue& value, const StoreLocation&) {
                 return "accepted the option '" + value.part.toStdString() + "'";
             }),
        slot(
            u"store_url_whole"_s, QString(),
            [](const AddressValue& value, const StoreLocation& location) {
                // IDNA maps U+3002 to '.' and drops U+200B; an empty port is the default one.
                static const QStringList fine{
                    u"ipv6_loopback"_s, u"postgres_alias"_s,  u"unicode_host"_s,
                    u"unicode_dots"_s,  u"zero_width_host"_s, u"ipv6_zone"_s,
                    u"port_empty"_s,    u"empty_password"_s,  u"very_long_address"_s};
                // What does not start with postgresql:// is a path, taken as given.
                if (!StoreLocation::looksLikeUrl(value.text))
                    return location.isPostgres() || location.text() != value.text ? "not read as a path"
                                                                                  : std::string();
                return fine.contains(value.name) ? std::string()
                                                 : "accepted " + value.text.left(80).toStdString();
            },
            [&] {
                auto specials = addressCommonSpecials(u"postgresql"_s, u"/tokens"_s);
                specials += {
                    {u"ipv6_loopback"_s, u"postgresql://alice@[::1]:5432/tokens"_s},
                    {u"postgres_alias"_s, u"postgres://alice@db.example/tokens"_s},
                    {u"uppercase_scheme_is_a_path"_s, u"POSTGRESQL://db.example/tokens"_s},
                    {u"no_database"_s, u"postgresql://alice@db.example/"_s},
                    {u"nested_database"_s, u"postgresql://alice@db.example/a/b"_s},
                    {u"option_twice"_s,
                     u"postgresql://alice@db.example/tokens?sslmode=disable&sslmode=require"_s},
                    {u"option_keyword_injection"_s,
                     u"postgresql://alice@db.example/tokens?application_name=x' host='evil"_s},
                    {u"option_semicolon"_s,
                     u"postgresql://alice@db.example/tokens?application_name=a%3Bhost=evil"_s},
                    {u"unsupported_option"_s, u"postgresql://alice@db.example/tokens?password=x"_s},
                    {u"sslmode_unknown"_s, u"postgresql://alice@db.example/tokens?sslmode=maybe"_s},
                    {u"timeout_zero"_s, u"postgresql://alice@db.example/tokens?connect_timeout=0"_s},
                    {u"timeout_plus"_s, u"postgresql://alice@db.example/tokens?connect_timeout=%2B5"_s},
                    {u"fragment"_s, u"postgresql://alice@db.example/tokens#x"_s},
                };
                return addressWhole(specials);
            }()),
    };
}

// ---- the server address of the remote backend --------------------------------------------------

AddressOutcome serverOutcome(const QString& text, const std::function<std::string(const QUrl&)>& check)
{
    auto parsed = RemoteBackend::parseServerUrl(text);
    if (!parsed.ok())
        return {parsed.error(), {}};
    const QUrl& url = parsed.value();
    if (url.host().isEmpty() || !url.userInfo().isEmpty() ||
        !(url.scheme() == u"https"_s || url.scheme() == u"http"_s))
        return {std::nullopt, "accepted " + url.toString().toStdString()};
    if (url.port() != -1 && (url.port() < 1 || url.port() > 65535))
        return {std::nullopt, "accepted the port " + std::to_string(url.port())};
    return {std::nullopt, check(url)};
}

QList<AddressSlot> serverSlots()
{
    const auto slot = [](QString name, const QString& around,
                         std::function<std::string(const AddressValue&, const QUrl&)> check,
                         const QList<AddressValue>& extra = {}) {
        QList<AddressValue> values = around.isEmpty() ? QList<AddressValue>() : addressValues(around);
        return AddressSlot{std::move(name), values + extra, [check](const AddressValue& value) {
                               return serverOutcome(value.text,
                                                    [&](const QUrl& url) { return check(value, url); });
                           }};
    };
    return {
        slot(u"server_whole_text"_s, u"%1"_s,
             [](const AddressValue& value, const QUrl& url) {
                 // Bare text is a host name (https:// is implied).
                 const std::optional<QString> host = idnaHost(value.part.trimmed());
                 return host && url.host() == *host ? std::string()
                                                    : "accepted '" + value.part.toStdString() + "' as " +
                                                          url.toString().toStdString();
             }),
        slot(u"server_host"_s, u"https://%1:8443"_s,
             [](const AddressValue& value, const QUrl& url) {
                 const std::optional<QString> host = idnaHost(value.part);
                 return host && url.host() == *host && url.port() == 8443
                            ? std::string()
                            : "accepted the host '" + value.part.toStdString() + "' as " +
                                  url.toString().toStdString();
             }),
        slot(u"server_port"_s, u"https://tokens.example:%1"_s,
             [](const AddressValue& value, const QUrl& url) {
                 // Blanks around the address are trimmed; an empty port is the default one.
                 if (value.part.trimmed().isEmpty())
                     return url.port() == -1 ? std::string() : "read a port from nothing";
                 return isPortText(value.part) && url.port() == value.part.toInt()
                            ? std::string()
                            : "accepted the port '" + value.part.toStdString() + "'";
             }),
        slot(u"server_path"_s, u"https://tokens.example/%1"_s,
             [](const AddressValue& value, const QUrl&) {
                 return value.part.trimmed().isEmpty()
                            ? std::string()
                            : "accepted the path '" + value.part.toStdString() + "'";
             }),
        slot(
            u"server_whole"_s, QString(),
            [](const AddressValue& value, const QUrl& url) {
                static const QStringList fine{u"unicode_host"_s, u"loopback_http"_s, u"ipv6_loopback_http"_s,
                                              u"localhost_http"_s, u"uppercase_scheme"_s, u"trailing_slash"_s,
                                              // IDNA maps U+3002 to '.' and drops U+200B; an empty
                                              // port is the default; "https:" reads as the host
                                              // "https", as a bare host would.
                                              u"port_empty"_s, u"ipv6_zone"_s, u"unicode_dots"_s,
                                              u"zero_width_host"_s, u"scheme_only"_s};
                return fine.contains(value.name) ? std::string()
                                                 : "accepted " + url.toString().left(80).toStdString();
            },
            [&] {
                auto specials = addressCommonSpecials(u"https"_s, QString());
                specials += {
                    {u"loopback_http"_s, u"http://127.0.0.1:8080"_s},
                    {u"ipv6_loopback_http"_s, u"http://[::1]:8080"_s},
                    {u"localhost_http"_s, u"http://localhost:8080"_s},
                    {u"uppercase_scheme"_s, u"HTTPS://tokens.example"_s},
                    {u"trailing_slash"_s, u"https://tokens.example/"_s},
                    {u"remote_http"_s, u"http://10.0.0.1:8080"_s},
                    {u"localhost_lookalike"_s, u"http://localhost.attacker.example"_s},
                    {u"loopback_lookalike"_s, u"http://127.0.0.1.attacker.example"_s},
                    {u"userinfo_only"_s, u"https://alice@tokens.example"_s},
                    {u"query"_s, u"https://tokens.example?x=1"_s},
                    {u"fragment"_s, u"https://tokens.example#x"_s},
                    {u"ftp_scheme"_s, u"ftp://tokens.example"_s},
                    {u"ws_scheme"_s, u"wss://tokens.example"_s},
                };
                return addressWhole(specials);
            }()),
    };
}

// ---- tokendesk-server --listen -----------------------------------------------------------------

AddressOutcome listenOutcome(const QString& text)
{
    auto parsed = ServerOptions::parse(
        {u"tokendesk-server"_s, u"--store"_s, u"/nonexistent/x.tokendesk"_s, u"--listen"_s, text});
    if (!parsed.ok())
        return {parsed.error(), {}};
    // HOST:PORT: a numeric address (IPv6 in brackets) or localhost, and a port 0-65535 (0: any).
    static const QRegularExpression form(
        u"^(localhost|[0-9.]+|\\[[0-9A-Fa-f:.]+(%[A-Za-z0-9]+)?\\]):([0-9]{1,5})$"_s);
    const QRegularExpressionMatch match = form.match(text);
    if (!match.hasMatch())
        return {std::nullopt, "accepted '" + text.left(80).toStdString() + "'"};
    QString host = match.captured(1);
    if (host.startsWith(u'['))
        host = host.mid(1, host.size() - 2);
    const QHostAddress expected =
        host == u"localhost"_s ? QHostAddress(QHostAddress::LocalHost) : QHostAddress(host);
    if (parsed->listen.host != expected || parsed->listen.port != match.captured(3).toUInt())
        return {std::nullopt, "read as " + parsed->listen.host.toString().toStdString() + ":" +
                                  std::to_string(parsed->listen.port)};
    return {};
}

QList<AddressSlot> listenSlots()
{
    const auto slot = [](QString name, QList<AddressValue> values) {
        return AddressSlot{std::move(name), std::move(values), [](const AddressValue& value) {
                               return listenOutcome(value.text);
                           }};
    };
    return {
        slot(u"listen_whole"_s,
             addressValues(u"%1"_s) + addressWhole({
                                          {u"any_port"_s, u"127.0.0.1:0"_s},
                                          {u"ipv6_loopback"_s, u"[::1]:8443"_s},
                                          {u"localhost"_s, u"localhost:8080"_s},
                                          {u"no_host"_s, u":8080"_s},
                                          {u"no_port"_s, u"127.0.0.1:"_s},
                                          {u"port_65536"_s, u"127.0.0.1:65536"_s},
                                          {u"port_minus_one"_s, u"127.0.0.1:-1"_s},
                                          {u"port_plus"_s, u"127.0.0.1:+80"_s},
                                          {u"port_spaced"_s, u"127.0.0.1: 80"_s},
                                          {u"port_huge"_s, u"127.0.0.1:4294967376"_s},
                                          {u"ipv6_unbracketed"_s, u"::1:8443"_s},
                                          {u"ipv6_zone"_s, u"[fe80::1%eth0]:8443"_s},
                                          {u"url_form"_s, u"http://127.0.0.1:8080"_s},
                                          {u"crlf"_s, u"127.0.0.1:8080\r\n"_s},
                                          {u"space_before_port"_s, u"127.0.0.1 :8080"_s},
                                          {u"host_name"_s, u"tokens.example:8080"_s},
                                          {u"unicode_digits"_s, u"127.0.0.1:\uFF18\uFF10"_s},
                                          {u"very_long"_s, QString(100'000, u'1') + u":80"_s},
                                      })),
        slot(u"listen_host"_s, addressValues(u"%1:8080"_s)),
        slot(u"listen_port"_s, addressValues(u"127.0.0.1:%1"_s)),
    };
}

// ---- the table runner --------------------------------------------------------------------------

class AddressBadInputTest : public ::testing::TestWithParam<AddressSlot>
{
};

TEST_P(AddressBadInputTest, EveryValueGetsAClearErrorOrACorrectParse)
{
    const AddressSlot& slot = GetParam();
    int tried = 0;
    int failures = 0;
    for (const AddressValue& value : slot.values) {
        ++tried;
        const AddressOutcome outcome = slot.parse(value);
        const std::string problem = addressJudge(value, outcome);
        if (!problem.empty()) {
            ++failures;
            ADD_FAILURE() << slot.name.toStdString() << " / " << value.name.toStdString() << ": "
                          << problem.substr(0, 300) << "\n"
                          << "address: " << value.text.left(200).toStdString() << "\n"
                          << (outcome.error ? "error: " + outcome.error->message.left(400).toStdString()
                                            : "");
        }
    }
    std::cout << "[ cases    ] address " << slot.name.toStdString() << ": " << tried << " tried, " << failures
              << " failed\n";
}

INSTANTIATE_TEST_SUITE_P(EveryAddress, AddressBadInputTest,
                         ::testing::ValuesIn(storeSlots() + serverSlots() + listenSlots()),
                         [](const ::testing::TestParamInfo<AddressSlot>& info) {
                             return info.param.name.toStdString();
                         });

} // namespace
} // namespace tokendesk::test
