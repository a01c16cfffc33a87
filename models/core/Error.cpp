// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/Error.h"

namespace tokendesk {

QString errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidInput:
        return QStringLiteral("INVALID_INPUT");
    case ErrorCode::NotFound:
        return QStringLiteral("NOT_FOUND");
    case ErrorCode::AlreadyExists:
        return QStringLiteral("ALREADY_EXISTS");
    case ErrorCode::Conflict:
        return QStringLiteral("CONFLICT");
    case ErrorCode::PermissionDenied:
        return QStringLiteral("PERMISSION_DENIED");
    case ErrorCode::TokenLimitReached:
        return QStringLiteral("TOKEN_LIMIT_REACHED");
    case ErrorCode::RateLimited:
        return QStringLiteral("RATE_LIMITED");
    case ErrorCode::ApiKeyInvalid:
        return QStringLiteral("API_KEY_INVALID");
    case ErrorCode::ApiKeyDisabled:
        return QStringLiteral("API_KEY_DISABLED");
    case ErrorCode::ApiKeyExpired:
        return QStringLiteral("API_KEY_EXPIRED");
    case ErrorCode::StoreUnavailable:
        return QStringLiteral("STORE_UNAVAILABLE");
    case ErrorCode::StoreTooNew:
        return QStringLiteral("STORE_TOO_NEW");
    case ErrorCode::StoreCorrupt:
        return QStringLiteral("STORE_CORRUPT");
    case ErrorCode::Internal:
        break;
    }
    return QStringLiteral("INTERNAL");
}

QString Error::toString() const
{
    return codeName() + QStringLiteral(": ") + message;
}

} // namespace tokendesk
