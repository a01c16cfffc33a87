// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QString>

namespace tokendesk {

// Stable error codes shared by the core, the CLI, the server's JSON and the GUI's messages.
// The string spelling (errorCodeName) is a public contract: never rename one.
enum class ErrorCode
{
    InvalidInput,
    NotFound,
    AlreadyExists,
    Conflict,
    PermissionDenied,
    TokenLimitReached,
    RateLimited, // too many failed sign-ins from one address: 429 with Retry-After
    ApiKeyInvalid,
    ApiKeyDisabled,
    ApiKeyExpired,
    StoreUnavailable,
    StoreTooNew,
    StoreCorrupt,
    Internal,
};

QString errorCodeName(ErrorCode code);

struct Error
{
    ErrorCode code = ErrorCode::Internal;
    QString message;

    QString codeName() const { return errorCodeName(code); }
    // "CODE: message", the form the CLI prints after "error: ".
    QString toString() const;
};

} // namespace tokendesk
