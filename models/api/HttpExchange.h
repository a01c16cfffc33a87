// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

namespace tokendesk {

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

// One HTTP request as the API sees it, independent of the HTTP library that received it, so the
// API is tested without sockets and the transport can be swapped without touching a handler.
struct HttpRequest
{
    QByteArray method; // "GET", "POST", ...
    QString path;      // decoded, without the query
    QUrlQuery query;
    HttpHeaders headers;
    QByteArray body;
    // The connection's remote address, for per-client decisions (throttling of failed
    // authentication); null in tests that call the API without sockets.
    QHostAddress peerAddress;

    // Case-insensitive, as HTTP header names are; empty when absent.
    QByteArray header(QByteArrayView name) const
    {
        for (const auto& [key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
};

struct HttpResponse
{
    int status = 200;
    HttpHeaders headers;
    QByteArray body; // JSON unless a header says otherwise
    // The body holds a plaintext token (generate, rotate, their idempotent replays): the transport
    // wipes it, and its own rendering of it, once written.
    bool sensitive = false;
};

} // namespace tokendesk
