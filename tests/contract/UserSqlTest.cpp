// SPDX-License-Identifier: GPL-3.0-or-later
// The users table on its own (UserSql), on SQLite and, where a cluster can run, PostgreSQL: the
// rule that keeps a store manageable, enforced where the row is deleted, whoever calls.
#include "models/backend/sql/UserSql.h"

#include "tests/contract/EngineStoreTest.h"

#include <gtest/gtest.h>

namespace tokendesk::test {
namespace {

const User kAlice{QStringLiteral("alice"), true, true}; // the first admin of every store made here

class UserSqlTest : public EngineStoreTest
{
protected:
    Result<Unit> add(const User& user)
    {
        return await(m_store->run<Unit>([user](SqlStore& store) { return UserSql::add(store, user); }));
    }
    Result<Unit> remove(const User& user)
    {
        return await(m_store->run<Unit>([user](SqlStore& store) { return UserSql::remove(store, user); }));
    }
    QList<User> users()
    {
        return awaitOk(m_store->run<QList<User>>([](SqlStore& store) { return UserSql::list(store); }));
    }
};

TEST_P(UserSqlTest, ListsUsersByNameWithTheirPrivileges)
{
    const User zoe{QStringLiteral("zoe"), false, true};
    const User bob{QStringLiteral("bob"), true, false};
    expectOk(add(zoe));
    expectOk(add(bob));
    EXPECT_EQ(users(), (QList<User>{kAlice, bob, zoe}));
}

TEST_P(UserSqlTest, TheLastAdminWithApiAccessCannotBeRemoved)
{
    const Result<Unit> removed = remove(kAlice);
    ASSERT_FALSE(removed.ok());
    EXPECT_EQ(removed.code(), ErrorCode::InvalidInput);
    EXPECT_TRUE(removed.error().message.contains(QStringLiteral("last admin")))
        << qPrintable(removed.error().message);
    EXPECT_EQ(users(), QList<User>{kAlice});
}

TEST_P(UserSqlTest, AdminsWithoutApiAccessDoNotCountAsASuccessor)
{
    // Neither can manage tokens: with alice gone nobody could create or revoke one.
    expectOk(add({QStringLiteral("carol"), true, false}));
    expectOk(add({QStringLiteral("dave"), false, true}));
    EXPECT_EQ(remove(kAlice).code(), ErrorCode::InvalidInput);
    EXPECT_EQ(users().size(), 3);
}

TEST_P(UserSqlTest, AnotherAdminWithApiAccessLetsTheFirstGo)
{
    const User bob{QStringLiteral("bob"), true, true};
    expectOk(add(bob));
    expectOk(remove(kAlice));
    EXPECT_EQ(users(), QList<User>{bob});
    // Now bob is the last one.
    EXPECT_EQ(remove(bob).code(), ErrorCode::InvalidInput);
}

TEST_P(UserSqlTest, UsersWhoCannotManageTokensCanAlwaysBeRemoved)
{
    const User viewer{QStringLiteral("viewer"), false, false};
    expectOk(add(viewer));
    expectOk(remove(viewer));
    EXPECT_EQ(users(), QList<User>{kAlice});
}

INSTANTIATE_TEST_SUITE_P(Engines, UserSqlTest, kEngines, engineName);

} // namespace
} // namespace tokendesk::test
