// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/AuditHead.h"
#include "models/core/Result.h"
#include "models/core/Secret.h"

#include <QCoreApplication>
#include <QDateTime>

namespace tokendesk {

class Crypto;

// The head of a store's audit log as the server mails it to every admin each day, signed with
// HMAC-SHA256 under a key that lives beside the server, never in the store: someone who can
// write the store can cut the log and recompute the head the store keeps of itself, but cannot
// make a mailed head that an admin's `tokendesk-cli audit --verify --signed-head` accepts.
//
// The signature covers a versioned label, the store, the head and the time, one per line, so
// none of them can be swapped for another mail's. In a mail it travels as a block that survives
// being pasted back (quoting "> " and blank lines are ignored):
//
//   -----BEGIN TOKENDESK AUDIT HEAD-----
//   Store: /srv/tokendesk/org.tokendesk
//   Head: 52:<64 hex digits>
//   Signed-At: 2026-12-04T18:00:00Z
//   Signature: hmac-sha256:<64 hex digits>
//   -----END TOKENDESK AUDIT HEAD-----
struct SignedAuditHead
{
    Q_DECLARE_TR_FUNCTIONS(SignedAuditHead)

public:
    QString store; // one line: what the server serves (a file's absolute path, or a database)
    AuditHead head;
    QDateTime signedAt; // UTC, whole seconds
    QByteArray signature;

    static constexpr qsizetype kKeyBytes = 32;

    // `store` loses its control characters (it goes on one line); `at` its milliseconds.
    static SignedAuditHead sign(const Crypto& crypto, const Secret& key, const QString& store,
                                const AuditHead& head, const QDateTime& at);
    // Constant time in where the signature differs.
    bool verify(const Crypto& crypto, const Secret& key) const;

    QString block() const;
    // The first block in `text` (a whole mail may be pasted); INVALID_INPUT naming what is wrong.
    static Result<SignedAuditHead> parseBlock(const QString& text);

    // The server's key file: 64 hex digits. Made (mode 0600, folders included) with fresh random
    // bytes when it does not exist; refused when others may read or change it. The key's value
    // never appears in an error.
    static Result<Secret> loadOrCreateKey(const Crypto& crypto, const QString& path);
    static Result<Secret> loadKey(const QString& path);

private:
    QByteArray signedText() const;
};

} // namespace tokendesk
