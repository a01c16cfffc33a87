// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Secret.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>

namespace tokendesk {

using TokenId = qint64;

// Least privilege first: Developer is the default everywhere a role is chosen.
enum class Role
{
    Developer,
    Admin
};
enum class TokenStatus
{
    Active,
    Disabled,
    Expired
};

QString roleName(Role role); // "developer" | "admin" (stable, used by CLI and JSON)
std::optional<Role> roleFromName(const QString& name);
QString statusName(TokenStatus status); // "active" | "disabled" | "expired"
std::optional<TokenStatus> statusFromName(const QString& name);

struct Token
{
    TokenId id = 0;
    QString label;
    QString masked; // "tdk_…abcd"; the only form of the secret a listing ever carries
    Role role = Role::Developer;
    TokenStatus status = TokenStatus::Active;
    QString createdBy;
    QDateTime createdAt;
    QDateTime expiresAt;   // null: never expires
    QDateTime lastUsedAt;  // null: never used
    qint64 version = 1;    // optimistic concurrency: bumped on every change
    QString description{}; // free text, at most 500 characters; empty when none
    QStringList tags{};    // "ci" or "env=prod", sorted, no duplicates (see Validation::tags)

    bool operator==(const Token&) const = default;
};

struct User
{
    QString name;
    bool admin = false;
    bool apiAccess = false;
    // Where notices are mailed; empty: the name if it is an address, else the name at the
    // sender's domain (NoticeMailer::addressFor).
    QString email{};

    bool operator==(const User&) const = default;
};

struct TokenSpec
{
    QString label;
    Role role = Role::Developer;
    QDateTime expiresAt; // null: never
    QString description{};
    QStringList tags{};
    // The creator left the expiry to the store's lifetime policy: the backend sets its default
    // for the role, and expiresAt is ignored.
    bool expiryFromPolicy = false;
};

// What an admin writes about a token besides its label: changed together by setDetails().
struct TokenDetails
{
    QString description;
    QStringList tags;

    bool operator==(const TokenDetails&) const = default;
};

// The result of generate and rotate: the only place the plaintext ever travels with a token.
struct GeneratedToken
{
    Token token;
    Secret secret;
};

struct VerifiedToken
{
    TokenId id = 0;
    Role role = Role::Developer;
    QString label;
    QString createdBy; // the server acts as this user for an admin token's management calls
    // An Admin token whose creating account was removed (a later user of the same name is another
    // identity): it still verifies, but manages nothing.
    bool creatorRemoved = false;
};

struct SessionInfo
{
    User user;
    int tokensUsed = 0; // tokens created by this user that count against the limit
    int tokenLimit = 0;
    bool canManageTokens() const { return user.admin && user.apiAccess; }
    bool limitReached() const { return tokensUsed >= tokenLimit; }
};

struct AuditEntry
{
    qint64 sequence = 0;
    QDateTime at;
    QString actor;
    QString action;      // stable verb: "store.init", "token.generate", "token.revoke", ...
    TokenId tokenId = 0; // 0 when the entry is not about a token
    QString label;
    QString masked;
    QString detail;
    QByteArray previousHash;
    QByteArray hash;
};

struct Notice
{
    qint64 id = 0;
    QString recipient; // admin user name
    QString kind;      // "token.generate" | "token.rotate"
    TokenId tokenId = 0;
    QString label;
    QString masked;
    QString createdBy;
    QDateTime createdAt;
    bool delivered = false;
    int attempts = 0;
    // The recipient's own mail address, filled in for the mailer only (NoticeOutbox::claim).
    QString recipientEmail{};
};

struct ChainReport
{
    qint64 entriesChecked = 0;
    std::optional<qint64> firstBrokenSequence; // empty: the chain is intact
    // The newest entry of an intact chain (0 and empty for an empty log): exported and kept
    // outside the store, it lets a later check see entries cut off and the head rewritten.
    qint64 headSequence = 0;
    QByteArray headHash;
    bool intact() const { return !firstBrokenSequence.has_value(); }
};

enum class SortKey
{
    Label,
    Created,
    LastUsed,
    Role,
    Status,
    CreatedBy,
    Expires
};
QString sortKeyName(SortKey key); // "label" | "created" | "last-used" | ...
std::optional<SortKey> sortKeyFromName(const QString& name);

// Where a page ends, in the query's order: the next page is "the rows after this one" (keyset
// paging), which an index answers directly however deep the page lies. Built from the last row of
// the previous page with TokenQuery::anchorAfter().
struct PageAnchor
{
    SortKey sort = SortKey::Created;
    QVariant value; // the row's value in the sort column: QString, QDateTime (null: never), ...
    TokenId id = 0; // ties on the sort value are ordered by id
};

struct TokenQuery
{
    static constexpr int kMaxFilterDays = 36500;
    static constexpr int kMaxPageSize = 10000;
    // The anchor for the page after `last` in this query's order, or nullopt where the order
    // cannot be resumed from a row (status: a row's status changes with the clock).
    std::optional<PageAnchor> anchorAfter(const Token& last) const;
    // The query for the page after `page` (which this query returned): keyset paging where the
    // order allows it, so reading a million rows stays linear; the next offset otherwise.
    TokenQuery nextPage(const QList<Token>& page) const;

    // Words of the form tag:NAME or tag:NAME=VALUE each require that tag (tag:env also matches
    // env=prod); the rest is a case-insensitive substring of label, creator or description.
    // See TokenFilter.
    QString filter;
    std::optional<Role> role;
    std::optional<TokenStatus> status;
    std::optional<int> unusedForDays;     // not used in the last N days (or never)
    std::optional<int> expiresWithinDays; // still valid, but expires in the next N days
    bool breaksPolicy = false; // only tokens whose expiry lies beyond the lifetime policy's maximum
    SortKey sort = SortKey::Created;
    bool descending = false;
    int offset = 0; // ignored when `after` is set
    int limit = 100;
    std::optional<PageAnchor> after; // keyset paging: rows after this one (same sort key)
};

// A token that stopped existing: revoked, or rotated out (at once or when its grace period ended).
// What the Inactive view lists; kept from the token's row at that moment, never its secret or hash.
struct EndedToken
{
    TokenId id = 0;
    QString label;
    QString masked;
    Role role = Role::Developer;
    QString createdBy;
    QDateTime createdAt;
    QDateTime endedAt;
    QString endedBy; // who revoked or rotated it, as the audit trail names them; "system" for a grace end
    QString reason;  // "revoked" or "rotated"

    bool operator==(const EndedToken&) const = default;
};

// Ended tokens, the most recently ended first.
struct InactiveQuery
{
    static constexpr int kMaxPageSize = 10000;
    QString filter; // a case-insensitive substring of label or creator
    int offset = 0;
    int limit = 100;
};

struct AuditQuery
{
    std::optional<TokenId> tokenId; // only entries about this token
    int offset = 0;
    int limit = 1000;
};

} // namespace tokendesk
