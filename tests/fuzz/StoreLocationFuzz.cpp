// SPDX-License-Identifier: GPL-3.0-or-later
// Store addresses as typed into the console's open dialog, --store/--db and the server's
// options: parse() must accept a path or a well-formed postgresql:// URL and nothing that could
// smuggle a password or a second conninfo keyword into the connection.
#include "models/backend/sql/StoreLocation.h"
#include "tests/fuzz/FuzzSupport.h"

#include <QRegularExpression>
#include <QSqlDatabase>
#include <QUrl>

using namespace tokendesk;

namespace {

QSqlDatabase* g_db = nullptr;

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    fuzz::startQt("tokendesk-fuzz-store-location");
    // Never opened: configure() only fills in host, port, user, database and options.
    g_db = new QSqlDatabase(QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("fuzz")));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QString text = QString::fromUtf8(fuzz::bytes(data, size));
    const bool url = StoreLocation::looksLikeUrl(text);
    (void)StoreLocation::quoteConninfoValue(text);
    const Result<StoreLocation> parsed = StoreLocation::parse(text);
    if (!parsed) {
        fuzz::require(parsed.code() == ErrorCode::InvalidInput, "refused with the wrong error code");
        return 0;
    }
    const StoreLocation& location = parsed.value();
    fuzz::require(location.isPostgres() == url, "a path taken for a URL or the other way round");
    (void)location.displayName();
    (void)location.dialect();
    if (!location.isPostgres())
        return 0;
    fuzz::require(QUrl(text).password().isEmpty(), "accepted a URL with a password");
    location.configure(*g_db);
    // Every option is one key='quoted value' pair: no value may end its quotes early or add
    // a pair of its own.
    static const QRegularExpression pair(QStringLiteral(R"(^[a-z_]+='([^'\\]|\\.)*'$)"));
    for (const QString& option : location.connectOptions().split(u';'))
        fuzz::require(pair.match(option).hasMatch(), "a connect option that is not one quoted pair");
    return 0;
}
