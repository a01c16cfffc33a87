// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 7's concurrency test: two tokendesk-server instances on one PostgreSQL database, eight
// client threads hammering generate / rotate / revoke / verify through both for a bounded time.
// Afterwards: no user ever held more tokens than the limit, no acknowledged write is lost, the
// audit chain verifies, and every revoked token is rejected by every instance.
#include "models/backend/sql/SqlBackend.h"
#include "models/remote/RemoteBackend.h"
#include "tests/support/LiveServer.h"
#include "tests/support/PgCluster.h"
#include "tests/support/TestSupport.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QThread>

#include <gtest/gtest.h>

#include <atomic>
#include <iostream>

namespace tokendesk::test {
namespace {

constexpr int kLimit = 4;
constexpr int kThreads = 8;
constexpr qint64 kRunMs = 6000;

struct Tally
{
    std::atomic<int> generated{0}, limitRefused{0}, rotated{0}, revoked{0}, conflicts{0}, verified{0},
        otherErrors{0};
};

struct Acknowledged
{
    QMutex mutex;
    QSet<TokenId> live; // generated or rotated in, not yet revoked or rotated out
    QSet<TokenId> gone; // revoked or rotated out
    QList<Secret> revokedSecrets;
    QStringList unexpected;
};

TEST(PostgresConcurrencyTest, TwoServersEightThreadsKeepEveryPolicy)
{
    if (const QString why = PgCluster::unavailableReason(); !why.isEmpty())
        GTEST_SKIP() << why.toStdString();
    const QString url = freshPostgresDatabase();
    auto store = awaitOk(SqlBackend::create(url, StoreCreateOptions{QStringLiteral("alice"), kLimit}));
    const QStringList users{QStringLiteral("alice"), QStringLiteral("bob"), QStringLiteral("carol"),
                            QStringLiteral("dave")};
    QList<Secret> credentials;
    for (const QString& user : users) {
        if (user != users.first())
            awaitOk(store->addUser({user, true, true}));
        credentials.append(
            awaitOk(store->withActor(user)->generate({QStringLiteral("console"), Role::Admin, {}})).secret);
    }

    ServerProcess first({QStringLiteral("--db"), url, QStringLiteral("--workers"), QStringLiteral("2")});
    ServerProcess second({QStringLiteral("--db"), url, QStringLiteral("--workers"), QStringLiteral("2")});
    ASSERT_TRUE(first.started()) << qPrintable(first.output());
    ASSERT_TRUE(second.started()) << qPrintable(second.output());
    const QList<QUrl> servers{first.url(), second.url()};

    Tally tally;
    Acknowledged acknowledged;
    std::vector<std::unique_ptr<QThread>> threads;
    for (int n = 0; n < kThreads; ++n) {
        threads.emplace_back(QThread::create([&, n] {
            RemoteOptions options;
            options.server = servers[n % 2];
            options.token = credentials[n % users.size()];
            RemoteBackend mine(options);
            options.server = servers[(n + 1) % 2];
            RemoteBackend other(options);          // verifies through the other instance
            QList<std::pair<Token, Secret>> owned; // what this thread made and still holds
            QRandomGenerator random(quint32(n + 1));
            QElapsedTimer clock;
            clock.start();
            while (clock.elapsed() < kRunMs) {
                const int dice = random.bounded(10);
                if (dice < 4 || owned.isEmpty()) {
                    auto made = await(mine.generate(
                        {QStringLiteral("t%1-%2").arg(n).arg(random.bounded(1000)), Role::Developer, {}}));
                    if (made.ok()) {
                        ++tally.generated;
                        owned.append({made->token, made->secret});
                        QMutexLocker lock(&acknowledged.mutex);
                        acknowledged.live.insert(made->token.id);
                    } else if (made.code() == ErrorCode::TokenLimitReached) {
                        ++tally.limitRefused;
                    } else if (made.code() == ErrorCode::Conflict) {
                        ++tally.conflicts;
                    } else {
                        ++tally.otherErrors;
                        QMutexLocker lock(&acknowledged.mutex);
                        acknowledged.unexpected.append(made.error().toString());
                    }
                } else if (dice < 6) {
                    const int pick = random.bounded(int(owned.size()));
                    auto [token, secret] = owned.at(pick);
                    auto current = await(mine.get(token.id));
                    if (!current.ok())
                        continue;
                    auto rotated = await(mine.rotate(token.id, current->version, std::chrono::seconds(0)));
                    if (rotated.ok()) {
                        ++tally.rotated;
                        owned[pick] = {rotated->token, rotated->secret};
                        QMutexLocker lock(&acknowledged.mutex);
                        acknowledged.live.remove(token.id);
                        acknowledged.gone.insert(token.id);
                        acknowledged.live.insert(rotated->token.id);
                        acknowledged.revokedSecrets.append(secret);
                    } else if (rotated.code() == ErrorCode::Conflict) {
                        ++tally.conflicts;
                    } else {
                        ++tally.otherErrors;
                        QMutexLocker lock(&acknowledged.mutex);
                        acknowledged.unexpected.append(rotated.error().toString());
                    }
                } else if (dice < 8) {
                    const int pick = random.bounded(int(owned.size()));
                    auto [token, secret] = owned.takeAt(pick);
                    auto current = await(mine.get(token.id));
                    if (!current.ok())
                        continue;
                    auto revoked = await(mine.revoke(token.id, current->version));
                    if (revoked.ok()) {
                        ++tally.revoked;
                        QMutexLocker lock(&acknowledged.mutex);
                        acknowledged.live.remove(token.id);
                        acknowledged.gone.insert(token.id);
                        acknowledged.revokedSecrets.append(secret);
                    } else {
                        owned.append({token, secret});
                        ++(revoked.code() == ErrorCode::Conflict ? tally.conflicts : tally.otherErrors);
                    }
                } else {
                    const auto& [token, secret] = owned.at(random.bounded(int(owned.size())));
                    auto verified = await(other.verify(secret));
                    if (verified.ok() && verified->id == token.id)
                        ++tally.verified;
                    else {
                        ++tally.otherErrors;
                        QMutexLocker lock(&acknowledged.mutex);
                        acknowledged.unexpected.append(verified.ok() ? QStringLiteral("verify: wrong id")
                                                                     : verified.error().toString());
                    }
                }
            }
        }));
        threads.back()->start();
    }
    for (auto& thread : threads)
        thread->wait();

    std::cout << "[ counts   ] generated " << tally.generated << ", refused at the limit "
              << tally.limitRefused << ", rotated " << tally.rotated << ", revoked " << tally.revoked
              << ", conflicts " << tally.conflicts << ", verified across instances " << tally.verified
              << ", other errors " << tally.otherErrors << std::endl;
    EXPECT_TRUE(acknowledged.unexpected.isEmpty())
        << qPrintable(acknowledged.unexpected.mid(0, 5).join(u'\n'));
    EXPECT_GT(tally.generated, 0);
    EXPECT_GT(tally.revoked + tally.rotated, 0);

    // No acknowledged write lost, nothing acknowledged as gone is still there.
    TokenQuery all;
    all.limit = TokenQuery::kMaxPageSize;
    QSet<TokenId> present;
    for (const Token& token : awaitOk(store->list(all)))
        present.insert(token.id);
    for (TokenId id : acknowledged.live)
        EXPECT_TRUE(present.contains(id)) << "acknowledged token " << id << " was lost";
    for (TokenId id : acknowledged.gone)
        EXPECT_FALSE(present.contains(id)) << "acknowledged revoke of " << id << " was lost";

    // The per-user limit held at every step: replay the audit log in order.
    QHash<QString, int> held;
    QHash<QString, int> most;
    const auto entries = awaitOk(store->audit({std::nullopt, 0, 1000000}));
    static const QRegularExpression actorName(QStringLiteral("^([^ ]+)"));
    for (qsizetype row = entries.size() - 1; row >= 0; --row) { // oldest first
        const AuditEntry& entry = entries.at(row);
        const QString user = actorName.match(entry.actor).captured(1);
        // A rotate adds a token like a generate does (the old one ends at once or after its grace).
        const bool adds =
            entry.action == QLatin1String("token.generate") || entry.action == QLatin1String("token.rotate");
        if (adds)
            most[user] = std::max(most[user], ++held[user]);
        else if (entry.action == QLatin1String("token.revoke"))
            --held[user];
    }
    for (auto it = most.cbegin(); it != most.cend(); ++it)
        EXPECT_LE(it.value(), kLimit) << qPrintable(it.key()) << " held more than the limit";

    const ChainReport chain = awaitOk(store->verifyAuditChain());
    EXPECT_TRUE(chain.intact()) << "first broken at " << chain.firstBrokenSequence.value_or(-1);
    EXPECT_EQ(chain.entriesChecked, entries.size());

    // Every revoked secret is rejected by both instances.
    for (const QUrl& server : servers) {
        RemoteOptions options;
        options.server = server;
        options.token = credentials.first();
        RemoteBackend instance(options);
        for (const Secret& secret : acknowledged.revokedSecrets)
            EXPECT_EQ(await(instance.verify(secret)).code(), ErrorCode::ApiKeyInvalid);
    }
}

} // namespace
} // namespace tokendesk::test
