// SPDX-License-Identifier: GPL-3.0-or-later
// The route table and resources/openapi.json describe one API: every route is documented, every
// documented operation is routed, and what the document lets anyone call needs no credential.
// The document is read as compiled into tokendesk-server (":/api/openapi.json"), the very bytes
// GET /v1/openapi.json serves.
#include "models/server/ApiService.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;

namespace tokendesk::test {
namespace {

QJsonObject openApi()
{
    QFile file(u":/api/openapi.json"_s);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

// "GET /v1/tokens/{id}"
QString operation(const QByteArray& method, const QString& path)
{
    return QString::fromLatin1(method) + u' ' + path;
}

// Every operation of the document, with whether it declares that anyone may call it.
QHash<QString, bool> documentedOperations(const QJsonObject& document)
{
    static const QSet<QString> methods{u"get"_s,     u"put"_s,  u"post"_s,  u"delete"_s,
                                       u"options"_s, u"head"_s, u"patch"_s, u"trace"_s};
    const bool securedByDefault = !document.value(u"security"_s).toArray().isEmpty();
    QHash<QString, bool> operations;
    const QJsonObject paths = document.value(u"paths"_s).toObject();
    for (auto path = paths.begin(); path != paths.end(); ++path) {
        const QJsonObject item = path.value().toObject();
        for (auto entry = item.begin(); entry != item.end(); ++entry) {
            if (!methods.contains(entry.key())) // "parameters", "summary", ...
                continue;
            const QJsonObject op = entry.value().toObject();
            const bool open =
                op.contains(u"security"_s) ? op.value(u"security"_s).toArray().isEmpty() : !securedByDefault;
            operations.insert(operation(entry.key().toUpper().toLatin1(), path.key()), open);
        }
    }
    return operations;
}

TEST(ApiRoutes, EveryRouteIsDocumentedAndEveryDocumentedOperationRouted)
{
    const QJsonObject document = openApi();
    ASSERT_FALSE(document.isEmpty()) << "the OpenAPI document is not compiled in";
    const QHash<QString, bool> documented = documentedOperations(document);
    ASSERT_GE(documented.size(), 18);

    QSet<QString> routed;
    for (const RouteEndpoint& endpoint : ApiService::endpoints()) {
        const QString op = operation(endpoint.method, endpoint.pattern);
        EXPECT_FALSE(routed.contains(op)) << "routed twice: " << qPrintable(op);
        routed.insert(op);
        EXPECT_TRUE(documented.contains(op)) << "not in openapi.json: " << qPrintable(op);
    }
    for (auto it = documented.begin(); it != documented.end(); ++it)
        EXPECT_TRUE(routed.contains(it.key())) << "documented but not routed: " << qPrintable(it.key());
}

TEST(ApiRoutes, WhatTheDocumentOpensToAnyoneNeedsNoCredential)
{
    const QHash<QString, bool> documented = documentedOperations(openApi());
    for (const RouteEndpoint& endpoint : ApiService::endpoints()) {
        const QString op = operation(endpoint.method, endpoint.pattern);
        if (!documented.contains(op))
            continue; // reported by the test above
        // /v1/verify is documented with the bearer scheme and routed without authentication:
        // its bearer is the key being verified, not a credential of the caller.
        if (documented.value(op)) {
            EXPECT_FALSE(endpoint.authenticated) << qPrintable(op) << " is open in openapi.json";
        }
        if (endpoint.authenticated) {
            EXPECT_FALSE(documented.value(op)) << qPrintable(op) << " needs a token but is documented open";
        }
    }
}

} // namespace
} // namespace tokendesk::test
