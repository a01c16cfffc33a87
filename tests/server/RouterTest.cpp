// SPDX-License-Identifier: GPL-3.0-or-later
// RouteTable on its own: segment matching, parameter rules, 404 against 405, and which misses
// must be authenticated before they are answered.
#include "models/server/Router.h"

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;

namespace tokendesk::test {
namespace {

using Outcome = RouteTable::Match::Outcome;

RouteTable sampleTable()
{
    RouteTable table({{u"id"_s, [](const QString& segment) {
                           return segment.toInt() > 0;
                       }}});
    table.add({"GET", u"/v1/health"_s, false});
    table.add({"GET", u"/v1/things"_s, true});
    table.add({"GET", u"/v1/things/{id}"_s, true});
    table.add({"DELETE", u"/v1/things/{id}"_s, true});
    table.add({"DELETE", u"/v1/people/{name}/badges/{id}"_s, true});
    return table;
}

TEST(ApiRouter, FindsTheEndpointAndItsParameters)
{
    const RouteTable table = sampleTable();
    const auto health = table.match("GET", u"/v1/health"_s);
    EXPECT_EQ(health.outcome, Outcome::Found);
    EXPECT_EQ(health.index, 0);
    EXPECT_FALSE(health.authenticated);

    const auto thing = table.match("DELETE", u"/v1/things/12"_s);
    EXPECT_EQ(thing.outcome, Outcome::Found);
    EXPECT_EQ(thing.index, 3);
    EXPECT_EQ(thing.parameters, QStringList{u"12"_s});
    EXPECT_TRUE(thing.authenticated);

    const auto badge = table.match("DELETE", u"/v1/people/carol/badges/7"_s);
    EXPECT_EQ(badge.outcome, Outcome::Found);
    EXPECT_EQ(badge.parameters, (QStringList{u"carol"_s, u"7"_s}));

    EXPECT_EQ(table.match("GET", u"/v1/things/"_s).index, 1) << "empty segments do not count";
    EXPECT_EQ(table.match("GET", u"v1//health"_s).index, 0);
}

TEST(ApiRouter, AKnownPathWithAnotherMethodIs405AndAnythingElse404)
{
    const RouteTable table = sampleTable();
    EXPECT_EQ(table.match("POST", u"/v1/health"_s).outcome, Outcome::MethodNotAllowed);
    EXPECT_EQ(table.match("PUT", u"/v1/things/3"_s).outcome, Outcome::MethodNotAllowed);
    EXPECT_EQ(table.match("get", u"/v1/health"_s).outcome, Outcome::MethodNotAllowed);
    EXPECT_EQ(table.match("PUT", u"/v1/things/0"_s).outcome, Outcome::NotFound) << "the rule refuses 0";
    EXPECT_EQ(table.match("GET", u"/v1/things/x"_s).outcome, Outcome::NotFound);
    EXPECT_EQ(table.match("GET", u"/v1/things/3/more"_s).outcome, Outcome::NotFound);
    EXPECT_EQ(table.match("GET", u"/v1"_s).outcome, Outcome::NotFound);
    EXPECT_EQ(table.match("GET", u"/"_s).outcome, Outcome::NotFound);
    EXPECT_EQ(table.match("GET", u"/v2/health"_s).outcome, Outcome::NotFound);
    EXPECT_EQ(table.match("GET", u"/v1/things/3"_s).index, 2);
}

TEST(ApiRouter, MissesUnderAnAuthenticatedResourceAreAuthenticatedFirst)
{
    const RouteTable table = sampleTable();
    EXPECT_TRUE(table.match("GET", u"/v1/things/x"_s).authenticated);
    EXPECT_TRUE(table.match("PUT", u"/v1/things"_s).authenticated);
    EXPECT_TRUE(table.match("GET", u"/v1/people/carol"_s).authenticated);
    EXPECT_FALSE(table.match("POST", u"/v1/health"_s).authenticated);
    EXPECT_FALSE(table.match("GET", u"/v1/health/x"_s).authenticated);
    EXPECT_FALSE(table.match("GET", u"/v1/nothing"_s).authenticated);
    EXPECT_FALSE(table.match("GET", u"/v1"_s).authenticated);
}

TEST(ApiRouter, ListsItsEndpointsInOrder)
{
    const QList<RouteEndpoint> endpoints = sampleTable().endpoints();
    ASSERT_EQ(endpoints.size(), 5);
    EXPECT_EQ(endpoints[2].method, "GET");
    EXPECT_EQ(endpoints[2].pattern, u"/v1/things/{id}"_s);
    EXPECT_TRUE(endpoints[2].authenticated);
}

} // namespace
} // namespace tokendesk::test
