// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/backend/sql/TokenVerifier.h"

#include "models/backend/sql/StoreLocation.h"

namespace tokendesk {

// SqliteTokenVerifier.cpp, PostgresTokenVerifier.cpp
std::unique_ptr<TokenVerifier> makeSqliteTokenVerifier(const QString& path, QByteArray pepper,
                                                       std::shared_ptr<const Crypto> crypto);
std::unique_ptr<TokenVerifier> makePostgresTokenVerifier(const StoreLocation& location, QByteArray pepper,
                                                         std::shared_ptr<const Crypto> crypto);

std::unique_ptr<TokenVerifier> TokenVerifier::make(const StoreLocation& location, QByteArray pepper,
                                                   std::shared_ptr<const Crypto> crypto)
{
    if (location.isPostgres())
        return makePostgresTokenVerifier(location, std::move(pepper), std::move(crypto));
    return makeSqliteTokenVerifier(location.text(), std::move(pepper), std::move(crypto));
}

} // namespace tokendesk
