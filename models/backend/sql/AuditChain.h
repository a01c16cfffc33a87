// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Types.h"

#include <QByteArray>

namespace tokendesk {

class Crypto;

// The audit log's tamper evidence: each entry's hash covers every field of the entry and the
// hash of the entry before it, so editing, deleting or reordering any entry breaks the chain
// from that point on.
namespace AuditChain {

inline constexpr int kHashSize = 32;
// The "previous hash" of the very first entry.
QByteArray genesisHash();
// SHA-256 over an unambiguous (length-prefixed) encoding of the entry and entry.previousHash.
QByteArray entryHash(const Crypto& crypto, const AuditEntry& entry);
// Walks entries in sequence order; reports the first whose link or own hash does not match.
ChainReport verify(const Crypto& crypto, const QList<AuditEntry>& entries,
                   const QByteArray& expectedFirstPrevious);

} // namespace AuditChain
} // namespace tokendesk
