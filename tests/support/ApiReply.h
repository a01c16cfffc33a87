// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/api/HttpExchange.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <string>

namespace tokendesk::test {

// An HTTP answer of the REST API as the tests read it: over loopback or straight from
// ApiService::handle().
struct ApiReply
{
    int status = 0;
    QByteArray body;
    HttpHeaders headers;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString errorCode() const
    {
        return json().value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString();
    }
    QString errorMessage() const
    {
        return json().value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString();
    }
    QByteArray header(QByteArrayView name) const
    {
        return HttpRequest{{}, {}, {}, headers, {}, {}}.header(name);
    }
};

inline std::string describe(const ApiReply& reply)
{
    return "HTTP " + std::to_string(reply.status) + " " + reply.body.left(500).toStdString();
}

} // namespace tokendesk::test
