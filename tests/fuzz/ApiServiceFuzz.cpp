// SPDX-License-Identifier: GPL-3.0-or-later
// ApiService::handle() on whole requests, as the transport hands them over, against a real
// temporary SQLite store. The input is written like an HTTP/1.1 request:
//   METHOD TARGET HTTP/1.1\r\n  Name: value\r\n ... \r\n  body
// with $ADMIN and $DEV standing for the secrets of an Admin-role and a Developer-role token of
// the store, so the fuzzer gets past authentication and reaches every handler. Every request must
// get an answer: a status from 200 to 599, and an error as JSON.
#include "models/backend/sql/SqlBackend.h"
#include "models/server/ApiService.h"
#include "tests/fuzz/FuzzSupport.h"

#include <QDir>
#include <QHostAddress>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

using namespace tokendesk;

namespace {

// The store is made anew every kResetEvery requests: the state a run piles up (revoked tokens,
// removed users, a lowered token limit) would otherwise close more and more of the API to it.
// A finding replayed alone therefore starts from the seeded store.
constexpr int kResetEvery = 256;

struct Fixture
{
    QTemporaryDir dir;
    std::shared_ptr<SqlBackend> store;
    std::unique_ptr<ApiService> service;
    QByteArray admin;
    QByteArray developer;
    int requests = 0;

    template <typename T> static T wait(QFuture<Result<T>> future, const char* what)
    {
        future.waitForFinished();
        Result<T> result = future.result();
        if (!result)
            fuzz::broken(what);
        return std::move(result).value();
    }

    void reset()
    {
        service.reset();
        store.reset();
        const QString path = dir.filePath(QStringLiteral("api.tokendesk"));
        QFile::remove(path);
        store =
            wait(SqlBackend::create(path, StoreCreateOptions{QStringLiteral("alice"), 1000}), "create store");
        admin = wait(store->generate({QStringLiteral("ops console"), Role::Admin, {}}), "admin token")
                    .secret.view()
                    .toByteArray();
        developer =
            wait(store->generate({QStringLiteral("billing api"), Role::Developer, {}}), "developer token")
                .secret.view()
                .toByteArray();
        ApiServiceOptions options;
        // Authentication failures are part of the input; a lockout would end the run's reach.
        options.authFailuresPerMinute = 1000000;
        service = std::make_unique<ApiService>(store, ApiService::Authenticator(), options);
        requests = 0;
    }

    QByteArray withSecrets(QByteArray text) const
    {
        return text.replace("$ADMIN", admin).replace("$DEV", developer);
    }
};

Fixture* g_fixture = nullptr;

HttpRequest requestFrom(const QByteArray& input, const Fixture& fixture)
{
    HttpRequest request;
    request.peerAddress = QHostAddress(QHostAddress::LocalHost);
    const qsizetype headEnd = input.indexOf("\r\n\r\n");
    const QByteArray head = headEnd < 0 ? input : input.left(headEnd);
    request.body = headEnd < 0 ? QByteArray() : fixture.withSecrets(input.mid(headEnd + 4));
    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> start = lines.value(0).trimmed().split(' ');
    request.method = start.value(0);
    const QByteArray target = start.value(1);
    const qsizetype question = target.indexOf('?');
    // The transport decodes the path and leaves the query to QUrlQuery, as here.
    request.path = QUrl::fromPercentEncoding(question < 0 ? target : target.left(question));
    if (question >= 0)
        request.query = QUrlQuery(QString::fromUtf8(target.mid(question + 1)));
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).endsWith('\r') ? lines.at(i).chopped(1) : lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        request.headers.emplaceBack(line.left(colon), fixture.withSecrets(line.mid(colon + 1).trimmed()));
    }
    return request;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    fuzz::startQt("tokendesk-fuzz-api-service");
    g_fixture = new Fixture;
    fuzz::require(g_fixture->dir.isValid(), "no temporary directory");
    g_fixture->reset();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    Fixture& fixture = *g_fixture;
    if (++fixture.requests > kResetEvery)
        fixture.reset();
    const HttpRequest request = requestFrom(fuzz::bytes(data, size), fixture);
    (void)fixture.service->answersAtOnce(request);
    const HttpResponse response = fixture.service->handle(request);
    fuzz::require(response.status >= 200 && response.status <= 599, "a status outside 200-599");
    if (response.status >= 400) {
        bool json = false;
        for (const auto& [name, value] : response.headers)
            json = json ||
                   (name.compare("Content-Type", Qt::CaseInsensitive) == 0 && value == "application/json");
        fuzz::require(json, "an error that is not JSON");
    }
    return 0;
}
