// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Types.h"

#include <QByteArray>

namespace tokendesk {

// The body of a successful verify: {"id":…,"label":…,"role":…,"valid":true}.
//
// Every verify of the same token answers the same bytes until its label or role changes, and
// building them through QJsonObject and QJsonDocument cost about a tenth of a whole verify. So
// each thread remembers the bodies it built, by token id, and rebuilds one only when the label or
// role it was built from differs. The cache holds no secret (a label is shown to every admin) and
// is bounded: it starts over once it holds kCapacity tokens.
class VerifyReply
{
public:
    static constexpr qsizetype kCapacity = 4096;
    static QByteArray body(const VerifiedToken& token);
    // Built without the cache: the reference body() is tested against.
    static QByteArray build(const VerifiedToken& token);
};

} // namespace tokendesk
