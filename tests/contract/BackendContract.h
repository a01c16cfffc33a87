// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/backend/Backend.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

namespace tokendesk {
class SqlStore;
}

namespace tokendesk::test {

// What the contract suite needs from one backend implementation. Each test gets a fresh store
// whose first admin is "alice" (admin, API access) with the default per-user limit of 3.
class BackendHarness
{
public:
    virtual ~BackendHarness() = default;
    virtual std::shared_ptr<Backend> backend() = 0;               // acting as alice
    virtual std::shared_ptr<Backend> as(const QString& user) = 0; // same store, another actor
    // Moves the store's clock forward; returns false where the backend cannot (tests then skip).
    virtual bool advanceClock(std::chrono::seconds by) = 0;
};

// The store clock of a harness: real time plus an offset the test moves (advanceClock).
class MovableClock
{
public:
    // Makes `store` read this clock.
    void drive(SqlStore& store) const;
    void advance(std::chrono::seconds by) { m_offsetSeconds->fetch_add(by.count()); }

private:
    std::shared_ptr<std::atomic<qint64>> m_offsetSeconds = std::make_shared<std::atomic<qint64>>(0);
};

struct HarnessFactory
{
    std::string name;
    std::function<std::unique_ptr<BackendHarness>()> make;
    friend void PrintTo(const HarnessFactory& factory, std::ostream* os) { *os << factory.name; }
};

// The suite written once against the Backend interface; each implementation instantiates it
// with INSTANTIATE_TEST_SUITE_P(Name, BackendContractTest, ::testing::Values(factory), harnessName).
class BackendContractTest : public ::testing::TestWithParam<HarnessFactory>
{
protected:
    void SetUp() override;
    void TearDown() override;

    Backend& alice() { return *m_alice; }
    std::shared_ptr<Backend> as(const QString& user) { return m_harness->as(user); }
    BackendHarness& harness() { return *m_harness; }

    // Conveniences that fail the test when the backend reports an error.
    GeneratedToken generate(const QString& label, Role role = Role::Developer, Backend* backend = nullptr);
    Token get(TokenId id);
    QList<Token> list(const TokenQuery& query = {});
    void addUser(const QString& name, bool admin, bool apiAccess);

private:
    std::unique_ptr<BackendHarness> m_harness;
    std::shared_ptr<Backend> m_alice;
};

inline std::string harnessName(const ::testing::TestParamInfo<HarnessFactory>& info)
{
    return info.param.name;
}

} // namespace tokendesk::test
