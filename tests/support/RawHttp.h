// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QUrl>

namespace tokendesk::test {

// An HTTP answer read off the wire by hand: the tests that need the status line and headers
// exactly as the server sent them (Retry-After, Connection), which the product's HttpClient
// does not hand out.
struct RawReply
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(QByteArrayView name) const;
    QJsonObject json() const;
};

// One request on its own connection (Connection: close), read until its announced body is
// complete or 10 s have passed; status 0 when no answer came.
RawReply request(const QUrl& server, const QByteArray& method, const QByteArray& path,
                 const QByteArray& authorization = {});

// `raw` (a whole request, or several) written to a new connection, and the first reply read as
// request() reads it.
RawReply exchange(const QUrl& server, const QByteArray& raw);

// The reply at the start of `raw` (status line, headers, body); status 0 when its head is not
// complete yet.
RawReply parseReply(const QByteArray& raw);

} // namespace tokendesk::test
